// Re-importing an SBOM: without ?asset=, an SBOM goes to the asset of the software it describes (by the
// PURL of its metadata.component, else by name), so that the same SBOM twice — or the next release's —
// leaves one asset with its components once. Real CycloneDX and SPDX SBOMs from ../shared/realdata.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assetImports } from '../support/asset-imports.ts';
import { startApi, type Api } from '../support/api.ts';
import { describeWithRealdata, realdataText } from '../support/realdata.ts';

const file = (...parts: string[]) => realdataText('sbom', ...parts);
const DROPWIZARD = file('cyclonedx', 'SBOM/dropwizard-1.3.15/bom.json');
const LARAVEL_JSON = file('cyclonedx', 'SBOM/laravel-7.12.0/bom.1.4.json');
const LARAVEL_XML = file('cyclonedx', 'SBOM/laravel-7.12.0/bom.1.4.xml');
const CERN = file('cyclonedx', 'SBOM/cern-lhc-vdm-editor-e564943/bom.json');
const VEX_BOM = file('cyclonedx', 'VEX/bom.json');
const APPBOMINATION = file('spdx', 'software/example9/spdx2.2/appbomination.spdx.json');
const EXAMPLEMAVEN = file('spdx', 'software/example14/spdx2.3/examplemaven-0.0.1-enriched.spdx.json');
const TOOLS_JAVA = file('spdx', 'presentations/OSS-NA-2023/SPDXVersion2.3/04-SBOMwSecurity.json');

const CYCLONEDX = 'application/vnd.cyclonedx+json';
const SPDX = 'application/spdx+json';

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
  tenant = await api.newTenant('reimp');
});
afterAll(() => api.close());

const getAsset = async (id: string) => (await api.call('GET', `/assets/${id}`, { token: tenant.adminToken })).body;
const history = async (id: string) =>
  (await api.call('GET', `/assets/${id}/history`, { token: tenant.adminToken })).body.items as { version: number; reason?: string }[];
/** The stored components of an asset: one set, each SBOM component once. */
async function expectOneSet(assetId: string, setId: string, count: number) {
  const items = await storedComponents(assetId);
  expect(new Set(items.map((item) => item.setId))).toEqual(new Set([setId]));
  expect(items).toHaveLength(count);
  expect(new Set(items.map((item) => item.index)).size).toBe(count);
}
const softwareNamed = (name: string) => ({
  name,
  type: 'software',
  owner: tenant.adminId,
  classification: 'confidential',
  confidentiality: 4,
  integrity: 4,
  availability: 2,
});

