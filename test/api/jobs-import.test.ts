// Asset imports and exports as jobs: a CSV cut into chunks, re-imported without duplicates, its refused
// rows in a downloadable error file; JSON Lines and JSON arrays; a dry run that writes nothing; an
// export that re-imports unchanged (formula cells quoted); an SPDX SBOM whose second import replaces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { download, runJob } from '../support/jobs.ts';
import { itWithRealdata, realdataText } from '../support/realdata.ts';

process.env.ISMF_JOB_CHUNK_ROWS = '400';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
beforeAll(async () => {
  api = await startApi({ events: true });
  tenant = await api.newTenant('jimp');
  api.relay!.start();
});
afterAll(async () => api?.close());

const HEADER = 'externalId;name;type;owner;classification;confidentiality;integrity;availability;lastReviewedAt';

function csv(rows: number, owner: string, options: { prefix?: string; bad?: number[]; name?: (row: number) => string } = {}): string {
  const lines = [HEADER];
  for (let row = 1; row <= rows; row++) {
    const name = options.name?.(row) ?? `Server ${row}`;
    lines.push(
      `${options.prefix ?? 'CMDB'}-${row};${name};physical;${owner};internal;${options.bad?.includes(row) ? 9 : 3};2;2;${row === 1 ? '2026-06-30' : ''}`,
    );
  }
  return lines.join('\n') + '\n';
}

