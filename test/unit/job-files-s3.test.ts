// Job files in AWS: an upload presigned with the retention tag the bucket's lifecycle rule expires by, a
// ranged read of one chunk's bytes, and an export streamed in parts, tagged alike. (No local engine
// serves S3: its client is mocked.)
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { blobStore } from '@ismf/store/blob-store';
import { RETENTION_TAG } from '@ismf/store/retention';
import { mockedObjectStore } from '../support/aws-objects.ts';

const s3 = mockedObjectStore();
const access = { table: 'write', objects: 'write' } as const;

describe('job files in S3', () => {
  it('presigns an upload that must carry the retention tag, and writes results tagged', async () => {
    const store = blobStore('s3-jobs', access);
    const ticket = await store.presignUpload('s3-jobs/jobs/01/input/cmdb.csv', { contentType: 'text/csv', maxBytes: 1000, expiring: true });
    expect(ticket.method).toBe('POST');
    expect(ticket.fields.tagging).toContain(`<Key>${RETENTION_TAG.key}</Key><Value>${RETENTION_TAG.value}</Value>`);
    const policy = JSON.parse(Buffer.from(ticket.fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
    expect(policy.conditions).toContainEqual(['eq', '$tagging', ticket.fields.tagging]);
    const evidence = await store.presignUpload('s3-jobs/evidence/02/report.pdf', { contentType: 'application/pdf', maxBytes: 1000 });
    expect(evidence.fields.tagging).toBeUndefined();

    s3.on(PutObjectCommand).resolves({});
    await store.put('s3-jobs/jobs/01/errors.csv', Buffer.from('row,field,message\r\n'), 'text/csv', { expiring: true });
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ Tagging: `${RETENTION_TAG.key}=${RETENTION_TAG.value}`, IfNoneMatch: '*' });
  });

  it('reads one chunk’s bytes by range, and nothing for an empty range', async () => {
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from('R2,x\r\n'), Buffer.from('R3,y\r\n')]) }));
    const store = blobStore('s3-jobs', access);
    const pieces: Buffer[] = [];
    for await (const piece of store.read('s3-jobs/jobs/01/input/cmdb.csv', { start: 10, end: 22 })) pieces.push(piece);
    expect(Buffer.concat(pieces).toString()).toBe('R2,x\r\nR3,y\r\n');
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toMatchObject({ Range: 'bytes=10-21' });
    for await (const _ of store.read('s3-jobs/jobs/01/input/cmdb.csv', { start: 5, end: 5 })) throw new Error('an empty range reads nothing');
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });

  it('streams an export to S3, tagged for retention, and answers its size', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    s3.on(UploadPartCommand).resolves({ ETag: '"p"' });
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const store = blobStore('s3-jobs', access);
    async function* lines() {
      yield 'id,name\r\n';
      yield Buffer.from('A1,Core router\r\n');
    }
    const { size } = await store.putStream('s3-jobs/jobs/01/output/x/assets.csv', lines(), 'text/csv', { expiring: true });
    expect(size).toBe(Buffer.byteLength('id,name\r\nA1,Core router\r\n'));
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input ?? s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ Key: 's3-jobs/jobs/01/output/x/assets.csv', ContentType: 'text/csv', Tagging: `${RETENTION_TAG.key}=${RETENTION_TAG.value}` });
  });
});
