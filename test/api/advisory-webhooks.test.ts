// Collecting advisories by webhook (X.1052 12.2.1 a): a source is registered and shown its secret once; real
// CSAF, OSV and CVE documents arrive signed, are kept raw, validated and accepted once; forged, stale, replayed,
// oversized and foreign deliveries are refused with nothing kept; a rotation keeps the old secret for its overlap.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEntity } from '@ismf/store/entities';
import { UnitOfWork } from '@ismf/store/unit-of-work';
import { advisorySourceEntity, type AdvisorySourceData } from '@ismf/early-warning/entities';
import { webhookKey, webhookSignature } from '@ismf/early-warning/webhook-signature';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { postSigned, type SignedOptions } from '../support/webhooks.ts';
import { runJob } from '../support/jobs.ts';
import { describeWithRealdata, realdata } from '../support/realdata.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let other: { tenantId: string; adminToken: string; adminId: string };
let officer: string;
let manager: string;
let staff: string;

beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
  [tenant, other] = await Promise.all([api.newTenant('adv'), api.newTenant('advb')]);
  officer = await api.tokenFor(tenant.tenantId, 'officer', ['security-officer']);
  manager = await api.tokenFor(tenant.tenantId, 'manager', ['manager']);
  staff = await api.tokenFor(tenant.tenantId, 'staff', ['staff']);
}, 60_000);
afterAll(() => api.close());

interface Source {
  id: string;
  webhookPath: string;
  webhookSecret: string;
  version: number;
}

async function newSource(token: string, body: Record<string, unknown> = {}): Promise<Source> {
  const created = await api.call('POST', '/advisory-sources', { token, body: { name: 'Vendor PSIRT', kind: 'vendor', ...body } });
  expect(created.status).toBe(201);
  return created.body;
}

/** Posts a delivery as a sender would: Standard Webhooks headers over the exact bytes. */
const deliver = (path: string, secret: string, bytes: Buffer | string, options: SignedOptions = {}) =>
  postSigned(api, { webhookPath: path, webhookSecret: secret }, bytes, options);

async function settled(deliveryId: string) {
  return eventually(async () => {
    const delivery = await api.call('GET', `/advisory-deliveries/${deliveryId}`, { token: officer });
    return delivery.body.state === 'received' ? undefined : delivery.body;
  }, `delivery ${deliveryId} processed`);
}

const real = (...parts: string[]) => readFileSync(realdata(...parts));