async function assetsWithPrefix(prefix: string): Promise<{ id: string; externalId?: string; name: string }[]> {
  const all: { id: string; externalId?: string; name: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.call('GET', `/assets?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: tenant.adminToken });
    all.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all.filter((asset) => asset.externalId?.startsWith(`${prefix}-`));
}

describe('an asset import job', () => {
  it('imports a CSV in chunks, lists refused rows in its error file, and changes nothing when the same file comes again', async () => {
    const file = { name: 'cmdb.csv', type: 'text/csv', body: csv(1_000, tenant.adminId, { bad: [7, 901] }) };
    const first = await runJob(api, tenant.adminToken, 'asset-import', {}, file);
    expect(first).toMatchObject({
      state: 'succeeded',
      counts: { created: 998, updated: 0, unchanged: 0, failed: 2 },
      progress: { rowsDone: 1_000, rowsTotal: 1_000, chunksDone: 3, chunksTotal: 3 },
      file: { fileName: 'cmdb.csv', size: Buffer.byteLength(file.body) },
    });
    expect(first.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.errorFile).toMatchObject({ fileName: expect.stringMatching(/errors\.csv$/), rows: 2 });
    // Rows are numbered by the line they begin on: the header is line 1.
    expect((await download(first.errorFile)).split('\r\n').filter(Boolean)).toEqual([
      'row,field,message',
      '8,rows[8].confidentiality,a value from 1 to 5',
      '902,rows[902].confidentiality,a value from 1 to 5',
    ]);
    const assets = await assetsWithPrefix('CMDB');
    // Listed in file order: a job's ids sort by row.
    const expected = Array.from({ length: 1_000 }, (_, i) => `CMDB-${i + 1}`).filter((id) => id !== 'CMDB-7' && id !== 'CMDB-901');
    expect(assets.map((asset) => asset.externalId)).toEqual(expected);
    const reviewed = (await api.call('GET', `/assets/${assets.find((asset) => asset.externalId === 'CMDB-1')!.id}`, { token: tenant.adminToken })).body;
    // The last review the CMDB knows sets the next one: internal, importance 3 → a year later.
    expect(reviewed).toMatchObject({ lastReviewedAt: '2026-06-30T00:00:00.000Z', nextReviewDue: '2027-06-30' });

    const again = await runJob(api, tenant.adminToken, 'asset-import', {}, file);
    expect(again).toMatchObject({ state: 'succeeded', counts: { created: 0, updated: 0, unchanged: 998, failed: 2 } });
    expect(await assetsWithPrefix('CMDB')).toHaveLength(998);
  }, 180_000);

  it('answers a dry run with what it would do, writing nothing', async () => {
    const file = { name: 'dry.csv', type: 'text/csv', body: csv(500, tenant.adminId, { prefix: 'DRY', bad: [3] }) };
    const job = await runJob(api, tenant.adminToken, 'asset-import', { dryRun: true }, file);
    expect(job).toMatchObject({ state: 'succeeded', parameters: { dryRun: true }, counts: { created: 499, failed: 1 } });
    expect(await assetsWithPrefix('DRY')).toHaveLength(0);
  }, 60_000);

  it('takes JSON Lines and JSON arrays, numbering rows by line and by position', async () => {
    const row = (n: number, prefix: string) => ({
      externalId: `${prefix}-${n}`,
      name: `Switch ${n}`,
      type: 'physical',
      owner: tenant.adminId,
      confidentiality: 2,
      integrity: 2,
      availability: n === 3 ? 0 : 2,
    });
    const lines = [1, 2, 3, 4].map((n) => JSON.stringify(row(n, 'JL'))).join('\n') + '\n\n' + '{"externalId": "JL-5", "name": }\n';
    const jsonl = await runJob(api, tenant.adminToken, 'asset-import', {}, { name: 'rows.jsonl', type: 'application/x-ndjson', body: lines });
    // No classification given: the policy has no default, so each row is told so; row 6 is not JSON.
    expect(jsonl.counts).toMatchObject({ created: 0, failed: 5 });
    const errors = await download(jsonl.errorFile);
    expect(errors).toContain('3,rows[3].availability,a value from 1 to 5');
    expect(errors).toContain('3,rows[3].classification');
    expect(errors).toMatch(/6,rows\[6\],not a JSON object/);

    const array = [1, 2, 3].map((n) => ({ ...row(n, 'JA'), classification: 'internal' }));
    const json = await runJob(api, tenant.adminToken, 'asset-import', {}, { name: 'rows.json', type: 'application/json', body: JSON.stringify(array) });
    expect(json).toMatchObject({ state: 'succeeded', counts: { created: 2, failed: 1 } });
    expect(await download(json.errorFile)).toContain('3,rows[3].availability,a value from 1 to 5');
  }, 60_000);

  itWithRealdata(
    'imports an SPDX SBOM in a job, and the second import replaces the same asset’s components',
    async () => {
      const text = realdataText('sbom', 'spdx', 'software/example9/spdx2.2/appbomination.spdx.json');
      const packages = (JSON.parse(text) as { packages: unknown[] }).packages.length;
      const file = { name: 'app.spdx.json', type: 'application/spdx+json', body: text };
      const first = await runJob(api, tenant.adminToken, 'sbom-import', {}, file);
      expect(first).toMatchObject({ state: 'succeeded', counts: { created: 1, components: packages - 1 } });
      const second = await runJob(api, tenant.adminToken, 'sbom-import', {}, file);
      expect(second).toMatchObject({ state: 'succeeded', counts: { updated: 1, components: packages - 1 } });
      const named = (await api.call('GET', '/assets?type=software&limit=100', { token: tenant.adminToken })).body.items.filter(
        (asset: { name: string }) => asset.name === 'App-BOM-ination 1.0',
      );
      expect(named).toHaveLength(1);
    },
    60_000,
  );

  it('fails a job whose CSV header names unknown columns, saying which, and tells an SBOM its own kind', async () => {
    const job = await runJob(api, tenant.adminToken, 'asset-import', {}, { name: 'bad.csv', type: 'text/csv', body: 'name,colour\nA,red\n' });
    expect(job.state).toBe('failed');
    expect(job.error).toContain('body.header.colour: unknown column');
    const bom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.4', version: 1, components: [] });
    const sbom = await runJob(api, tenant.adminToken, 'asset-import', {}, { name: 'bom.json', type: 'application/json', body: bom });
    expect(sbom).toMatchObject({ state: 'failed', error: 'Job.Refused: an SBOM: start an sbom-import job for it' });
  }, 60_000);
});

describe('an asset export job', () => {
  it('writes the register as CSV, formula cells quoted, and the file re-imports unchanged', async () => {
    const names = (row: number) => (row === 1 ? '=HYPERLINK("http://evil.example")' : row === 2 ? '-router-' : row === 3 ? 'Edge, "north"' : `Node ${row}`);
    await runJob(
      api,
      tenant.adminToken,
      'asset-import',
      {},
      { name: 'exp.csv', type: 'text/csv', body: csv(450, tenant.adminId, { prefix: 'EXP', name: names }) },
    );
    const exported = await runJob(api, tenant.adminToken, 'asset-export', { format: 'csv' });
    expect(exported).toMatchObject({ state: 'succeeded', output: { contentType: 'text/csv', fileName: expect.stringMatching(/^assets-.*\.csv$/) } });
    const text = await download(exported.output);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(text).toContain(`'-router-`);
    const total = exported.output.rows as number;
    expect(total).toBeGreaterThanOrEqual(450);

    const before = (await assetsWithPrefix('EXP')).length;
    const again = await runJob(api, tenant.adminToken, 'asset-import', {}, { name: exported.output.fileName, type: 'text/csv', body: text });
    expect(again).toMatchObject({ state: 'succeeded', counts: { created: 0, updated: 0, unchanged: total, failed: 0 } });
    expect((await assetsWithPrefix('EXP')).length).toBe(before);
    const names1 = (await assetsWithPrefix('EXP')).map((asset) => asset.name);
    expect(names1).toEqual(expect.arrayContaining(['=HYPERLINK("http://evil.example")', '-router-', 'Edge, "north"']));
  }, 180_000);

  it('writes JSON Lines of the filtered register', async () => {
    const exported = await runJob(api, tenant.adminToken, 'asset-export', { format: 'jsonl', type: 'physical' });
    const lines = (await download(exported.output))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(lines.length).toBe(exported.output.rows);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((asset: { type: string }) => asset.type === 'physical')).toBe(true);
    expect(lines[0]).not.toHaveProperty('importance');
    expect(lines[0]).not.toHaveProperty('ownerPerson');
    // It re-imports unchanged: only what an import row takes is in it.
    const again = await runJob(
      api,
      tenant.adminToken,
      'asset-import',
      {},
      { name: 'again.jsonl', type: 'application/x-ndjson', body: lines.map((line) => JSON.stringify(line)).join('\n') },
    );
    expect(again).toMatchObject({ state: 'succeeded', counts: { created: 0, updated: 0, unchanged: lines.length, failed: 0 } });
  }, 60_000);
});
