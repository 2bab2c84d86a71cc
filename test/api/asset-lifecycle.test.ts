// The whole asset lifecycle over HTTP (X.1051 7.1.3, 9.2.6, 9.2.7): active → retired → disposed with
// sanitisation evidence, each step with its reason in the history; lists show active assets unless
// asked; a disposed asset refuses every change; off-site removal needs an authorisation; acceptable use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { assetImports } from '../support/asset-imports.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let manager: { id: string; email: string };
let engineer: { id: string; token: string };
const { post } = assetImports(
  () => api,
  () => tenant,
);

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('life');
  const email = `mona.manager@${tenant.tenantId}.example`;
  manager = {
    id: (await api.call('POST', '/users', { token: tenant.adminToken, body: { email, displayName: 'Mona Manager', roles: ['manager'] } })).body.id,
    email,
  };
  const token = await api.tokenFor(tenant.tenantId, 'eli.engineer', ['asset-owner']);
  const users = (await api.call('GET', '/users?limit=100', { token: tenant.adminToken })).body.items as { id: string; email: string }[];
  engineer = { token, id: users.find((user) => user.email.startsWith('eli.engineer'))!.id };
});
afterAll(() => api.close());

const register = async (body: Record<string, unknown> = {}) => {
  const reply = await api.call('POST', '/assets', {
    token: tenant.adminToken,
    body: {
      name: 'Core router CR-7',
      type: 'physical',
      owner: engineer.id,
      classification: 'internal',
      confidentiality: 3,
      integrity: 4,
      availability: 5,
      ...body,
    },
  });
  expect(reply.status).toBe(201);
  return reply.body as { id: string; version: number };
};

const step = (id: string, path: string, version: number, body: unknown, token = tenant.adminToken) =>
  api.call('POST', `/assets/${id}/${path}`, { token, body, headers: { 'if-match': `"${version}"` } });

