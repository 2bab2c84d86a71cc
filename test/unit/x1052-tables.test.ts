// The 14 tables of ITU-T X.1052 ("Clauses of [ITU-T X.1051] related to …"), transcribed in
// packages/controls/src/x1052-tables.json, against the spec text itself: the rows under each
// "Clause number<TAB>Clause title" header, the caption beside them (above or below the rows: the text
// file is not consistent), the clause of X.1052 the table sits in, and the X.1051 (2008) numbers the
// rows name. The spec is read from ../shared/spec, found beside the real data (ISMF_REALDATA) by the
// one helper, or from ISMF_SPEC.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithRealdata, HAS_REALDATA, referenceJson, spec } from '../support/realdata.ts';

interface Row {
  number: string;
  title: string;
}

interface Table {
  table: number;
  title: string;
  x1052Clause: string;
  activity: string;
  clauses: Row[];
  note?: string;
}

interface ParsedTable {
  table: number;
  title: string;
  clauses: Row[];
  /** The first line of the table (its caption or its header, whichever comes first). */
  start: number;
  /** The caption is not one clean line in the text file (split over lines, split by tabs, over a rule). */
  damaged: boolean;
}

const SPEC = resolve(process.env.ISMF_SPEC ?? spec('X.1052-ISMF.txt'));
const DATA = resolve(import.meta.dirname, '../../packages/controls/src/x1052-tables.json');

const HEADER = 'Clause number\tClause title';
const ROW = /^([^\t]+)\t([^\t]+)$/;
const CAPTION = /^\s*Table (\d+)\s+–\s+(.*)$/;
const RULE = /^[-\t ]+$/;
const HEADING = /^(\d+(?:\.\d+)*) ([A-Z][^\t:]*)$/;

const blank = (line: string | undefined) => line === undefined || line.trim() === '';
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Each table of the spec text, in the order of its headers. */
function parseTables(lines: string[]): ParsedTable[] {
  const tables: ParsedTable[] = [];
  lines.forEach((line, header) => {
    if (line !== HEADER) return;
    const clauses: Row[] = [];
    let end = header + 1;
    for (; !blank(lines[end]); end++) {
      const row = ROW.exec(lines[end] ?? '');
      if (!row) throw new Error(`line ${end + 1}: not a "number<TAB>title" row: ${JSON.stringify(lines[end])}`);
      clauses.push({ number: row[1] ?? '', title: row[2] ?? '' });
    }
    // The caption: the next line after the rows, or the line before the header (skipping a rule).
    let after = end;
    while (after < lines.length && blank(lines[after])) after++;
    let before = header - 1;
    while (before >= 0 && (blank(lines[before]) || RULE.test(lines[before] ?? ''))) before--;
    const candidates = [after, before].filter((index) => CAPTION.test(lines[index] ?? ''));
    if (candidates.length !== 1) throw new Error(`line ${header + 1}: ${candidates.length} captions beside the table`);
    const at = candidates[0] ?? -1;
    // A caption may run on over the following lines, up to a blank line, a rule or the header.
    const caption = [lines[at] ?? ''];
    for (let next = at + 1; !blank(lines[next]) && !RULE.test(lines[next] ?? '') && lines[next] !== HEADER; next++) caption.push(lines[next] ?? '');
    const [, number, title] = CAPTION.exec(words(caption.join(' '))) ?? [];
    tables.push({
      table: Number(number),
      title: title ?? '',
      clauses,
      start: Math.min(at, header),
      damaged: caption.length > 1 || /\t/.test(caption[0] ?? '') || RULE.test(lines[at + 1] ?? ''),
    });
  });
  return tables;
}

/** The numbered headings of the spec text, by line. */
function headings(lines: string[]): { line: number; number: string; title: string }[] {
  return lines.flatMap((line, index) => {
    const heading = HEADING.exec(line);
    return heading ? [{ line: index, number: heading[1] ?? '', title: heading[2] ?? '' }] : [];
  });
}

const lines = HAS_REALDATA ? readFileSync(SPEC, 'utf8').split(/\r?\n/) : [];
const parsed = parseTables(lines);
const data = JSON.parse(readFileSync(DATA, 'utf8')) as { source: string; tables: Table[] };

const x1051 = referenceJson<{
  clauses: { number: string; title: string; categories: { number: string; title: string; controls: { number: string; title: string }[] }[] }[];
}>('x1051-2008-controls.json') ?? { clauses: [] };
const x1051Titles = new Map(
  x1051.clauses.flatMap((clause) => [
    [clause.number, clause.title] as const,
    ...clause.categories.flatMap((category) => [
      [category.number, category.title] as const,
      ...category.controls.map((control) => [control.number, control.title] as const),
    ]),
  ]),
);

