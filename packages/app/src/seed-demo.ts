// The demo tenant that `npm start` seeds: people with names, job titles and roles; a telecom asset register
// of every type with dependencies, reviews overdue, one SBOM-backed software asset, one asset retired and one
// off site; an asset policy approved through its flow and one change of it pending. Everything goes through
// the public API of the running local server, with the tokens of the people who would do it, so that each
// record is audited like anyone's work. Idempotent: what exists already (people by e-mail, assets by
// external id, the policy changes by their reason, each asset's steps by its history) is left as it is.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TenantRole } from '@ismf/core/roles';
import {
  APPROVED_CHANGE_REASON,
  APPROVER,
  CHECKER,
  DEMO_ASSETS,
  DEMO_PEOPLE,
  OFFICER,
  OFF_SITE_ASSET,
  PENDING_CHANGE_REASON,
  RETIRED_ASSET,
  REVIEWED_ASSET,
  SBOM_ASSET,
  approvedPolicy,
  daysFromNow,
  externalIdOf,
  pendingPolicy,
  type Policy,
} from './demo-register.ts';

export const DEMO_TENANT = 'demo-telecom';

export type SeedMode = 'demo' | 'none';

/** ISMF_SEED: `demo` (the default) or `none`. */
export function seedModeOf(value: string | undefined): SeedMode {
  const mode = (value ?? '').trim().toLowerCase() || 'demo';
  if (mode !== 'demo' && mode !== 'none') throw new Error(`ISMF_SEED must be demo or none, not "${value}"`);
  return mode;
}

type Role = TenantRole;

export interface TokenRequest {
  tenant: string;
  /** An e-mail address of the tenant. */
  user: string;
  roles: Role[];
}

/** Mints a token for a user of the tenant (the dev token endpoint's work). */
export type TokenIssuer = (request: TokenRequest) => Promise<string>;

export interface SeedOptions {
  /** The running local server, e.g. http://127.0.0.1:3000. */
  url: string;
  tenant?: string;
  /** Default: POST /_local/token on `url` (which answers only on a loopback host name). */
  issueToken?: TokenIssuer;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Where ../shared/realdata is (default ISMF_REALDATA, else beside the repository). */
  realdata?: string;
  /** How long to wait for each step of the policy approval flow (default 15 s). */
  flowTimeoutMs?: number;
}

export interface SeedSummary {
  tenant: string;
  /** The seeded people, by user name (the part of the e-mail before @). */
  people: { user: string; email: string; id: string; displayName: string; jobTitle: string; roles: Role[] }[];
  /** The seeded assets, by key, with their external ids. */
  assets: { key: string; externalId: string; id: string; type: string }[];
  /** Active assets of the tenant due for review before today. */
  overdue: number;
  sbomAssetId?: string;
  pendingChangeId?: string;
  /** What this run wrote: all zero when the tenant was seeded already. */
  created: { people: number; assets: number; policyChanges: number; dependencies: number; steps: number };
  /** Steps that failed (logged; the seed goes on with the rest). */
  problems: string[];
  durationMs: number;
}

// ---------------------------------------------------------------------------------------------------------
// The SBOM: a real one from ../shared/realdata when it is there (read, never copied), else a small one of real
// npm packages, written here.

const REALDATA_SBOM = ['sbom', 'cyclonedx', 'SBOM', 'cern-lhc-vdm-editor-e564943', 'bom.json'];

const npm = (name: string, version: string, licence = 'MIT') => ({
  type: 'library',
  'bom-ref': `pkg:npm/${name}@${version}`,
  name,
  version,
  licenses: [{ license: { id: licence } }],
  purl: `pkg:npm/${name.replace('@', '%40')}@${version}`,
});

/** A CycloneDX 1.5 SBOM of the self-care portal: ten real npm packages at real versions. */
export const FALLBACK_SBOM = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  serialNumber: 'urn:uuid:5b0d3c1e-7f5a-4d0e-9a7b-3c2f1e0d9a11',
  version: 1,
  metadata: {
    timestamp: '2024-05-06T09:00:00Z',
    component: {
      type: 'application',
      'bom-ref': 'pkg:npm/selfcare-portal@3.4.0',
      name: 'selfcare-portal',
      version: '3.4.0',
      purl: 'pkg:npm/selfcare-portal@3.4.0',
    },
  },
  components: [
    npm('express', '4.18.2'),
    npm('body-parser', '1.20.1'),
    npm('cookie', '0.5.0'),
    npm('jsonwebtoken', '9.0.0'),
    npm('pg', '8.11.3'),
    npm('ws', '8.13.0'),
    npm('axios', '1.6.0'),
    npm('lodash', '4.17.21'),
    npm('helmet', '7.1.0'),
    npm('winston', '3.11.0'),
  ],
};

