// The register in figures (GET /assets/summary): after random registrations, edits, imports (by request
// and by job), reviews, retirements and disposals, the summary equals a recount of the register; the
// nightly recount corrects a corrupted summary and reports the drift; one tenant's figures are its own;
// a role that may not read assets is refused; and the read is one DynamoDB request.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAssetChanges } from '@ismf/assets/summary';
import { newId } from '@ismf/core/ids';
import { db, onDynamoRequest, tableName } from '@ismf/store/client';
import { startApi, type Api } from '../support/api.ts';
import { eventually } from '../support/eventually.ts';
import { runJob } from '../support/jobs.ts';

const TYPES = ['information', 'software', 'physical', 'service', 'people', 'intangible'] as const;
const LEVELS = ['public', 'internal', 'confidential', 'secret'] as const;
/** Operations of the property test (CI-sized; more with ISMF_SUMMARY_OPERATIONS). */
const OPERATIONS = Number(process.env.ISMF_SUMMARY_OPERATIONS ?? 200);

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let evidenceId: string;

interface Known {
  version: number;
  status: 'active' | 'retired' | 'disposed';
}
/** What the test knows of each asset it made: the version to send, where it is in its lifecycle. */
const known = new Map<string, Known>();

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function sanitisationEvidence(token: string) {
  const pdf = Buffer.from('%PDF-1.4\n% erasure report\n%%EOF\n');
  const started = await api.call('POST', '/evidence', { token, body: { fileName: 'erasure.pdf', contentType: 'application/pdf', size: pdf.length } });
  const uploaded = await fetch(started.body.upload.url, { method: started.body.upload.method, headers: { 'content-type': 'application/pdf' }, body: pdf });
  expect(uploaded.status).toBe(204);
  expect((await api.call('POST', `/evidence/${started.body.id}/completion`, { token })).status).toBe(200);
  return started.body.id as string;
}

beforeAll(async () => {
  api = await startApi({ events: true });
  api.relay!.start();
  tenant = await api.newTenant('sum');
  evidenceId = await sanitisationEvidence(tenant.adminToken);
});
afterAll(() => api.close());

const summaryOf = async (token = tenant.adminToken) => {
  const reply = await api.call('GET', '/assets/summary', { token });
  expect(reply.status).toBe(200);
  return reply.body;
};