describeWithRealdata('SBOM re-import (CycloneDX)', () => {
  it('the same SBOM twice: one asset, found by its PURL, with the components once and the old set gone', async () => {
    const before = await assetCount();
    const first = await post(DROPWIZARD, CYCLONEDX);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      created: [{ row: 1, id: expect.any(String) }],
      asset: { type: 'software', name: 'io.dropwizard dropwizard-parent 1.3.15' },
      componentSet: {
        count: 167,
        describes: {
          name: 'dropwizard-parent',
          group: 'io.dropwizard',
          purl: 'pkg:maven/io.dropwizard/dropwizard-parent@1.3.15',
          package: 'maven/io.dropwizard/dropwizard-parent',
        },
      },
    });
    expect(first.body.matchedBy).toBeUndefined();

    const again = await post(DROPWIZARD, 'application/json');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      created: [],
      updated: [{ row: 1, id: expect.any(String) }],
      matchedBy: 'purl',
      asset: { id: first.body.asset.id, version: first.body.asset.version + 1 },
    });
    expect(again.body.componentSet).toMatchObject({ count: 167, specVersion: '1.2' });
    expect(again.body.componentSet.id).not.toBe(first.body.componentSet.id);
    expect(await assetCount()).toBe(before + 1);
    await expectOneSet(first.body.asset.id, again.body.componentSet.id, 167);
    expect((await getAsset(first.body.asset.id)).componentSet.id).toBe(again.body.componentSet.id);
    expect((await history(first.body.asset.id)).map((entry) => entry.reason)).toEqual([
      'registered from a CycloneDX 1.2 SBOM',
      'component set replaced from a CycloneDX 1.2 SBOM',
      'component set replaced from a CycloneDX 1.2 SBOM (the asset it describes, found by PURL)',
    ]);
  });

  it('the same SBOM in JSON, then in XML: one asset', async () => {
    const json = await post(LARAVEL_JSON, CYCLONEDX);
    expect(json.body).toMatchObject({
      created: [{ row: 1, id: expect.any(String) }],
      asset: { name: 'cyclonedx cyclonedx-php-composer-demo dev-master' },
      componentSet: { count: 62 },
    });
    const xml = await post(LARAVEL_XML, 'application/vnd.cyclonedx+xml');
    expect(xml.status).toBe(200);
    expect(xml.body).toMatchObject({
      created: [],
      updated: [{ row: 1, id: expect.any(String) }],
      matchedBy: 'purl',
      asset: { id: json.body.asset.id },
      componentSet: { count: 62 },
    });
    await expectOneSet(json.body.asset.id, xml.body.componentSet.id, 62);
  });

  it('the next release of the same package replaces the set of the same asset, which keeps its owner, classification and review date', async () => {
    const v1 = await post(CERN, CYCLONEDX);
    expect(v1.body.created).toHaveLength(1);
    const release = JSON.parse(CERN);
    release.metadata.component.version = '0.0.2';
    release.metadata.component.purl = 'pkg:npm/lhc-vdm-editor@0.0.2';
    release.components = release.components.slice(1);
    const other = await api.call('POST', '/users', {
      token: tenant.adminToken,
      body: { email: 'dev@reimp.example', displayName: 'Test Person', roles: ['asset-owner'] },
    });
    const v2 = await post(JSON.stringify(release), CYCLONEDX, `?owner=${other.body.id}`);
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({
      created: [],
      updated: [{ row: 1, id: expect.any(String) }],
      matchedBy: 'purl',
      asset: { id: v1.body.asset.id, owner: tenant.adminId, classification: v1.body.asset.classification, nextReviewDue: v1.body.asset.nextReviewDue },
      componentSet: { count: 42, describes: { version: '0.0.2', purl: 'pkg:npm/lhc-vdm-editor@0.0.2', package: 'npm/lhc-vdm-editor' } },
    });
    await expectOneSet(v1.body.asset.id, v2.body.componentSet.id, 42);
  });

  it('other software of the same name (another package) is not matched: it gets an asset of its own', async () => {
    const sbom = JSON.parse(CERN);
    sbom.metadata.component.purl = 'pkg:pypi/lhc-vdm-editor@0.0.1';
    const reply = await post(JSON.stringify(sbom), CYCLONEDX);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ created: [{ row: 1, id: expect.any(String) }], componentSet: { describes: { package: 'pypi/lhc-vdm-editor' } } });
  });

  it('two imports of one new SBOM at once register it once', async () => {
    const before = await assetCount();
    const replies = await Promise.all([post(VEX_BOM, CYCLONEDX), post(VEX_BOM, CYCLONEDX)]);
    expect(await assetCount()).toBe(before + 1);
    const done = replies.filter((reply) => reply.status === 200);
    expect(done.length).toBeGreaterThan(0);
    expect(new Set(done.map((reply) => reply.body.asset.id)).size).toBe(1);
    // The loser of the race is told the package is taken, and may send the SBOM again.
    for (const refused of replies.filter((reply) => reply.status !== 200)) {
      expect(refused.status).toBe(409);
      expect(refused.body.errors).toEqual([{ path: 'body.metadata.component.purl', message: 'already in use' }]);
    }
    const asset = await getAsset(done[0]!.body.asset.id);
    await expectOneSet(asset.id, asset.componentSet.id, 3);
  });
});

