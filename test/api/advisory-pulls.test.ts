// Pulling the public feeds (X.1052 12.2.1 a): a CSAF provider (provider-metadata.json → ROLIE feed), CISA's KEV
// catalog, OSV (modified_id.csv) and the NVD CVE API, served by a local HTTP server from the real data. Two
// tenants subscribe: each feed is fetched once for the platform and its documents handed to both, never to a third;
// a second pull sends conditional requests and brings nothing new; KEV marks the advisories already held; a feed
// on a metadata address is refused and the failure shows on the subscriber's source.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PLATFORM_ID } from '@ismf/core/ids';
import { queryPattern } from '@ismf/store/entities';
import { UnitOfWork } from '@ismf/store/unit-of-work';
import { advisoryFeedEntity } from '@ismf/early-warning/feed-entities';
import { pullAdvisories } from '@ismf/early-warning/pull-job';
import { webhookSignature } from '@ismf/early-warning/webhook-signature';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { postSigned } from '../support/webhooks.ts';
import { describeWithRealdata, realdata } from '../support/realdata.ts';

let api: Api;
let server: Server;
let base = '';
/** Every request the feed server saw: path, and whether it was conditional. */
const seen: { path: string; conditional: boolean }[] = [];

const real = (...parts: string[]) => readFileSync(realdata(...parts));
const CSAF_DOCS = ['rhsa-2021_5186.json', 'rhsa-2022_0011.json'];
const OSV_IDS = ['GHSA-9wv6-86v2-598j', 'GHSA-wf5p-g6vw-rhxx'];
const started = Date.now();

