// Evidence: presigned upload under the tenant's prefix, SHA-256 on completion, audited link, presigned
// download, immutability, and refusal across tenants; idempotent creates, safe file names, the subject's
// read rule, completion by the uploader only, and an owner-only local blob folder.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '@ismf/store/client';
import { localBlobPath, objectKey } from '@ismf/store/blob-store';
import { keys } from '@ismf/store/keys';
import { startApi, type Api, type Reply } from '../support/api.ts';

// A folder of this file's own that does not exist yet: the blob store creates it, with its permissions.
const blobRoot = join(mkdtempSync(join(tmpdir(), 'ismf-evidence-test-')), 'blobs');
process.env.ISMF_BLOB_DIR = blobRoot;

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('evi');
});
afterAll(async () => {
  await api.close();
  rmSync(dirname(blobRoot), { recursive: true, force: true });
});

const pdf = Buffer.from('%PDF-1.4\n% ISMF evidence test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

async function upload(ticket: { url: string; method: string; fields: Record<string, string> }, body: Buffer, contentType = 'application/pdf') {
  return fetch(ticket.url, { method: ticket.method, headers: { 'content-type': contentType }, body });
}

describe('evidence', () => {
  it('uploads through a presigned link, hashes on completion, audits the link and serves a download', async () => {
    const user = (await api.call('GET', '/users', { token: tenant.adminToken })).body.items[0];
    const started = await api.call('POST', '/evidence', {
      token: tenant.adminToken,
      body: { fileName: 'screening.pdf', contentType: 'application/pdf', size: pdf.length, subject: { type: 'user', id: user.id } },
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'awaiting-upload', subject: { type: 'user', id: user.id } });
    expect(started.body).not.toHaveProperty('objectKey');
    expect((await api.call('POST', `/evidence/${started.body.id}/completion`, { token: tenant.adminToken })).status).toBe(409);

    expect((await upload(started.body.upload, pdf, 'image/png')).status).toBe(415);
    expect((await upload(started.body.upload, Buffer.concat([pdf, Buffer.alloc(10)]))).status).toBe(413);
    expect((await upload(started.body.upload, pdf)).status).toBe(204);
    expect((await upload(started.body.upload, pdf)).status).toBe(409); // immutable

    const completed = await api.call('POST', `/evidence/${started.body.id}/completion`, { token: tenant.adminToken });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'available', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), version: 2 });
    expect((await api.call('POST', `/evidence/${started.body.id}/completion`, { token: tenant.adminToken })).status).toBe(409);

    const read = await api.call('GET', `/evidence/${started.body.id}`, { token: tenant.adminToken });
    const download = await fetch(read.body.download.url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
    expect(download.headers.get('content-disposition')).toContain('screening.pdf');

    const audit = await api.call('GET', `/audit?entity=evidence:${started.body.id}`, { token: tenant.adminToken });
    expect(audit.body.items.map((entry: { operation: string }) => entry.operation)).toEqual(['createEvidence', 'completeEvidence']);
  });

  it('refuses bad requests, unknown subjects, forged links and other tenants', async () => {
    const bad = await api.call('POST', '/evidence', {
      token: tenant.adminToken,
      body: { fileName: '../etc/passwd', contentType: 'application/x-sh', size: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['body.contentType', 'body.fileName', 'body.size']);
    const orphan = await api.call('POST', '/evidence', {
      token: tenant.adminToken,
      body: { fileName: 'x.pdf', contentType: 'application/pdf', size: 10, subject: { type: 'asset', id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RS' } },
    });
    expect(orphan.status).toBe(422);

    const mine = (
      await api.call('POST', '/evidence', { token: tenant.adminToken, body: { fileName: 'a.pdf', contentType: 'application/pdf', size: pdf.length } })
    ).body;
    const forged = mine.upload.url.replace(/\/_local\/blobs\/([^.]+)\./, (_: string, payload: string) => `/_local/blobs/${payload}x.`);
    expect((await fetch(forged, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: pdf })).status).toBe(403);
    await upload(mine.upload, pdf);

    const other = await api.newTenant('evi-b');
    expect((await api.call('GET', `/evidence/${mine.id}`, { token: other.adminToken })).status).toBe(404);
    expect((await api.call('POST', `/evidence/${mine.id}/completion`, { token: other.adminToken })).status).toBe(404);
    expect((await api.call('GET', `/evidence/${mine.id}`, { token: tenant.adminToken })).body.status).toBe('awaiting-upload');
  });
});

/** The evidence records a tenant holds, read from the table (the API lists none). */
async function evidenceCount(tenantId: string): Promise<number> {
  const found = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `${tenantId}#evidence` },
    }),
  );
  return found.Items?.length ?? 0;
}

function expectProblem(reply: Reply, status: number, path: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  expect(reply.body.errors.map((error: { path: string }) => error.path)).toContain(path);
}

