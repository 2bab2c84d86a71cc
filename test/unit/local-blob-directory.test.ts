// Where local evidence lives: the project's own `.ismf/blobs` (not a shared, world-readable temporary
// folder), or `$ISMF_DATA_DIR/blobs` with the data kept on disk; ISMF_BLOB_DIR names it outright.
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localBlobDirectory } from '@ismf/store/blob-store';

const saved = { blob: process.env.ISMF_BLOB_DIR, data: process.env.ISMF_DATA_DIR };
afterEach(() => {
  for (const [name, value] of [
    ['ISMF_BLOB_DIR', saved.blob],
    ['ISMF_DATA_DIR', saved.data],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the local blob folder', () => {
  it('defaults to .ismf/blobs of the working directory, else $ISMF_DATA_DIR/blobs; ISMF_BLOB_DIR wins', () => {
    delete process.env.ISMF_BLOB_DIR;
    delete process.env.ISMF_DATA_DIR;
    expect(localBlobDirectory()).toBe(resolve(process.cwd(), '.ismf', 'blobs'));
    process.env.ISMF_DATA_DIR = './data';
    expect(localBlobDirectory()).toBe(resolve('data', 'blobs'));
    process.env.ISMF_BLOB_DIR = join('/', 'srv', 'ismf-blobs');
    expect(localBlobDirectory()).toBe('/srv/ismf-blobs');
  });
});
