// Job files expire after 7 days locally as the bucket's lifecycle rule expires them in AWS; evidence stays.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localBlobPath, sweepExpiredLocalBlobs, writeLocalBlob, writeLocalBlobFrom } from '@ismf/store/blob-store';

const root = mkdtempSync(join(tmpdir(), 'ismf-retention-'));
process.env.ISMF_BLOB_DIR = root;
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DAY = 86_400_000;

describe('local job files', () => {
  it('are swept once their 7 days are up, while evidence is never swept', async () => {
    writeLocalBlob('acme/jobs/01/errors.csv', Buffer.from('row,field,message\r\n'), 'text/csv', { expiring: true });
    await writeLocalBlobFrom('acme/jobs/01/output.csv', ['a,b\r\n', '1,2\r\n'], 'text/csv', { expiring: true });
    writeLocalBlob('acme/evidence/02/report.pdf', Buffer.from('%PDF'), 'application/pdf');
    expect(sweepExpiredLocalBlobs(new Date(Date.now() + 6 * DAY))).toBe(0);
    expect(sweepExpiredLocalBlobs(new Date(Date.now() + 7 * DAY + 60_000))).toBe(2);
    expect(existsSync(localBlobPath('acme/jobs/01/errors.csv'))).toBe(false);
    expect(existsSync(localBlobPath('acme/jobs/01/output.csv.type'))).toBe(false);
    expect(existsSync(localBlobPath('acme/evidence/02/report.pdf'))).toBe(true);
  });

  it('stops a streamed upload at its limit and keeps nothing of it', async () => {
    const written = await writeLocalBlobFrom('acme/jobs/03/input.csv', [Buffer.alloc(600), Buffer.alloc(600)], 'text/csv', { maxBytes: 1000 });
    expect(written.outcome).toBe('too-large');
    expect(existsSync(localBlobPath('acme/jobs/03/input.csv'))).toBe(false);
  });
});