describe('an Idempotency-Key on POST /evidence', () => {
  it('makes 20 parallel creates one evidence record, each answer with a freshly signed upload', async () => {
    const own = await api.newTenant('evi-idem');
    const body = { fileName: 'retry.pdf', contentType: 'application/pdf', size: pdf.length };
    const headers = { 'idempotency-key': 'evidence-retry-1' };
    const replies = await Promise.all(Array.from({ length: 20 }, () => api.call('POST', '/evidence', { token: own.adminToken, body, headers })));
    expect(replies.map((reply) => reply.status).sort()).toEqual([...Array(19).fill(200), 201]);
    const ids = new Set(replies.map((reply) => reply.body.id));
    expect(ids.size).toBe(1);
    expect(await evidenceCount(own.tenantId)).toBe(1);
    for (const reply of replies) expect(reply.body.upload).toMatchObject({ url: expect.stringContaining('/_local/blobs/'), method: 'PUT' });

    // Every answer's link is honoured (the object is write-once: one upload stores it, the others find it there).
    const uploads = [];
    for (const reply of replies) uploads.push((await upload(reply.body.upload, pdf)).status);
    expect(uploads.sort()).toEqual([204, ...Array(19).fill(409)]);

    // A later retry is signed anew, not replayed from the table.
    const first = replies.find((reply) => reply.status === 201)!;
    await new Promise((done) => setTimeout(done, 20));
    const later = await api.call('POST', '/evidence', { token: own.adminToken, body, headers });
    expect(later.status).toBe(200);
    expect(later.body.id).toBe(first.body.id);
    expect(Date.parse(later.body.upload.expiresAt)).toBeGreaterThan(Date.parse(first.body.upload.expiresAt));

    const other = await api.call('POST', '/evidence', { token: own.adminToken, body: { ...body, fileName: 'other.pdf' }, headers });
    expectProblem(other, 422, 'header.idempotency-key');
    expect(await evidenceCount(own.tenantId)).toBe(1);
    expect((await api.call('POST', `/evidence/${first.body.id}/completion`, { token: own.adminToken })).status).toBe(200);
    // Once complete, a retry answers the evidence as it stands, with no link to upload again.
    const afterwards = await api.call('POST', '/evidence', { token: own.adminToken, body, headers });
    expect(afterwards.status).toBe(200);
    expect(afterwards.body).toMatchObject({ id: first.body.id, status: 'available', sha256: createHash('sha256').update(pdf).digest('hex') });
    expect(afterwards.body).not.toHaveProperty('upload');
  });

  it('never keeps the presigned link in the table', async () => {
    const own = await api.newTenant('evi-idem-store');
    const created = await api.call('POST', '/evidence', {
      token: own.adminToken,
      body: { fileName: 'kept.pdf', contentType: 'application/pdf', size: pdf.length },
      headers: { 'idempotency-key': 'evidence-kept-1' },
    });
    expect(created.status).toBe(201);
    const token = new URL(created.body.upload.url).pathname.split('/').pop()!;
    // The idempotency record of the uploader's key (keys are scoped to the uploader: locally the subject is the user id).
    const key = keys.idempotency(own.tenantId, `createEvidence:${own.adminId}`, 'evidence-kept-1');
    const record = (await db().send(new GetCommand({ TableName: tableName(), Key: key }))).Item;
    const records = record ? [record] : [];
    expect(records).toHaveLength(1);
    expect(JSON.parse(records[0]!.response as string)).toMatchObject({ id: created.body.id });
    expect(JSON.stringify(records)).not.toContain(token);
    expect(JSON.stringify(records)).not.toContain('/_local/blobs/');
  });
});

describe('file names', () => {
  it('refuses dot segments naming body.fileName, stores nothing, and the tenant’s later uploads still work', async () => {
    const own = await api.newTenant('evi-dots');
    for (const fileName of ['..', '.', ' .. ', 'a\u007fb.pdf', 'a\u0085b.pdf']) {
      const reply = await api.call('POST', '/evidence', { token: own.adminToken, body: { fileName, contentType: 'application/pdf', size: pdf.length } });
      expectProblem(reply, 400, 'body.fileName');
    }
    expect(await evidenceCount(own.tenantId)).toBe(0);

    const fine = await api.call('POST', '/evidence', {
      token: own.adminToken,
      body: { fileName: '..report..pdf', contentType: 'application/pdf', size: pdf.length },
    });
    expect(fine.status).toBe(201);
    expect((await upload(fine.body.upload, pdf)).status).toBe(204);
    expect((await api.call('POST', `/evidence/${fine.body.id}/completion`, { token: own.adminToken })).status).toBe(200);
  });
});

