// Advisories entered by hand (X.1052 12.2.1 a): a security officer enters an announcement read elsewhere; it is
// scored, kept with its entry as the raw document, linked to every source's advisories of the same vulnerability
// and announced like a delivered one. A bad CVE id, an unscorable vector, a javascript: link are refused naming
// the field, with nothing stored; another tenant's source is no source; TLP:RED stays with the roles mapped to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let other: { tenantId: string; adminToken: string; adminId: string };
let officer: string;
let manager: string;
let staff: string;

beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
  [tenant, other] = await Promise.all([api.newTenant('man'), api.newTenant('manb')]);
  [officer, manager, staff] = await Promise.all([
    api.tokenFor(tenant.tenantId, 'officer', ['security-officer']),
    api.tokenFor(tenant.tenantId, 'manager', ['manager']),
    api.tokenFor(tenant.tenantId, 'staff', ['staff']),
  ]);
}, 60_000);
afterAll(() => api.close());

const entry = (more: Record<string, unknown> = {}) => ({
  title: 'Authentication bypass in the element manager’s REST API',
  publisher: { name: 'Example Networks PSIRT', category: 'vendor' },
  description: 'A crafted header skips the session check.',
  published: '2026-02-10T08:00:00Z',
  cveIds: ['CVE-2026-40001'],
  cwes: [{ id: 'CWE-287', name: 'Improper Authentication' }],
  cvssVectors: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'],
  references: [{ url: 'https://psirt.example.net/EXN-SA-2026-0007', category: 'self' }],
  tlp: 'GREEN',
  ...more,
});

async function manualAdvisories(token = officer): Promise<string[]> {
  const list = await api.call('GET', '/advisories?sourceId=manual&limit=100', { token });
  expect(list.status).toBe(200);
  return list.body.items.map((item: { id: string }) => item.id);
}

