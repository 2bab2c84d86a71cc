// Cells of a CSV file that people open in a spreadsheet (CSV injection, OWASP): a cell that begins with
// `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula, so an export writes it with a
// leading `'` (shown as text, not run), and an import of such a file takes that `'` off again.

/** What a spreadsheet would run as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as an export writes it: a leading `'` before a formula character. */
export function formulaSafe(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** A cell as exported, read back: one leading `'` before a formula character is the export's, not the data's. */
export function unquotedCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
