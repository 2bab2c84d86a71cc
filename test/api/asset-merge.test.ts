// Duplicates merged, and one change applied to many assets — both as jobs. A merged asset answers 410
// pointing at the survivor; both histories stay, linked; dependents follow the survivor; components and
// the external id move. A bulk change writes each asset in its own version and says per asset what it did.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { assetImports } from '../support/asset-imports.ts';
import { download, jobEnded } from '../support/jobs.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
const { postSbom } = assetImports(
  () => api,
  () => tenant,
);

beforeAll(async () => {
  api = await startApi({ events: true });
  tenant = await api.newTenant('merge');
  api.relay!.start();
}, 60_000);
afterAll(() => api.close());

async function register(name: string, extra: Record<string, unknown> = {}) {
  const reply = await api.call('POST', '/assets', {
    token: tenant.adminToken,
    body: { name, type: 'physical', owner: tenant.adminId, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2, ...extra },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { id: string; version: number };
}

const read = (id: string) => api.call('GET', `/assets/${id}`, { token: tenant.adminToken });
const dependOn = async (id: string, targets: string[]) =>
  api.call('PUT', `/assets/${id}/dependencies`, {
    token: tenant.adminToken,
    body: { dependsOn: targets, reason: 'wired' },
    headers: { 'if-match': `"${(await read(id)).body.version}"` },
  });

describe('merging a duplicate', () => {
  it('moves dependents, dependencies, components and the external id; the merged asset answers 410 with its history kept', async () => {
    const sbom = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      metadata: { component: { type: 'application', name: 'oss-portal', version: '4.2.0' } },
      components: [
        { type: 'library', name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' },
        { type: 'library', name: 'express', version: '4.18.2', purl: 'pkg:npm/express@4.18.2' },
      ],
    });
    const imported = await postSbom(sbom, 'application/vnd.cyclonedx+json');
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const duplicate = imported.body.asset as { id: string };
    await api.call('PATCH', `/assets/${duplicate.id}`, {
      token: tenant.adminToken,
      body: { externalId: 'CMDB-OSS-1', reason: 'from the CMDB' },
      headers: { 'if-match': '"2"' },
    });
    const survivor = await register('OSS portal', { type: 'software' });
    const site = await register('DC-East');
    const service = await register('Provisioning', { type: 'service' });
    expect((await dependOn(duplicate.id, [site.id])).status).toBe(200);
    expect((await dependOn(service.id, [duplicate.id])).status).toBe(200);

    const started = await api.call('POST', `/assets/${duplicate.id}/merge`, {
      token: tenant.adminToken,
      body: { into: survivor.id, reason: 'registered twice' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.headers.get('location')).toBe(`/jobs/${started.body.id}`);
    const job = await jobEnded(api, tenant.adminToken, started.body.id);
    expect(job).toMatchObject({ state: 'succeeded', kind: 'asset-merge', counts: { merged: 1, dependentsMoved: 1, components: 2 } });

    const gone = await read(duplicate.id);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ status: 410, mergedInto: survivor.id });
    expect(gone.headers.get('location')).toBe(`/assets/${survivor.id}`);
    const kept = await read(survivor.id);
    expect(kept.body).toMatchObject({ mergedFrom: [duplicate.id], externalId: 'CMDB-OSS-1', dependsOn: [site.id], componentSet: { count: 2 } });
    const components = await api.call('GET', `/assets/${survivor.id}/components`, { token: tenant.adminToken });
    expect(components.body.items.map((item: { name: string }) => item.name).sort()).toEqual(['express', 'lodash']);
    expect((await api.call('GET', `/assets/${service.id}/dependencies`, { token: tenant.adminToken })).body.dependsOn.map((a: { id: string }) => a.id)).toEqual(
      [survivor.id],
    );
    expect(
      (await api.call('GET', `/assets/${site.id}/dependencies`, { token: tenant.adminToken })).body.dependents.map((a: { id: string }) => a.id).sort(),
    ).toEqual([survivor.id]);

    // Both histories stay, each its own chain, and name each other.
    const theirs = (await api.call('GET', `/assets/${duplicate.id}/history`, { token: tenant.adminToken })).body.items;
    expect(theirs.at(-1)).toMatchObject({
      operation: 'asset-merge',
      changes: expect.arrayContaining([expect.objectContaining({ field: 'mergedInto', to: survivor.id })]),
    });
    const ours = (await api.call('GET', `/assets/${survivor.id}/history`, { token: tenant.adminToken })).body.items;
    expect(ours.at(-1)).toMatchObject({
      reason: expect.stringContaining('registered twice'),
      changes: expect.arrayContaining([expect.objectContaining({ field: 'mergedFrom', to: [duplicate.id] })]),
    });
    expect((await api.call('GET', '/audit/verify', { token: tenant.adminToken })).body).toMatchObject({ valid: true });

    // The merged asset takes no changes, and a re-import of its external id lands on the survivor.
    const patch = await api.call('PATCH', `/assets/${duplicate.id}`, {
      token: tenant.adminToken,
      body: { name: 'x', reason: 'x' },
      headers: { 'if-match': '"4"' },
    });
    expect(patch.status).toBe(410);
    expect((await api.call('POST', `/assets/${duplicate.id}/merge`, { token: tenant.adminToken, body: { into: site.id, reason: 'x' } })).status).toBe(410);
  });

  it('refuses at once: itself, another tenant’s asset, both with components, a wrong role', async () => {
    const a = await register('Dup A');
    const b = await register('Dup B');
    const refused = await api.call('POST', `/assets/${a.id}/merge`, { token: tenant.adminToken, body: { into: a.id, reason: 'x' } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'body.into' })]);
    const other = await api.newTenant('merge-b');
    expect((await api.call('POST', `/assets/${a.id}/merge`, { token: other.adminToken, body: { into: b.id, reason: 'x' } })).status).toBe(404);
    const theirs = await api.call('POST', '/assets', {
      token: other.adminToken,
      body: { name: 'Theirs', type: 'physical', owner: other.adminId, classification: 'internal', confidentiality: 1, integrity: 1, availability: 1 },
    });
    expect((await api.call('POST', `/assets/${a.id}/merge`, { token: tenant.adminToken, body: { into: theirs.body.id, reason: 'x' } })).status).toBe(422);
    const owner = await api.tokenFor(tenant.tenantId, 'olli.owner', ['asset-owner']);
    expect((await api.call('POST', `/assets/${a.id}/merge`, { token: owner, body: { into: b.id, reason: 'x' } })).status).toBe(403);
    expect((await read(a.id)).body.version).toBe(1);

    // Two SBOM-backed assets: which components are right is not guessed.
    const sbomOf = (name: string) =>
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        version: 1,
        metadata: { component: { type: 'application', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0` } },
        components: [{ type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
      });
    const first = (await postSbom(sbomOf('billing-ui'), 'application/vnd.cyclonedx+json')).body.asset as { id: string };
    const second = (await postSbom(sbomOf('billing-ui-copy'), 'application/vnd.cyclonedx+json')).body.asset as { id: string };
    const both = await api.call('POST', `/assets/${first.id}/merge`, { token: tenant.adminToken, body: { into: second.id, reason: 'x' } });
    expect(both.status).toBe(409);
    expect(both.body.detail).toContain('both assets have SBOM components');
    // A disposed asset takes nothing in.
    const gone = await register('Gone');
    await api.call('POST', `/assets/${gone.id}/retirement`, { token: tenant.adminToken, body: { reason: 'x' }, headers: { 'if-match': '"1"' } });
    const into = await api.call('POST', `/assets/${a.id}/merge`, { token: tenant.adminToken, body: { into: gone.id, reason: 'x' } });
    expect(into.status).toBe(202); // retired is still an asset that can take a duplicate in
    await jobEnded(api, tenant.adminToken, into.body.id);
  });

  it('drops the survivor’s own dependency on the duplicate, keeps each dependency once, and runs again as a no-op', async () => {
    const site = await register('Site S');
    const duplicate = await register('Switch dup');
    const survivor = await register('Switch');
    const service = await register('Service on both', { type: 'service' });
    expect((await dependOn(duplicate.id, [site.id])).status).toBe(200);
    expect((await dependOn(survivor.id, [duplicate.id, site.id])).status).toBe(200);
    expect((await dependOn(service.id, [duplicate.id, survivor.id])).status).toBe(200);

    const started = await api.call('POST', `/assets/${duplicate.id}/merge`, { token: tenant.adminToken, body: { into: survivor.id, reason: 'one switch' } });
    const job = await jobEnded(api, tenant.adminToken, started.body.id);
    expect(job).toMatchObject({ state: 'succeeded', counts: { merged: 1, dependentsMoved: 2, components: 0 } });
    // The survivor depended on the duplicate: that dependency goes (it would depend on itself); the site stays once.
    expect((await read(survivor.id)).body.dependsOn).toEqual([site.id]);
    // The service depended on both: it now depends on the survivor, once.
    expect((await read(service.id)).body.dependsOn).toEqual([survivor.id]);
    const siteSide = await api.call('GET', `/assets/${site.id}/dependencies`, { token: tenant.adminToken });
    expect(siteSide.body.dependents.map((asset: { id: string }) => asset.id)).toEqual([survivor.id]);

    // The job run again (a retried chunk) finds the merge done and changes nothing.
    const { mergeAssetsChunk } = await import('@ismf/assets/merge');
    const version = (await read(survivor.id)).body.version;
    const again = await mergeAssetsChunk({
      tenantId: tenant.tenantId,
      job: { id: started.body.id, data: { parameters: { source: duplicate.id, into: survivor.id, reason: 'one switch' } } },
      write: { actor: { userId: 'system:test', roles: ['admin'] }, operation: 'asset-merge' },
    } as never);
    expect(again.counts).toEqual({ merged: 0 });
    expect((await read(survivor.id)).body.version).toBe(version);
  });
});

describe('a bulk change', () => {
  it('changes each asset in its own version with the reason, and says per asset what happened', async () => {
    const assets = [
      await register('Bulk 1', { labels: ['bulk'] }),
      await register('Bulk 2', { labels: ['bulk'] }),
      await register('Bulk 3', { labels: ['bulk'], classification: 'confidential' }),
    ];
    const byFilter = await api.call('POST', '/assets/bulk-changes', {
      token: tenant.adminToken,
      body: { filter: { label: 'bulk' }, patch: { classification: 'confidential', location: 'DC-West' }, reason: 'moved to DC-West' },
    });
    expect(byFilter.status, JSON.stringify(byFilter.body)).toBe(202);
    const job = await jobEnded(api, tenant.adminToken, byFilter.body.id);
    expect(job).toMatchObject({ state: 'succeeded', counts: { changed: 3, unchanged: 0, conflict: 0, refused: 0 } });
    for (const asset of assets) {
      const after = (await read(asset.id)).body;
      expect(after).toMatchObject({ classification: 'confidential', location: 'DC-West', version: 2 });
      const history = (await api.call('GET', `/assets/${asset.id}/history`, { token: tenant.adminToken })).body.items;
      expect(history.at(-1)).toMatchObject({ reason: 'moved to DC-West', operation: 'asset-bulk-change' });
    }

    // By ids: one unchanged, one changed meanwhile (a conflict), one the policy refuses, one fine.
    const fine = await register('Bulk 4');
    const byIds = await api.call('POST', '/assets/bulk-changes', {
      token: tenant.adminToken,
      body: {
        ids: [assets[0]!.id, { id: assets[1]!.id, version: 1 }, fine.id],
        patch: { location: 'DC-West' },
        reason: 'the rest of the move',
      },
    });
    const second = await jobEnded(api, tenant.adminToken, byIds.body.id);
    expect(second.counts).toMatchObject({ changed: 1, unchanged: 1, conflict: 1 });
    const rows = parse(await download(second.output), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.assetId, row.outcome])).toEqual([
      [assets[0]!.id, 'unchanged'],
      [assets[1]!.id, 'conflict'],
      [fine.id, 'changed'],
    ]);
    expect(rows[1]!.message).toBe('at version 2, not 1');

    const policyBreak = await api.call('POST', '/assets/bulk-changes', {
      token: tenant.adminToken,
      body: { ids: [fine.id], patch: { classification: 'top-secret-ish' }, reason: 'x' },
    });
    const third = await jobEnded(api, tenant.adminToken, policyBreak.body.id);
    expect(third.counts).toMatchObject({ refused: 1 });
    const refusedRows = parse(await download(third.output), { columns: true }) as Record<string, string>[];
    expect(refusedRows[0]!.message).toContain('body.classification');
  });

  it('refuses a body naming both ids and a filter, an empty patch, and a wrong role', async () => {
    const both = await api.call('POST', '/assets/bulk-changes', {
      token: tenant.adminToken,
      body: { ids: ['01JDQ8R6Z8W4X3N2K1M0P9Q7RS'], filter: {}, patch: { location: 'x' }, reason: 'x' },
    });
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ path: 'body.ids' })]);
    const empty = await api.call('POST', '/assets/bulk-changes', { token: tenant.adminToken, body: { filter: {}, patch: {}, reason: 'x' } });
    expect(empty.body.errors).toEqual([expect.objectContaining({ path: 'body.patch' })]);
    const owner = await api.tokenFor(tenant.tenantId, 'olli.owner', ['asset-owner']);
    expect((await api.call('POST', '/assets/bulk-changes', { token: owner, body: { filter: {}, patch: { location: 'x' }, reason: 'x' } })).status).toBe(403);
  });
});
