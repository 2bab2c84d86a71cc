// CSV (RFC 4180) through a maintained parser (csv-parse): quoted fields with doubled quotes, delimiters
// and line breaks inside quotes, CRLF or LF, a byte-order mark. Spreadsheets in much of Europe export
// with `;` and some with tabs: the delimiter is read off the header line by our own small check, which
// ignores quoted text, and handed to the parser explicitly (csv-parse's own detection fails on any
// quoted field). A quote inside an unquoted field (`19" rack`) is taken as it stands.
import { parse } from 'csv-parse/sync';

export interface CsvTable {
  /** The delimiter the header line uses: `,`, `;` or a tab. */
  delimiter: Delimiter;
  header: string[];
  /** Data rows with the line of the file each begins on (1 is the header). */
  rows: { line: number; cells: string[] }[];
}

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The delimiter of the header line: the one it uses most outside quotes; a comma when it uses none. */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char as Delimiter)) counts.set(char as Delimiter, counts.get(char as Delimiter)! + 1);
  }
  // Ties go to the first of DELIMITERS, so a header without any is one comma-separated column.
  return DELIMITERS.reduce((best, delimiter) => (counts.get(delimiter)! > counts.get(best)! ? delimiter : best), DELIMITERS[0]);
}

interface Parsed {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/** The options every read of a CSV shares (the whole file, a chunk of it, the stream that cuts it). */
export function csvOptions(delimiter: Delimiter) {
  return { bom: true, delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true } as const;
}

/** Records with the line each begins on, counting from `firstLine` (a chunk starts mid-file). */
export function parseCsvRecords(text: string, delimiter: Delimiter, firstLine = 1): { line: number; cells: string[] }[] {
  let records: Parsed[];
  try {
    records = parse(text, csvOptions(delimiter)) as unknown as Parsed[];
  } catch (error) {
    // The parser names the line and what is wrong (an unclosed quote, a stray quote in a field …).
    throw new Error((error as Error).message.replace(/^Invalid Record Length: /, ''), { cause: error });
  }
  // The parser tells the line each record ends on and how many empty lines it has skipped so far: a
  // record begins after the previous one's end and the empty lines between them.
  let previousEnd = 0;
  let previousEmpty = 0;
  return records.map(({ record, info }) => {
    const line = firstLine + previousEnd + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { line, cells: record };
  });
}

export function parseCsv(text: string): CsvTable {
  const delimiter = detectDelimiter(text);
  const [header, ...rows] = parseCsvRecords(text, delimiter);
  return { delimiter, header: (header?.cells ?? []).map((name) => name.trim()), rows };
}
