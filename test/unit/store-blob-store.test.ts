// The object store behind one interface: the local folder with its signed links (what the local server
// honours at /_local/blobs), confined to the tenant's prefix and the running function's declared access;
// and S3 (its client mocked: no local engine serves it) with the platform key and write-once puts.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { HeadObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { blobStore, localBlobPath, objectKey, readLocalGrant, signLocalGrant, writeLocalBlob } from '@ismf/store/blob-store';
import { withDataScope } from '@ismf/store/client';
import { mockedObjectStore } from '../support/aws-objects.ts';

const sha = (body: string | Buffer) => createHash('sha256').update(body).digest('hex');
const tokenOf = (url: string) => url.split('/_local/blobs/')[1]!;

describe('object keys', () => {
  it('begin with the tenant and encode each part, refusing parts that would name another folder', () => {
    expect(objectKey('acme', 'evidence', '01J', 'report 1/2.pdf')).toBe('acme/evidence/01J/report%201%2F2.pdf');
    for (const bad of ['', '.', '..']) expect(() => objectKey('acme', 'evidence', bad), JSON.stringify(bad)).toThrow(`not an object key part: '${bad}'`);
    expect(() => objectKey('Not A Tenant', 'x')).toThrow('not a tenant id');
  });
});

describe('the local object store', () => {
  it('signs links the local server reads back, and refuses forged, truncated or expired ones', () => {
    const grant = { op: 'get' as const, key: 'acme/evidence/x/a.txt', fileName: 'a.txt', exp: Date.now() + 60_000 };
    const token = signLocalGrant(grant);
    expect(readLocalGrant(token)).toEqual(grant);
    const [payload] = token.split('.');
    expect(readLocalGrant(payload!)).toBeUndefined();
    expect(readLocalGrant(`${payload}.`)).toBeUndefined();
    expect(readLocalGrant(`${payload}.${'A'.repeat(43)}`)).toBeUndefined();
    const other = Buffer.from(JSON.stringify({ ...grant, key: 'other/evidence/x/a.txt' })).toString('base64url');
    expect(readLocalGrant(`${other}.${token.split('.')[1]}`)).toBeUndefined();
    expect(readLocalGrant(signLocalGrant({ ...grant, exp: Date.now() - 1 }))).toBeUndefined();
  });

  it('writes an object once, and tells its size and type; a second write finds it there', async () => {
    const key = objectKey('acme-blob', 'exports', 'one.json');
    expect(writeLocalBlob(key, Buffer.from('{"a":1}'), 'application/json')).toBe('written');
    expect(writeLocalBlob(key, Buffer.from('{"a":2}'), 'application/json')).toBe('exists');
    const store = blobStore('acme-blob', { table: 'none', objects: 'read' });
    expect(await store.stat(key)).toEqual({ size: 7, contentType: 'application/json' });
    expect(await store.sha256(key)).toBe(sha('{"a":1}'));
    expect(await store.stat(objectKey('acme-blob', 'exports', 'none.json'))).toBeUndefined();
  });

  it('hands out upload and download links for the tenant’s own keys only', async () => {
    const store = blobStore('acme-blob', { table: 'none', objects: 'write' });
    const key = objectKey('acme-blob', 'evidence', 'e1', 'a.pdf');
    const upload = await store.presignUpload(key, { contentType: 'application/pdf', maxBytes: 100, expiresSeconds: 60 });
    expect(upload).toMatchObject({ method: 'PUT', fields: { 'content-type': 'application/pdf' } });
    expect(readLocalGrant(tokenOf(upload.url))).toMatchObject({ op: 'put', key, contentType: 'application/pdf', maxBytes: 100 });
    expect(Date.parse(upload.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    const download = await store.presignDownload(key, { fileName: 'a.pdf' });
    expect(readLocalGrant(tokenOf(download.url))).toMatchObject({ op: 'get', key, fileName: 'a.pdf' });
    await expect(store.presignDownload('other-tenant/evidence/e1/a.pdf', { fileName: 'a.pdf' })).rejects.toThrow(
      'AccessDenied: other-tenant/evidence/e1/a.pdf is outside tenant acme-blob',
    );
    await expect(store.stat('acme-blobx/evidence/e1/a.pdf')).rejects.toThrow('is outside tenant acme-blob');
  });

  it('keeps a put object whole, without its type when none was kept, and lets a function only what it declares', async () => {
    const key = objectKey('acme-blob', 'snapshots', 't1', 'subject.json');
    await blobStore('acme-blob', { table: 'none', objects: 'write' }).put(key, Buffer.from('{}'), 'application/json');
    expect(localBlobPath(key).endsWith(['acme-blob', 'snapshots', 't1', 'subject.json'].join('/'))).toBe(true);
    const { unlinkSync } = await import('node:fs');
    unlinkSync(`${localBlobPath(key)}.type`);
    expect(await blobStore('acme-blob', { table: 'none', objects: 'read' }).stat(key)).toEqual({ size: 2 });
    // Inside a function's data scope, its declaration decides: a reader may not write.
    const reader = { table: 'read', objects: 'read' } as const;
    await expect(
      withDataScope({ label: 'aReader', tenantOnly: false, access: reader }, () =>
        blobStore('acme-blob', reader).put(objectKey('acme-blob', 'x', 'y'), Buffer.from('no'), 'text/plain'),
      ),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('the S3 object store', () => {
  const s3 = mockedObjectStore();
  afterEach(() => {
    delete process.env.TABLE_KEY_ARN;
  });
  const access = { table: 'write', objects: 'write' } as const;

  it('answers a missing object as none, an object without type or version as its size, and rethrows other failures', async () => {
    const store = blobStore('s3-acme', access);
    s3.on(HeadObjectCommand)
      .rejectsOnce(Object.assign(new Error('not found'), { name: 'NotFound' }))
      .resolvesOnce({})
      .rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    expect(await store.stat('s3-acme/x')).toBeUndefined();
    expect(await store.stat('s3-acme/x')).toEqual({ size: 0 });
    await expect(store.stat('s3-acme/x')).rejects.toThrow('denied');
  });

  it('hashes the current object when no version is named, and presigns a download without a version', async () => {
    const store = blobStore('s3-acme', access);
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from('current')]) }));
    expect(await store.sha256('s3-acme/x')).toBe(sha('current'));
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'ismf-data-test', Key: 's3-acme/x' });
    const download = await store.presignDownload('s3-acme/x', { fileName: 'a "quoted".txt' });
    const url = new URL(download.url);
    expect(url.searchParams.get('versionId')).toBeNull();
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="a quoted.txt"');
  });

  it('writes once, encrypted with the platform key when one is set, and presigns uploads that carry it', async () => {
    s3.on(PutObjectCommand).resolves({});
    await blobStore('s3-acme', access).put('s3-acme/a', Buffer.from('a'), 'text/plain');
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'ismf-data-test',
      Key: 's3-acme/a',
      Body: Buffer.from('a'),
      ContentType: 'text/plain',
      IfNoneMatch: '*',
    });
    const plain = await blobStore('s3-acme', access).presignUpload('s3-acme/a', { contentType: 'text/plain', maxBytes: 10 });
    expect(plain).toMatchObject({ method: 'POST', fields: { 'Content-Type': 'text/plain' } });
    expect(plain.fields).not.toHaveProperty('x-amz-server-side-encryption');

    process.env.TABLE_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/k';
    const store = blobStore('s3-acme', access);
    await store.put('s3-acme/b', Buffer.from('b'), 'text/plain');
    expect(s3.commandCalls(PutObjectCommand)[1]!.args[0].input).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k',
      IfNoneMatch: '*',
    });
    const upload = await store.presignUpload('s3-acme/b', { contentType: 'text/plain', maxBytes: 10 });
    expect(upload.fields).toMatchObject({
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:eu-west-1:111122223333:key/k',
    });
  });

  it('fails naming DATA_BUCKET when the AWS runtime has none', () => {
    delete process.env.DATA_BUCKET;
    try {
      expect(() => blobStore('s3-acme', access)).toThrow(/DATA_BUCKET is not set/);
    } finally {
      process.env.DATA_BUCKET = 'ismf-data-test';
    }
  });
});
