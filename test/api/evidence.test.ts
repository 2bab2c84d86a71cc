// Evidence: presigned upload under the tenant's prefix, SHA-256 on completion, audited link, presigned
// download, immutability, and refusal across tenants.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('evi');
});
afterAll(() => api.close());

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
    const bad = await api.call('POST', '/evidence', { token: tenant.adminToken, body: { fileName: '../etc/passwd', contentType: 'application/x-sh', size: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['body.contentType', 'body.fileName', 'body.size']);
    const orphan = await api.call('POST', '/evidence', {
      token: tenant.adminToken,
      body: { fileName: 'x.pdf', contentType: 'application/pdf', size: 10, subject: { type: 'asset', id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RS' } },
    });
    expect(orphan.status).toBe(422);

    const mine = (await api.call('POST', '/evidence', { token: tenant.adminToken, body: { fileName: 'a.pdf', contentType: 'application/pdf', size: pdf.length } })).body;
    const forged = mine.upload.url.replace(/\/_local\/blobs\/([^.]+)\./, (_: string, payload: string) => `/_local/blobs/${payload}x.`);
    expect((await fetch(forged, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: pdf })).status).toBe(403);
    await upload(mine.upload, pdf);

    const other = await api.newTenant('evi-b');
    expect((await api.call('GET', `/evidence/${mine.id}`, { token: other.adminToken })).status).toBe(404);
    expect((await api.call('POST', `/evidence/${mine.id}/completion`, { token: other.adminToken })).status).toBe(404);
    expect((await api.call('GET', `/evidence/${mine.id}`, { token: tenant.adminToken })).body.status).toBe('awaiting-upload');
  });
});