describeWithRealdata('SBOM re-import (SPDX)', () => {
  it('the same SPDX 2.2 SBOM twice, its described package without a PURL: one asset, found by name', async () => {
    const before = await assetCount();
    const first = await post(APPBOMINATION, SPDX);
    expect(first.body).toMatchObject({ created: [{ row: 1, id: expect.any(String) }], asset: { name: 'App-BOM-ination 1.0' }, componentSet: { count: 6 } });
    expect(first.body.componentSet.describes).toEqual({ name: 'App-BOM-ination', version: '1.0' });
    const again = await post(APPBOMINATION, 'application/json');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      created: [],
      updated: [{ row: 1, id: expect.any(String) }],
      matchedBy: 'name',
      asset: { id: first.body.asset.id },
      componentSet: { count: 6, specVersion: 'SPDX-2.2' },
    });
    expect(await assetCount()).toBe(before + 1);
    await expectOneSet(first.body.asset.id, again.body.componentSet.id, 6);
    expect((await history(first.body.asset.id)).at(-1)!.reason).toBe('component set replaced from an SPDX-2.2 SBOM (the asset it describes, found by name)');
  });

  it('the same SPDX 2.3 SBOM twice, its described package with a PURL: one asset, found by PURL', async () => {
    const first = await post(TOOLS_JAVA, SPDX);
    expect(first.body).toMatchObject({
      created: [{ row: 1, id: expect.any(String) }],
      componentSet: { count: 1, describes: { package: 'github/spdx/tools-java' } },
    });
    const again = await post(TOOLS_JAVA, SPDX);
    expect(again.body).toMatchObject({ created: [], updated: [{ row: 1, id: expect.any(String) }], matchedBy: 'purl', asset: { id: first.body.asset.id } });
    await expectOneSet(first.body.asset.id, again.body.componentSet.id, 1);
  });

  it('a software asset registered by hand under the described name gets the SBOM’s components; its entry is kept', async () => {
    const before = await assetCount();
    const manual = await api.call('POST', '/assets', { token: tenant.adminToken, body: softwareNamed('examplemaven') });
    expect(manual.status).toBe(201);
    const reply = await post(EXAMPLEMAVEN, SPDX);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      created: [],
      updated: [{ row: 1, id: expect.any(String) }],
      matchedBy: 'name',
      asset: { id: manual.body.id, name: 'examplemaven', classification: 'confidential', confidentiality: 4, version: 2 },
      componentSet: { count: 5, describes: { name: 'examplemaven', version: '0.0.1' } },
    });
    expect(await assetCount()).toBe(before + 1);
    await expectOneSet(manual.body.id, reply.body.componentSet.id, 5);
  });

  it('refuses to guess between two assets of the described name, writing nothing, and takes ?asset= to decide', async () => {
    const twins = [];
    for (let n = 0; n < 2; n++) twins.push((await api.call('POST', '/assets', { token: tenant.adminToken, body: softwareNamed('tools-java') })).body);
    const sbom = JSON.parse(TOOLS_JAVA);
    // The same software without its PURL: only the name is left to go by.
    delete sbom.packages[0].externalRefs;
    const before = await assetCount();
    const reply = await post(JSON.stringify(sbom), SPDX);
    expect(reply.status).toBe(409);
    expect(reply.body.errors).toEqual([{ path: 'query.asset', message: 'required when several assets match' }]);
    // The asset registered from the SBOM with the PURL is named "tools-java 1.5.1": three candidates by name.
    expect(reply.body.detail).toContain(twins[0].id);
    expect(await assetCount()).toBe(before);
    for (const twin of twins) expect(await storedComponents(twin.id)).toEqual([]);
    const chosen = await post(JSON.stringify(sbom), SPDX, `?asset=${twins[1].id}`);
    expect(chosen.body).toMatchObject({ created: [], updated: [{ row: 1, id: expect.any(String) }], matchedBy: 'asset', asset: { id: twins[1].id } });
  });
});
