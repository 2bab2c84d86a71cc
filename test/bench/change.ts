// Security change management on the local stack with the real ASL. (1) DynamoDB requests and state
// transitions per change from request to close, per step as users take it (change-flow.test.ts): each
// step's API request and all that runs because of it — flow tasks, consumers, notifications, the relay —
// until the flow waits again (or ended) and no event is left to deliver; a normal change, and an emergency
// one more briefly. (2) The conflict check (conflictsOf) with 10 and with many earlier changes on the same
// asset, one per 6 hours back over years: DynamoDB requests (equal at both sizes) and time, over a raw
// Query of one small page of the same index partition at the same sizes (the goal: ≤ 1.2). The
// earlier changes are seeded by BatchWrite of the store's own items: each request item (entityItem) and its
// affected asset as a keyed child item (putKeyedChildren), every index attribute as the API writes them.
import type { TenantRole } from '@ismf/core/roles';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { registry } from '@ismf/app/areas';
import { conflictsOf } from '@ismf/change/conflicts';
import { changeAssetEntity, changeRequestEntity, type ChangeAssetData, type ChangeRequestData } from '@ismf/change/entities';
import type { ChangeClass } from '@ismf/change/rules';
import { newId } from '@ismf/core/ids';
import type { createLocalIdentity } from '@ismf/local/identity';
import { devToken } from '@ismf/platform/dev-identity';
import { putItems, putKeyedChildren } from '@ismf/store/batch-write';
import { currentDataScope, db, onDynamoRequest, tableName } from '@ismf/store/client';
import { partitionKey } from '@ismf/store/entity-model';
import { entityItem } from '@ismf/store/unit-of-work';
import { flowStack } from './flow-stack.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));
const HOUR = 3_600_000;
const RELAY = 'relay and local runtime';

/** The steps of a change as its people take them, in order; the emergency change has no tests before its authorization. */
const NORMAL_STEPS = ['create', 'plan', 'submit', 'labTest', 'onSiteTest', 'authorize', 'implement', 'review'] as const;
const EMERGENCY_STEPS = ['create', 'plan', 'submit', 'authorize', 'implement', 'review'] as const;
type Step = (typeof NORMAL_STEPS)[number];

/** Who made a DynamoDB request: the API operation, a consumer, the relay and local runtime, or else a flow's task function. */
function groupOf(label: string): 'api' | 'consumers' | 'relay' | 'flowTasks' {
  if (registry.operations.some((operation) => operation.name === label)) return 'api';
  if (registry.consumers.some((consumer) => consumer.name === label)) return 'consumers';
  return label === RELAY ? 'relay' : 'flowTasks';
}

export async function changeFigures(
  root: string,
  endpoint: string,
  identity: Awaited<ReturnType<typeof createLocalIdentity>>,
  options: { changes: number; emergencies: number; assets: number; earlierChanges: number; rounds: number },
) {
  return {
    perChange: await flowFigures(root, endpoint, identity, options),
    conflictCheck: await conflictFigures(options.earlierChanges, options.rounds),
  };
}

// ------------------------------------------------------------------------------ (1) a change's steps

