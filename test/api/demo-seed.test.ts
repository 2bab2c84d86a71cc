// The demo data `npm start` seeds: people with names and roles, a register of every asset type with
// dependencies both ways, reviews overdue, an SBOM-backed asset, one policy change pending — all through
// the public API and audited — and a second seed that writes nothing. ISMF_SEED=none seeds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ASSETS, DEMO_PEOPLE, PENDING_CHANGE_REASON } from '@ismf/app/demo-register';
import { seedBanner, seedDemo, seedFromEnv, type SeedSummary } from '@ismf/app/seed-demo';
import { startApi, uniqueSlug, type Api } from '../support/api.ts';

let api: Api;
let tenant: string;
let admin: string;
let first: SeedSummary;

beforeAll(async () => {
  api = await startApi({ events: true });
  // As in npm start: the relay carries the outbox to the bus and the flows as it fills.
  api.relay!.start();
  tenant = uniqueSlug('demo');
  first = await seedDemo({ url: api.url, tenant });
  admin = await api.tokenFor(tenant, `admin@${tenant}.example`, ['admin']);
}, 120_000);
afterAll(() => api.close());

const get = async (path: string) => {
  const reply = await api.call('GET', path, { token: admin });
  expect(reply.status, `${path}: ${JSON.stringify(reply.body)}`).toBe(200);
  return reply.body;
};

async function all(path: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await get(`${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const counts = async () => ({
  users: (await all('/users')).length,
  assets: (await all('/assets?status=all')).length,
  changes: (await all('/asset-policy-changes')).length,
});

describe('the demo seed', () => {
  it('runs through without a failed step, and says so in one banner line', () => {
    expect(first.problems).toEqual([]);
    expect(first.created.assets).toBe(DEMO_ASSETS.length);
    expect(first.created.people).toBe(DEMO_PEOPLE.length);
    expect(seedBanner(first)).toContain(`Demo tenant ${tenant}: ${DEMO_ASSETS.length} assets`);
    expect(seedBanner(first)).toContain(`npm run -s token -- --tenant ${tenant} --user dana.weiss`);
  });

  it('registers people with names, job titles and every role', async () => {
    const users = await all('/users');
    for (const person of DEMO_PEOPLE) {
      expect(users).toContainEqual(
        expect.objectContaining({ email: `${person.user}@${tenant}.example`, displayName: person.displayName, jobTitle: person.jobTitle, roles: person.roles }),
      );
    }
    const roles = new Set(users.flatMap((user) => user.roles));
    for (const role of ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt']) expect(roles).toContain(role);
    expect(users.filter((user) => user.roles.includes('asset-owner')).length).toBeGreaterThanOrEqual(2);
  });

  it('fills the register with assets of every type, some overdue, one retired, one off site', async () => {
    const assets = await all('/assets?status=all');
    expect(assets.length).toBeGreaterThanOrEqual(45);
    expect(new Set(assets.map((asset) => asset.type))).toEqual(new Set(['information', 'software', 'physical', 'service', 'people', 'intangible']));
    expect(assets.every((asset) => asset.ownerPerson?.name)).toBe(true);
    // Reviewed long ago (the import's lastReviewedAt): overdue, and found as such.
    const overdue = await all('/assets?reviewState=overdue');
    const today = new Date().toISOString().slice(0, 10);
    const due = assets.filter((asset) => asset.status === 'active' && asset.nextReviewDue < today);
    expect(due.length).toBeGreaterThan(0);
    expect(overdue.map((asset) => asset.id).sort()).toEqual(due.map((asset) => asset.id).sort());
    expect(first.overdue).toBe(overdue.length);
    expect(assets.filter((asset) => asset.status === 'retired').map((asset) => asset.externalId)).toEqual(['DT-LEGACY-SMS-GATEWAY']);
    const away = assets.find((asset) => asset.offSite);
    expect(away.offSite).toMatchObject({ takenBy: first.people.find((person) => person.user === 'priya.raman')!.id });
  });

  it('links services to systems, systems to network elements, network elements to sites', async () => {
    const idOf = (key: string) => first.assets.find((asset) => asset.key === key)!.id;
    const hss = await get(`/assets/${idOf('hlr-hss')}/dependencies`);
    expect(hss.dependsOn.map((asset: { id: string }) => asset.id)).toContain(idOf('core-router-ham-01'));
    expect(hss.dependents.map((asset: { id: string }) => asset.id)).toEqual(expect.arrayContaining([idOf('svc-mobile-voice'), idOf('svc-sms')]));
    const router = await get(`/assets/${idOf('core-router-ham-01')}/dependencies`);
    expect(router.dependsOn.map((asset: { id: string }) => asset.id)).toEqual([idOf('site-dc-north')]);
    const site = await get(`/assets/${idOf('site-dc-north')}/dependencies`);
    expect(site.dependents.map((asset: { id: string }) => asset.id)).toContain(idOf('core-router-ham-01'));
  });

  it('gives the self-care portal the components of its SBOM', async () => {
    const components = await get(`/assets/${first.sbomAssetId}/components`);
    expect(components.componentSet.count).toBeGreaterThanOrEqual(10);
    expect(components.items[0]).toMatchObject({ purl: expect.stringMatching(/^pkg:npm\//) });
  });

  it('leaves one asset policy change pending, the policy before it approved', async () => {
    const changes = await all('/asset-policy-changes');
    const pending = changes.filter((change) => change.status === 'pending-approval');
    expect(pending).toEqual([expect.objectContaining({ id: first.pendingChangeId, reason: PENDING_CHANGE_REASON })]);
    expect(pending[0].requestedByPerson).toMatchObject({ name: 'Dana Weiss' });
    expect(changes.filter((change) => change.status === 'approved')).toHaveLength(1);
    const policy = await get('/asset-policy');
    expect(policy.version).toBe(1);
    expect(policy.businessProcesses).toContain('Mobile voice');
  });

  it('audits every seeded asset', async () => {
    for (const asset of first.assets) {
      const trail = await get(`/audit?entity=${encodeURIComponent(`asset:${asset.id}`)}`);
      expect(trail.items.length, asset.key).toBeGreaterThan(0);
    }
  });

  it('writes nothing when seeded again', async () => {
    const before = await counts();
    const again = await seedDemo({ url: api.url, tenant });
    expect(again.problems).toEqual([]);
    expect(again.created).toEqual({ people: 0, assets: 0, policyChanges: 0, dependencies: 0, steps: 0 });
    expect(again.assets).toEqual(first.assets);
    expect(again.pendingChangeId).toBe(first.pendingChangeId);
    expect(await counts()).toEqual(before);
  });

  it('seeds nothing with ISMF_SEED=none', async () => {
    const untouched = uniqueSlug('noseed');
    expect(await seedFromEnv({ ISMF_SEED: 'none' }, { url: api.url, tenant: untouched })).toBeUndefined();
    expect((await api.call('GET', `/tenants/${untouched}`, { token: api.operator })).status).toBe(404);
  });
});