describe('advisories entered by hand', () => {
  it('are scored, kept with their entry, linked to the vulnerability and announced like any advisory', async () => {
    const created = await api.call('POST', '/advisories', { token: officer, body: entry() });
    expect(created.status).toBe(201);
    const advisory = created.body;
    expect(created.headers.get('location')).toBe(`/advisories/${advisory.id}`);
    expect(advisory).toMatchObject({
      format: 'manual',
      sourceId: 'manual',
      documentVersion: '1',
      state: 'current',
      publisher: { name: 'Example Networks PSIRT', category: 'vendor' },
      cveIds: ['CVE-2026-40001'],
      cwes: [{ id: 'CWE-287', name: 'Improper Authentication' }],
      severity: 'critical',
      tlp: 'GREEN',
      published: '2026-02-10T08:00:00.000Z',
      listedAt: '2026-02-10T08:00:00.000Z',
      productCount: 0,
    });
    expect(advisory.cvss.map((score: { version: string; baseScore: number }) => [score.version, score.baseScore])).toEqual([
      ['3.1', 9.8],
      ['4.0', 9.3],
    ]);
    // Without a document id the entry's own id is the document's, and the delivery's.
    expect(advisory.documentId).toBe(advisory.deliveryId);
    // The register, the CVE filter and the raw document: the entry as entered, by whom.
    expect(await manualAdvisories(manager)).toContain(advisory.id);
    const byCve = await api.call('GET', '/advisories?cve=CVE-2026-40001', { token: manager });
    expect(byCve.body.items.map((item: { id: string }) => item.id)).toEqual([advisory.id]);
    const read = await api.call('GET', `/advisories/${advisory.id}`, { token: manager });
    expect(read.status).toBe(200);
    const raw = JSON.parse(await (await fetch(read.body.rawDocument.url)).text());
    expect(raw).toMatchObject({ entryId: advisory.deliveryId, advisory: { title: entry().title, cvssVectors: entry().cvssVectors } });
    // AdvisoryAccepted, first of its vulnerability: the security officers are told as for a delivered one.
    const accepted = await eventually(
      async () =>
        (api.bus!.recentEvents() as { 'detail-type': string; detail: { data: Record<string, unknown> } }[]).find(
          (event) => event['detail-type'] === 'AdvisoryAccepted' && event.detail.data.advisoryId === advisory.id,
        ),
      'AdvisoryAccepted',
    );
    expect(accepted.detail.data).toMatchObject({ format: 'manual', sourceId: 'manual', firstOfVulnerability: true, severity: 'critical' });

    // A source's announcement of the same CVE, entered for that source: one vulnerability, two advisories.
    const source = (await api.call('POST', '/advisory-sources', { token: officer, body: { name: 'CERT of record', kind: 'government-cert' } })).body;
    const second = await api.call('POST', '/advisories', {
      token: officer,
      body: entry({ title: 'CERT note on the REST API bypass', sourceId: source.id, documentId: 'CERT-2026-77', tlp: undefined }),
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ sourceId: source.id, documentId: 'CERT-2026-77', vulnerabilityIds: advisory.vulnerabilityIds });
    const vulnerability = await api.call('GET', `/vulnerabilities/${advisory.vulnerabilityIds[0]}`, { token: manager });
    expect(vulnerability.body).toMatchObject({ identifier: 'CVE-2026-40001', advisories: 2, sources: expect.arrayContaining(['manual', source.id]) });
    const bySource = await api.call('GET', `/advisories?sourceId=${source.id}`, { token: officer });
    expect(bySource.body.items.map((item: { id: string }) => item.id)).toEqual([second.body.id]);
    // Another tenant sees none of it.
    expect((await api.call('GET', `/advisories/${advisory.id}`, { token: other.adminToken })).status).toBe(404);
  });

  it('supersede an older version of the same document, and refuse the same version twice', async () => {
    const first = await api.call('POST', '/advisories', { token: officer, body: entry({ documentId: 'EXN-SA-2026-0100', cveIds: [] }) });
    expect(first.status).toBe(201);
    const newer = await api.call('POST', '/advisories', {
      token: tenant.adminToken,
      body: entry({ documentId: 'EXN-SA-2026-0100', documentVersion: '2', updated: '2026-03-01T00:00:00Z', cveIds: [] }),
    });
    expect(newer.status).toBe(201);
    const older = await api.call('GET', `/advisories/${first.body.id}`, { token: officer });
    expect(older.body).toMatchObject({ state: 'superseded', supersededBy: newer.body.id });
    const again = await api.call('POST', '/advisories', { token: officer, body: entry({ documentId: 'EXN-SA-2026-0100', documentVersion: '2' }) });
    expect(again.status).toBe(409);
    expect(again.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.documentVersion']);
    expect(again.body.detail).toContain(newer.body.id);
  });

  it('refuse a bad CVE id, an unscorable vector and a javascript: link, naming each, and store nothing', async () => {
    const before = await manualAdvisories();
    const bad = await api.call('POST', '/advisories', {
      token: officer,
      body: entry({
        cveIds: ['CVE-2026-40001', 'CVE-26-1'],
        references: [{ url: 'javascript:alert(document.cookie)' }, { url: 'https://ok.example/a' }, { url: 'ftp://files.example/a' }],
        cwes: [{ id: '79' }],
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(
      ['body.cveIds.1', 'body.cwes.0.id', 'body.references.0.url', 'body.references.2.url'].sort(),
    );
    // A vector of the right shape that does not score (base metrics missing), and one of no shape at all.
    const incomplete = await api.call('POST', '/advisories', {
      token: officer,
      body: entry({ cvssVectors: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:L'] }),
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors).toEqual([{ path: 'body.cvssVectors.1', message: expect.stringContaining('no score') }]);
    const shapeless = await api.call('POST', '/advisories', { token: officer, body: entry({ cvssVectors: ['<script>'] }) });
    expect(shapeless.status).toBe(400);
    expect(shapeless.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.cvssVectors.0']);
    const backwards = await api.call('POST', '/advisories', { token: officer, body: entry({ updated: '2026-01-01T00:00:00Z' }) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.updated']);
    expect(await manualAdvisories()).toEqual(before);
  });

  it('take only a source of the tenant, and only from security officers and administrators', async () => {
    const before = await manualAdvisories();
    const foreign = (await api.call('POST', '/advisory-sources', { token: other.adminToken, body: { name: 'B PSIRT', kind: 'vendor' } })).body;
    const refused = await api.call('POST', '/advisories', { token: officer, body: entry({ sourceId: foreign.id }) });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'body.sourceId', message: 'no advisory source of this tenant has this id' }]);
    expect((await api.call('POST', '/advisories', { token: manager, body: entry() })).status).toBe(403);
    expect((await api.call('POST', '/advisories', { token: staff, body: entry() })).status).toBe(403);
    expect(await manualAdvisories()).toEqual(before);
    // Nothing reached B's source either.
    expect((await api.call('GET', `/advisories?sourceId=${foreign.id}`, { token: other.adminToken })).body.items).toEqual([]);
  });

  it('keep a TLP:RED entry from a manager, as the register does for any advisory', async () => {
    const red = await api.call('POST', '/advisories', { token: officer, body: entry({ tlp: 'RED', cveIds: ['CVE-2026-40999'], title: 'Embargoed' }) });
    expect(red.status).toBe(201);
    expect((await api.call('GET', `/advisories/${red.body.id}`, { token: officer })).status).toBe(200);
    expect((await api.call('GET', `/advisories/${red.body.id}`, { token: manager })).status).toBe(404);
    expect(await manualAdvisories(manager)).not.toContain(red.body.id);
    expect((await api.call('GET', '/advisories?cve=CVE-2026-40999', { token: manager })).body.items).toEqual([]);
    expect(await manualAdvisories(officer)).toContain(red.body.id);
  });

  it('replay the first answer for a retry under the same Idempotency-Key', async () => {
    const body = entry({ title: 'Retried entry', cveIds: [] });
    const headers = { 'idempotency-key': 'manual-retry-1' };
    const first = await api.call('POST', '/advisories', { token: officer, body, headers });
    const retry = await api.call('POST', '/advisories', { token: officer, body, headers });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body.id).toBe(first.body.id);
    // A refused entry leaves its key free for the corrected one.
    const wrong = await api.call('POST', '/advisories', {
      token: officer,
      body: entry({ cvssVectors: ['CVSS:3.1/AV:N/AC:L'] }),
      headers: { 'idempotency-key': 'manual-retry-2' },
    });
    expect(wrong.status).toBe(400);
    const fixed = await api.call('POST', '/advisories', {
      token: officer,
      body: entry({ cveIds: [], title: 'Fixed' }),
      headers: { 'idempotency-key': 'manual-retry-2' },
    });
    expect(fixed.status).toBe(201);
  });
});
