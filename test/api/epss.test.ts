// EPSS as an optional factor of an early warning's priority (X.1052 12.2.1 b–c): a tenant that enables it has the
// CVEs of a new early warning scored from FIRST's API (here a local server in its format) and the priority follows;
// the daily refresh brings a score below the threshold, and the factor goes; a tenant that did not enable it asks
// nobody; a broken answer changes nothing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { describeWithRealdata, realdataText } from '../support/realdata.ts';
import { npmSbom, postSigned } from '../support/webhooks.ts';

const PATH_TO_REGEXP = realdataText('osv', 'npm-ghsa', 'GHSA-9wv6-86v2-598j.json');

let api: Api;
let server: Server;
let base = '';
/** What FIRST answers now: the probability of CVE-2024-45296, or a broken body. */
let answer: { epss: string } | 'broken' = { epss: '0.42150' };
const asked: string[] = [];

interface Tenant {
  tenantId: string;
  adminToken: string;
  adminId: string;
  source: { webhookPath: string; webhookSecret: string };
}
let scoring: Tenant;
let plain: Tenant;

async function tenantWithSource(slug: string): Promise<Tenant> {
  const created = await api.newTenant(slug);
  const source = await api.call('POST', '/advisory-sources', {
    token: created.adminToken,
    body: { name: 'GHSA', kind: 'security-organization', formats: ['osv'] },
  });
  const sbom = npmSbom('portal', { 'path-to-regexp': '0.1.9' });
  const imported = await api.call('POST', `/assets/sbom-import?owner=${created.adminId}`, {
    token: created.adminToken,
    rawBody: sbom,
    headers: { 'content-type': 'application/vnd.cyclonedx+json' },
  });
  expect(imported.status, JSON.stringify(imported.body)).toBeLessThan(300);
  return { ...created, source: source.body };
}

async function deliver(to: Tenant) {
  expect((await postSigned(api, to.source, PATH_TO_REGEXP)).status).toBe(202);
}

const warningOf = (to: Tenant, ready: (warning: any) => boolean = () => true) =>
  eventually(async () => {
    const list = await api.call('GET', '/early-warnings?limit=100', { token: to.adminToken });
    const found = list.body.items.find((item: { documentId: string }) => item.documentId === 'GHSA-9wv6-86v2-598j');
    return found && ready(found) ? found : undefined;
  }, `early warning of ${to.tenantId}`);

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url!, base);
    asked.push(url.searchParams.get('cve') ?? '');
    response.setHeader('content-type', 'application/json');
    if (answer === 'broken') return response.end('{"data":[{"cve":"CVE-2024-45296","epss":"lots"}]}');
    const data = (url.searchParams.get('cve') ?? '')
      .split(',')
      .filter((cve) => cve === 'CVE-2024-45296')
      .map((cve) => ({ cve, epss: (answer as { epss: string }).epss, percentile: '0.97311', date: new Date().toISOString().slice(0, 10) }));
    response.end(JSON.stringify({ status: 'OK', 'status-code': 200, total: data.length, data }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = await startApi({ events: true });
  api.relay!.start();
  [scoring, plain] = await Promise.all([tenantWithSource('epss'), tenantWithSource('noepss')]);
  const settings = await api.call('GET', '/early-warning-settings', { token: scoring.adminToken });
  const { version: _version, updatedAt: _updated, ...current } = settings.body;
  const enabled = await api.call('PUT', '/early-warning-settings', {
    token: scoring.adminToken,
    body: { ...current, priority: { ...current.priority, epss: { enabled: true, url: `${base}/data/v1/epss`, threshold: 0.1, factor: 1.5 } } },
    headers: { 'if-match': `"${settings.body.version}"` },
  });
  expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
}, 60_000);
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => server.close(resolve));
});

describeWithRealdata('EPSS in the priority', () => {
  it('scores a new early warning’s CVE and raises its priority by the tenant’s factor', async () => {
    await deliver(scoring);
    const warning = await warningOf(scoring, (found) => found.breakdown?.exploitation.level === 'likely');
    const { breakdown } = warning;
    expect(breakdown.exploitation).toEqual({ level: 'likely', factor: 1.5, epss: 0.4215 });
    expect(breakdown.score).toBeCloseTo(breakdown.cvss * breakdown.importance.factor * breakdown.exposure.factor * 1.5, 1);
    expect(asked).toContain('CVE-2024-45296');
  });

  it('asks nothing for a tenant that does not score by EPSS', async () => {
    const before = asked.length;
    await deliver(plain);
    const warning = await warningOf(plain);
    expect(warning.breakdown.exploitation).toEqual({ level: 'none', factor: 1 });
    await api.relay!.drain();
    expect(asked.length).toBe(before);
  });

  it('refreshes daily: a score below the threshold takes the factor away; a broken answer changes nothing', async () => {
    answer = { epss: '0.01200' };
    const run = await api.call('POST', '/_local/schedules/epss-refresh', { token: api.operator });
    expect(run.body.runs.find((entry: { tenantId: string }) => entry.tenantId === scoring.tenantId).result).toEqual({ scored: 1, rematched: 1 });
    const lowered = await warningOf(scoring, (found) => found.breakdown.exploitation.level === 'none');
    expect(lowered.breakdown.exploitation).toEqual({ level: 'none', factor: 1, epss: 0.012 });
    // The plain tenant's run asks nothing and does nothing.
    expect(run.body.runs.find((entry: { tenantId: string }) => entry.tenantId === plain.tenantId).result).toEqual({ scored: 0, rematched: 0 });

    answer = 'broken';
    const failed = await api.call('POST', '/_local/schedules/epss-refresh', { token: api.operator });
    expect(failed.body.runs.find((entry: { tenantId: string }) => entry.tenantId === scoring.tenantId).ok).toBe(false);
    const unchanged = await api.call('GET', `/early-warnings/${lowered.id}`, { token: scoring.adminToken });
    expect(unchanged.body.version).toBe(lowered.version);
  });

  it('refuses an EPSS address that is not http(s), naming the field; nothing is stored', async () => {
    const settings = await api.call('GET', '/early-warning-settings', { token: scoring.adminToken });
    const { version, updatedAt: _updated, ...current } = settings.body;
    const refused = await api.call('PUT', '/early-warning-settings', {
      token: scoring.adminToken,
      body: { ...current, priority: { ...current.priority, epss: { ...current.priority.epss, url: 'file:///etc/passwd' } } },
      headers: { 'if-match': `"${version}"` },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('body.priority.epss.url');
    expect((await api.call('GET', '/early-warning-settings', { token: scoring.adminToken })).body.version).toBe(version);
  });
});