function routes(): Record<string, () => { body: Buffer; type: string }> {
  const json = (value: unknown) => ({ body: Buffer.from(JSON.stringify(value)), type: 'application/json' });
  const canonical = `${base}/.well-known/csaf/provider-metadata.json`;
  const updated = (index: number) => new Date(started - (CSAF_DOCS.length - index) * 60_000).toISOString();
  const nvdItems = readdirSync(realdata('cve/nvd-api-2.0'))
    .filter((name) => name.endsWith('.json'))
    .slice(0, 3)
    .flatMap((name) => (JSON.parse(real('cve/nvd-api-2.0', name).toString('utf8')) as { vulnerabilities: unknown[] }).vulnerabilities);
  return {
    '/.well-known/csaf/provider-metadata.json': () =>
      json({
        canonical_url: canonical,
        distributions: [{ rolie: { feeds: [{ tlp_label: 'WHITE', url: `${base}/csaf/white/feed.json` }] } }],
        last_updated: new Date(started).toISOString(),
        list_on_CSAF_aggregators: true,
        metadata_version: '2.0',
        mirror_on_CSAF_aggregators: true,
        publisher: { category: 'vendor', name: 'Red Hat Product Security', namespace: 'https://www.redhat.com' },
        role: 'csaf_trusted_provider',
      }),
    '/csaf/white/feed.json': () =>
      json({
        feed: {
          id: 'white',
          title: 'TLP:WHITE advisories',
          link: [{ rel: 'self', href: `${base}/csaf/white/feed.json` }],
          category: [{ scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' }],
          updated: new Date(started).toISOString(),
          entry: CSAF_DOCS.map((name, index) => ({
            id: name,
            title: name,
            link: [{ rel: 'self', href: `${base}/csaf/white/2021/${name}` }],
            published: updated(index),
            updated: updated(index),
            content: { type: 'application/json', src: `${base}/csaf/white/2021/${name}` },
            format: { schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json', version: '2.0' },
          })),
        },
      }),
    ...Object.fromEntries(CSAF_DOCS.map((name) => [`/csaf/white/2021/${name}`, () => ({ body: real('csaf/examples/csaf', name), type: 'application/json' })])),
    '/kev.json': () => ({ body: real('kev/known_exploited_vulnerabilities.json'), type: 'application/json' }),
    // Modified after the feed's first pull begins (a new OSV feed starts from now), newest first.
    '/osv/npm/modified_id.csv': () => ({
      body: Buffer.from(OSV_IDS.map((id, index) => `${new Date(started + 3_600_000 - index * 1000).toISOString()},${id}`).join('\n') + '\n'),
      type: 'text/csv',
    }),
    ...Object.fromEntries(OSV_IDS.map((id) => [`/osv/npm/${id}.json`, () => ({ body: real('osv/npm-ghsa', `${id}.json`), type: 'application/json' })])),
    // A provider that publishes a directory (changes.csv) rather than ROLIE feeds.
    '/dir/.well-known/csaf/provider-metadata.json': () =>
      json({
        canonical_url: `${base}/dir/.well-known/csaf/provider-metadata.json`,
        distributions: [{ directory_url: `${base}/dir/csaf/` }],
        last_updated: new Date(started).toISOString(),
        list_on_CSAF_aggregators: true,
        metadata_version: '2.0',
        mirror_on_CSAF_aggregators: true,
        publisher: { category: 'coordinator', name: 'BSI', namespace: 'https://www.bsi.bund.de' },
        role: 'csaf_provider',
      }),
    '/dir/csaf/changes.csv': () => ({ body: Buffer.from(`"2022/bsi-2022-0001.json","${new Date(started - 120_000).toISOString()}"\n`), type: 'text/csv' }),
    '/dir/csaf/2022/bsi-2022-0001.json': () => ({ body: real('csaf/examples/csaf/bsi-2022-0001.json'), type: 'application/json' }),
    '/private/.well-known/csaf/provider-metadata.json': () =>
      json({
        canonical_url: `${base}/private/.well-known/csaf/provider-metadata.json`,
        distributions: [{ rolie: { feeds: [{ tlp_label: 'AMBER', url: `${base}/private/csaf/amber/feed.json` }] } }],
        last_updated: new Date(started).toISOString(),
        list_on_CSAF_aggregators: false,
        metadata_version: '2.0',
        mirror_on_CSAF_aggregators: false,
        publisher: { category: 'vendor', name: 'Red Hat Product Security', namespace: 'https://www.redhat.com' },
        role: 'csaf_provider',
      }),
    '/private/csaf/amber/feed.json': () =>
      json({
        feed: {
          id: 'amber',
          title: 'TLP:AMBER advisories',
          link: [{ rel: 'self', href: `${base}/private/csaf/amber/feed.json` }],
          updated: new Date(started).toISOString(),
          entry: [
            {
              id: 'rhsa-2021_5217',
              title: 'rhsa-2021_5217',
              link: [{ rel: 'self', href: `${base}/private/csaf/amber/2021/rhsa-2021_5217.json` }],
              published: new Date(started - 60_000).toISOString(),
              updated: new Date(started - 60_000).toISOString(),
              content: { type: 'application/json', src: `${base}/private/csaf/amber/2021/rhsa-2021_5217.json` },
              format: { schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json', version: '2.0' },
            },
          ],
        },
      }),
    '/private/csaf/amber/2021/rhsa-2021_5217.json': () => {
      const document = JSON.parse(real('csaf/examples/csaf/rhsa-2021_5217.json').toString('utf8'));
      document.document.distribution.tlp.label = 'AMBER';
      return json(document);
    },
    '/nvd': () =>
      json({
        resultsPerPage: nvdItems.length,
        startIndex: 0,
        totalResults: nvdItems.length,
        format: 'NVD_CVE',
        version: '2.0',
        timestamp: '2026-12-01T00:00:00.000',
        vulnerabilities: nvdItems,
      }),
  };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    seen.push({ path, conditional: Boolean(request.headers['if-none-match']) });
    // The vendor portal: the tenant's own token, or nothing.
    if (path.startsWith('/private/') && request.headers.authorization !== 'Bearer t0ken-of-a') return response.writeHead(401).end();
    const route = routes()[path];
    if (!route) return response.writeHead(404).end();
    const { body, type } = route();
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (request.headers['if-none-match'] === etag) return response.writeHead(304, { etag }).end();
    response.writeHead(200, { 'content-type': type, etag }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = await startApi({ events: true });
  api.relay!.start();
}, 60_000);
afterAll(async () => {
  await api.close();
  server.close();
});

const feeds = () => [
  { name: 'Red Hat CSAF', kind: 'vendor', feed: { kind: 'csaf-provider', url: `${base}/.well-known/csaf/provider-metadata.json` } },
  { name: 'CISA KEV', kind: 'government-cert', feed: { kind: 'kev', url: `${base}/kev.json` } },
  { name: 'OSV npm', kind: 'security-organization', feed: { kind: 'osv', ecosystem: 'npm', url: `${base}/osv` } },
  { name: 'NVD', kind: 'government-cert', feed: { kind: 'nvd', url: `${base}/nvd` } },
];

async function subscribe(token: string) {
  const sources: Record<string, string> = {};
  for (const source of feeds()) {
    const created = await api.call('POST', '/advisory-sources', { token, body: { ...source, arrival: 'pull' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).not.toHaveProperty('webhookSecret');
    sources[source.feed.kind] = created.body.id;
  }
  return sources;
}

async function settledDeliveries(token: string, sourceId: string, count: number) {
  return eventually(
    async () => {
      const list = await api.call('GET', `/advisory-deliveries?sourceId=${sourceId}`, { token });
      const items = list.body.items as { state: string }[];
      return items.length >= count && items.every((item) => item.state !== 'received') ? items : undefined;
    },
    `${count} deliveries of ${sourceId} processed`,
    30_000,
  );
}

describeWithRealdata('public feeds', () => {
  it('are pulled once for the platform and handed to each subscribed tenant, KEV marking the advisories held', async () => {
    const [a, b, c] = await Promise.all([api.newTenant('pull-a'), api.newTenant('pull-b'), api.newTenant('pull-c')]);
    // A holds the Log4Shell CVE record already (pushed by a CERT): the KEV catalog will mark it.
    const cert = (await api.call('POST', '/advisory-sources', { token: a.adminToken, body: { name: 'CERT', kind: 'government-cert', formats: ['cve'] } })).body;
    const log4shell = real('cve/cve5/CVE-2021-44228.json');
    const pushed = await postSigned(api, cert, log4shell, { webhookId: 'msg_log4shell' });
    expect(pushed.status).toBe(202);
    const [aSources, bSources] = [await subscribe(a.adminToken), await subscribe(b.adminToken)];
    // The subscriptions reach the platform's feed records (by event): four feeds, two subscribers each.
    await eventually(async () => {
      const due = await queryPattern(advisoryFeedEntity, 'due', PLATFORM_ID, {});
      const ours = due.filter((feed) => feed.data.feedKey.includes(base));
      return ours.length === 4 && ours.every((feed) => feed.data.subscribers === 2) ? true : undefined;
    }, 'four feeds with two subscribers');

    const run = await api.scheduler!.runFor('advisory-pull', c.tenantId);
    const result = run.result as { feeds: { feed: string; claimed: boolean; deliveries?: number; failure?: string }[] };
    const ours = result.feeds.filter((feed) => feed.feed.includes(base));
    expect(ours.map((feed) => feed.failure)).toEqual([undefined, undefined, undefined, undefined]);
    // Fetched once, though two tenants subscribe.
    const fetched = (path: string) => seen.filter((request) => request.path === path).length;
    for (const path of [
      '/kev.json',
      '/nvd',
      '/osv/npm/modified_id.csv',
      ...CSAF_DOCS.map((name) => `/csaf/white/2021/${name}`),
      ...OSV_IDS.map((id) => `/osv/npm/${id}.json`),
    ]) {
      expect(fetched(path), path).toBe(1);
    }

    for (const [tenant, sources] of [
      [a, aSources],
      [b, bSources],
    ] as const) {
      const csaf = await settledDeliveries(tenant.adminToken, sources['csaf-provider']!, 2);
      expect(csaf.map((delivery) => delivery.state)).toEqual(['accepted', 'accepted']);
      const osv = await settledDeliveries(tenant.adminToken, sources.osv!, 1);
      expect(osv[0]).toMatchObject({ state: 'accepted', counts: { accepted: OSV_IDS.length } });
      const nvd = await settledDeliveries(tenant.adminToken, sources.nvd!, 1);
      expect(nvd[0], JSON.stringify(nvd[0]).slice(0, 1500)).toMatchObject({ state: 'accepted', pulled: { feedKind: 'nvd' } });
      const kev = await settledDeliveries(tenant.adminToken, sources.kev!, 1);
      expect(kev[0]).toMatchObject({ state: 'accepted', outcomes: [{ kev: { added: expect.any(Number) } }] });
      const listed = await api.call('GET', `/advisories?sourceId=${sources['csaf-provider']}`, { token: tenant.adminToken });
      expect(listed.body.items.map((item: { documentId: string }) => item.documentId).sort()).toEqual(['RHSA-2021:5186', 'RHSA-2022:0011']);
    }
    // C subscribes to nothing and was given nothing, though its run pulled the feeds.
    expect((await api.call('GET', '/advisory-deliveries', { token: c.adminToken })).body.items).toEqual([]);
    // Log4Shell is in the KEV catalog: A's advisory of it is marked, and an advisory accepted later is too.
    await eventually(async () => {
      const known = await api.call('GET', '/advisories?kev=true', { token: a.adminToken });
      return (known.body.items as { cveIds: string[] }[]).some((item) => item.cveIds.includes('CVE-2021-44228')) ? true : undefined;
    }, 'the Log4Shell advisory marked known exploited');
    const health = await api.call('GET', `/advisory-sources/${aSources.kev}`, { token: a.adminToken });
    expect(health.body.health).toMatchObject({ deliveries: 1, accepted: 1, lastSuccessAt: expect.any(String) });

    // Due again (as an hour later): conditional requests, nothing new for anyone.
    const before = seen.length;
    for (const feed of (await queryPattern(advisoryFeedEntity, 'due', PLATFORM_ID, {})).filter((candidate) => candidate.data.feedKey.includes(base))) {
      const work = new UnitOfWork({ actor: { userId: 'test', roles: [] }, operation: 'test' });
      work.update(advisoryFeedEntity, feed, { ...feed.data, nextPullAt: new Date(Date.now() - 1000).toISOString() });
      await work.commit();
    }
    await api.scheduler!.runFor('advisory-pull', a.tenantId);
    const again = seen.slice(before);
    expect(again.filter((request) => request.path !== '/nvd').every((request) => request.conditional)).toBe(true);
    expect(again.map((request) => request.path)).not.toContain(`/csaf/white/2021/${CSAF_DOCS[0]}`);
    const aDeliveries = await api.call('GET', `/advisory-deliveries?sourceId=${aSources['csaf-provider']}`, { token: a.adminToken });
    expect(aDeliveries.body.items).toHaveLength(2);
  }, 120_000);

  it('refuses a feed on a metadata or private address, and shows the failure on the source', async () => {
    const tenant = await api.newTenant('pull-ssrf');
    const source = await api.call('POST', '/advisory-sources', {
      token: tenant.adminToken,
      body: { name: 'Metadata', kind: 'vendor', arrival: 'pull', feed: { kind: 'kev', url: 'http://169.254.169.254/latest/meta-data/kev.json' } },
    });
    expect(source.status).toBe(201);
    await eventually(async () => {
      const due = await queryPattern(advisoryFeedEntity, 'due', PLATFORM_ID, {});
      return due.some((feed) => feed.data.feedKey.includes('169.254.169.254')) ? true : undefined;
    }, 'the feed subscribed');
    const run = await api.scheduler!.runFor('advisory-pull', tenant.tenantId);
    const outcome = (run.result as { feeds: { feed: string; failure?: string }[] }).feeds.find((feed) => feed.feed.includes('169.254.169.254'));
    expect(outcome?.failure).toMatch(/^address: /);
    const read = await api.call('GET', `/advisory-sources/${source.body.id}`, { token: tenant.adminToken });
    expect(read.body.health).toMatchObject({ pullFailures: 1, lastFailure: expect.stringContaining('address') });
    // In the cloud (no loopback allowance) a feed on 127.0.0.1 is refused at connect time, like any private address.
    const local = await api.call('POST', '/advisory-sources', {
      token: tenant.adminToken,
      body: { name: 'Loopback', kind: 'vendor', arrival: 'pull', feed: { kind: 'kev', url: `${base.replace('http:', 'https:')}/kev.json` } },
    });
    await eventually(async () => {
      const due = await queryPattern(advisoryFeedEntity, 'due', PLATFORM_ID, {});
      return due.some((feed) => feed.data.feedKey.includes(base.replace('http:', 'https:'))) ? true : undefined;
    }, 'the loopback feed subscribed');
    delete process.env.ISMF_OUTBOUND_ALLOW_LOOPBACK;
    try {
      const cloud = await api.scheduler!.runFor('advisory-pull', tenant.tenantId);
      const refused = (cloud.result as { feeds: { feed: string; failure?: string }[] }).feeds.find((feed) =>
        feed.feed.includes(base.replace('http:', 'https:')),
      );
      expect(refused?.failure).toMatch(/^address: /);
    } finally {
      process.env.ISMF_OUTBOUND_ALLOW_LOOPBACK = '1';
    }
    expect((await api.call('GET', `/advisory-sources/${local.body.id}`, { token: tenant.adminToken })).body.health.pullFailures).toBe(1);
    // A push source with a feed, or a pull source without one: refused by name.
    const bad = await api.call('POST', '/advisory-sources', { token: tenant.adminToken, body: { name: 'x', kind: 'vendor', arrival: 'pull' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.feed']);
  });

  it('pulls a private feed with the tenant’s own credentials, for that tenant alone, its TLP:AMBER feed included', async () => {
    const [owner, other] = await Promise.all([api.newTenant('pull-priv'), api.newTenant('pull-pub')]);
    const feed = { kind: 'csaf-provider', url: `${base}/private/.well-known/csaf/provider-metadata.json` };
    const created = await api.call('POST', '/advisory-sources', {
      token: owner.adminToken,
      body: { name: 'Vendor portal', kind: 'vendor', arrival: 'pull', feed, credentials: { value: 'Bearer t0ken-of-a' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.credentials).toEqual({ header: 'Authorization' });
    expect(JSON.stringify((await api.call('GET', `/advisory-sources/${created.body.id}`, { token: owner.adminToken })).body)).not.toContain('t0ken');
    // Another tenant names the same URL without credentials: a feed of its own, which the portal refuses.
    const open = await api.call('POST', '/advisory-sources', { token: other.adminToken, body: { name: 'Portal', kind: 'vendor', arrival: 'pull', feed } });
    await eventually(async () => {
      const due = await queryPattern(advisoryFeedEntity, 'due', PLATFORM_ID, {});
      return due.filter((record) => record.data.feedKey.includes('/private/')).length === 2 ? true : undefined;
    }, 'a private and a public feed of the same URL');
    await api.scheduler!.runFor('advisory-pull', owner.tenantId);
    const [delivery] = await settledDeliveries(owner.adminToken, created.body.id, 1);
    expect(delivery).toMatchObject({ state: 'accepted', outcomes: [{ documentId: 'RHSA-2021:5217' }] });
    // TLP:AMBER: the security officers' to see (the admin is none), and not the other tenant's at all.
    const officer = await api.tokenFor(owner.tenantId, 'officer', ['security-officer']);
    expect((await api.call('GET', `/advisories?sourceId=${created.body.id}`, { token: officer })).body.items).toHaveLength(1);
    expect((await api.call('GET', `/advisories?sourceId=${created.body.id}`, { token: owner.adminToken })).body.items).toEqual([]);
    expect((await api.call('GET', '/advisory-deliveries', { token: other.adminToken })).body.items).toEqual([]);
    const refused = await api.call('GET', `/advisory-sources/${open.body.id}`, { token: other.adminToken });
    expect(refused.body.health).toMatchObject({ pullFailures: 1, lastFailure: expect.stringContaining('401') });
    // Credentials on a push source are refused by name.
    const bad = await api.call('POST', '/advisory-sources', {
      token: owner.adminToken,
      body: { name: 'x', kind: 'vendor', credentials: { value: 'Bearer x' } },
    });
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.credentials']);
  }, 120_000);

  it('follows a provider’s directory through its changes.csv, fetching each document once', async () => {
    const tenant = await api.newTenant('pull-dir');
    const source = await api.call('POST', '/advisory-sources', {
      token: tenant.adminToken,
      body: {
        name: 'BSI',
        kind: 'government-cert',
        arrival: 'pull',
        feed: { kind: 'csaf-provider', url: `${base}/dir/.well-known/csaf/provider-metadata.json` },
      },
    });
    await eventually(async () => {
      const due = await queryPattern(advisoryFeedEntity, 'due', PLATFORM_ID, {});
      return due.some((record) => record.data.feedKey.includes('/dir/')) ? true : undefined;
    }, 'the directory feed subscribed');
    await api.scheduler!.runFor('advisory-pull', tenant.tenantId);
    const [delivery] = await settledDeliveries(tenant.adminToken, source.body.id, 1);
    expect(delivery).toMatchObject({ state: 'accepted', outcomes: [{ documentId: 'BSI-2022-0001' }] });
    expect(seen.filter((request) => request.path === '/dir/csaf/2022/bsi-2022-0001.json')).toHaveLength(1);
  }, 120_000);

  it('announces a source silent for longer than expected, once per silence', async () => {
    const tenant = await api.newTenant('pull-quiet');
    const officer = await api.tokenFor(tenant.tenantId, 'officer', ['security-officer']);
    const quiet = await api.call('POST', '/advisory-sources', { token: officer, body: { name: 'Quiet PSIRT', kind: 'vendor', expectedIntervalHours: 2 } });
    expect(quiet.status).toBe(201);
    const ctx = { actor: { userId: 'system:advisory-pull', roles: [] }, operation: 'advisory-pull' };
    const access = { table: 'write', objects: 'write', crossTenant: 'test' } as const;
    // An hour on: not yet. Three hours on: told once, however often the job runs.
    expect((await pullAdvisories(ctx, tenant.tenantId, access, new Date(Date.now() + 3_600_000))).silentSources).toBe(0);
    expect((await pullAdvisories(ctx, tenant.tenantId, access, new Date(Date.now() + 3 * 3_600_000))).silentSources).toBe(1);
    expect((await pullAdvisories(ctx, tenant.tenantId, access, new Date(Date.now() + 4 * 3_600_000))).silentSources).toBe(0);
    await eventually(
      async () =>
        (api.bus!.recentEvents() as { 'detail-type': string; detail: { tenantId: string; data: { kind?: string } } }[]).some(
          (event) =>
            event['detail-type'] === 'NotificationRequested' &&
            event.detail.tenantId === tenant.tenantId &&
            event.detail.data.kind === 'advisory-source-silent',
        ),
      'the silence announced',
    );
  });

  it('leaves a feed when its source is disabled, joins again when enabled; a pull source has no secret to rotate', async () => {
    const tenant = await api.newTenant('pull-off');
    const url = `${base}/kev.json?tenant=${tenant.tenantId}`;
    const source = (
      await api.call('POST', '/advisory-sources', {
        token: tenant.adminToken,
        body: { name: 'KEV', kind: 'government-cert', arrival: 'pull', feed: { kind: 'kev', url } },
      })
    ).body;
    const subscribers = async () =>
      (await queryPattern(advisoryFeedEntity, 'due', PLATFORM_ID, {})).find((feed) => feed.data.feedKey.includes(url))?.data.subscribers ?? 0;
    await eventually(async () => ((await subscribers()) === 1 ? true : undefined), 'subscribed');
    const patch = (status: string, version: number) =>
      api.call('PATCH', `/advisory-sources/${source.id}`, {
        token: tenant.adminToken,
        body: { status },
        headers: { 'if-match': `"${version}"`, 'content-type': 'application/merge-patch+json' },
      });
    expect((await patch('disabled', 1)).status).toBe(200);
    // Off the due index: nobody subscribes.
    await eventually(async () => ((await subscribers()) === 0 ? true : undefined), 'unsubscribed');
    expect((await patch('active', 2)).status).toBe(200);
    await eventually(async () => ((await subscribers()) === 1 ? true : undefined), 'subscribed again');
    const rotate = await api.call('POST', `/advisory-sources/${source.id}/secret-rotation`, { token: tenant.adminToken, headers: { 'if-match': '"3"' } });
    expect(rotate.status).toBe(409);
    // A webhook to a pull source: it has no secret, so nothing verifies.
    const body = Buffer.from('{}');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const pushed = await api.call('POST', `/webhooks/${tenant.tenantId}/${source.id}`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'm',
        'webhook-timestamp': timestamp,
        'webhook-signature': webhookSignature(Buffer.alloc(32), 'm', timestamp, body),
      },
    });
    expect(pushed.status).toBe(401);
  });
});
