// GET /assets/{assetId}/components: the components of a software asset's latest SBOM, a page at a time
// in the SBOM's order, found by package URL (every version, or one) or by name. Real SBOMs from ../shared/realdata.
import { parseCycloneDx } from '@ismf/core/cyclonedx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assetImports } from '../support/asset-imports.ts';
import { startApi, type Api } from '../support/api.ts';
import { describeWithRealdata, realdataText } from '../support/realdata.ts';

const POSTGRES = realdataText('sbom', 'cyclonedx', 'osv-scanner-testdata/postgres-stretch.cdx.xml');
const CERN = realdataText('sbom', 'cyclonedx', 'SBOM/cern-lhc-vdm-editor-e564943/bom.json');

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let postgres: string;
let cern: string;
const { postSbom: post } = assetImports(
  () => api,
  () => tenant,
);

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('cmp');
  postgres = (await post(POSTGRES, 'application/vnd.cyclonedx+xml')).body.asset.id;
  cern = (await post(CERN, 'application/vnd.cyclonedx+json')).body.asset.id;
});
afterAll(() => api.close());

const list = (assetId: string, query = '', token = tenant.adminToken) => api.call('GET', `/assets/${assetId}/components${query}`, { token });
const names = (reply: { body: { items: { name: string }[] } }) => reply.body.items.map((item) => item.name);
const purl = (value: string) => `purl=${encodeURIComponent(value)}`;

