// The pieces of a bulk job that need no table: ids derived from a job and a row, CSV records numbered
// from a chunk's first line, and a file cut into chunks that end on row boundaries and read back by range.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsvRecords } from '@ismf/core/csv';
import { derivedId, orderedDerivedId, ULID_PATTERN } from '@ismf/core/ids';
import { chunkRows } from '@ismf/jobs/chunk';
import { cutCsv } from '@ismf/jobs/plan';
import { blobStore, writeLocalBlob } from '@ismf/store/blob-store';

const root = mkdtempSync(join(tmpdir(), 'ismf-bulk-'));
process.env.ISMF_BLOB_DIR = root;
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('derived ids', () => {
  const job = '01JDQ8R6Z8W4X3N2K1M0P9Q7RS';
  it('are ULID-shaped, carry the job’s time, and are the same for the same job and row', () => {
    const id = derivedId(job, 'asset', 7);
    expect(id).toMatch(ULID_PATTERN);
    expect(id.slice(0, 10)).toBe(job.slice(0, 10));
    expect(derivedId(job, 'asset', 7)).toBe(id);
    expect(new Set([derivedId(job, 'asset', 8), derivedId(job, 'audit', 7), derivedId('01JDQ8R6Z8W4X3N2K1M0P9Q7RT', 'asset', 7), id]).size).toBe(4);
  });
  it('sort by row among a job’s ids when ordered, so a job’s assets list in file order', () => {
    const ids = [1, 2, 10, 33, 1_000_000].map((row) => orderedDerivedId(job, row, 'asset'));
    expect(ids.every((id) => ULID_PATTERN.test(id) && id.startsWith(job.slice(0, 10)))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(orderedDerivedId(job, 2, 'asset')).toBe(ids[1]);
    expect(() => orderedDerivedId(job, -1, 'asset')).toThrow('not an order');
  });

  it('refuse a seed that is no ULID', () => {
    expect(() => derivedId('job-1', 'asset', 1)).toThrow('not a ULID');
  });
});

describe('a CSV chunk', () => {
  it('numbers its records by the line of the file each begins on, empty lines and quoted line breaks counted', () => {
    const text = 'A,1\n\n"B\nstill B",2\nC,3\n';
    expect(parseCsvRecords(text, ',', 40)).toEqual([
      { line: 40, cells: ['A', '1'] },
      { line: 42, cells: ['B\nstill B', '2'] },
      { line: 44, cells: ['C', '3'] },
    ]);
  });
});

describe('cutting a file into chunks', () => {
  it('ends every chunk on a row boundary, even inside quoted line breaks, and each chunk reads back its own rows', async () => {
    process.env.ISMF_JOB_CHUNK_ROWS = '3';
    const rows = Array.from({ length: 10 }, (_, i) => (i === 4 ? `R${i + 1};"two\nlines; here"` : `R${i + 1};x`));
    const text = '\ufeffid;note\r\n' + rows.join('\r\n') + '\r\n';
    writeLocalBlob('acme/jobs/01/input.csv', Buffer.from(text), 'text/csv');
    const store = blobStore('acme', { table: 'none', objects: 'read' });
    const cut = await cutCsv(store, 'acme/jobs/01/input.csv');
    delete process.env.ISMF_JOB_CHUNK_ROWS;
    expect(cut.plan).toMatchObject({ format: 'csv', rows: 10, chunks: 4, header: { delimiter: ';', columns: ['id', 'note'] } });
    expect(cut.size).toBe(Buffer.byteLength(text));
    expect(cut.chunks.map((chunk) => chunk.rows)).toEqual([3, 3, 3, 1]);
    const read = [];
    for (const chunk of cut.chunks) {
      const input = await chunkRows(store, { data: { plan: cut.plan } } as never, chunk);
      if (input.format !== 'csv') throw new Error('csv expected');
      read.push(...input.rows);
    }
    expect(read.map((row) => row.cells[0])).toEqual(rows.map((_, i) => `R${i + 1}`));
    expect(read.find((row) => row.cells[0] === 'R5')).toEqual({ line: 6, cells: ['R5', 'two\nlines; here'] });
    expect(read.find((row) => row.cells[0] === 'R6')!.line).toBe(8);
  });
});
