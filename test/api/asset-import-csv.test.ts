// The CSV a security officer actually has: a spreadsheet export, comma-, semicolon- or tab-separated,
// with a byte-order mark, quoted cells holding the delimiter and line breaks. Each is imported as it is,
// and its errors name the line the row begins on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('csv');
});
afterAll(() => api.close());

const post = (text: string) => api.call('POST', '/assets/import', { token: tenant.adminToken, rawBody: text, headers: { 'content-type': 'text/csv' } });

describe('a spreadsheet export', () => {
  it('is imported semicolon-separated, as spreadsheets in much of Europe write it, byte-order mark and all', async () => {
    const csv = [
      '\ufeffname;type;owner;classification;confidentiality;integrity;availability;description;labels',
      `"Router; core";physical;${tenant.adminId};internal;3;3;3;"rack 4,\nrow 2";"core;edge"`,
      `HLR;physical;${tenant.adminId};internal;5;5;5;;`,
      `Broken;physical;${tenant.adminId};internal;9;1;1;;`,
    ].join('\r\n');
    const reply = await post(csv);
    expect(reply.status).toBe(200);
    // The first row spans lines 2 and 3: the next rows begin on lines 4 and 5.
    expect(reply.body.created.map((row: { row: number }) => row.row)).toEqual([2, 4]);
    expect(reply.body.failed.map((row: { row: number; errors: { path: string }[] }) => [row.row, row.errors[0]!.path])).toEqual([
      [5, 'rows[5].confidentiality'],
    ]);
    const router = (await api.call('GET', `/assets/${reply.body.created[0].id}`, { token: tenant.adminToken })).body;
    expect(router).toMatchObject({ name: 'Router; core', description: 'rack 4,\nrow 2', labels: ['core', 'edge'] });
  });

  it('is imported tab-separated too, and a quote inside an unquoted cell stays as written', async () => {
    const reply = await post(
      `name\ttype\towner\tclassification\tconfidentiality\tintegrity\tavailability\tlocation\nPatch panel\tphysical\t${tenant.adminId}\tinternal\t1\t1\t1\t19" rack\n`,
    );
    expect(reply.body.created).toHaveLength(1);
    expect((await api.call('GET', `/assets/${reply.body.created[0].id}`, { token: tenant.adminToken })).body.location).toBe('19" rack');
  });

  it('is refused whole, naming the line, when a quote is never closed', async () => {
    const reply = await post(`name;type\n"Core router;physical\n`);
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toMatch(/line 2/);
    expect(reply.body.errors[0].path).toBe('body');
  });
});
