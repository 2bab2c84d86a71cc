// Every create takes an Idempotency-Key: twenty parallel retries of one request make one record, one 201
// and nineteen replays (200) of the same answer. The cases are keyed by the catalogue, so a new create
// without a case here fails this file.
import { registry } from '@ismf/app/areas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchAdvisory } from '@ismf/early-warning/early-warnings';
import { moveRequirements } from '@ismf/patches/moves';
import { keys } from '@ismf/store/keys';
import { queryIndex } from '@ismf/store/query';
import { startApi, uniqueSlug, type Api } from '../support/api.ts';

const { operations } = registry;

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('idem');
});
afterAll(() => api.close());

/** The records of one type in a tenant's list (GSI1), read straight from the table: what was really stored. */
async function stored(owner: string, type: string): Promise<{ id: string; data: Record<string, unknown> }[]> {
  return (await queryIndex('GSI1', keys.entityList(owner, type))) as { id: string; data: Record<string, unknown> }[];
}

interface CreateCase {
  token: () => string;
  body: (marker: string) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** The id the answer names. */
  id: (body: any) => string;
  /** How many records the request made, counted in the table. */
  count: (marker: string) => Promise<number>;
  /** The path, when it names a record of the tenant (made for the marker). */
  path?: (marker: string) => Promise<string>;
}

/** An early warning of the tenant with recommendations to review: a manual advisory's, its recommendations a person's. */
async function earlyWarningToReview(marker: string): Promise<string> {
  const entered = await api.call('POST', '/advisories', { token: tenant.adminToken, body: { title: `Advisory ${marker}`, publisher: { name: 'Idem PSIRT' } } });
  // Matched in process (this file runs no bus): what the matchAdvisory consumer does on AdvisoryAccepted.
  const matched = await matchAdvisory({ actor: { userId: 'test', roles: [] }, operation: 'matchAdvisory' }, tenant.tenantId, entered.body.id, {
    table: 'write',
    objects: 'read',
  });
  const warning = (await api.call('GET', `/early-warnings/${matched!.earlyWarningId}`, { token: tenant.adminToken })).body as { id: string; version: number };
  const set = await api.call('PUT', `/early-warnings/${warning.id}/recommendations`, {
    token: tenant.adminToken,
    body: { recommendations: [{ kind: 'no-action', summary: 'Watch it' }], reason: marker },
    headers: { 'if-match': `"${warning.version}"` },
  });
  expect(set.status).toBe(200);
  return `/early-warnings/${warning.id}/recommendation-reviews`;
}

/** A requirement of the tenant from a vendor bulletin, on an asset of its own (its fix named by the marker), in a state. */
async function requirementFor(marker: string, state: 'open' | 'tested' = 'open'): Promise<string> {
  const asset = await api.call('POST', '/assets', {
    token: tenant.adminToken,
    body: { name: `Router ${marker}`, type: 'physical', owner: tenant.adminId, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2 },
  });
  const entered = await api.call('POST', '/patch-requirements', {
    token: tenant.adminToken,
    body: { assetIds: [asset.body.id], product: 'Junos OS', fixedVersion: marker, summary: `Install ${marker}`, bulletin: { title: marker }, priority: 'high' },
  });
  const id = entered.body.items[0].id as string;
  // Moved in process (this file runs no bus): what a passed lab test's event does.
  if (state === 'tested')
    await moveRequirements({ actor: { userId: 'test', roles: [] }, operation: 'movePatchRequirements' }, tenant.tenantId, {
      requirementIds: [id],
      from: ['open'],
      to: 'tested',
      reason: 'tested',
    });
  return id;
}