async function flowFigures(
  root: string,
  endpoint: string,
  identity: Awaited<ReturnType<typeof createLocalIdentity>>,
  options: { changes: number; emergencies: number; assets: number },
) {
  if (options.assets < 1 || options.assets > 100) throw new Error('BENCH_CHANGE_ASSETS: a change request is created with 1 to 100 assets');
  process.env.ISMF_MAIL_DIR = mkdtempSync(resolve(tmpdir(), 'ismf-bench-mail-'));
  const { relay, flows, server, call } = await flowStack(root, endpoint, identity, 'bench-change');
  const flowOf = (flowId: string) => flows.waitingTasks().find((task) => (task.payload.flow as { flowId: string }).flowId === flowId);
  const taskOf = (flowId: string) => (flowOf(flowId)?.payload.task as { id?: string } | undefined)?.id;
  // Runs the event path until `done` holds and no event is left to deliver.
  const settle = async (what: string, done: () => boolean = () => true) => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      await relay.drain();
      if (done()) {
        await relay.drain();
        await pause(5);
        await relay.drain();
        return;
      }
      await pause(2);
    }
    throw new Error(`${what} did not settle`);
  };

  const byScope = new Map<string, number>();
  let counting = false;
  const stop = onDynamoRequest(() => {
    if (!counting) return;
    const label = currentDataScope()?.label ?? RELAY;
    byScope.set(label, (byScope.get(label) ?? 0) + 1);
  });

  const tenant = `bench-change-${Date.now().toString(36)}`;
  const person = async (user: string, roles: string[]) => {
    const issued = await devToken(identity, { tenant, user, roles: roles as TenantRole[] });
    return { token: issued.token, id: issued.userId! };
  };
  const admin = await person('admin', ['admin']);
  const planner = await person('planner', ['security-officer']);
  const tester = await person('tester', ['staff']);
  const siteTester = await person('site-tester', ['staff']);
  const authorizer = await person('authorizer', ['manager']);
  const implementer = await person('implementer', ['staff']);
  const reviewer = await person('reviewer', ['manager']);
  // The implementer reports to the reviewer: the post-implementation review is theirs.
  const directoryEntry = await call('GET', `/users/${implementer.id}`, admin.token);
  await call('PATCH', `/users/${implementer.id}`, admin.token, { managerId: reviewer.id }, { 'if-match': `"${directoryEntry.version}"` });
  await settle('the directory');

  let sequence = 0;
  const passed = {
    outcome: 'passed',
    environment: 'vendor lab',
    notes: 'upgrade and rollback rehearsed',
    testData: { description: 'synthetic subscribers', productionPersonalData: false },
  };

  /** One change from request to review: per step, the DynamoDB requests by function and the state transitions. */
  const oneChange = async (changeClass: ChangeClass) => {
    // Fresh assets each time (set up outside the count): no change overlaps an earlier one's.
    const assets: string[] = [];
    for (let n = 0; n < options.assets; n++) {
      const created = await call('POST', '/assets', admin.token, {
        name: `Bench node ${++sequence}`,
        type: 'physical',
        owner: admin.id,
        classification: 'internal',
        confidentiality: 3,
        integrity: 2,
        availability: 4,
      });
      assets.push(created.id as string);
    }
    await settle('the assets');
    const from = changeClass === 'emergency' ? 1 : 48 + sequence;
    const window = { start: new Date(Date.now() + from * HOUR).toISOString(), end: new Date(Date.now() + (from + 2) * HOUR).toISOString() };

    const steps: Partial<Record<Step, { byScope: Record<string, number>; transitions: number }>> = {};
    let flowId: string | undefined;
    const states = () => (flowId ? (flows.execution(flowId)?.states.length ?? 0) : 0);
    const measure = async <T>(step: Step, run: () => Promise<T>, done?: () => boolean): Promise<T> => {
      const entered = states();
      byScope.clear();
      counting = true;
      const result = await run();
      await settle(`${changeClass} ${step}`, done);
      counting = false;
      steps[step] = { byScope: Object.fromEntries(byScope), transitions: states() - entered };
      return result;
    };
    const nextTask = (previous?: string) => () => {
      const id = flowId && taskOf(flowId);
      return id !== undefined && id !== previous;
    };
    const ended = () => flowId !== undefined && flows.execution(flowId) !== undefined && flows.execution(flowId)!.status !== 'RUNNING';

    const change = await measure('create', () =>
      call('POST', '/change-requests', planner.token, {
        title: `Firmware ${sequence}`,
        reason: 'the vendor advisory',
        class: changeClass,
        assets,
        requestedWindow: window,
      }),
    );
    const planned = await measure('plan', () =>
      call(
        'PUT',
        `/change-requests/${change.id}/plan`,
        planner.token,
        {
          steps: ['drain traffic from the node', 'upgrade the firmware', 'restore traffic'],
          effectivenessCheck: 'attach success rate back at last week’s level',
          rollback: ['reinstall the previous firmware image'],
          continuity: 'the mate node carries the traffic',
          window,
          serviceImpact: 'degraded',
          labTest: { assignee: tester.id },
          onSiteTest: { assignee: siteTester.id },
          implementer: implementer.id,
        },
        { 'if-match': `"${change.version}"` },
      ),
    );
    await measure(
      'submit',
      async () => {
        const submitted = await call('POST', `/change-requests/${change.id}/submission`, planner.token, undefined, { 'if-match': `"${planned.version}"` });
        flowId = submitted.flowId as string;
      },
      nextTask(),
    );
    if (changeClass === 'normal') {
      const lab = taskOf(flowId!)!;
      await measure('labTest', () => call('POST', `/tasks/${lab}/completion`, tester.token, { result: passed }), nextTask(lab));
      const site = taskOf(flowId!)!;
      await measure(
        'onSiteTest',
        () => call('POST', `/tasks/${site}/completion`, siteTester.token, { result: { ...passed, environment: 'DC1 spare node' } }),
        nextTask(site),
      );
    }
    const authorize = taskOf(flowId!)!;
    await measure('authorize', () => call('POST', `/approvals/${authorize}/decision`, authorizer.token, { outcome: 'approve' }), ended);
    const authorized = await call('GET', `/change-requests/${change.id}`, planner.token);
    if (authorized.state !== 'authorized') throw new Error(`the ${changeClass} change is ${authorized.state} after its authorization`);
    const implemented = await measure('implement', () =>
      call(
        'POST',
        `/change-requests/${change.id}/implementation`,
        implementer.token,
        { start: authorized.windowStart, end: authorized.windowEnd, outcome: 'implemented', notes: 'done; traffic restored' },
        { 'if-match': `"${authorized.version}"` },
      ),
    );
    await measure('review', () =>
      call(
        'POST',
        `/change-requests/${change.id}/review`,
        reviewer.token,
        { effective: true, negativeImpact: false, notes: 'stable since', ...(changeClass === 'emergency' ? { afterTheFactTest: passed } : {}) },
        { 'if-match': `"${implemented.version}"` },
      ),
    );
    return { steps, transitions: states(), finalState: flows.execution(flowId!)?.states.at(-1) };
  };

  const summarize = (runs: Awaited<ReturnType<typeof oneChange>>[], names: readonly Step[]) => {
    const perStep = Object.fromEntries(
      names.map((step) => {
        const taken = runs.map((run) => run.steps[step]!);
        const labels = [...new Set(taken.flatMap((entry) => Object.keys(entry.byScope)))].sort();
        const byFunction = Object.fromEntries(labels.map((label) => [label, median(taken.map((entry) => entry.byScope[label] ?? 0))]));
        const groups = { api: 0, flowTasks: 0, consumers: 0, relay: 0 };
        for (const [label, count] of Object.entries(byFunction)) groups[groupOf(label)] += count;
        const total = median(taken.map((entry) => Object.values(entry.byScope).reduce((sum, count) => sum + count, 0)));
        return [step, { dynamoRequests: { total, ...groups }, stateTransitions: median(taken.map((entry) => entry.transitions)), byFunction }];
      }),
    );
    const steps = Object.values(perStep);
    return {
      changes: runs.length,
      perStep,
      total: {
        // The sum of the steps' medians.
        dynamoRequests: steps.reduce((sum, step) => sum + step.dynamoRequests.total, 0),
        stateTransitions: median(runs.map((run) => run.transitions)),
        flowEndsIn: runs[0]?.finalState,
      },
    };
  };

  try {
    const normal: Awaited<ReturnType<typeof oneChange>>[] = [];
    for (let n = 0; n < options.changes; n++) normal.push(await oneChange('normal'));
    const emergency: Awaited<ReturnType<typeof oneChange>>[] = [];
    for (let n = 0; n < options.emergencies; n++) emergency.push(await oneChange('emergency'));
    return {
      assetsPerChange: options.assets,
      normal: summarize(normal, NORMAL_STEPS),
      ...(emergency.length ? { emergency: summarize(emergency, EMERGENCY_STEPS) } : {}),
    };
  } finally {
    stop();
    await relay.stop();
    await flows.stop();
    await server.close();
  }
}