describe('evidence follows the read rule of its subject', () => {
  let own: { tenantId: string; adminToken: string; adminId: string };
  let staff: string;
  let owner: string;
  let asset: { id: string };
  let assetEvidence: { id: string; upload: { url: string; method: string; fields: Record<string, string> } };
  beforeAll(async () => {
    own = await api.newTenant('evi-subject');
    staff = await api.tokenFor(own.tenantId, 'clerk', ['staff']);
    owner = await api.tokenFor(own.tenantId, 'keeper', ['asset-owner']);
    asset = (
      await api.call('POST', '/assets', {
        token: own.adminToken,
        body: { name: 'Billing DB', type: 'information', owner: own.adminId, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2 },
      })
    ).body;
    assetEvidence = (
      await api.call('POST', '/evidence', {
        token: own.adminToken,
        body: { fileName: 'asset.pdf', contentType: 'application/pdf', size: pdf.length, subject: { type: 'asset', id: asset.id } },
      })
    ).body;
    await upload(assetEvidence.upload, pdf);
    expect((await api.call('POST', `/evidence/${assetEvidence.id}/completion`, { token: own.adminToken })).status).toBe(200);
  });

  it('is hidden (404) from a caller who may not read the subject, as the subject itself is', async () => {
    expect((await api.call('GET', `/assets/${asset.id}`, { token: staff })).status).toBe(403);
    const read = await api.call('GET', `/evidence/${assetEvidence.id}`, { token: staff });
    expect(read.status).toBe(404);
    expect(read.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.stringify(read.body)).not.toContain('/_local/blobs/');
    expect((await api.call('POST', `/evidence/${assetEvidence.id}/completion`, { token: staff })).status).toBe(404);
    // Who may read the asset reads its evidence, with the download.
    const byOwner = await api.call('GET', `/evidence/${assetEvidence.id}`, { token: owner });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.download.url).toContain('/_local/blobs/');
  });

  it('may be attached only to a subject the caller may read; an existing and a missing one answer alike', async () => {
    const attach = (token: string, id: string) =>
      api.call('POST', '/evidence', { token, body: { fileName: 'probe.pdf', contentType: 'application/pdf', size: 10, subject: { type: 'asset', id } } });
    const existing = await attach(staff, asset.id);
    const missing = await attach(staff, '01JDQ8R6Z8W4X3N2K1M0P9Q7RS');
    expectProblem(existing, 422, 'body.subject');
    expect({ ...existing.body, instance: undefined }).toEqual({ ...missing.body, instance: undefined });
    expect((await attach(owner, asset.id)).status).toBe(201);
  });

  it('attaches only to declared subject types', async () => {
    const before = await evidenceCount(own.tenantId);
    const reply = await api.call('POST', '/evidence', {
      token: own.adminToken,
      body: { fileName: 'x.pdf', contentType: 'application/pdf', size: 10, subject: { type: 'audit-digest', id: 'anything' } },
    });
    expectProblem(reply, 422, 'body.subject.type');
    expect(await evidenceCount(own.tenantId)).toBe(before);
  });

  it('without a subject stays readable by every role of the tenant', async () => {
    const free = (
      await api.call('POST', '/evidence', { token: own.adminToken, body: { fileName: 'free.pdf', contentType: 'application/pdf', size: pdf.length } })
    ).body;
    expect((await api.call('GET', `/evidence/${free.id}`, { token: staff })).status).toBe(200);
  });
});

describe('completing an upload', () => {
  it('is the uploader’s alone (403 for anyone else), and the evidence names its uploader', async () => {
    const own = await api.newTenant('evi-uploader');
    const colleague = await api.tokenFor(own.tenantId, 'colleague', ['admin']);
    const started = await api.call('POST', '/evidence', {
      token: own.adminToken,
      body: { fileName: 'mine.pdf', contentType: 'application/pdf', size: pdf.length },
    });
    expect(started.body.uploadedBy).toEqual(expect.any(String));
    await upload(started.body.upload, pdf);
    const refused = await api.call('POST', `/evidence/${started.body.id}/completion`, { token: colleague });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect((await api.call('GET', `/evidence/${started.body.id}`, { token: colleague })).body.status).toBe('awaiting-upload');
    const done = await api.call('POST', `/evidence/${started.body.id}/completion`, { token: own.adminToken });
    expect(done.status).toBe(200);
    expect(done.body.uploadedBy).toBe(started.body.uploadedBy);
  });
});

describe('the local blob folder', () => {
  it('keeps uploads owner-only: folders 0700, files 0600', async () => {
    const started = await api.call('POST', '/evidence', {
      token: tenant.adminToken,
      body: { fileName: 'private.pdf', contentType: 'application/pdf', size: pdf.length },
    });
    expect((await upload(started.body.upload, pdf)).status).toBe(204);
    const file = localBlobPath(objectKey(tenant.tenantId, 'evidence', started.body.id, 'private.pdf'));
    expect(file.startsWith(blobRoot)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}.type`).mode & 0o777).toBe(0o600);
    for (let folder = dirname(file); folder.length >= blobRoot.length; folder = dirname(folder)) expect(statSync(folder).mode & 0o777, folder).toBe(0o700);
  });

  it('answers a link that is not valid percent-encoding with 400 naming path', async () => {
    const reply = await fetch(`${api.url}/_local/blobs/%E0%A4%A`);
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(((await reply.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toContain('path');
  });
});