describe('advisory sources', () => {
  it('show the signing secret once, never again, and only to those who keep them', async () => {
    const source = await newSource(officer, { formats: ['csaf'], vendor: 'Red Hat' });
    expect(source.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(source.webhookPath).toBe(`/webhooks/${tenant.tenantId}/${source.id}`);
    const read = await api.call('GET', `/advisory-sources/${source.id}`, { token: tenant.adminToken });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(source.webhookSecret.slice(6, 20));
    expect(read.body).not.toHaveProperty('secrets');
    expect(read.body).toMatchObject({ secretGeneration: 1, health: { deliveries: 0 } });
    expect((await api.call('POST', '/advisory-sources', { token: manager, body: { name: 'x', kind: 'vendor' } })).status).toBe(403);
    expect((await api.call('GET', '/advisory-sources', { token: staff })).status).toBe(403);
    const bad = await api.call('POST', '/advisory-sources', { token: officer, body: { name: 'x', kind: 'blog', formats: ['rss'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(expect.arrayContaining(['body.kind', 'body.formats.0']));
    // Another tenant's source is not there.
    expect((await api.call('GET', `/advisory-sources/${source.id}`, { token: other.adminToken })).status).toBe(404);
  });
});

describeWithRealdata('webhook deliveries', () => {
  it('accepts a real CSAF advisory once: kept raw, validated, summarised, its replay answered with the first delivery', async () => {
    const source = await newSource(officer, { formats: ['csaf'] });
    const bytes = real('csaf/examples/csaf/rhsa-2021_5186.json');
    const sent = await deliver(source.webhookPath, source.webhookSecret, bytes, { webhookId: 'msg_rhsa_5186' });
    expect(sent.status).toBe(202);
    expect(sent.headers.get('location')).toBe(`/advisory-deliveries/${sent.body.id}`);
    expect(sent.body).toMatchObject({ state: 'received', replayed: false, bytes: bytes.length });

    const delivery = await settled(sent.body.id);
    expect(delivery).toMatchObject({ state: 'accepted', counts: { accepted: 1, duplicate: 0, rejected: 0 } });
    const advisoryId = delivery.outcomes[0].advisoryId;
    const advisory = await api.call('GET', `/advisories/${advisoryId}`, { token: manager });
    expect(advisory.status).toBe(200);
    expect(advisory.body).toMatchObject({
      format: 'csaf',
      documentId: 'RHSA-2021:5186',
      documentVersion: '1',
      state: 'current',
      tlp: 'WHITE',
      cveIds: expect.arrayContaining(['CVE-2021-4104', 'CVE-2021-4125']),
    });
    // The raw document, byte for byte.
    const raw = await fetch(advisory.body.rawDocument.url);
    expect(Buffer.from(await raw.arrayBuffer()).equals(bytes)).toBe(true);

    // The sender retries: the first delivery again, nothing new kept.
    const replay = await deliver(source.webhookPath, source.webhookSecret, bytes, { webhookId: 'msg_rhsa_5186' });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ id: sent.body.id, replayed: true });
    // The same document in a new delivery: held already.
    const again = await settled((await deliver(source.webhookPath, source.webhookSecret, bytes)).body.id);
    expect(again).toMatchObject({ state: 'accepted', counts: { accepted: 0, duplicate: 1 }, outcomes: [{ advisoryId }] });
    const listed = await api.call('GET', `/advisories?sourceId=${source.id}`, { token: officer });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([advisoryId]);
    const health = await api.call('GET', `/advisory-sources/${source.id}`, { token: officer });
    expect(health.body.health).toMatchObject({ deliveries: 2, accepted: 1, duplicates: 1, rejected: 0, lastSuccessAt: expect.any(String) });
  });

  it('refuses forged, stale, foreign, oversized and mistyped deliveries with nothing kept', async () => {
    const source = await newSource(officer);
    const foreign = await newSource(other.adminToken);
    const bytes = real('osv/npm-ghsa/GHSA-9wv6-86v2-598j.json');
    const forged = await deliver(source.webhookPath, source.webhookSecret, bytes, { signature: `v1,${Buffer.alloc(32, 7).toString('base64')}` });
    expect(forged.status).toBe(401);
    // Signed for the body, then the body changed on the way.
    const tampered = await deliver(source.webhookPath, source.webhookSecret, bytes, {
      signature: webhookSignature(webhookKey(source.webhookSecret), 'msg_x', '0', bytes),
      webhookId: 'msg_x',
    });
    expect(tampered.status).toBe(401);
    const stale = await deliver(source.webhookPath, source.webhookSecret, bytes, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(stale.body.detail).toContain('5 minutes');
    // Tenant B's secret on tenant A's source, and on tenant B's path naming A's source.
    expect((await deliver(source.webhookPath, foreign.webhookSecret, bytes)).status).toBe(401);
    expect((await deliver(`/webhooks/${other.tenantId}/${source.id}`, source.webhookSecret, bytes)).status).toBe(401);
    expect((await deliver(`/webhooks/no-such-tenant/${source.id}`, source.webhookSecret, bytes)).status).toBe(401);
    const mistyped = await deliver(source.webhookPath, source.webhookSecret, bytes, { contentType: 'text/plain' });
    expect(mistyped.status).toBe(415);
    const huge = await deliver(source.webhookPath, source.webhookSecret, Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    expect(huge.status).toBe(413);
    expect(huge.body.detail).toContain('POST /jobs');
    const unsigned = await api.call('POST', source.webhookPath, { rawBody: bytes, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.errors.map((error: { path: string }) => error.path)).toContain('header.webhook-signature');
    const deliveries = await api.call('GET', `/advisory-deliveries?sourceId=${source.id}`, { token: officer });
    expect(deliveries.body.items).toEqual([]);
  });

  it('rejects what fails validation, naming the test or the field, and announces it', async () => {
    const source = await newSource(officer);
    const osv = JSON.parse(real('osv/npm-ghsa/GHSA-9wv6-86v2-598j.json').toString('utf8'));
    const broken = { ...osv, id: 'GHSA-broken-one', modified: 'yesterday' };
    const csaf = JSON.parse(real('csaf/examples/csaf/bsi-2022-0001.json').toString('utf8'));
    // A batch: a valid OSV record, one failing the OSV schema, invalid JSON on a line of its own, a CSAF document.
    const lines = [JSON.stringify(osv), JSON.stringify(broken), '{"id": ', JSON.stringify(csaf)].join('\n');
    const sent = await deliver(source.webhookPath, source.webhookSecret, lines, { contentType: 'application/jsonl' });
    expect(sent.status).toBe(202);
    const delivery = await settled(sent.body.id);
    expect(delivery).toMatchObject({ state: 'partly-accepted', documents: 4, counts: { accepted: 2, rejected: 2 } });
    expect(delivery.outcomes[1]).toMatchObject({
      outcome: 'rejected',
      format: 'osv',
      reasons: [expect.objectContaining({ path: expect.stringContaining('modified') })],
    });
    expect(delivery.outcomes[2]).toMatchObject({ outcome: 'rejected' });
    const rejected = await api.call('GET', '/advisory-deliveries?state=partly-accepted', { token: officer });
    expect(rejected.body.items.map((item: { id: string }) => item.id)).toContain(sent.body.id);
    await eventually(
      async () =>
        (api.bus!.recentEvents() as { 'detail-type': string; detail: { data: { deliveryId?: string } } }[]).some(
          (event) => event['detail-type'] === 'AdvisoryRejected' && event.detail.data.deliveryId === sent.body.id,
        ),
      'AdvisoryRejected',
    );
    const health = await api.call('GET', `/advisory-sources/${source.id}`, { token: officer });
    expect(health.body.health).toMatchObject({ rejected: 2, accepted: 2, lastFailure: expect.any(String) });
  });

  it('links one vulnerability across sources, and supersedes an older version', async () => {
    const vendor = await newSource(officer, { formats: ['osv'] });
    const cert = await newSource(officer, { kind: 'security-organization', formats: ['cve'] });
    const osv = JSON.parse(real('osv/npm-ghsa/GHSA-c2qf-rxjj-qqgw.json').toString('utf8'));
    const first = await settled((await deliver(vendor.webhookPath, vendor.webhookSecret, JSON.stringify(osv))).body.id);
    const cveId = osv.aliases.find((alias: string) => alias.startsWith('CVE-'));
    const newer = { ...osv, modified: '2025-01-01T00:00:00Z' };
    const second = await settled((await deliver(vendor.webhookPath, vendor.webhookSecret, JSON.stringify(newer))).body.id);
    expect(second.outcomes[0].outcome).toBe('accepted');
    const older = await api.call('GET', `/advisories/${first.outcomes[0].advisoryId}`, { token: officer });
    expect(older.body).toMatchObject({ state: 'superseded', supersededBy: second.outcomes[0].advisoryId });

    // A CVE record of the same vulnerability from another source: one vulnerability, three advisories.
    const cve = { ...JSON.parse(real('cve/cve5/CVE-2021-44228.json').toString('utf8')) };
    cve.cveMetadata = { ...cve.cveMetadata, cveId };
    const third = await settled((await deliver(cert.webhookPath, cert.webhookSecret, JSON.stringify(cve))).body.id);
    expect(third.state).toBe('accepted');
    const byCve = await api.call('GET', `/advisories?cve=${cveId.toLowerCase()}`, { token: officer });
    expect(byCve.body.items.map((item: { sourceId: string }) => item.sourceId).sort()).toEqual([vendor.id, vendor.id, cert.id].sort());
    const vulnerabilityId = byCve.body.items[0].vulnerabilityIds[0];
    expect(new Set(byCve.body.items.map((item: { vulnerabilityIds: string[] }) => item.vulnerabilityIds[0]))).toEqual(new Set([vulnerabilityId]));
    const vulnerability = await api.call('GET', `/vulnerabilities/${vulnerabilityId}`, { token: manager });
    expect(vulnerability.body).toMatchObject({ identifier: cveId, advisories: 3, sources: expect.arrayContaining([vendor.id, cert.id]) });
    expect(vulnerability.body.aliases).toContain(osv.id);
    // The GHSA id finds the same advisories.
    expect((await api.call('GET', `/advisories?cve=${osv.id}`, { token: officer })).body.items).toHaveLength(3);
    // The security officers were told once, for the first source's advisory.
    const announced = (
      api.bus!.recentEvents() as { 'detail-type': string; detail: { data: { vulnerabilityIds?: string[]; firstOfVulnerability?: boolean } } }[]
    ).filter((event) => event['detail-type'] === 'AdvisoryAccepted' && event.detail.data.vulnerabilityIds?.includes(vulnerabilityId));
    expect(announced.map((event) => event.detail.data.firstOfVulnerability)).toEqual([true, false, false]);
  });

  it('keeps the previous secret through its overlap after a rotation, and refuses it after', async () => {
    const source = await newSource(officer);
    const rotated = await api.call('POST', `/advisory-sources/${source.id}/secret-rotation`, { token: officer, headers: { 'if-match': '"1"' } });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ secretGeneration: 2, previousSecretValidUntil: expect.any(String) });
    expect(rotated.body.webhookSecret).not.toBe(source.webhookSecret);
    const document = real('osv/npm-ghsa/GHSA-9wv6-86v2-598j.json');
    expect((await deliver(source.webhookPath, rotated.body.webhookSecret, document)).status).toBe(202);
    expect((await deliver(source.webhookPath, source.webhookSecret, document)).status).toBe(202);
    // The overlap ends (as 24 hours later).
    const stored = (await getEntity<AdvisorySourceData>(tenant.tenantId, advisorySourceEntity.type, source.id))!;
    const work = new UnitOfWork({ actor: { userId: 'test', roles: [] }, operation: 'test' });
    const secrets = stored.data.secrets!;
    work.update(advisorySourceEntity, stored, {
      ...stored.data,
      secrets: { ...secrets, previous: { ...secrets.previous!, validUntil: new Date(Date.now() - 1000).toISOString() } },
    });
    await work.commit();
    expect((await deliver(source.webhookPath, source.webhookSecret, document)).status).toBe(401);
    expect((await deliver(source.webhookPath, rotated.body.webhookSecret, document)).status).toBe(202);
    // A disabled source takes nothing.
    const disabled = await api.call('PATCH', `/advisory-sources/${source.id}`, {
      token: officer,
      body: { status: 'disabled' },
      headers: { 'if-match': `"${stored.version + 1}"`, 'content-type': 'application/merge-patch+json' },
    });
    expect(disabled.status).toBe(200);
    expect((await deliver(source.webhookPath, rotated.body.webhookSecret, document)).status).toBe(401);
  });

  it('shows a TLP:AMBER advisory only to the roles the tenant maps to it', async () => {
    const source = await newSource(officer, { formats: ['csaf'] });
    const csaf = JSON.parse(real('csaf/examples/csaf/rhsa-2022_0011.json').toString('utf8'));
    csaf.document.distribution.tlp.label = 'AMBER';
    const delivery = await settled((await deliver(source.webhookPath, source.webhookSecret, JSON.stringify(csaf))).body.id);
    expect(delivery.state).toBe('accepted');
    const advisoryId = delivery.outcomes[0].advisoryId;
    expect((await api.call('GET', `/advisories/${advisoryId}`, { token: officer })).status).toBe(200);
    expect((await api.call('GET', `/advisories/${advisoryId}`, { token: manager })).status).toBe(404);
    const managerList = await api.call('GET', `/advisories?sourceId=${source.id}`, { token: manager });
    expect(managerList.body.items).toEqual([]);
    const settings = await api.call('PUT', '/early-warning-settings', {
      token: officer,
      body: { tlpRoles: { AMBER: ['security-officer', 'manager'], RED: ['security-officer'] } },
      headers: { 'if-match': '"0"' },
    });
    expect(settings.status).toBe(200);
    expect((await api.call('GET', `/advisories/${advisoryId}`, { token: manager })).status).toBe(200);
  });

  it('takes a document too large for the webhook as an advisory-upload job, delivered and validated as a webhook’s', async () => {
    const source = await newSource(officer, { formats: ['csaf'] });
    const csaf = JSON.parse(real('csaf/examples/csaf/rhsa-2021_5186.json').toString('utf8'));
    // Over 5 MiB: a long note, as a vendor's largest advisories carry.
    csaf.document.notes.push({ category: 'details', title: 'Full analysis', text: 'The affected component handles untrusted input. '.repeat(115_000) });
    const bytes = Buffer.from(JSON.stringify(csaf));
    expect(bytes.length).toBeGreaterThan(5 * 1024 * 1024);
    const refused = await deliver(source.webhookPath, source.webhookSecret, bytes);
    expect(refused.status).toBe(413);
    expect(refused.body.detail).toContain('advisory-upload');
    const job = await runJob(
      api,
      officer,
      'advisory-upload',
      { sourceId: source.id },
      { name: 'rhsa-2021_5186-full.json', type: 'application/json', body: bytes },
    );
    expect(job).toMatchObject({ state: 'succeeded', counts: { deliveries: 1 } });
    const deliveries = await api.call('GET', `/advisory-deliveries?sourceId=${source.id}`, { token: officer });
    const delivery = await settled(deliveries.body.items[0].id);
    expect(delivery).toMatchObject({ state: 'accepted', bytes: bytes.length, outcomes: [{ documentId: 'RHSA-2021:5186' }] });
    // Another tenant's source cannot be named.
    const foreign = await newSource(other.adminToken);
    const refusedJob = await runJob(api, officer, 'advisory-upload', { sourceId: foreign.id }, { name: 'a.json', type: 'application/json', body: '{}' });
    expect(refusedJob).toMatchObject({ state: 'failed' });
  }, 120_000);

  it('converts an OSV record sent as YAML (as PYSEC publishes some) on arrival', async () => {
    const source = await newSource(officer, { formats: ['osv'] });
    const yaml = real('osv/pypi-pysec-yaml/PYSEC-2020-102.yaml');
    const sent = await deliver(source.webhookPath, source.webhookSecret, yaml, { contentType: 'application/yaml' });
    expect(sent.status).toBe(202);
    const delivery = await settled(sent.body.id);
    expect(delivery).toMatchObject({ state: 'accepted', outcomes: [{ format: 'osv', documentId: 'PYSEC-2020-102' }] });
    // YAML that is no OSV record, or a custom tag: rejected with the reason.
    const tagged = await settled(
      (await deliver(source.webhookPath, source.webhookSecret, 'id: !!python/object:os.system x\n', { contentType: 'application/yaml' })).body.id,
    );
    expect(tagged.state).toBe('rejected');
  });

  it('filters the register by severity, KEV, publication window and state, and reads a vulnerability by id only in its tenant', async () => {
    const source = await newSource(officer, { formats: ['cve'] });
    const delivery = await settled((await deliver(source.webhookPath, source.webhookSecret, real('cve/cve5/CVE-2021-44228.json'))).body.id);
    const advisory = (await api.call('GET', `/advisories/${delivery.outcomes[0].advisoryId}`, { token: officer })).body;
    expect(advisory).toMatchObject({ severity: 'critical', kev: false, published: expect.any(String) });
    const ids = async (query: string) => (await api.call('GET', `/advisories?${query}`, { token: officer })).body.items.map((item: { id: string }) => item.id);
    expect(await ids('severity=critical')).toContain(advisory.id);
    expect(await ids('severity=low')).not.toContain(advisory.id);
    expect(await ids(`sourceId=${source.id}&severity=critical`)).toEqual([advisory.id]);
    expect(await ids(`sourceId=${source.id}&kev=true`)).toEqual([]);
    expect(await ids('kev=false')).toContain(advisory.id);
    expect(await ids(`publishedFrom=${advisory.published}&publishedTo=${advisory.published}`)).toContain(advisory.id);
    expect(await ids('publishedTo=2000-01-01T00:00:00Z')).not.toContain(advisory.id);
    expect(await ids('cve=CVE-1999-0001')).toEqual([]);
    const accepted = await api.call('GET', `/advisory-deliveries?state=accepted&sourceId=${source.id}`, { token: officer });
    expect(accepted.body.items.map((item: { id: string }) => item.id)).toEqual([delivery.id]);
    expect((await api.call('GET', `/vulnerabilities/${advisory.vulnerabilityIds[0]}`, { token: other.adminToken })).status).toBe(404);
    expect((await api.call('GET', '/advisories/01JDQ8R6Z8W4X3N2K1M0P9Q7RS', { token: officer })).status).toBe(404);
  });
});