// Where X.1052 prints an X.1051 title otherwise than X.1051 (2008) names it: kept as the spec prints it.
const SPEC_WORDING: Record<string, string> = {
  '5:12.3': 'Cryptographic control', // X.1051: Cryptographic controls (table 7 prints it so)
  '7:7.2.2': 'Information labelling and handing', // X.1051: Information labelling and handling
  '11:11.7': 'Mobile computing and telecommuting', // X.1051: Mobile computing and teleworking
};

describeWithRealdata('the X.1052 tables', () => {
  it('parses 14 tables, numbered 1 to 14 in order, each caption used once', () => {
    expect(parsed.map((table) => table.table)).toEqual(Array.from({ length: 14 }, (_, index) => index + 1));
    expect(lines.filter((line) => CAPTION.test(line))).toHaveLength(14);
    expect(lines.filter((line) => line === HEADER)).toHaveLength(14);
  });

  it('holds exactly the spec’s tables: numbers, captions and rows, in order', () => {
    expect(data.source).toBe('ITU-T X.1052 (05/2011) tables 1–14');
    expect(data.tables.map(({ table, title, clauses }) => ({ table, title, clauses }))).toEqual(
      parsed.map(({ table, title, clauses }) => ({ table, title, clauses })),
    );
  });

  it('places each table in the X.1052 clause whose main activities it governs, as the spec’s headings do', () => {
    const numbered = headings(lines);
    for (const [index, table] of data.tables.entries()) {
      const { start } = parsed[index] ?? { start: -1 };
      const within = numbered.filter((heading) => heading.line < start).at(-1);
      // Under "n.2 Main activities" the table belongs to clause n; else to the sub-clause it sits in.
      const clause = within?.title === 'Main activities' ? within.number.replace(/\.\d+$/, '') : within?.number;
      const heading = numbered.find((candidate) => candidate.number === clause);
      expect(table.x1052Clause, `table ${table.table}`).toBe(clause);
      expect(table.activity, `table ${table.table}`).toBe(heading?.title.toLowerCase());
      expect(table.title, `table ${table.table}`).toBe(`Clauses of [ITU-T X.1051] related to ${table.activity}`);
      // The sentence introducing the table is in the same clause, before the table.
      const introduced = lines.findLastIndex((line, at) => at < start && line.includes(`as indicated in Table ${table.table}.`));
      expect(introduced, `table ${table.table} introduced`).toBeGreaterThan(heading?.line ?? Infinity);
    }
    expect(data.tables.map((table) => table.x1052Clause)).toEqual([
      '7',
      '8',
      '9',
      '10',
      '11',
      '12.2.1',
      '12.2.2',
      '12.2.3',
      '12.2.4',
      '12.2.5',
      '12.2.6',
      '12.2.7',
      '12.2.8',
      '13',
    ]);
  });

  it('notes the reconstruction of every damaged caption, and of no other', () => {
    expect(data.tables.filter((table) => table.note !== undefined).map((table) => table.table)).toEqual(
      parsed.filter((table) => table.damaged).map((table) => table.table),
    );
    for (const table of data.tables) if (table.note !== undefined) expect(table.note).toMatch(/^Caption reconstructed: /);
  });

  it('names only well-formed X.1051 (2008) clauses, categories and controls that exist, once per table', () => {
    expect(x1051Titles.size).toBe(11 + 39 + 133);
    for (const table of data.tables) {
      const numbers = table.clauses.map((row) => row.number);
      expect(new Set(numbers).size, `table ${table.table}`).toBe(numbers.length);
      for (const { number } of table.clauses) {
        expect(number, `table ${table.table}`).toMatch(/^(?:[5-9]|1[0-5])(?:\.[1-9]\d?){0,2}$/);
        expect([...x1051Titles.keys()], `table ${table.table}`).toContain(number);
      }
    }
  });

  it('prints X.1051’s own titles but for three wordings of the spec, kept as printed', () => {
    const used = new Set<string>();
    for (const table of data.tables) {
      for (const { number, title } of table.clauses) {
        const key = `${table.table}:${number}`;
        const wording = SPEC_WORDING[key];
        if (wording === undefined) {
          expect(title, key).toBe(x1051Titles.get(number));
        } else {
          used.add(key);
          expect(title, key).toBe(wording);
          expect(x1051Titles.get(number), key).not.toBe(wording);
        }
      }
    }
    expect([...used].sort()).toEqual(Object.keys(SPEC_WORDING).sort());
  });
});
