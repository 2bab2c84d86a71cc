// CSV as spreadsheets export it: comma, semicolon or tab (read off the header, quoted text ignored), a
// byte-order mark, quoted fields holding delimiters, quotes and line breaks, CRLF, blank lines — and each
// row with the line it begins on, so that an import's errors point at the right line.
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from '@ismf/core/csv';

describe('the delimiter', () => {
  it('is the one the header line uses most, outside quotes', () => {
    expect(detectDelimiter('name,type,owner\na;b;c;d;e\n')).toBe(',');
    expect(detectDelimiter('name;type;owner\n')).toBe(';');
    expect(detectDelimiter('name\ttype\towner\r\n')).toBe('\t');
    // A quoted header cell full of commas does not make the file comma-separated.
    expect(detectDelimiter('"name, as, people, say";type;owner\n')).toBe(';');
    expect(detectDelimiter('\ufeffname;type\n')).toBe(';');
    // One column: nothing to tell, a comma by default; a tie goes to the comma.
    expect(detectDelimiter('name\nx\n')).toBe(',');
    expect(detectDelimiter('a,b;c\n')).toBe(',');
    // Only the header line counts, even when a quoted header cell spans lines.
    expect(detectDelimiter('"multi\nline";b;c\nx,y,z,w,v\n')).toBe(';');
  });
});

describe('a CSV file', () => {
  it('reads a semicolon-separated spreadsheet export with a byte-order mark and CRLF', () => {
    const table = parseCsv('\ufeffname;type;classification\r\nCore router;physical;internal\r\nHLR;physical;confidential\r\n');
    expect(table).toEqual({
      delimiter: ';',
      header: ['name', 'type', 'classification'],
      rows: [
        { line: 2, cells: ['Core router', 'physical', 'internal'] },
        { line: 3, cells: ['HLR', 'physical', 'confidential'] },
      ],
    });
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted fields, and counts lines from where a row begins', () => {
    const table = parseCsv('name,description,labels\n"Router, core","says ""hi""\nover two lines",a;b\n\nHLR,,\n');
    expect(table.delimiter).toBe(',');
    expect(table.rows).toEqual([
      { line: 2, cells: ['Router, core', 'says "hi"\nover two lines', 'a;b'] },
      // The blank line 4 is skipped; the row after it begins on line 5.
      { line: 5, cells: ['HLR', '', ''] },
    ]);
  });

  it('reads tab-separated text, rows of uneven length, and trims the header names', () => {
    const table = parseCsv(' name \t type \nA\tphysical\textra\nB\n');
    expect(table.header).toEqual(['name', 'type']);
    expect(table.rows.map((row) => row.cells)).toEqual([['A', 'physical', 'extra'], ['B']]);
  });

  it('takes a quote inside an unquoted field as it stands (a 19" rack), as the hand-written files people keep have it', () => {
    expect(parseCsv('name;location\nPatch panel;19" rack, row 4\n').rows[0]!.cells).toEqual(['Patch panel', '19" rack, row 4']);
  });

  it('refuses an unclosed quote, naming the line', () => {
    expect(() => parseCsv('name,type\n"Core router,physical\n')).toThrow(/line 2/);
  });

  it('answers an empty file as no header and no rows', () => {
    expect(parseCsv('')).toEqual({ delimiter: ',', header: [], rows: [] });
  });
});
