// The run's check that every status an operation answered is one the OpenAPI document lists for it: what
// the workers recorded (test/support/status-record.ts), read against the documents they ran on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { statusReport } from '../support/status-coverage.ts';

const dir = mkdtempSync(join(tmpdir(), 'ismf-statuses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (...records: object[]) => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;

describe('the status coverage of a run', () => {
  it('names each seen (operation, status) no document lists, and the documented ones nobody saw', () => {
    writeFileSync(
      join(dir, '101.jsonl'),
      lines(
        { documented: { getAsset: ['200', '304', '404'], createAsset: ['201', '400'] } },
        { operation: 'getAsset', status: 200 },
        { operation: 'getAsset', status: 418 },
      ),
    );
    // Another worker, on a registry with another area: its document lists that area's operation.
    writeFileSync(
      join(dir, '102.jsonl'),
      lines(
        { documented: { getAsset: ['200', '304', '404'], proposeToy: ['201'] } },
        { operation: 'proposeToy', status: 201 },
        { operation: 'getAsset', status: 404 },
      ),
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a record');
    const report = statusReport(dir);
    expect(report.undocumented).toEqual(['getAsset 418']);
    expect(report.unseen).toEqual({ createAsset: ['201', '400'], getAsset: ['304'] });
    expect(report.seen).toBe(4);
  });
});
