// Bulk identification: JSON arrays, CSV and real CycloneDX SBOMs (JSON and XML) through POST /assets/import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetImports } from '../support/asset-imports.ts';
import { startApi, type Api } from '../support/api.ts';
import { describeWithRealdata, realdataText } from '../support/realdata.ts';

const sbom = (path: string) => realdataText('sbom', 'cyclonedx', path);

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
const { post, postSbom, assetCount, storedComponents } = assetImports(
  () => api,
  () => tenant,
);

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('imp');
});
afterAll(() => api.close());

describe('bulk import of assets', () => {
  it('takes a JSON array: valid rows are created, bad rows reported with their fields, nothing half-written', async () => {
    const before = await assetCount();
    const good = { name: 'MSC-1', type: 'physical', owner: tenant.adminId, classification: 'internal', confidentiality: 2, integrity: 4, availability: 5 };
    const reply = await post(
      JSON.stringify([
        good,
        { ...good, name: 'MSC-2', confidentiality: 7 },
        { ...good, name: 'MSC-3', colour: 'red' },
        { ...good, name: 'MSC-4', classification: 'nope' },
        { ...good, name: 'MSC-5' },
      ]),
      'application/json',
    );
    expect(reply.status).toBe(200);
    expect(reply.body.created.map((row: { row: number }) => row.row)).toEqual([1, 5]);
    expect(reply.body.failed).toEqual([
      { row: 2, errors: [{ path: 'rows[2].confidentiality', message: 'a value from 1 to 5' }] },
      { row: 3, errors: [{ path: 'rows[3].colour', message: 'unknown field' }] },
      { row: 4, errors: [expect.objectContaining({ path: 'rows[4].classification' })] },
    ]);
    expect(await assetCount()).toBe(before + 2);
    const created = await api.call('GET', `/assets/${reply.body.created[0].id}`, { token: tenant.adminToken });
    expect(created.body).toMatchObject({ name: 'MSC-1', importance: 5 });
  });

  it('with an Idempotency-Key, creates its rows once however often (and however concurrently) it is sent', async () => {
    const named = async (prefix: string) =>
      ((await api.call('GET', '/assets?limit=100', { token: tenant.adminToken })).body.items as { id: string; name: string }[])
        .filter((asset) => asset.name.startsWith(prefix))
        .map((asset) => asset.id)
        .sort();
    const good = { type: 'information', owner: tenant.adminId, classification: 'internal', confidentiality: 3, integrity: 3, availability: 2 };
    const rows = JSON.stringify(['IDEM-A', 'IDEM-B', 'IDEM-C'].map((name) => ({ ...good, name })));
    const send = (body: string, key: string, query = '') =>
      api.call('POST', `/assets/import${query}`, {
        token: tenant.adminToken,
        rawBody: body,
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
      });

    // A client that timed out and retried while the first request still ran: both answer the same three assets.
    const [first, concurrent] = await Promise.all([send(rows, 'import-1'), send(rows, 'import-1')]);
    expect([first.status, concurrent.status]).toEqual([200, 200]);
    expect(first.body.created.map((row: { row: number }) => row.row)).toEqual([1, 2, 3]);
    expect(concurrent.body.created).toEqual(first.body.created);
    const ids = first.body.created.map((row: { id: string }) => row.id).sort();
    expect(await named('IDEM-')).toEqual(ids);
    // Later, the kept answer; the register is unchanged.
    const later = await send(rows, 'import-1');
    expect(later.body).toEqual(first.body);
    expect(await named('IDEM-')).toEqual(ids);
    // The same key with another body is refused, naming the header; nothing is written.
    const other = await send(JSON.stringify([{ ...good, name: 'IDEM-D' }]), 'import-1');
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([{ path: 'header.idempotency-key', message: 'already used with a different body' }]);
    expect(await named('IDEM-D')).toEqual([]);
    // A dry run claims no key: the real request after it, with the same key, writes.
    const once = JSON.stringify([{ ...good, name: 'IDEM-E' }]);
    expect((await send(once, 'import-2', '?dryRun=true')).body).toMatchObject({ dryRun: true, created: [{ row: 1 }] });
    expect((await send(once, 'import-2')).body.created).toEqual([{ row: 1, id: expect.any(String) }]);
    expect(await named('IDEM-E')).toHaveLength(1);
    // A key is the tenant's own: another tenant sending the same key and rows gets its own assets, not this answer.
    const other2 = await api.newTenant('imp-other');
    const theirs = await api.call('POST', '/assets/import', {
      token: other2.adminToken,
      rawBody: JSON.stringify(['IDEM-A', 'IDEM-B', 'IDEM-C'].map((name) => ({ ...good, owner: other2.adminId, name }))),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'import-1' },
    });
    expect(theirs.body.created).toHaveLength(3);
    expect(theirs.body.created.map((row: { id: string }) => row.id).filter((id: string) => ids.includes(id))).toEqual([]);
    expect(await named('IDEM-')).toEqual(expect.arrayContaining(ids));
    // Without a key, rows that name no id or external id are new assets each time: the key is what makes a retry safe.
    await post(JSON.stringify([{ ...good, name: 'IDEM-F' }]), 'application/json');
    await post(JSON.stringify([{ ...good, name: 'IDEM-F' }]), 'application/json');
    expect(await named('IDEM-F')).toHaveLength(2);
  });

  it('takes CSV with the documented columns, and updates rows that name an id', async () => {
    const existing = (await api.call('GET', '/assets?limit=1', { token: tenant.adminToken })).body.items[0];
    const csv = [
      'name,type,owner,classification,confidentiality,integrity,availability,labels,equipment.manufacturer,location,id',
      `"HLR, primary",physical,${tenant.adminId},confidential,5,5,5,core;hlr,Acme Networks,"Hall 1, rack 4",`,
      `Radio site 17,physical,${tenant.adminId},internal,x,2,3,,,,`,
      `Renamed,physical,${tenant.adminId},internal,1,1,1,,,,${existing.id}`,
      `Too many,physical,${tenant.adminId},internal,1,1,1,,,,,extra`,
    ].join('\r\n');
    const reply = await post(csv, 'text/csv');
    expect(reply.status).toBe(200);
    expect(reply.body.created).toEqual([{ row: 2, id: expect.any(String) }]);
    expect(reply.body.updated).toEqual([{ row: 4, id: existing.id }]);
    expect(reply.body.failed.map((row: { row: number; errors: { path: string }[] }) => [row.row, row.errors[0]!.path])).toEqual([
      [3, 'rows[3].confidentiality'],
      [5, 'rows[5]'],
    ]);
    const hlr = (await api.call('GET', `/assets/${reply.body.created[0].id}`, { token: tenant.adminToken })).body;
    expect(hlr).toMatchObject({
      name: 'HLR, primary',
      labels: ['core', 'hlr'],
      equipment: { manufacturer: 'Acme Networks' },
      location: 'Hall 1, rack 4',
      importance: 5,
    });
    const renamed = (await api.call('GET', `/assets/${existing.id}`, { token: tenant.adminToken })).body;
    expect(renamed).toMatchObject({ name: 'Renamed', version: 2 });
    const history = (await api.call('GET', `/assets/${existing.id}/history`, { token: tenant.adminToken })).body.items;
    expect(history[1]).toMatchObject({ reason: 'bulk import', changes: expect.arrayContaining([expect.objectContaining({ field: 'name', to: 'Renamed' })]) });
  });

  it('refuses a CSV header with unknown columns, and other media types, storing nothing', async () => {
    const before = await assetCount();
    const reply = await post('name,colour\nx,red\n', 'text/csv');
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([{ path: 'body.header.colour', message: 'unknown column' }]);
    expect((await post('<assets/>', 'application/xml')).status).toBe(415);
    expect((await post('{"not":"an array"}', 'application/json')).status).toBe(400);
    expect(await assetCount()).toBe(before);
  });
});

