// Weakness reports (X.1051 13.1.2): anyone reports a weakness they observed or suspect, the security officers are
// told, a security officer other than the reporter triages it — into an advisory entered by hand, or dismissed
// with a reason — once, at the version named, and the reporter is told. Staff see only their own reports; another
// tenant's asset is no asset, another tenant's report is not there; every step is in the report's history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let other: { tenantId: string; adminToken: string; adminId: string };
let officer: string;
let officer2: string;
let staff: string;
let staff2: string;
let manager: string;
let auditor: string;
let asset: { id: string };
let foreignAsset: { id: string };

const assetBody = (owner: string, name: string) => ({
  name,
  type: 'physical',
  owner,
  classification: 'internal',
  confidentiality: 2,
  integrity: 2,
  availability: 2,
});

beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
  [tenant, other] = await Promise.all([api.newTenant('weak'), api.newTenant('weakb')]);
  [officer, officer2, staff, staff2, manager, auditor] = await Promise.all([
    api.tokenFor(tenant.tenantId, 'officer', ['security-officer']),
    api.tokenFor(tenant.tenantId, 'officer2', ['security-officer']),
    api.tokenFor(tenant.tenantId, 'staff', ['staff']),
    api.tokenFor(tenant.tenantId, 'staff2', ['staff']),
    api.tokenFor(tenant.tenantId, 'manager', ['manager']),
    api.tokenFor(tenant.tenantId, 'auditor', ['auditor']),
  ]);
  asset = (await api.call('POST', '/assets', { token: tenant.adminToken, body: assetBody(tenant.adminId, 'Radio site RS-114') })).body;
  foreignAsset = (await api.call('POST', '/assets', { token: other.adminToken, body: assetBody(other.adminId, 'B site') })).body;
}, 60_000);
afterAll(() => api.close());

const report = (token: string, more: Record<string, unknown> = {}) =>
  api.call('POST', '/weakness-reports', {
    token,
    body: {
      title: 'Equipment room door does not latch',
      description: 'The door stays open unless pushed hard; the alarm did not sound.',
      ...more,
    },
  });

const ids = (reply: { body: { items: { id: string }[] } }) => reply.body.items.map((item) => item.id);

interface BusEvent {
  'detail-type': string;
  detail: { tenantId: string; data: { kind?: string; link?: string; recipients?: Record<string, string[]>; exclude?: string[]; text?: string } };
}
const notification = (kind: string, link: string) =>
  eventually(
    async () =>
      (api.bus!.recentEvents() as BusEvent[]).find(
        (event) => event['detail-type'] === 'NotificationRequested' && event.detail.data.kind === kind && event.detail.data.link === link,
      ),
    `${kind} for ${link}`,
  );