const cases: Record<string, CreateCase> = {
  createTenant: {
    token: () => api.operator,
    body: (marker) => ({ slug: marker, name: `Tenant ${marker}`, adminEmail: `admin@${marker}.example` }),
    id: (body) => body.tenant.id,
    // One tenant, and one first administrator (a second onboarding would have made a second admin).
    count: async (marker) => (await stored(marker, 'user')).length,
  },
  createUser: {
    token: () => tenant.adminToken,
    body: (marker) => ({ email: `${marker}@idem.example`, displayName: 'Idem Potent', roles: ['staff'] }),
    id: (body) => body.id,
    count: async (marker) => (await stored(tenant.tenantId, 'user')).filter((item) => item.data.email === `${marker}@idem.example`).length,
  },
  createAsset: {
    token: () => tenant.adminToken,
    body: (marker) => ({
      name: marker,
      type: 'physical',
      owner: tenant.adminId,
      classification: 'internal',
      confidentiality: 2,
      integrity: 2,
      availability: 2,
    }),
    id: (body) => body.id,
    count: async (marker) => (await stored(tenant.tenantId, 'asset')).filter((item) => item.data.name === marker).length,
  },
  createAssetPolicyChange: {
    token: () => tenant.adminToken,
    body: async (marker) => {
      const { version: _version, ...policy } = (await api.call('GET', '/asset-policy', { token: tenant.adminToken })).body;
      return { policy, reason: marker };
    },
    id: (body) => body.id,
    count: async (marker) => (await stored(tenant.tenantId, 'asset-policy-change')).filter((item) => item.data.reason === marker).length,
  },
  createEvidence: {
    token: () => tenant.adminToken,
    body: (marker) => ({ fileName: `${marker}.pdf`, contentType: 'application/pdf', size: 1000 }),
    id: (body) => body.id,
    count: async (marker) => (await stored(tenant.tenantId, 'evidence')).filter((item) => item.data.fileName === `${marker}.pdf`).length,
  },
  createChangeRequest: {
    token: () => tenant.adminToken,
    body: async (marker) => {
      const asset = await api.call('POST', '/assets', {
        token: tenant.adminToken,
        body: {
          name: `${marker} asset`,
          type: 'physical',
          owner: tenant.adminId,
          classification: 'internal',
          confidentiality: 2,
          integrity: 2,
          availability: 2,
        },
      });
      return {
        title: marker,
        reason: 'idempotency',
        class: 'normal',
        assets: [asset.body.id],
        requestedWindow: { start: '2031-01-01T01:00:00.000Z', end: '2031-01-01T03:00:00.000Z' },
      };
    },
    id: (body) => body.id,
    count: async (marker) => (await stored(tenant.tenantId, 'change-request')).filter((item) => item.data.title === marker).length,
  },
  createChangeFreeze: {
    token: () => tenant.adminToken,
    body: (marker) => ({ name: marker, start: '2031-01-01T00:00:00.000Z', end: '2031-01-02T00:00:00.000Z', reason: 'idempotency' }),
    id: (body) => body.id,
    count: async (marker) => (await stored(tenant.tenantId, 'change-freeze')).filter((item) => item.data.name === marker).length,
  },
  createAdvisorySource: {
    token: () => tenant.adminToken,
    body: (marker) => ({ name: marker, kind: 'vendor' }),
    id: (body) => body.id,
    // One source; only the first answer carries its secret, and no replay another one.
    count: async (marker) => (await stored(tenant.tenantId, 'advisory-source')).filter((item) => item.data.name === marker).length,
  },
  createChangeTemplate: {
    token: () => tenant.adminToken,
    body: (marker) => ({ name: marker, description: 'idempotency', steps: ['one step'], rollback: ['undo it'] }),
    id: (body) => body.id,
    // One template, and one flow for it: a replay starts no second approval.
    count: async (marker) => (await stored(tenant.tenantId, 'change-template')).filter((item) => item.data.name === marker).length,
  },
  createManualAdvisory: {
    token: () => tenant.adminToken,
    body: (marker) => ({ title: marker, publisher: { name: 'Idem PSIRT' }, cvssVectors: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'] }),
    id: (body) => body.id,
    // One advisory: the retries derive the entry (its delivery and document id) from the key's claim.
    count: async (marker) => (await stored(tenant.tenantId, 'advisory')).filter((item) => item.data.title === marker).length,
  },
  requestRecommendationReview: {
    token: () => tenant.adminToken,
    path: earlyWarningToReview,
    body: (marker) => ({ reason: marker }),
    id: (body) => body.id,
    // One review, and one flow for it: a replay starts no second decision.
    count: async (marker) => (await stored(tenant.tenantId, 'recommendation-review')).filter((item) => item.data.reason === marker).length,
  },
  createPatchRequirements: {
    token: () => tenant.adminToken,
    body: async (marker) => {
      const asset = await api.call('POST', '/assets', {
        token: tenant.adminToken,
        body: {
          name: `Switch ${marker}`,
          type: 'physical',
          owner: tenant.adminId,
          classification: 'internal',
          confidentiality: 2,
          integrity: 2,
          availability: 2,
        },
      });
      return { assetIds: [asset.body.id], product: 'EOS', fixedVersion: '4.30.1F', summary: marker, bulletin: { title: marker }, priority: 'medium' };
    },
    id: (body) => body.items[0].id,
    count: async (marker) => (await stored(tenant.tenantId, 'patch-requirement')).filter((item) => item.data.summary === marker).length,
  },
  requestPatchTest: {
    token: () => tenant.adminToken,
    body: async (marker) => ({ requirementIds: [await requirementFor(marker)], reason: marker }),
    id: (body) => body.id,
    // One test, and one flow for it: a replay asks nobody twice.
    count: async (marker) => (await stored(tenant.tenantId, 'patch-test')).filter((item) => item.data.reason === marker).length,
  },
  createPatchWave: {
    token: () => tenant.adminToken,
    body: async (marker) => ({
      requirementIds: [await requirementFor(marker, 'tested')],
      window: { start: '2030-01-05T01:00:00Z', end: '2030-01-05T03:00:00Z' },
      reason: marker,
    }),
    id: (body) => body.id,
    count: async (marker) => (await stored(tenant.tenantId, 'patch-wave')).filter((item) => item.data.reason === marker).length,
  },
  createWeaknessReport: {
    token: () => tenant.adminToken,
    body: (marker) => ({ title: marker, description: 'idempotency' }),
    id: (body) => body.id,
    count: async (marker) => (await stored(tenant.tenantId, 'weakness-report')).filter((item) => item.data.title === marker).length,
  },
};

const creates = operations.filter((operation) => operation.successStatus === 201);

describe('Idempotency-Key on every create', () => {
  it('has a case for every create in the catalogue', () => {
    expect(Object.keys(cases).sort()).toEqual(creates.map((operation) => operation.name).sort());
  });

  it.each(creates.map((operation) => [operation.name, operation] as const))('%s: twenty parallel retries make one record', async (name, operation) => {
    const create = cases[name]!;
    const marker = uniqueSlug('idem');
    const body = await create.body(marker);
    const key = `retry-${marker}`;
    const path = create.path ? await create.path(marker) : operation.path;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => api.call(operation.method, path, { token: create.token(), body, headers: { 'idempotency-key': key } })),
    );
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses, JSON.stringify(replies.find((reply) => reply.status >= 300)?.body)).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(replies.map((reply) => create.id(reply.body))).size).toBe(1);
    expect(await create.count(marker)).toBe(1);
    // The same key with another body is refused, and stores nothing.
    const other = await api.call(operation.method, path, {
      token: create.token(),
      body: await create.body(`${marker}-x`),
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    expect(other.body.errors[0].path).toBe('header.idempotency-key');
    expect(await create.count(`${marker}-x`)).toBe(0);
  });
});
