// SPDX 2.2/2.3 SBOMs through POST /assets/sbom-import, like CycloneDX; SPDX 3.0, VEX-only CycloneDX and unknown JSON refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assetImports } from '../support/asset-imports.ts';
import { startApi, type Api } from '../support/api.ts';
import { describeWithRealdata, realdataText } from '../support/realdata.ts';

const file = (...parts: string[]) => realdataText('sbom', ...parts);
const EXAMPLE9 = file('spdx', 'software/example9/spdx2.2/appbomination.spdx.json');
const EXAMPLE14 = file('spdx', 'software/example14/spdx2.3/examplemaven-0.0.1-enriched.spdx.json');
const SPDX3 = file('spdx', 'software/example11/spdx3.0/sbom.spdx3.json');
const VEX = file('cyclonedx', 'VEX/CISA-Use-Cases/Case-2/vex.json');

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
const {
  postSbom: post,
  assetCount,
  storedComponents,
} = assetImports(
  () => api,
  () => tenant,
);

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('spdx');
});
afterAll(() => api.close());

describeWithRealdata('SBOM import (SPDX 2.2/2.3 JSON)', () => {
  it('registers one software asset from a real SPDX-2.2 SBOM, with every package but the described one as a component', async () => {
    const before = await assetCount();
    const packages = (JSON.parse(EXAMPLE9) as { packages: { name: string }[] }).packages;
    const reply = await post(EXAMPLE9, 'application/spdx+json');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      created: [{ row: 1, id: expect.any(String) }],
      asset: { type: 'software', name: 'App-BOM-ination 1.0' },
      componentSet: { count: packages.length - 1, specVersion: 'SPDX-2.2', withProblems: 0 },
      componentProblems: [],
    });
    expect(await assetCount()).toBe(before + 1);
    const items = await storedComponents(reply.body.asset.id);
    expect(items.map((item) => item.name).sort()).toEqual(
      packages
        .map((p) => p.name)
        .filter((name) => name !== 'App-BOM-ination')
        .sort(),
    );
    const withPurl = items.filter((item) => typeof item.purl === 'string');
    expect(withPurl).toHaveLength(4);
    expect(withPurl.every((item) => (item.gsi3pk as string).startsWith(`${tenant.tenantId}#component#package#maven/`))).toBe(true);
    expect(items.find((item) => item.name === 'junit')).toMatchObject({ version: '4.12', purl: 'pkg:maven/junit/junit@4.12', licence: 'EPL-1.0' });

    const history = (await api.call('GET', `/assets/${reply.body.asset.id}/history`, { token: tenant.adminToken })).body.items;
    expect(history.map((entry: { reason: string }) => entry.reason)).toEqual(
      expect.arrayContaining(['registered from an SPDX-2.2 SBOM', 'component set replaced from an SPDX-2.2 SBOM']),
    );
  });

  it('recognises SPDX-2.3 sent as plain application/json, and replaces the set of ?asset=', async () => {
    const first = await post(EXAMPLE14, 'application/json');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      created: [{ row: 1, id: expect.any(String) }],
      asset: { name: 'examplemaven 0.0.1' },
      componentSet: { count: 5, specVersion: 'SPDX-2.3' },
    });
    const again = await post(EXAMPLE14, 'application/spdx+json', `?asset=${first.body.asset.id}`);
    expect(again.body).toMatchObject({ created: [], updated: [{ row: 1, id: expect.any(String) }], componentSet: { count: 5 } });
    const items = await storedComponents(first.body.asset.id);
    expect(new Set(items.map((item) => item.setId))).toEqual(new Set([again.body.componentSet.id]));
    const history = (await api.call('GET', `/assets/${first.body.asset.id}/history`, { token: tenant.adminToken })).body.items;
    expect(history.at(-1)).toMatchObject({ reason: 'component set replaced from an SPDX-2.3 SBOM' });
  });

  it('refuses SPDX 3.0 by name, whether sent as SPDX or as plain JSON, storing nothing', async () => {
    const before = await assetCount();
    for (const type of ['application/spdx+json', 'application/json']) {
      const reply = await post(SPDX3, type);
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toEqual([{ path: 'body', message: 'SPDX 3.0 is not accepted yet; send SPDX 2.2/2.3 JSON or CycloneDX' }]);
    }
    const cyclonedx = await post(file('cyclonedx', 'SBOM/laravel-7.12.0/bom.1.4.json'), 'application/spdx+json');
    expect(cyclonedx.status).toBe(400);
    expect(cyclonedx.body.errors[0]).toMatchObject({ path: 'body', message: 'not an SPDX document: spdxVersion is missing' });
    expect(await assetCount()).toBe(before);
  });

  it('refuses a real VEX-only CycloneDX document as an asset import, naming body.components', async () => {
    const before = await assetCount();
    const reply = await post(VEX, 'application/vnd.cyclonedx+json');
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toMatch(/VEX document/);
    expect(reply.body.errors).toEqual([
      { path: 'body.components', message: expect.stringMatching(/^a VEX document \(19 vulnerabilities, no components\): an asset import needs components/) },
    ]);
    const holder = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: { name: 'ABC', type: 'software', owner: tenant.adminId, classification: 'internal', confidentiality: 2, integrity: 3, availability: 3 },
    });
    const onAsset = await post(file('cyclonedx', 'VEX/vex.json'), 'application/json', `?asset=${holder.body.id}`);
    expect(onAsset.status).toBe(400);
    expect(onAsset.body.errors[0].path).toBe('body.components');
    expect(await storedComponents(holder.body.id)).toEqual([]);
    expect(await assetCount()).toBe(before + 1);
  });

  it('says which formats are taken for unknown JSON, and keeps answering 415 to other media types', async () => {
    const unknown = await post('{"bomFormat":"SWID"}', 'application/json');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: 'body', message: 'a CycloneDX 1.2–1.6 BOM or an SPDX 2.2/2.3 JSON document (rows of assets go to POST /assets/import)' },
    ]);
    const tagValue = await post('SPDXVersion: SPDX-2.3\n', 'text/spdx');
    expect(tagValue.status).toBe(415);
    expect(tagValue.body.errors[0].message).toContain('application/spdx+json');
  });
});
