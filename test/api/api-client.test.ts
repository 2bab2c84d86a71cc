// The typed API client (packages/api-client) against the local stack: requests and answers shaped by the
// generated types, the token from the caller, refusals as the API's problem+json naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, isProblem, type Problem, type Schemas } from '@ismf/api-client/client';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let other: { tenantId: string; adminToken: string; adminId: string };
beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('client');
  other = await api.newTenant('client-other');
});
afterAll(() => api.close());

/** The refusal as the API's problem: our own answers always are (the gateway's `{ message }` only in AWS). */
function problemOf(error: unknown): Problem {
  if (!isProblem(error)) throw new Error(`not a problem: ${JSON.stringify(error)}`);
  return error;
}

// Through the suite's checked fetch: every answer the client gets is held to the contract, as api.call's are.
const as = (token: string | undefined) => createApiClient({ baseUrl: api.url, token: () => token, fetch: api.fetch });

const asset = (): Schemas['CreateAssetRequest'] => ({
  name: 'Core router PE-7',
  type: 'physical',
  owner: tenant.adminId,
  classification: 'internal',
  confidentiality: 3,
  integrity: 4,
  availability: 5,
});

describe('the typed API client', () => {
  it('registers, reads and changes an asset with the shapes the document gives', async () => {
    const client = as(tenant.adminToken);
    const created = await client.POST('/assets', { body: asset(), params: { header: { 'Idempotency-Key': 'client-1' } } });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;
    expect(created.response.headers.get('etag')).toBe('"1"');
    const read = await client.GET('/assets/{assetId}', { params: { path: { assetId: id } } });
    expect(read.data).toMatchObject({ id, name: 'Core router PE-7', importance: 5, ownerPerson: { id: tenant.adminId } });
    const changed = await client.PATCH('/assets/{assetId}', {
      params: { path: { assetId: id }, header: { 'If-Match': '"1"' } },
      body: { location: 'Frankfurt POP 2', reason: 'moved' },
    });
    expect(changed.data).toMatchObject({ location: 'Frankfurt POP 2', version: 2 });
    const page = await client.GET('/assets', { params: { query: { q: 'core router' } } });
    expect(page.data!.items.map((item) => item.id)).toEqual([id]);
  });

  it('hands back a refusal as the problem, naming the field, and stores nothing', async () => {
    const client = as(tenant.adminToken);
    const refused = await client.POST('/assets', { body: { ...asset(), confidentiality: 9 } });
    expect(refused.response.status).toBe(400);
    expect(problemOf(refused.error).errors).toEqual([{ path: 'body.confidentiality', message: expect.any(String) }]);
    const stale = await client.PATCH('/assets/{assetId}', {
      params: { path: { assetId: (await client.GET('/assets')).data!.items[0]!.id }, header: { 'If-Match': '"1"' } },
      body: { location: 'elsewhere', reason: 'stale' },
    });
    expect([stale.response.status, problemOf(stale.error).type]).toEqual([412, 'https://ismf.dev/problems/stale-version']);
  });

  it('carries only the token it is given: none is a 401, another tenant’s sees nothing of this one', async () => {
    const mine = (await as(tenant.adminToken).GET('/assets')).data!.items[0]!.id;
    const anonymous = await as(undefined).GET('/assets/{assetId}', { params: { path: { assetId: mine } } });
    expect(anonymous.response.status).toBe(401);
    const foreign = await as(other.adminToken).GET('/assets/{assetId}', { params: { path: { assetId: mine } } });
    expect(foreign.response.status).toBe(404);
    expect((await as(other.adminToken).GET('/assets')).data!.items).toEqual([]);
    // A public route needs none.
    expect((await as(undefined).GET('/health')).response.status).toBe(200);
  });
});