function sbomDocument(realdata: string): { text: string; source: string } {
  const path = resolve(realdata, ...REALDATA_SBOM);
  if (existsSync(path)) return { text: readFileSync(path, 'utf8'), source: path };
  return { text: JSON.stringify(FALLBACK_SBOM), source: 'the built-in CycloneDX 1.5 SBOM' };
}

const defaultRealdata = () => resolve(process.env.ISMF_REALDATA ?? resolve(fileURLToPath(import.meta.url), '../../../../../shared/realdata'));

// ---------------------------------------------------------------------------------------------------------
// HTTP

class SeedError extends Error {}

/** A JSON answer, read field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Reply {
  status: number;
  body: Json;
}

function client(url: string) {
  const base = url.replace(/\/$/, '');
  return async function call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; raw?: string; type?: string; headers?: Record<string, string>; expect?: number[] } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.type ?? 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = options.type ?? 'application/json';
    }
    const response = await fetch(`${base}${path}`, { method, headers, body });
    const text = await response.text();
    const reply: Reply = { status: response.status, body: text ? JSON.parse(text) : undefined };
    if (!(options.expect ?? [200, 201]).includes(reply.status)) {
      const detail = reply.body?.detail ?? text.slice(0, 300);
      const errors = reply.body?.errors?.length ? ` (${JSON.stringify(reply.body.errors).slice(0, 300)})` : '';
      throw new SeedError(`${method} ${path} answered ${reply.status}: ${detail}${errors}`);
    }
    return reply;
  };
}

type Call = ReturnType<typeof client>;

/** Every item of a listed collection, page by page. */
async function all(call: Call, token: string, path: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await call('GET', `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** The token endpoint of the local server (loopback only, as it is served). */
function httpTokens(url: string): TokenIssuer {
  const local = new URL(url);
  if (local.hostname === '0.0.0.0' || local.hostname === '[::]') local.hostname = '127.0.0.1';
  const call = client(local.origin);
  return async (request) => (await call('POST', '/_local/token', { body: request })).body.token;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new SeedError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** At most `width` at a time, in order of the list. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// The seed

/** ISMF_SEED as `npm start` reads it: undefined when it says none, else the seed's summary. */
export async function seedFromEnv(env: Record<string, string | undefined>, options: SeedOptions): Promise<SeedSummary | undefined> {
  if (seedModeOf(env.ISMF_SEED) === 'none') return undefined;
  return seedDemo(options);
}

export async function seedDemo(options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const tenant = options.tenant ?? DEMO_TENANT;
  const log = options.log ?? (() => undefined);
  const call = client(options.url);
  const issue = options.issueToken ?? httpTokens(options.url);
  const flowTimeoutMs = options.flowTimeoutMs ?? 15_000;
  const emailOf = (user: string) => `${user}@${tenant}.example`;
  const summary: SeedSummary = {
    tenant,
    people: [],
    assets: [],
    overdue: 0,
    created: { people: 0, assets: 0, policyChanges: 0, dependencies: 0, steps: 0 },
    problems: [],
    durationMs: 0,
  };
  /** A step that fails is logged and counted; the seed goes on with what does not need it. */
  const attempt = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      const message = `${what}: ${(error as Error).message}`;
      summary.problems.push(message);
      log(`demo seed: ${message}`);
      return undefined;
    }
  };

  // The tenant's first administrator (the token endpoint onboards the tenant if it is new) registers the people.
  const admin = await issue({ tenant, user: emailOf('admin'), roles: ['admin'] });
  const known = new Map((await all(call, admin, '/users')).map((user) => [String(user.email).toLowerCase(), user]));
  for (const person of DEMO_PEOPLE) {
    const email = emailOf(person.user);
    let user = known.get(email);
    if (!user) {
      const managerId = person.manager ? known.get(emailOf(person.manager))?.id : undefined;
      user = (
        await call('POST', '/users', {
          token: admin,
          headers: { 'idempotency-key': `demo-seed-user-${person.user}` },
          body: { email, displayName: person.displayName, jobTitle: person.jobTitle, roles: person.roles, ...(managerId ? { managerId } : {}) },
        })
      ).body;
      known.set(email, user);
      summary.created.people++;
    }
    summary.people.push({ user: person.user, email, id: user.id, displayName: user.displayName, jobTitle: user.jobTitle, roles: user.roles });
  }

  // Tokens of the people, asked for only when one acts (with the roles the seed gave them).
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (user: string) => {
    if (!tokens.has(user)) {
      const person = DEMO_PEOPLE.find((candidate) => candidate.user === user)!;
      tokens.set(user, issue({ tenant, user: emailOf(user), roles: person.roles }));
    }
    return tokens.get(user)!;
  };

  // The asset policy: the telecom categories and processes, checked and approved through the flow.
  const changes = () => all(call, admin, '/asset-policy-changes');
  const policyNow = async () => {
    // GET answers the version and time of the policy in force, which a proposal does not carry.
    const { version, updatedAt: _updatedAt, ...policy } = (await call('GET', '/asset-policy', { token: admin })).body;
    return { policy: policy as Policy, version: version as number };
  };
  const approvePolicy = async () => {
    const current = await policyNow();
    if (current.version > 0) return;
    await attempt('approving the asset policy', async () => {
      const open = (await changes()).find((change) => change.reason === APPROVED_CHANGE_REASON && change.status === 'pending-approval');
      const change =
        open ??
        (
          await call('POST', '/asset-policy-changes', {
            token: await tokenOf(OFFICER),
            body: { policy: approvedPolicy(current.policy), reason: APPROVED_CHANGE_REASON },
          })
        ).body;
      if (!open) summary.created.policyChanges++;
      for (const [user, step] of [
        [CHECKER, 'check'],
        [APPROVER, 'approve'],
      ] as const) {
        const token = await tokenOf(user);
        const task = await waitFor(`the ${step} step of the asset policy change`, flowTimeoutMs, async () => {
          const owed = await call('GET', '/me/tasks', { token });
          return owed.body.items.find((item: { subject: { id: string }; step: string }) => item.subject.id === change.id && item.step === step);
        });
        const reason = step === 'check' ? 'Categories match the CMDB classes; handling rules agreed with IT' : 'Approved for the register';
        await call('POST', `/approvals/${task.id}/decision`, { token, body: { outcome: 'approve', reason } });
      }
      await waitFor('the asset policy change to take effect', flowTimeoutMs, async () => {
        const after = (await call('GET', `/asset-policy-changes/${change.id}`, { token: admin })).body;
        if (after.status === 'approved') return after;
        if (after.status !== 'pending-approval') throw new SeedError(`the policy change ended ${after.status}`);
        return undefined;
      });
      log('demo seed: asset policy approved (checked by the security analyst, approved by the manager)');
    });
  };

  const register = async () => {
    // The register: the rows whose external ids no asset holds yet, in one import by the security officer.
    const listed = await all(call, admin, '/assets?status=all');
    const byExternalId = new Map<string, Json>(listed.filter((asset) => asset.externalId).map((asset) => [asset.externalId, asset]));
    const missing = DEMO_ASSETS.filter((asset) => !byExternalId.has(externalIdOf(asset.key)));
    const createdNow = new Set<string>();
    if (missing.length) {
      await attempt('importing the register', async () => {
        const rows = missing.map((asset) => ({
          externalId: externalIdOf(asset.key),
          name: asset.name,
          type: asset.type,
          category: asset.category,
          ...(asset.businessProcess ? { businessProcess: asset.businessProcess } : {}),
          ...(asset.description ? { description: asset.description } : {}),
          owner: emailOf(asset.owner),
          ...(asset.custodian ? { custodian: asset.custodian } : {}),
          ...(asset.location ? { location: asset.location } : {}),
          ...(asset.secureArea ? { secureArea: asset.secureArea } : {}),
          classification: asset.classification,
          confidentiality: asset.cia[0],
          integrity: asset.cia[1],
          availability: asset.cia[2],
          ...(asset.labels ? { labels: asset.labels } : {}),
          ...(asset.equipment ? { equipment: asset.equipment } : {}),
          ...(asset.identity ? { identity: asset.identity } : {}),
          ...(asset.exposure ? { exposure: asset.exposure } : {}),
          ...(asset.reviewedDaysAgo !== undefined ? { lastReviewedAt: daysFromNow(-asset.reviewedDaysAgo) } : {}),
        }));
        const result = (await call('POST', '/assets/import', { token: await tokenOf(OFFICER), raw: JSON.stringify(rows) })).body;
        for (const { row, id } of result.created as { row: number; id: string }[]) {
          const asset = missing[row - 1]!;
          byExternalId.set(externalIdOf(asset.key), { id, externalId: externalIdOf(asset.key), type: asset.type, status: 'active' });
          createdNow.add(asset.key);
        }
        summary.created.assets += result.created.length;
        for (const failure of result.failed as { row: number; errors: unknown[] }[]) {
          summary.problems.push(`asset ${missing[failure.row - 1]?.name}: ${JSON.stringify(failure.errors)}`);
        }
        if (result.failed.length) log(`demo seed: ${result.failed.length} asset row(s) refused: ${summary.problems.slice(-result.failed.length).join('; ')}`);
      });
    }
    const assetId = (key: string): string | undefined => byExternalId.get(externalIdOf(key))?.id;
    for (const asset of DEMO_ASSETS) {
      const found = byExternalId.get(externalIdOf(asset.key));
      if (found) summary.assets.push({ key: asset.key, externalId: externalIdOf(asset.key), id: found.id, type: asset.type });
    }

    /** Whether an asset the seed did not create this time has had this operation already (its history says). */
    const histories = new Map<string, Promise<string[]>>();
    const hasHad = async (key: string, operation: string) => {
      if (createdNow.has(key)) return false;
      const id = assetId(key)!;
      if (!histories.has(id))
        histories.set(
          id,
          all(call, admin, `/assets/${id}/history`).then((items) => items.map((item) => item.operation)),
        );
      return (await histories.get(id)!).includes(operation);
    };
    // The version each If-Match names: 1 for an asset just imported, else as listed; a stale one is read again.
    const versions = new Map<string, number>([...byExternalId.values()].map((asset) => [asset.id, asset.version ?? 1]));
    const versioned = async (id: string, token: string, send: (headers: Record<string, string>, expect: number[]) => Promise<Reply>) => {
      let reply = await send({ 'if-match': `"${versions.get(id) ?? 1}"` }, [200, 412]);
      if (reply.status === 412) {
        const fresh = (await call('GET', `/assets/${id}`, { token })).body.version as number;
        reply = await send({ 'if-match': `"${fresh}"` }, [200]);
      }
      versions.set(id, reply.body.version);
      return reply;
    };

    // The SBOM of the self-care portal.
    const sbomId = assetId(SBOM_ASSET);
    if (sbomId) {
      summary.sbomAssetId = sbomId;
      await attempt('importing the SBOM', async () => {
        const components = await call('GET', `/assets/${sbomId}/components?limit=1`, { token: admin });
        if (components.body.componentSet) return;
        const sbom = sbomDocument(options.realdata ?? defaultRealdata());
        const reply = await call('POST', `/assets/sbom-import?asset=${sbomId}`, {
          token: await tokenOf(OFFICER),
          raw: sbom.text,
          type: 'application/vnd.cyclonedx+json',
        });
        versions.set(sbomId, reply.body.asset.version);
        summary.created.steps++;
        log(`demo seed: ${reply.body.componentSet.count} components of the self-care portal from ${sbom.source}`);
      });
    }

    // Dependencies: services on systems, systems on network elements, network elements on sites.
    const nameOf = (key: string) => DEMO_ASSETS.find((asset) => asset.key === key)?.name ?? key;
    await inParallel(
      DEMO_ASSETS.filter((asset) => asset.dependsOn?.length && assetId(asset.key)),
      6,
      async (asset) => {
        await attempt(`the dependencies of ${asset.name}`, async () => {
          if (await hasHad(asset.key, 'setAssetDependencies')) return;
          const id = assetId(asset.key)!;
          const dependsOn = asset.dependsOn!.map(assetId).filter((target): target is string => target !== undefined);
          const reason = `Dependency survey: ${asset.name} depends on ${asset.dependsOn!.map(nameOf).join(', ')}`.slice(0, 1000);
          const security = await tokenOf(OFFICER);
          await versioned(id, security, (headers, expect) =>
            call('PUT', `/assets/${id}/dependencies`, { token: security, headers, expect, body: { dependsOn, reason } }),
          );
          summary.created.dependencies += dependsOn.length;
        });
      },
    );

    // Its owner reviews a core router; the legacy SMS gateway is retired; the spectrum analyser goes off site.
    const reviewed = assetId(REVIEWED_ASSET);
    if (reviewed && !(await hasHad(REVIEWED_ASSET, 'createAssetReview'))) {
      await attempt('the review of a core router', async () => {
        const owner = await tokenOf('priya.raman');
        const reply = await call('POST', `/assets/${reviewed}/reviews`, {
          token: owner,
          body: { outcome: 'confirmed', notes: 'Checked on site: serial, software release and redundant feeds as recorded.' },
        });
        versions.set(reviewed, reply.body.version);
        summary.created.steps++;
      });
    }
    const retired = assetId(RETIRED_ASSET);
    if (retired && !(await hasHad(RETIRED_ASSET, 'retireAsset'))) {
      await attempt('the retirement of the legacy SMS gateway', async () => {
        const owner = await tokenOf('jonas.berg');
        await versioned(retired, owner, (headers, expect) =>
          call('POST', `/assets/${retired}/retirement`, {
            token: owner,
            headers,
            expect,
            body: { reason: 'Bulk SMS moved to the virtualised SMSC; the appliance is out of support', retiredOn: daysFromNow(-45) },
          }),
        );
        summary.created.steps++;
      });
    }
    const offSite = assetId(OFF_SITE_ASSET);
    if (offSite && !(await hasHad(OFF_SITE_ASSET, 'removeAssetOffSite'))) {
      await attempt('taking the spectrum analyser off site', async () => {
        const owner = await tokenOf('priya.raman');
        await versioned(offSite, owner, (headers, expect) =>
          call('POST', `/assets/${offSite}/off-site-removal`, {
            token: owner,
            headers,
            expect,
            body: {
              destination: 'Base station MUC-0131 (Schwabing)',
              purpose: 'Interference survey on the 3.6 GHz band',
              takenBy: emailOf('priya.raman'),
              authorizedBy: emailOf(APPROVER),
              expectedReturnOn: daysFromNow(14),
            },
          }),
        );
        summary.created.steps++;
      });
    }
  };

  // The approval waits on the flow, the register on the engine: side by side. Its rows fit the policy before
  // and after (the default policy names no categories), and the approval does not re-value (same valuation).
  await Promise.all([approvePolicy(), register()]);

  // One change of the policy pending: submitted by the security officer, waiting for the analyst's check. A
  // change a restart interrupted (its flow's tokens are gone) is submitted again.
  await attempt('the pending asset policy change', async () => {
    const seeded = (await changes()).filter((change) => change.reason === PENDING_CHANGE_REASON);
    const live = seeded.find((change) => change.status !== 'interrupted');
    if (live) {
      if (live.status === 'pending-approval') summary.pendingChangeId = live.id;
      return;
    }
    const { policy } = await policyNow();
    const change = await call('POST', '/asset-policy-changes', {
      token: await tokenOf(OFFICER),
      headers: { 'idempotency-key': `demo-seed-pending-policy-change-${seeded.length + 1}` },
      body: { policy: pendingPolicy(policy), reason: PENDING_CHANGE_REASON },
    });
    summary.pendingChangeId = change.body.id;
    summary.created.policyChanges++;
    if (seeded.length) log('demo seed: the pending policy change was interrupted by the restart and is submitted again');
  });

  await attempt('counting overdue reviews', async () => {
    summary.overdue = (await all(call, admin, '/assets?reviewState=overdue')).length;
  });
  summary.durationMs = Date.now() - started;
  return summary;
}

/** One line for the start banner. */
export function seedBanner(summary: SeedSummary): string {
  const what = summary.created.assets || summary.created.people ? `seeded in ${(summary.durationMs / 1000).toFixed(1)} s` : 'already seeded';
  const pending = summary.pendingChangeId ? ', 1 asset policy change pending' : '';
  const trouble = summary.problems.length ? ` (${summary.problems.length} step(s) failed, see above)` : '';
  return (
    `Demo tenant ${summary.tenant}: ${summary.assets.length} assets (${summary.overdue} overdue for review), ${summary.people.length} people${pending}; ${what}${trouble}.\n` +
    `  token: npm run -s token -- --tenant ${summary.tenant} --user ${OFFICER}`
  );
}

export { SeedError };