describeWithRealdata('SBOM import (CycloneDX)', () => {
  it('registers a software asset from a real 1.4 SBOM in JSON and in XML, with all its components', async () => {
    const json = await postSbom(sbom('SBOM/laravel-7.12.0/bom.1.4.json'), 'application/vnd.cyclonedx+json');
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      created: [{ row: 1, id: expect.any(String) }],
      componentSet: { count: 62, specVersion: '1.4', withProblems: 0 },
      asset: { type: 'software' },
    });
    const items = await storedComponents(json.body.asset.id);
    expect(items).toHaveLength(62);
    expect(items.every((item) => typeof item.purl === 'string' && (item.purl as string).startsWith('pkg:composer/'))).toBe(true);
    expect(items.every((item) => (item.gsi3pk as string).startsWith(`${tenant.tenantId}#component#package#composer/`))).toBe(true);

    const xml = await postSbom(sbom('SBOM/laravel-7.12.0/bom.1.4.xml'), 'application/vnd.cyclonedx+xml', `?asset=${json.body.asset.id}`);
    expect(xml.body).toMatchObject({ created: [], updated: [{ row: 1, id: expect.any(String) }], componentSet: { count: 62 } });
    // The new set replaced the old one.
    const after = await storedComponents(json.body.asset.id);
    expect(after).toHaveLength(62);
    expect(new Set(after.map((item) => item.setId))).toEqual(new Set([xml.body.componentSet.id]));
    const asset = (await api.call('GET', `/assets/${json.body.asset.id}`, { token: tenant.adminToken })).body;
    expect(asset.componentSet.id).toBe(xml.body.componentSet.id);
  });

  it('reads CycloneDX 1.2 sent as plain application/json', async () => {
    const reply = await postSbom(sbom('SBOM/cern-lhc-vdm-editor-e564943/bom.json'), 'application/json');
    expect(reply.body.componentSet).toMatchObject({ count: 43, specVersion: '1.2' });
  });

  it('reports malformed PURLs per component instead of failing', async () => {
    const holder = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: { name: 'Alpine image', type: 'software', owner: tenant.adminId, classification: 'internal', confidentiality: 2, integrity: 3, availability: 3 },
    });
    const reply = await postSbom(sbom('osv-scanner-testdata/bad-purls.cdx.xml'), 'application/vnd.cyclonedx+xml', `?asset=${holder.body.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body.componentSet.count).toBe(16);
    const purlProblems = reply.body.componentProblems.filter((component: { problems: string[] }) =>
      component.problems.some((problem) => problem.startsWith('purl')),
    );
    expect(purlProblems.map((component: { name: string }) => component.name).sort()).toEqual(
      ['ca-certificates-bundle', 'libc-utils', 'musl', 'ssl_client', 'alpine-keys', 'zlib'].sort(),
    );
    expect(await storedComponents(holder.body.id)).toHaveLength(16);
  });

  it('refuses a broken SBOM or a non-software target with the reason, storing nothing', async () => {
    const before = await assetCount();
    const broken = await postSbom('{"bomFormat":"CycloneDX","specVersion":"1.1","components":[]}', 'application/vnd.cyclonedx+json');
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].path).toBe('body');
    expect((await postSbom('<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components>', 'application/vnd.cyclonedx+xml')).status).toBe(400);
    const physical = (await api.call('GET', '/assets?type=physical&limit=1', { token: tenant.adminToken })).body.items[0];
    const wrong = await postSbom(sbom('SBOM/laravel-7.12.0/bom.1.4.json'), 'application/vnd.cyclonedx+json', `?asset=${physical.id}`);
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].path).toBe('query.asset');
    expect(await assetCount()).toBe(before);
  });

  it('takes ?owner= only for an active user of the tenant, as POST /assets does', async () => {
    const before = await assetCount();
    const other = await api.newTenant('imx');
    const leaver = await api.call('POST', '/users', {
      token: tenant.adminToken,
      body: { email: 'leaver@imp.example', displayName: 'Test Person', roles: ['staff'] },
    });
    await api.call('PATCH', `/users/${leaver.body.id}`, { token: tenant.adminToken, body: { status: 'disabled' }, headers: { 'if-match': '"1"' } });
    for (const owner of [other.adminId, leaver.body.id, '01J00000000000000000000000']) {
      const reply = await postSbom(sbom('SBOM/laravel-7.12.0/bom.1.4.json'), 'application/vnd.cyclonedx+json', `?owner=${owner}`);
      expect(reply.status).toBe(422);
      expect(reply.body.errors).toEqual([{ path: 'query.owner', message: 'no active user with this id' }]);
    }
    expect(await assetCount()).toBe(before);
  });
});
