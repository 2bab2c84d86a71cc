// Evidence in AWS: the bucket is versioned, so completion pins the version it hashed and every download
// names that version — a later overwrite under the same key never replaces what was completed. (No
// local engine serves S3: its client is mocked; the evidence records are real, in DynamoDB Local.)
import { registry } from '@ismf/app/areas';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createEvidence, getEvidence as getEvidenceOperation } from '@ismf/evidence/operations';
import { completeUpload, getEvidence, requestUpload } from '@ismf/evidence/evidence';
import { blobStore } from '@ismf/store/blob-store';
import type { WriteContext } from '@ismf/store/unit-of-work';
import { mockedObjectStore } from '../support/aws-objects.ts';

const s3 = mockedObjectStore();

const completed = Buffer.from('the version that was completed');
const overwrite = Buffer.from('a later overwrite under the same key');
const sha = (body: Buffer) => createHash('sha256').update(body).digest('hex');

/** S3 as a versioned bucket holding v1, then (after `overwrite()`) v2 as the current version. */
function versionedBucket() {
  let current = { versionId: 'v1', body: completed };
  const versions: Record<string, Buffer> = { v1: completed };
  s3.on(HeadObjectCommand).callsFake(() => ({ ContentLength: current.body.length, ContentType: 'text/plain', VersionId: current.versionId }));
  s3.on(GetObjectCommand).callsFake((input: { VersionId?: string }) => ({
    Body: Readable.from([input.VersionId ? versions[input.VersionId]! : current.body]),
  }));
  return {
    overwrite() {
      versions.v2 = overwrite;
      current = { versionId: 'v2', body: overwrite };
    },
  };
}

describe('the S3 blob store', () => {
  it('reports the version it saw, hashes exactly that version, and presigns downloads of it', async () => {
    versionedBucket();
    const store = blobStore('s3-acme', createEvidence.access);
    expect(await store.stat('s3-acme/evidence/x/a.txt')).toEqual({ size: completed.length, contentType: 'text/plain', versionId: 'v1' });
    expect(await store.sha256('s3-acme/evidence/x/a.txt', 'v1')).toBe(sha(completed));
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toMatchObject({ Bucket: 'ismf-data-test', Key: 's3-acme/evidence/x/a.txt', VersionId: 'v1' });
    const download = await store.presignDownload('s3-acme/evidence/x/a.txt', { fileName: 'a.txt', versionId: 'v1' });
    expect(new URL(download.url).searchParams.get('versionId')).toBe('v1');
  });
});

describe('evidence in a versioned bucket', () => {
  it('stays the completed version: the download names it even after the object is overwritten', async () => {
    const bucket = versionedBucket();
    const ctx: WriteContext = { actor: { userId: 'uploader-sub', roles: ['admin'] }, operation: 'createEvidence' };
    const { response: started } = await requestUpload(
      ctx,
      's3-acme',
      { fileName: 'a.txt', contentType: 'text/plain', size: 100 },
      createEvidence.access,
      registry.evidenceSubjects,
    );
    expect(started.upload).toMatchObject({ method: 'POST', fields: expect.objectContaining({ key: `s3-acme/evidence/${started.id}/a.txt` }) });

    const done = await completeUpload({ ...ctx, operation: 'completeEvidence' }, 's3-acme', started.id, createEvidence.access, registry.evidenceSubjects);
    expect(done).toMatchObject({ status: 'available', sha256: sha(completed), size: completed.length });
    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input.VersionId)).toEqual(['v1']);

    bucket.overwrite();
    const read = await getEvidence('s3-acme', started.id, getEvidenceOperation.access, ['admin'], registry.evidenceSubjects);
    const url = new URL(read.download!.url);
    expect(url.pathname).toBe(`/s3-acme/evidence/${started.id}/a.txt`);
    expect(url.searchParams.get('versionId')).toBe('v1');
    expect(read.sha256).toBe(sha(completed));
  });
});