// ------------------------------------------------------------------------------ (2) the conflict check

const SPACING_HOURS = 6;
const WINDOW_HOURS = 4;
/** The newest earlier change's window start; each earlier one starts SPACING_HOURS before the next. */
const NEWEST = Date.parse('2027-01-04T00:00:00.000Z');

/** `count` earlier changes on one asset, one per SPACING_HOURS back from NEWEST, authorized or implemented: BatchWrite of the store's items. */
async function seedEarlierChanges(tenantId: string, assetId: string, count: number): Promise<number> {
  const started = performance.now();
  const at = new Date().toISOString();
  const BATCH = 2_000;
  const CHILDREN_IN_FLIGHT = 16;
  for (let from = 0; from < count; from += BATCH) {
    const changes = Array.from({ length: Math.min(BATCH, count - from) }, (_, offset) => {
      const n = from + offset;
      const start = NEWEST - n * SPACING_HOURS * HOUR;
      const window = { start: new Date(start).toISOString(), end: new Date(start + WINDOW_HOURS * HOUR).toISOString() };
      const implemented = n % 2 === 1;
      const data: ChangeRequestData = {
        title: `Earlier change ${n}`,
        reason: 'bench',
        class: 'normal',
        origin: { person: 'bench' },
        originKey: 'person',
        requestedBy: 'bench',
        author: 'bench',
        requestedWindow: window,
        windowStart: window.start,
        windowEnd: window.end,
        state: implemented ? 'implemented' : 'authorized',
        assetCount: 1,
        planVersion: 1,
        impact: { assets: 1, byImportance: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 0 }, maxImportance: 3, businessProcesses: [], dependents: 0 },
        tests: [],
        conflicts: [],
        ...(implemented
          ? {
              implementation: { start: window.start, end: window.end, outcome: 'implemented', outsideWindow: false, by: 'bench', recordedAt: at },
              reviewDueAt: new Date(start + 7 * 24 * HOUR).toISOString(),
              review: { effective: true, negativeImpact: false, by: 'bench', at },
            }
          : {}),
      };
      const id = newId();
      const child: ChangeAssetData = {
        changeId: id,
        assetId,
        assetName: 'Core MSC',
        type: 'physical',
        importance: 3,
        owner: 'bench',
        dependents: 0,
        windowStart: window.start,
        windowEnd: window.end,
      };
      return {
        item: entityItem(changeRequestEntity, {
          owner: tenantId,
          type: changeRequestEntity.type,
          id,
          version: 1,
          createdAt: at,
          updatedAt: at,
          auditHash: '0'.repeat(64),
          data,
        }),
        child,
      };
    });
    await putItems(changes.map((change) => change.item));
    // A request's affected assets are its keyed child items: one BatchWrite each, a few in flight.
    let next = 0;
    const worker = async () => {
      while (next < changes.length) {
        const { child } = changes[next++]!;
        await putKeyedChildren(changeAssetEntity, tenantId, child.changeId, [{ key: assetId, record: child }]);
      }
    };
    await Promise.all(Array.from({ length: CHILDREN_IN_FLIGHT }, worker));
  }
  return count / ((performance.now() - started) / 1000);
}

