// The control catalogue as a security officer or an auditor uses it: the X.1051 controls with their
// ISO/IEC 27001:2022 numbers, what in ISMF implements each, and the tenant's records that do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { startApi, type Api } from '../support/api.ts';
import { owedTask } from '../support/owed.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
const assets: string[] = [];

beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
  tenant = await api.newTenant('ctl');
  for (const name of ['Core router', 'Billing database', 'HLR']) {
    const created = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: { name, type: 'physical', owner: tenant.adminId, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2 },
    });
    assets.push(created.body.id);
  }
});
afterAll(() => api.close());

describe('the control catalogue', () => {
  it('lists the 133 controls in catalogue order, page by page, each with its ISO/IEC 27001:2022 numbers', async () => {
    const staff = await api.tokenFor(tenant.tenantId, 'staff', ['staff']);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `/controls?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { token: staff });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((control: { id: string }) => control.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(133);
    expect(seen.slice(0, 3)).toEqual(['5.1.1', '5.1.2', '6.1.1']);
    const first = await api.call('GET', '/controls?limit=1', { token: staff });
    expect(first.body.items[0]).toMatchObject({ id: '5.1.1', title: 'Information security policy document', iso27001: [{ number: '5.1' }] });
  });

  it('filters by clause and by category, and refuses a malformed filter or cursor naming it', async () => {
    const clause = await api.call('GET', '/controls?clause=7', { token: tenant.adminToken });
    expect(clause.body.items.map((control: { id: string }) => control.id)).toEqual(['7.1.1', '7.1.2', '7.1.3', '7.2.1', '7.2.2']);
    const category = await api.call('GET', '/controls?category=7.1', { token: tenant.adminToken });
    expect(category.body.items.map((control: { id: string }) => control.id)).toEqual(['7.1.1', '7.1.2', '7.1.3']);
    const bad = await api.call('GET', '/controls?category=7', { token: tenant.adminToken });
    expect([bad.status, bad.body.errors[0].path]).toEqual([400, 'query.category']);
    const forged = await api.call('GET', `/controls?cursor=${Buffer.from('99.9.9').toString('base64url')}`, { token: tenant.adminToken });
    expect([forged.status, forged.body.errors[0].path]).toEqual([400, 'query.cursor']);
  });

  it('shows a control with what implements it, derived from the areas’ declarations, and the X.1052 tables that confirm it', async () => {
    const control = await api.call('GET', '/controls/7.1.1', { token: tenant.adminToken });
    expect(control.status).toBe(200);
    expect(control.body).toMatchObject({ id: '7.1.1', title: 'Inventory of assets', category: { number: '7.1', title: 'Responsibility for assets' } });
    expect(control.body.iso27001.map((target: { number: string }) => target.number)).toContain('5.9');
    const operations = control.body.implementedBy.operations.map((operation: { name: string }) => operation.name);
    expect(operations).toEqual(expect.arrayContaining(['createAsset', 'listAssets', 'getAsset', 'importAssets', 'createAssetReview']));
    expect(control.body.implementedBy.jobs).toEqual([
      { name: 'asset-review-due', area: 'assets' },
      { name: 'asset-summary-recount', area: 'assets' },
    ]);
    expect(control.body.x1052.map((table: { table: number }) => table.table)).toEqual([4, 9]);
    const missing = await api.call('GET', '/controls/7.1.9', { token: tenant.adminToken });
    expect(missing.status).toBe(404);
    const malformed = await api.call('GET', '/controls/7.1', { token: tenant.adminToken });
    expect([malformed.status, malformed.body.errors[0].path]).toEqual([400, 'path.controlId']);
  });

  it('lists the telecom additions, the unconfirmed ones as likely with no 2008 source', async () => {
    const additions = await api.call('GET', '/telecom-control-additions', { token: tenant.adminToken });
    const likely = additions.body.items.filter((item: { certainty: string }) => item.certainty === 'likely; no 2008 source');
    expect(likely.length).toBeGreaterThan(0);
    expect(likely.every((item: { number?: string }) => item.number === undefined)).toBe(true);
    expect(additions.body.items).toContainEqual(expect.objectContaining({ number: 'A.4.1.3', certainty: 'seen in a 2008 source' }));
  });
});

describe('the records that implement a control', () => {
  it('lists the tenant’s assets for 7.1.1, with their names and links, page by page', async () => {
    const first = await api.call('GET', '/controls/7.1.1/records?limit=2', { token: tenant.adminToken });
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({ type: 'asset', id: assets[0], label: 'Core router', link: `/assets/${assets[0]}` }),
      expect.objectContaining({ type: 'asset', id: assets[1], label: 'Billing database' }),
    ]);
    const second = await api.call('GET', `/controls/7.1.1/records?limit=2&cursor=${first.body.nextCursor}`, { token: tenant.adminToken });
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([assets[2]]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('goes through every kind of record that names the control: flows, approvals and tasks for 10.1.3', async () => {
    const submitted = await api.call('POST', '/asset-policy-changes', {
      token: tenant.adminToken,
      body: { policy: { ...DEFAULT_ASSET_POLICY, businessProcesses: ['Billing'] }, reason: 'add billing' },
    });
    const checker = await api.tokenFor(tenant.tenantId, 'checker', ['security-officer']);
    const check = await owedTask(api, checker, submitted.body.id, 'check');
    const records: { type: string; id: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `/controls/10.1.3/records?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: tenant.adminToken });
      records.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(records.map((record) => record.type)).toEqual(['flow', 'approval']);
    expect(records[0]).toMatchObject({ id: submitted.body.flowId, link: `/flows/${submitted.body.flowId}` });
    expect(records[1]).toMatchObject({ id: check.id, label: 'Check the asset policy change', link: `/approvals/${check.id}` });
  });

  it('is for those who oversee the whole ISMS, and refuses a forged cursor naming it', async () => {
    const owner = await api.tokenFor(tenant.tenantId, 'owner', ['asset-owner']);
    expect((await api.call('GET', '/controls/7.1.1/records', { token: owner })).status).toBe(403);
    const auditor = await api.tokenFor(tenant.tenantId, 'auditor', ['auditor']);
    expect((await api.call('GET', '/controls/7.1.1/records', { token: auditor })).body.items).toHaveLength(3);
    for (const forged of [
      Buffer.from(JSON.stringify({ type: 'user' })).toString('base64url'),
      Buffer.from(JSON.stringify({ type: 'asset', cursor: 'eyJ4IjoxfQ' })).toString('base64url'),
      'not-base64-json',
    ]) {
      const refused = await api.call('GET', `/controls/7.1.1/records?cursor=${forged}`, { token: tenant.adminToken });
      expect([refused.status, refused.body.errors[0].path], forged).toEqual([400, 'query.cursor']);
    }
  });

  it('answers 404 for a control that does not exist, and an empty list for one no record implements', async () => {
    expect((await api.call('GET', '/controls/7.1.9/records', { token: tenant.adminToken })).status).toBe(404);
    const none = await api.call('GET', '/controls/14.1.1/records', { token: tenant.adminToken });
    expect(none.body).toEqual({ items: [] });
  });
});
