// Every test file runs as the local runtime (ISMF_RUNTIME=local: the stand-ins, with every declared
// capability enforced as IAM would), its store on the shared DynamoDB Local, and its local objects and
// mail in folders of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { closeDb } from '@ismf/store/client';

process.env.ISMF_RUNTIME = 'local';
process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.TABLE_NAME = inject('tableName');
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
// The advisory feeds the tests pull are local HTTP servers: loopback only (never private or metadata addresses).
process.env.ISMF_OUTBOUND_ALLOW_LOOPBACK = '1';
delete process.env.USER_POOL_ID;
// Not the repository's .ismf/blobs or .ismf/mail: test uploads (and snapshots) and mail go with the run.
const blobs = mkdtempSync(join(tmpdir(), 'ismf-test-blobs-'));
process.env.ISMF_BLOB_DIR = blobs;
const mail = mkdtempSync(join(tmpdir(), 'ismf-test-mail-'));
process.env.ISMF_MAIL_DIR = mail;

afterAll(() => {
  closeDb();
  rmSync(blobs, { recursive: true, force: true });
  rmSync(mail, { recursive: true, force: true });
});
