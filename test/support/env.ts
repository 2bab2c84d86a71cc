// Points every test file's store at the shared DynamoDB Local, and its local objects at a folder of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { closeDb } from '@ismf/store/client';

process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.TABLE_NAME = inject('tableName');
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
delete process.env.USER_POOL_ID;
// Not the repository's .ismf/blobs: test uploads (and snapshots) go with the run.
const blobs = mkdtempSync(join(tmpdir(), 'ismf-test-blobs-'));
process.env.ISMF_BLOB_DIR = blobs;

afterAll(() => {
  closeDb();
  rmSync(blobs, { recursive: true, force: true });
});