describeWithRealdata('GET /assets/{assetId}/components', () => {
  it('pages through a real image SBOM in its order, each component once, as the SBOM gives it', async () => {
    const expected = parseCycloneDx(POSTGRES, 'xml').components.map((component) => component.name);
    expect(expected).toHaveLength(137);
    const seen: { index: number; name: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await list(postgres, `?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      expect(reply.status).toBe(200);
      expect(reply.body.componentSet).toMatchObject({ count: 137, specVersion: '1.4' });
      seen.push(...reply.body.items);
      cursor = reply.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((item) => item.name)).toEqual(expected);
    expect(seen.map((item) => item.index)).toEqual(expected.map((_, index) => index));
    expect(seen[0]).toEqual({
      index: 0,
      name: 'adduser',
      // What a VEX document beside the SBOM names it by.
      bomRef: 'pkg:deb/debian/adduser@3.115?arch=all&distro=debian-9&package-id=55b15606ad877995',
      version: '3.115',
      type: 'library',
      purl: 'pkg:deb/debian/adduser@3.115?arch=all&distro=debian-9',
      package: 'deb/debian/adduser',
      cpe: 'cpe:2.3:a:adduser:adduser:3.115:*:*:*:*:*:*:*',
      supplier: 'Debian Adduser Developers <adduser-devel@lists.alioth.debian.org>',
      problems: [],
    });
    // The one component without a PURL is listed all the same.
    expect(seen.find((item) => item.name === 'debian')).not.toHaveProperty('purl');
  });

  it('finds a package by PURL: every version without one, that version with one, as the PURL spec normalises names', async () => {
    const every = await list(cern, `?${purl('pkg:npm/debug')}`);
    expect(every.status).toBe(200);
    expect(every.body.items.map((item: { version: string }) => item.version)).toEqual(['4.1.1', '2.6.9', '3.2.6']);
    expect(every.body.componentSet.count).toBe(43);
    const one = await list(cern, `?${purl('pkg:npm/debug@2.6.9')}`);
    expect(one.body.items).toEqual([expect.objectContaining({ name: 'debug', version: '2.6.9', purl: 'pkg:npm/debug@2.6.9' })]);
    // npm names are case-insensitive, and qualifiers are not compared.
    expect(names(await list(cern, `?${purl('pkg:NPM/Debug@2.6.9?tag=x')}`))).toEqual(['debug']);
    expect((await list(cern, `?${purl('pkg:npm/debug@9.9.9')}`)).body.items).toEqual([]);
    expect((await list(cern, `?${purl('pkg:pypi/debug')}`)).body.items).toEqual([]);
    // A version with '+' (sent encoded, as any query value) is the PURL's version, not a space.
    const deb = await list(postgres, `?${purl('pkg:deb/debian/libgcc1@1:6.3.0-18+deb9u1')}`);
    expect(deb.body.items).toEqual([expect.objectContaining({ name: 'libgcc1', version: '1:6.3.0-18+deb9u1' })]);
  });

  it('finds components by exact name, alone or with a PURL, over pages', async () => {
    expect((await list(cern, '?name=ms')).body.items.map((item: { version: string }) => item.version)).toEqual(['2.1.2', '2.0.0']);
    expect(names(await list(cern, `?name=ms&${purl('pkg:npm/ms@2.0.0')}`))).toEqual(['ms']);
    expect((await list(cern, `?name=ms&${purl('pkg:npm/debug')}`)).body.items).toEqual([]);
    expect((await list(cern, '?name=MS')).body.items).toEqual([]);
    const first = await list(cern, '?name=ms&limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await list(cern, `?name=ms&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: { version: string }) => item.version)).toEqual(['2.0.0']);
  });

  it('refuses a bad filter, page size or cursor, naming the parameter', async () => {
    for (const [query, path] of [
      ['?purl=npm/debug', 'query.purl'],
      ['?purl=pkg:npm/', 'query.purl'],
      ['?purl=', 'query.purl'],
      ['?name=', 'query.name'],
      ['?limit=0', 'query.limit'],
      ['?cursor=abc', 'query.cursor'],
      ['?version=1.0', 'query.version'],
    ]) {
      const reply = await list(cern, query!);
      expect(reply.status, query).toBe(400);
      expect(reply.headers.get('content-type')).toBe('application/problem+json');
      expect(reply.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    // A cursor of the unfiltered list is no cursor of a filtered one.
    const page = await list(cern, '?limit=5');
    expect((await list(cern, `?limit=5&name=ms&cursor=${page.body.nextCursor}`)).status).toBe(400);
  });

  it('refuses a cursor of a set that a new SBOM has since replaced', async () => {
    const page = await list(cern, '?limit=10');
    expect(page.body.nextCursor).toBeDefined();
    const again = await post(CERN, 'application/vnd.cyclonedx+json');
    expect(again.body).toMatchObject({ created: [], updated: [{ row: 1, id: expect.any(String) }], asset: { id: cern } });
    const stale = await list(cern, `?limit=10&cursor=${page.body.nextCursor}`);
    expect(stale.status).toBe(400);
    expect(stale.body.errors).toEqual([{ path: 'query.cursor', message: 'invalid or tampered cursor' }]);
    const fresh = await list(cern, '?limit=100');
    expect(fresh.body.componentSet.id).toBe(again.body.componentSet.id);
    expect(fresh.body.items).toHaveLength(43);
  });

  it('answers an asset without an SBOM with no components, and a missing asset with 404', async () => {
    const plain = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: { name: 'Core router', type: 'physical', owner: tenant.adminId, classification: 'internal', confidentiality: 2, integrity: 4, availability: 5 },
    });
    expect(await list(plain.body.id)).toMatchObject({ status: 200, body: { items: [] } });
    expect((await list(plain.body.id)).body).not.toHaveProperty('componentSet');
    expect((await list(plain.body.id, '?cursor=abc.def')).status).toBe(400);
    expect((await list('01JDQ8R6Z8W4X3N2K1M0P9Q7RS')).status).toBe(404);
    expect((await list('not-an-id')).status).toBe(400);
  });

  it('is open to the roles that read the register', async () => {
    const auditor = await api.tokenFor(tenant.tenantId, 'auditor', ['auditor']);
    expect((await list(cern, '?limit=1', auditor)).status).toBe(200);
    const staff = await api.tokenFor(tenant.tenantId, 'staff', ['staff']);
    expect((await list(cern, '?limit=1', staff)).status).toBe(403);
  });
});