async function sanitisationEvidence(subject?: { type: string; id: string }) {
  const pdf = Buffer.from('%PDF-1.4\n% certificate of destruction\n%%EOF\n');
  const started = await api.call('POST', '/evidence', {
    token: tenant.adminToken,
    body: { fileName: 'destruction-certificate.pdf', contentType: 'application/pdf', size: pdf.length, ...(subject ? { subject } : {}) },
  });
  const uploaded = await fetch(started.body.upload.url, { method: started.body.upload.method, headers: { 'content-type': 'application/pdf' }, body: pdf });
  expect(uploaded.status).toBe(204);
  expect((await api.call('POST', `/evidence/${started.body.id}/completion`, { token: tenant.adminToken })).status).toBe(200);
  return started.body.id as string;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('the asset lifecycle', () => {
  it('retires, then disposes with sanitisation evidence; the history shows each step with its reason', async () => {
    const asset = await register();
    const disposeFirst = await step(asset.id, 'disposal', 1, { method: 'destruction', disposedOn: today(), performedBy: 'SecureShred Ltd.', reason: 'eol' });
    expect(disposeFirst.status).toBe(409); // an active asset is retired first

    const retired = await step(asset.id, 'retirement', 1, { reason: 'replaced by CR-9' });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ status: 'retired', retirement: { on: today(), reason: 'replaced by CR-9' }, version: 2 });
    expect((await step(asset.id, 'retirement', 2, { reason: 'again' })).status).toBe(409);
    // No longer reviewed.
    expect((await api.call('POST', `/assets/${asset.id}/reviews`, { token: tenant.adminToken, body: { outcome: 'confirmed' } })).status).toBe(409);

    const disposal = { method: 'destruction', disposedOn: today(), performedBy: 'SecureShred Ltd.', reason: 'end of life' };
    const withoutEvidence = await step(asset.id, 'disposal', 2, disposal);
    expect(withoutEvidence.status).toBe(422);
    expect(withoutEvidence.body.errors).toEqual([expect.objectContaining({ path: 'body.sanitisation' })]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const evidenceId = await sanitisationEvidence({ type: 'asset', id: asset.id });
    const future = await step(asset.id, 'disposal', 2, { ...disposal, disposedOn: tomorrow, sanitisation: { technique: 'shredded to 2 mm', evidenceId } });
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'body.disposedOn' })]);

    const disposed = await step(asset.id, 'disposal', 2, {
      ...disposal,
      sanitisation: { technique: 'shredded to 2 mm', verifiedBy: 'Mona Manager', evidenceId },
    });
    expect(disposed.status).toBe(200);
    expect(disposed.body).toMatchObject({
      status: 'disposed',
      disposal: { method: 'destruction', on: today(), performedBy: 'SecureShred Ltd.', sanitisation: { evidenceId, verifiedBy: 'Mona Manager' } },
      version: 3,
    });

    const history = await api.call('GET', `/assets/${asset.id}/history`, { token: tenant.adminToken });
    expect(history.body.items.map((entry: { operation: string; reason?: string }) => [entry.operation, entry.reason])).toEqual([
      ['createAsset', undefined],
      ['retireAsset', 'replaced by CR-9'],
      ['disposeAsset', 'end of life'],
    ]);
    expect(history.body.items[2].changes.map((change: { field: string }) => change.field).sort()).toEqual(['disposal', 'status']);
  });

  it('a disposed asset refuses every change: edit, review, lifecycle, import and SBOM', async () => {
    const asset = await register({ name: 'Old laptop', externalId: 'CMDB-LAP-1', type: 'software' });
    await step(asset.id, 'retirement', 1, { reason: 'lost its licence' });
    const evidenceId = await sanitisationEvidence();
    const disposed = await step(asset.id, 'disposal', 2, {
      method: 'secure-deletion',
      disposedOn: today(),
      performedBy: 'IT operations',
      reason: 'uninstalled',
      sanitisation: { technique: 'uninstalled, licence keys revoked', evidenceId },
    });
    expect(disposed.status).toBe(200);
    const patch = await api.call('PATCH', `/assets/${asset.id}`, {
      token: tenant.adminToken,
      body: { name: 'Revived', reason: 'x' },
      headers: { 'if-match': '"3"' },
    });
    expect(patch.status).toBe(409);
    expect(patch.body.detail).toContain('disposed');
    expect((await api.call('POST', `/assets/${asset.id}/reviews`, { token: tenant.adminToken, body: { outcome: 'confirmed' } })).status).toBe(409);
    expect((await step(asset.id, 'retirement', 3, { reason: 'x' })).status).toBe(409);
    const imported = await post(
      JSON.stringify([
        {
          externalId: 'CMDB-LAP-1',
          name: 'Old laptop',
          type: 'software',
          owner: engineer.id,
          classification: 'internal',
          confidentiality: 3,
          integrity: 4,
          availability: 5,
        },
      ]),
      'application/json',
    );
    expect(imported.body.failed).toEqual([{ row: 1, errors: [{ path: 'rows[1].externalId', message: 'this asset was disposed of: it takes no changes' }] }]);
    const sbom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [] });
    const onto = await api.call('POST', `/assets/sbom-import?asset=${asset.id}`, {
      token: tenant.adminToken,
      rawBody: sbom,
      headers: { 'content-type': 'application/vnd.cyclonedx+json' },
    });
    expect(onto.status).toBe(409);
    expect((await api.call('GET', `/assets/${asset.id}`, { token: tenant.adminToken })).body.version).toBe(3);
  });

  it('lists active assets unless asked, and each status on request', async () => {
    const kept = await register({ name: 'Status probe active' });
    const gone = await register({ name: 'Status probe retired' });
    await step(gone.id, 'retirement', 1, { reason: 'decommissioned' });
    const names = async (query: string) =>
      ((await api.call('GET', `/assets?limit=100${query}`, { token: tenant.adminToken })).body.items as { name: string; status: string }[]).map(
        (asset) => asset.name,
      );
    expect(await names('')).toContain('Status probe active');
    expect(await names('')).not.toContain('Status probe retired');
    expect(await names('&status=retired')).toEqual(expect.arrayContaining(['Status probe retired']));
    expect(await names('&status=retired')).not.toContain('Status probe active');
    expect(await names('&status=all')).toEqual(expect.arrayContaining(['Status probe active', 'Status probe retired']));
    // A retired asset is never due for review.
    const due = await api.call('GET', '/assets?reviewState=due&status=retired', { token: tenant.adminToken });
    expect(due.status).toBe(400);
    expect(due.body.errors).toEqual([expect.objectContaining({ path: 'query.status' })]);
    expect(kept.id).toEqual(expect.any(String));
  });

  it('records removal off site with an authorisation from someone else who may give it, and the return', async () => {
    const asset = await register({ name: 'Spectrum analyser' });
    const removal = { destination: 'Vendor lab, Espoo', purpose: 'calibration', takenBy: engineer.id, authorizedBy: manager.email, expectedReturnOn: today() };
    const self = await step(asset.id, 'off-site-removal', 1, { ...removal, authorizedBy: engineer.id }, engineer.token);
    expect(self.status).toBe(422);
    expect(self.body.errors).toEqual([expect.objectContaining({ path: 'body.authorizedBy' })]);
    const unauthorised = await step(asset.id, 'off-site-removal', 1, { ...removal, takenBy: manager.id, authorizedBy: engineer.id }, engineer.token);
    expect(unauthorised.body.errors).toEqual([expect.objectContaining({ path: 'body.authorizedBy', message: expect.stringContaining('manager') })]);

    const away = await step(asset.id, 'off-site-removal', 1, removal, engineer.token);
    expect(away.status).toBe(200);
    expect(away.body.offSite).toMatchObject({ destination: 'Vendor lab, Espoo', takenBy: engineer.id, authorizedBy: manager.id, removedOn: today() });
    expect((await step(asset.id, 'off-site-removal', 2, removal, engineer.token)).status).toBe(409);
    expect((await step(asset.id, 'retirement', 2, { reason: 'x' })).status).toBe(409); // returns first
    const back = await step(asset.id, 'off-site-return', 2, { note: 'calibrated, seals intact' }, engineer.token);
    expect(back.status).toBe(200);
    expect(back.body).not.toHaveProperty('offSite');
    const history = (await api.call('GET', `/assets/${asset.id}/history`, { token: tenant.adminToken })).body.items;
    expect(history.map((entry: { reason?: string }) => entry.reason).slice(1)).toEqual([
      'taken off site to Vendor lab, Espoo: calibration',
      `back on site on ${today()}: calibrated, seals intact`,
    ]);
    const service = await register({ name: 'Roaming service', type: 'service' });
    expect((await step(service.id, 'off-site-removal', 1, removal)).status).toBe(422);
  });

  it('shows the rules for acceptable use: the asset’s own, then the policy’s for its type', async () => {
    const asset = await register({ name: 'Field laptop', acceptableUse: 'Only the field engineer’s own profile; no USB storage.' });
    const rules = await api.call('GET', `/assets/${asset.id}/acceptable-use`, { token: engineer.token });
    expect(rules.status).toBe(200);
    expect(rules.body).toEqual({
      assetId: asset.id,
      type: 'physical',
      rules: [{ scope: 'asset', title: 'Field laptop', rules: 'Only the field engineer’s own profile; no USB storage.' }],
    });
  });

  it('refuses another tenant’s asset, a wrong role, and a stale version', async () => {
    const asset = await register({ name: 'Isolation probe' });
    const other = await api.newTenant('life-b');
    expect((await step(asset.id, 'retirement', 1, { reason: 'x' }, other.adminToken)).status).toBe(404);
    expect((await api.call('GET', `/assets/${asset.id}/acceptable-use`, { token: other.adminToken })).status).toBe(404);
    const staff = await api.tokenFor(tenant.tenantId, 'sid.staff', ['staff']);
    expect((await step(asset.id, 'retirement', 1, { reason: 'x' }, staff)).status).toBe(403);
    // An asset owner retires their own assets but does not sign off disposal.
    expect((await step(asset.id, 'retirement', 1, { reason: 'x' }, engineer.token)).status).toBe(200);
    expect((await step(asset.id, 'disposal', 2, { method: 'reuse', disposedOn: today(), performedBy: 'x', reason: 'x' }, engineer.token)).status).toBe(403);
    expect((await step(asset.id, 'disposal', 1, { method: 'reuse', disposedOn: today(), performedBy: 'x', reason: 'x' })).status).toBe(412);
    const unknown = await step(asset.id, 'disposal', 2, {
      method: 'reuse',
      disposedOn: today(),
      performedBy: 'x',
      reason: 'x',
      sanitisation: { technique: 'wiped', evidenceId: '01JDQ8R6Z8W4X3N2K1M0P9Q7RS' },
    });
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'body.sanitisation.evidenceId' })]);
  });
});