/** A raw Query of one asset's byAsset partition (the conflict check's index), without a range. */
function byAssetPartition(side: { tenantId: string; assetId: string }) {
  const { byAsset } = changeAssetEntity.patterns;
  return {
    TableName: tableName(),
    IndexName: byAsset.index,
    KeyConditionExpression: `${byAsset.index.toLowerCase()}pk = :pk`,
    ExpressionAttributeValues: { ':pk': partitionKey(byAsset, side.tenantId, { assetId: side.assetId }) },
  };
}

/** How many items the asset's byAsset partition holds. */
async function indexedCount(side: { tenantId: string; assetId: string }): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ ...byAssetPartition(side), Select: 'COUNT', ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

async function conflictFigures(largeCount: number, rounds: number) {
  const stamp = Date.now().toString(36);
  const setUp = async (name: string, count: number) => {
    const tenantId = `bench-conflicts-${name}-${stamp}`;
    const assetId = newId();
    return { tenantId, assetId, count, itemsPerSecond: await seedEarlierChanges(tenantId, assetId, count) };
  };
  const small = await setUp('small', 10);
  const large = await setUp('large', largeCount);
  // Every earlier change is on the asset's index partition, as the API would have put it there.
  for (const side of [small, large]) {
    const indexed = await indexedCount(side);
    if (indexed !== side.count) throw new Error(`the byAsset partition of the ${side.count} earlier changes holds ${indexed} items`);
  }

  // A new change on the asset whose window overlaps the newest earlier one only; the index range read is
  // bounded by the longest window (72 hours by default): 12 items of the large partition, all 10 of the small.
  const window = { start: new Date(NEWEST + HOUR).toISOString(), end: new Date(NEWEST + (1 + WINDOW_HOURS) * HOUR).toISOString() };
  const check = (side: typeof small) => conflictsOf(side.tenantId, newId(), [side.assetId], window);
  const raw = (side: typeof small) => db().send(new QueryCommand({ ...byAssetPartition(side), Limit: 10 }));

  // Both find the newest earlier change, and only it.
  const found = { small: await check(small), large: await check(large) };
  for (const [side, conflicts] of Object.entries(found)) {
    if (conflicts.length !== 1) throw new Error(`the conflict check of the ${side} asset found ${conflicts.length} conflicts, not 1`);
  }
  // Warm: the first requests of a client are slower.
  for (let n = 0; n < 3; n++) for (const side of [small, large]) await Promise.all([check(side), raw(side)]);

  const samples = { small: [] as number[], large: [] as number[], rawSmall: [] as number[], rawLarge: [] as number[] };
  const requests = { small: 0, large: 0 };
  const timed = async (into: number[], run: () => Promise<unknown>, count?: 'small' | 'large') => {
    const stop = count ? onDynamoRequest(() => requests[count]++) : () => undefined;
    const start = performance.now();
    try {
      await run();
    } finally {
      into.push(performance.now() - start);
      stop();
    }
  };
  // Interleaved, so that a drift of the machine touches all four alike.
  for (let n = 0; n < rounds; n++) {
    await timed(samples.small, () => check(small), 'small');
    await timed(samples.large, () => check(large), 'large');
    await timed(samples.rawSmall, () => raw(small));
    await timed(samples.rawLarge, () => raw(large));
  }
  const ms = { small: median(samples.small), large: median(samples.large) };
  const rawMs = { small: median(samples.rawSmall), large: median(samples.rawLarge) };
  const timeRatio = ms.large / ms.small;
  const rawQueryRatio = rawMs.large / rawMs.small;
  const at = (values: { small: number; large: number }, digits = 2) => ({
    with10: round(values.small, digits),
    [`with${largeCount}`]: round(values.large, digits),
  });
  return {
    earlierChanges: at({ small: small.count, large: large.count }, 0),
    spacingHours: SPACING_HOURS,
    rounds,
    seededChangesPerSecond: round(large.itemsPerSecond, 1),
    dynamoRequests: at({ small: requests.small / rounds, large: requests.large / rounds }),
    dynamoRequestsEqual: requests.small === requests.large,
    ms: at(ms),
    rawQueryMs: at(rawMs),
    timeRatio: round(timeRatio),
    rawQueryRatio: round(rawQueryRatio),
    // The goal: at most 1.2 (the check's growth with the asset's history, over a raw Query's).
    ratioOverRawRatio: round(timeRatio / rawQueryRatio),
  };
}