/** The summary's figures recounted from the register as GET /assets lists it, review states as of `day`. */
async function recount(token: string, day: string) {
  const statuses: Record<
    string,
    { count: number; byType: Record<string, number>; byImportance: Record<string, number>; byClassification: Record<string, number> }
  > = {};
  const reviewStates = { overdue: 0, dueWithin30Days: 0, current: 0 };
  const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  let cursor: string | undefined;
  let total = 0;
  do {
    const page = await api.call('GET', `/assets?status=all&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(page.status).toBe(200);
    for (const asset of page.body.items) {
      total++;
      const breakdown = (statuses[asset.status] ??= { count: 0, byType: {}, byImportance: {}, byClassification: {} });
      breakdown.count++;
      bump(breakdown.byType, asset.type);
      bump(breakdown.byImportance, String(asset.importance));
      bump(breakdown.byClassification, asset.classification);
      if (asset.status === 'active') {
        const state = asset.nextReviewDue < day ? 'overdue' : asset.nextReviewDue <= addDays(day, 30) ? 'dueWithin30Days' : 'current';
        reviewStates[state]++;
      }
    }
    cursor = page.body.nextCursor;
  } while (cursor);
  return { total, statuses, reviewStates };
}

/** The figures of a summary, as the recount has them (statuses without an asset left out). */
const figures = (summary: any) => ({
  total: summary.total,
  statuses: Object.fromEntries(Object.entries(summary.statuses).filter(([, breakdown]: [string, any]) => breakdown.count > 0)),
  reviewStates: summary.reviewStates,
});

/** Waits until every change is counted: the summary equals a recount. */
async function summaryMatchesRecount(token = tenant.adminToken) {
  let last: unknown;
  try {
    return await eventually(
      async () => {
        const summary = await summaryOf(token);
        const counted = await recount(token, summary.asOf.reviewStates ?? today());
        last = { summary: figures(summary), counted };
        return JSON.stringify(sorted(figures(summary))) === JSON.stringify(sorted(counted)) ? summary : undefined;
      },
      'the summary to equal a recount',
      15_000,
    );
  } catch (error) {
    const { summary, counted } = last as { summary: unknown; counted: unknown };
    expect(sorted(summary), 'the summary against a recount').toEqual(sorted(counted));
    throw error;
  }
}

const sorted = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sorted)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, inner]) => [key, sorted(inner)]),
        )
      : value;

// ---- the random operations ----

const level = fc.integer({ min: 1, max: 5 });
const cia = fc.record({ confidentiality: level, integrity: level, availability: level });
const assetFields = fc.record({ type: fc.constantFrom(...TYPES), classification: fc.constantFrom(...LEVELS), cia });
/** Reviewed so long ago that it is overdue, due soon or current (by the default intervals: 90 to 730 days). */
const reviewedDaysAgo = fc.option(fc.constantFrom(10, 80, 170, 200, 350, 380, 700, 800), { nil: undefined });

const operation = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('register' as const), asset: assetFields }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('patch' as const),
      pick: fc.nat(),
      change: fc.oneof(
        fc.record({ type: fc.constantFrom(...TYPES) }),
        fc.record({ classification: fc.constantFrom(...LEVELS) }),
        cia,
        fc.record({ name: fc.constant('Renamed') }),
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('import' as const),
      rows: fc.array(fc.record({ asset: assetFields, reviewedDaysAgo }), { minLength: 1, maxLength: 4 }),
      update: fc.option(fc.record({ pick: fc.nat(), classification: fc.constantFrom(...LEVELS), reviewedDaysAgo }), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('review' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('retire' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dispose' as const), pick: fc.nat() }) },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** One of the assets the test knows in one of these states, or none. */
function pick(index: number, ...statuses: Known['status'][]): [string, Known] | undefined {
  const candidates = [...known].filter(([, asset]) => statuses.includes(asset.status));
  return candidates.length ? candidates[index % candidates.length] : undefined;
}

const body = (asset: { type: string; classification: string; cia: Record<string, number> }, name: string) => ({
  name,
  type: asset.type,
  owner: tenant.adminId,
  classification: asset.classification,
  ...asset.cia,
});

async function perform(op: Operation, index: number): Promise<void> {
  const token = tenant.adminToken;
  const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
  const expectOk = (reply: { status: number; body: unknown }, what: string) =>
    expect(reply.status, `${index} ${what}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
  switch (op.kind) {
    case 'register': {
      const reply = await api.call('POST', '/assets', { token, body: body(op.asset, `Asset ${index}`) });
      expectOk(reply, 'register');
      known.set(reply.body.id, { version: reply.body.version, status: 'active' });
      return;
    }
    case 'patch': {
      const target = pick(op.pick, 'active', 'retired');
      if (!target) return;
      const [id, asset] = target;
      const reply = await api.call('PATCH', `/assets/${id}`, { token, body: { ...op.change, reason: `change ${index}` }, headers: ifMatch(asset.version) });
      expectOk(reply, 'patch');
      asset.version = reply.body.version;
      return;
    }
    case 'import': {
      const rows: Record<string, unknown>[] = op.rows.map((row, n) => ({
        ...body(row.asset, `Imported ${index}.${n}`),
        ...(row.reviewedDaysAgo ? { lastReviewedAt: daysAgo(row.reviewedDaysAgo) } : {}),
      }));
      const update = op.update && pick(op.update.pick, 'active', 'retired');
      if (op.update && update) {
        rows.push({
          id: update[0],
          classification: op.update.classification,
          ...(op.update.reviewedDaysAgo ? { lastReviewedAt: daysAgo(op.update.reviewedDaysAgo) } : {}),
        });
      }
      const reply = await api.call('POST', '/assets/import', { token, rawBody: JSON.stringify(rows), headers: { 'content-type': 'application/json' } });
      expectOk(reply, 'import');
      expect(reply.body.failed).toEqual([]);
      for (const created of reply.body.created) known.set(created.id, { version: 1, status: 'active' });
      // An update is a new version; an unchanged row is none.
      for (const updated of reply.body.updated) known.get(updated.id)!.version++;
      return;
    }
    case 'review': {
      const target = pick(op.pick, 'active');
      if (!target) return;
      const reply = await api.call('POST', `/assets/${target[0]}/reviews`, { token, body: { outcome: 'confirmed' } });
      expectOk(reply, 'review');
      target[1].version = reply.body.version;
      return;
    }
    case 'retire': {
      const target = pick(op.pick, 'active');
      if (!target) return;
      const reply = await api.call('POST', `/assets/${target[0]}/retirement`, {
        token,
        body: { reason: `retired ${index}` },
        headers: ifMatch(target[1].version),
      });
      expectOk(reply, 'retire');
      Object.assign(target[1], { version: reply.body.version, status: 'retired' });
      return;
    }
    case 'dispose': {
      const target = pick(op.pick, 'retired');
      if (!target) return;
      const reply = await api.call('POST', `/assets/${target[0]}/disposal`, {
        token,
        body: {
          method: 'purge',
          disposedOn: today(),
          performedBy: 'IT operations',
          reason: `disposed ${index}`,
          sanitisation: { technique: 'cryptographic erase', evidenceId },
        },
        headers: ifMatch(target[1].version),
      });
      expectOk(reply, 'dispose');
      Object.assign(target[1], { version: reply.body.version, status: 'disposed' });
      return;
    }
  }
}

describe('GET /assets/summary', () => {
  it('equals a recount of the register after random registrations, edits, imports, reviews, retirements and disposals', async () => {
    const empty = await summaryOf();
    expect(empty).toMatchObject({ total: 0, uncounted: 0, statuses: { active: { count: 0, byType: {} } } });

    // An import job (new rows by BatchWrite) announces its rows as POST /assets does.
    const job = await runJob(
      api,
      tenant.adminToken,
      'asset-import',
      {},
      {
        name: 'rows.json',
        type: 'application/json',
        body: JSON.stringify(
          [0, 1, 2].map((n) => ({
            ...body({ type: 'software', classification: 'internal', cia: { confidentiality: 2, integrity: 3, availability: 2 } }, `Job row ${n}`),
            ...(n === 2 ? { lastReviewedAt: daysAgo(400) } : {}),
          })),
        ),
      },
    );
    expect(job.state).toBe('succeeded');
    for (const asset of (await api.call('GET', '/assets?limit=100', { token: tenant.adminToken })).body.items)
      known.set(asset.id, { version: asset.version, status: 'active' });

    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: OPERATIONS, maxLength: OPERATIONS }), async (operations) => {
        for (const [index, op] of operations.entries()) await perform(op, index);
        const summary = await summaryMatchesRecount();
        expect(summary.uncounted).toBe(0);
        expect(summary.total).toBe(known.size);
      }),
      // One run of many operations against one tenant: a failure is not shrunk (each try is a few seconds of requests).
      { numRuns: 1, endOnFailure: true },
    );
    const summary = await summaryOf();
    expect(summary.asOf.reviewStates).toBe(today());
    expect(Date.parse(summary.asOf.lastChange.countedAt)).toBeGreaterThanOrEqual(Date.parse(summary.asOf.lastChange.occurredAt));
    // The imports reviewed long ago made some overdue and some due soon.
    expect(summary.reviewStates.overdue + summary.reviewStates.dueWithin30Days).toBeGreaterThan(0);
  });

  it('is corrected by the nightly recount, which reports the drift on the summary and to security officers', async () => {
    const notified: { title: string; recipients: unknown }[] = [];
    const stop = api.bus!.onEvent((event) => {
      const detail = event.detail as { tenantId: string; data: { kind: string; title: string; recipients: unknown } };
      if (event['detail-type'] === 'NotificationRequested' && detail.tenantId === tenant.tenantId && detail.data.kind === 'asset-summary-drift')
        notified.push(detail.data);
    });
    try {
      const before = await summaryMatchesRecount();
      // A lost update, a double count and a stale review state: what the recount is there for.
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: `${tenant.tenantId}#asset-summary#register`, sk: '#META' },
          UpdateExpression: 'ADD #d.#s.#a.#c :three, #d.#s.#a.#t.#x :minusOne SET #d.#r.#o = :many',
          ExpressionAttributeNames: {
            '#d': 'data',
            '#s': 'statuses',
            '#a': 'active',
            '#c': 'count',
            '#t': 'byType',
            '#x': 'intangible',
            '#r': 'reviewStates',
            '#o': 'overdue',
          },
          ExpressionAttributeValues: { ':three': 3, ':minusOne': -1, ':many': 999 },
        }),
      );
      const corrupted = await summaryOf();
      expect(corrupted.statuses.active.count).toBe(before.statuses.active.count + 3);

      const run = await api.scheduler!.runFor('asset-summary-recount', tenant.tenantId);
      expect(run.ok).toBe(true);
      const result = run.result as {
        differences: number;
        corrected: boolean;
        settled: boolean;
        examined: number;
        drift: { figure: string; stored: number; counted: number }[];
      };
      expect(result).toMatchObject({ corrected: true, settled: true, examined: known.size, differences: 3 });
      expect(result.drift).toEqual(
        expect.arrayContaining([
          { figure: '/statuses/active/count', stored: before.statuses.active.count + 3, counted: before.statuses.active.count },
          { figure: '/reviewStates/overdue', stored: 999, counted: before.reviewStates.overdue },
          expect.objectContaining({ figure: '/statuses/active/byType/intangible', stored: (before.statuses.active.byType.intangible ?? 0) - 1 }),
        ]),
      );
      const after = await summaryMatchesRecount();
      expect(after.asOf.recount).toMatchObject({ corrected: true, differences: 3, examined: known.size });
      expect(after.asOf.recount.drift).toEqual(result.drift);
      await eventually(async () => notified.length > 0, 'the drift notification');
      expect(notified[0]).toMatchObject({ recipients: { roles: ['security-officer'] }, title: expect.stringContaining('3 figures off') });

      // Nothing off: nothing to report.
      const again = await api.scheduler!.runFor('asset-summary-recount', tenant.tenantId);
      expect(again.result).toMatchObject({ differences: 0, corrected: false, drift: [] });
      expect(notified).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('has its review states recounted for the day by the daily review job', async () => {
    const before = await summaryMatchesRecount();
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `${tenant.tenantId}#asset-summary#register`, sk: '#META' },
        UpdateExpression: 'SET #d.#r = :stale, #d.#day = :yesterday',
        ExpressionAttributeNames: { '#d': 'data', '#r': 'reviewStates', '#day': 'reviewDay' },
        ExpressionAttributeValues: { ':stale': { overdue: 0, dueWithin30Days: 0, current: before.statuses.active.count }, ':yesterday': daysAgo(1) },
      }),
    );
    expect((await summaryOf()).asOf.reviewStates).toBe(daysAgo(1));
    // A change meanwhile is counted as of the summary's day (the consumer finds its guess, today, wrong).
    const created = await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: body({ type: 'service', classification: 'internal', cia: { confidentiality: 1, integrity: 1, availability: 1 } }, 'Late registration'),
    });
    expect(created.status).toBe(201);
    known.set(created.body.id, { version: 1, status: 'active' });
    await eventually(async () => ((await summaryOf()).total === known.size ? true : undefined), 'the registration to be counted');
    expect((await summaryOf()).reviewStates.current).toBe(before.statuses.active.count + 1);
    const run = await api.scheduler!.runFor('asset-review-due', tenant.tenantId);
    expect(run.ok).toBe(true);
    const after = await summaryMatchesRecount();
    expect(after.reviewStates).toEqual({ ...before.reviewStates, current: before.reviewStates.current + 1 });
    expect(after.asOf.reviewStates).toBe(today());
  });

  it('keeps each tenant’s figures its own', async () => {
    const other = await api.newTenant('sum-b');
    expect(await summaryOf(other.adminToken)).toMatchObject({ total: 0, statuses: { active: { count: 0, byClassification: {} } } });
    const created = await api.call('POST', '/assets', {
      token: other.adminToken,
      body: { name: 'B only', type: 'people', owner: other.adminId, classification: 'secret', confidentiality: 1, integrity: 1, availability: 1 },
    });
    expect(created.status).toBe(201);
    const mine = await summaryOf();
    const theirs = await eventually(async () => {
      const summary = await summaryOf(other.adminToken);
      return summary.total === 1 ? summary : undefined;
    }, 'B’s registration to be counted');
    expect(theirs.statuses.active).toEqual({ count: 1, byType: { people: 1 }, byImportance: { '1': 1 }, byClassification: { secret: 1 } });
    expect((await summaryOf()).total).toBe(mine.total);
  });

  it('counts a batch of events with one write, and an event delivered again once', async () => {
    // No consumer at work meanwhile: every request counted below is the counting's own.
    await api.relay!.stop();
    const other = await api.newTenant('sum-c');
    const at = new Date().toISOString();
    const registered = (n: number, type: string) => ({
      eventId: newId(),
      detailType: 'AssetRegistered',
      occurredAt: at,
      data: {
        assetId: newId(),
        name: `Counted ${n}`,
        type,
        owner: other.adminId,
        importance: 3,
        classification: 'internal',
        status: 'active',
        nextReviewDue: addDays(today(), 365),
      },
    });
    const [first, second] = [registered(1, 'service'), registered(2, 'software')];
    const retired = {
      eventId: newId(),
      detailType: 'AssetChanged',
      occurredAt: at,
      data: {
        ...first.data,
        status: 'retired',
        previous: { type: 'service', importance: 3, classification: 'internal', status: 'active', nextReviewDue: first.data.nextReviewDue },
      },
    };
    expect(await countAssetChanges(other.tenantId, [first])).toEqual({ counted: 1, skipped: 0 });
    const writes: string[] = [];
    const stop = onDynamoRequest((command) => writes.push(command));
    try {
      // The first again (its consumed marker lost in a crash), with two new ones: summed, in one transaction.
      expect(await countAssetChanges(other.tenantId, [second, first, retired])).toEqual({ counted: 2, skipped: 1 });
    } finally {
      stop();
    }
    // One refused for the duplicate; then the other two, summed, in one.
    expect(writes).toEqual(['TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
    const summary = await summaryOf(other.adminToken);
    expect(summary.statuses.active).toEqual({ count: 1, byType: { software: 1 }, byImportance: { '3': 1 }, byClassification: { internal: 1 } });
    expect(summary.statuses.retired).toEqual({ count: 1, byType: { service: 1 }, byImportance: { '3': 1 }, byClassification: { internal: 1 } });
    expect(summary.reviewStates).toEqual({ overdue: 0, dueWithin30Days: 0, current: 1 });
    expect(summary.asOf.lastChange.occurredAt).toBe(at);
  });

  it('is read by the asset readers only', async () => {
    const staff = await api.tokenFor(tenant.tenantId, 'staff-member', ['staff']);
    const refused = await api.call('GET', '/assets/summary', { token: staff });
    expect(refused.status).toBe(403);
    const auditor = await api.tokenFor(tenant.tenantId, 'auditor', ['auditor']);
    expect((await api.call('GET', '/assets/summary', { token: auditor })).status).toBe(200);
    // GET takes the literal route before /assets/{assetId}, as API Gateway does; other methods go to the
    // asset route, which refuses `summary` as an id.
    expect((await api.call('PATCH', '/assets/summary', { token: tenant.adminToken, body: { reason: 'x' } })).status).toBe(400);
  });

  it('is one DynamoDB request, a GetItem', async () => {
    await summaryOf(); // the caller's account is read once and cached
    const requests: string[] = [];
    const stop = onDynamoRequest((command) => requests.push(command));
    try {
      await summaryOf();
    } finally {
      stop();
    }
    expect(requests).toEqual(['GetItemCommand']);
  });
});