const advisoryEntry = (more: Record<string, unknown> = {}) => ({
  title: 'Equipment room doors at radio sites do not latch',
  publisher: { name: 'Demo Telecom security office', category: 'user' },
  description: 'Door closers at older radio sites fail; unauthorized physical access is possible.',
  cwes: [{ id: 'CWE-1263', name: 'Improper Physical Access Control' }],
  cvssVectors: ['CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
  ...more,
});

describe('weakness reports', () => {
  it('take a staff member’s report, tell the security officers, and show staff only their own', async () => {
    const made = await report(staff, {
      assetIds: [asset.id],
      observedAt: '2026-03-02T08:40:00+01:00',
      location: 'radio site RS-114',
      contact: '+49 30 555 0114',
    });
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe(`/weakness-reports/${made.body.id}`);
    expect(made.body).toMatchObject({
      state: 'reported',
      assetIds: [asset.id],
      observedAt: '2026-03-02T07:40:00.000Z',
      location: 'radio site RS-114',
      version: 1,
      reporterPerson: { id: expect.any(String), name: expect.any(String) },
    });
    const told = await notification('weakness-reported', `/weakness-reports/${made.body.id}`);
    expect(told.detail.data).toMatchObject({ recipients: { roles: ['security-officer'] }, exclude: [made.body.reporter] });

    const mine = await report(staff2, { title: 'Shared admin password on a sticky note' });
    expect(mine.status).toBe(201);
    // Staff see their own reports only, whatever the filter; so does a manager (no overseer).
    expect(ids(await api.call('GET', '/weakness-reports', { token: staff }))).toEqual([made.body.id]);
    expect(ids(await api.call('GET', '/weakness-reports?state=reported', { token: staff2 }))).toEqual([mine.body.id]);
    expect(ids(await api.call('GET', '/weakness-reports?state=dismissed', { token: staff }))).toEqual([]);
    expect(ids(await api.call('GET', '/weakness-reports', { token: manager }))).toEqual([]);
    expect((await api.call('GET', `/weakness-reports/${made.body.id}`, { token: staff })).status).toBe(200);
    expect((await api.call('GET', `/weakness-reports/${made.body.id}`, { token: staff2 })).status).toBe(404);
    expect((await api.call('GET', `/weakness-reports/${made.body.id}`, { token: manager })).status).toBe(404);
    // Overseers see every report, newest first.
    for (const token of [officer, auditor, tenant.adminToken]) {
      const all = ids(await api.call('GET', '/weakness-reports?state=reported', { token }));
      expect(all.indexOf(mine.body.id)).toBeLessThan(all.indexOf(made.body.id));
      expect(all).toContain(made.body.id);
      expect((await api.call('GET', `/weakness-reports/${made.body.id}`, { token })).body.contact).toBe('+49 30 555 0114');
    }
    // A page at a time.
    const first = await api.call('GET', '/weakness-reports?limit=1', { token: officer });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toBeDefined();
  });

  it('refuse another tenant’s asset, an unknown one and a future observation, naming each, with nothing stored', async () => {
    const before = ids(await api.call('GET', '/weakness-reports', { token: staff2 }));
    const refused = await report(staff2, {
      assetIds: [asset.id, foreignAsset.id, '01JDQ8R6Z8W4X3N2K1M0P9Q7RS'],
      observedAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { path: 'body.assetIds.1', message: 'no asset of this tenant has this id' },
      { path: 'body.assetIds.2', message: 'no asset of this tenant has this id' },
      { path: 'body.observedAt', message: 'in the future' },
    ]);
    const tooMany = await report(staff2, { assetIds: Array.from({ length: 21 }, () => asset.id) });
    expect(tooMany.status).toBe(400);
    expect(ids(await api.call('GET', '/weakness-reports', { token: staff2 }))).toEqual(before);
  });

  it('turn a report into an advisory once, by another security officer, and tell the reporter', async () => {
    const made = (await report(staff, { assetIds: [asset.id] })).body;
    // Staff triage nothing; a stale version is refused; a bad vector is refused naming it, with nothing stored.
    expect(
      (
        await api.call('POST', `/weakness-reports/${made.id}/triage`, {
          token: staff,
          body: { outcome: 'dismissed', reason: 'x' },
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(403);
    const stale = await api.call('POST', `/weakness-reports/${made.id}/triage`, {
      token: officer,
      body: { outcome: 'dismissed', reason: 'duplicate' },
      headers: { 'if-match': '"5"' },
    });
    expect(stale.status).toBe(412);
    const badVector = await api.call('POST', `/weakness-reports/${made.id}/triage`, {
      token: officer,
      body: { outcome: 'advisory', advisory: advisoryEntry({ cvssVectors: ['CVSS:3.1/AV:P'] }) },
      headers: { 'if-match': '"1"' },
    });
    expect(badVector.status).toBe(400);
    expect(badVector.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.advisory.cvssVectors.0']);
    const withId = await api.call('POST', `/weakness-reports/${made.id}/triage`, {
      token: officer,
      body: { outcome: 'advisory', advisory: advisoryEntry({ documentId: 'MINE-1' }) },
      headers: { 'if-match': '"1"' },
    });
    expect(withId.status).toBe(400); // the report's id is the document's
    expect((await api.call('GET', `/weakness-reports/${made.id}`, { token: officer })).body).toMatchObject({ state: 'reported', version: 1 });

    const triaged = await api.call('POST', `/weakness-reports/${made.id}/triage`, {
      token: officer,
      body: { outcome: 'advisory', advisory: advisoryEntry(), note: 'Door closers are being replaced at all older sites.' },
      headers: { 'if-match': '"1"' },
    });
    expect(triaged.status).toBe(200);
    expect(triaged.headers.get('etag')).toBe('"2"');
    expect(triaged.body).toMatchObject({
      state: 'triaged',
      version: 2,
      advisoryId: expect.any(String),
      triage: { outcome: 'advisory', note: 'Door closers are being replaced at all older sites.', byPerson: { id: expect.any(String) } },
    });
    expect(triaged.body.triage.by).not.toBe(made.reporter);
    const advisory = await api.call('GET', `/advisories/${triaged.body.advisoryId}`, { token: officer });
    expect(advisory.body).toMatchObject({ format: 'manual', sourceId: 'manual', deliveryId: made.id, documentId: made.id, severity: 'medium' });
    const raw = JSON.parse(await (await fetch(advisory.body.rawDocument.url)).text());
    expect(raw).toMatchObject({ weaknessReportId: made.id, advisory: { title: advisoryEntry().title } });
    expect(ids(await api.call('GET', '/advisories?sourceId=manual', { token: manager }))).toContain(triaged.body.advisoryId);

    // The reporter is told, and reads the outcome; twice is once too often.
    const told = await notification('weakness-triaged', `/weakness-reports/${made.id}`);
    expect(told.detail.data.recipients).toEqual({ users: [made.reporter] });
    expect((await api.call('GET', `/weakness-reports/${made.id}`, { token: staff })).body).toMatchObject({
      state: 'triaged',
      advisoryId: triaged.body.advisoryId,
    });
    const twice = await api.call('POST', `/weakness-reports/${made.id}/triage`, {
      token: officer2,
      body: { outcome: 'dismissed', reason: 'changed my mind' },
      headers: { 'if-match': '"2"' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain(triaged.body.advisoryId);
    expect(ids(await api.call('GET', '/weakness-reports?state=triaged', { token: officer }))).toEqual([made.id]);

    // Its history: reported, then triaged with the note as the reason.
    const history = await api.call('GET', `/audit?entity=weakness-report:${made.id}`, { token: auditor });
    expect(history.body.items.map((entry: { operation: string; reason?: string }) => [entry.operation, entry.reason])).toEqual([
      ['createWeaknessReport', undefined],
      ['triageWeaknessReport', 'Door closers are being replaced at all older sites.'],
    ]);
  });

  it('keep a reporter from triaging their own report, and dismiss only with a reason', async () => {
    const own = (await report(officer, { title: 'VPN concentrator still accepts TLS 1.0' })).body;
    const refused = await api.call('POST', `/weakness-reports/${own.id}/triage`, {
      token: officer,
      body: { outcome: 'dismissed', reason: 'fixed already' },
      headers: { 'if-match': '"1"' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('separation of duties');
    // The officer who reported is not told of their own report.
    const told = await notification('weakness-reported', `/weakness-reports/${own.id}`);
    expect(told.detail.data.exclude).toEqual([own.reporter]);

    const noReason = await api.call('POST', `/weakness-reports/${own.id}/triage`, {
      token: officer2,
      body: { outcome: 'dismissed' },
      headers: { 'if-match': '"1"' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.reason']);
    const dismissed = await api.call('POST', `/weakness-reports/${own.id}/triage`, {
      token: officer2,
      body: { outcome: 'dismissed', reason: 'TLS 1.0 was switched off on 1 March; the scan predates it.' },
      headers: { 'if-match': '"1"' },
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      state: 'dismissed',
      triage: { outcome: 'dismissed', reason: 'TLS 1.0 was switched off on 1 March; the scan predates it.' },
    });
    expect(dismissed.body).not.toHaveProperty('advisoryId');
    const told2 = await notification('weakness-triaged', `/weakness-reports/${own.id}`);
    expect(told2.detail.data.text).toContain('switched off on 1 March');
  });

  it('keep another tenant’s reports out of reach everywhere', async () => {
    const made = (await report(staff)).body;
    expect((await api.call('GET', `/weakness-reports/${made.id}`, { token: other.adminToken })).status).toBe(404);
    expect(ids(await api.call('GET', '/weakness-reports', { token: other.adminToken }))).not.toContain(made.id);
    expect(ids(await api.call('GET', '/weakness-reports?state=reported', { token: other.adminToken }))).not.toContain(made.id);
    const foreign = await api.call('POST', `/weakness-reports/${made.id}/triage`, {
      token: other.adminToken,
      body: { outcome: 'dismissed', reason: 'not ours' },
      headers: { 'if-match': '"1"' },
    });
    expect(foreign.status).toBe(404);
    expect((await api.call('GET', `/weakness-reports/${made.id}`, { token: officer })).body).toMatchObject({ state: 'reported', version: 1 });
  });
});
