// `npm run bench`: DynamoDB requests per API request for each operation (counted by an SDK middleware,
// cold = the first request of the process, warm = after it), local latency, and each function's minified
// bundle size and module import time; the event path, tenant isolation, the register, decisions, change
// management, bulk jobs and the cloud's size. Printed, and written to test/bench/results.json.
//
// The run is cut into sections (SECTIONS below), each announced on stderr as it starts and ends with its
// duration, and the whole run's wall time at the end; the durations go into results.json too.
// `npm run bench -- --section register` (repeatable, or comma-separated; or BENCH_SECTIONS=register,jobs)
// runs only those: their figures replace theirs in results.json, the others' are kept from the last run.
import { registry } from '@ismf/app/areas';
import './quiet.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { advanceFlow, openHumanTask } from '@ismf/flows/engine';
import { closeDb, onDynamoRequest, withDataScope } from '@ismf/store/client';
import { onCredentialStep } from '@ismf/store/tenant-access';
import { devToken } from '@ismf/platform/dev-identity';
import { ensureTable, startDynamoDbLocal } from '@ismf/local/dynamodb-local';
import { createLocalIdentity, operatorToken } from '@ismf/local/identity';
import { startLocalServer } from '@ismf/local/server';
import { BUNDLE, BUNDLE_BUDGET_BYTES, LAMBDA_NODE_TARGET } from '../../infra/bundling.ts';
import { MAX_IMPORT_ROWS } from '@ismf/assets/import';
import { rawFirstPage, seedAssets } from './assets.ts';
import { decisionFigures } from './decisions.ts';
import { changeFigures } from './change.ts';
import { jobFigures } from './jobs.ts';
import { registerFigures } from './register.ts';
import { eventPathFigures } from './event-path.ts';
import { consoleFigures } from './console.ts';
import { advisoryFigures } from './advisories.ts';
import { earlyWarningFigures } from './early-warnings.ts';
import { REALDATA } from '../support/realdata-path.ts';

const { operations, consumers, jobs: scheduledJobs, flows } = registry;

const ROOT = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

type Identity = Awaited<ReturnType<typeof createLocalIdentity>>;
/** One API request of the bench, through the local server. */
export type Call = (
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ json: Record<string, any>; etag: string | null }>;

/** DynamoDB Local and the signing identity: started once, when a section first needs them. */
interface Local {
  endpoint: string;
  identity: Identity;
  stop(): Promise<void>;
}

/** The local server of the sections that call the API, and a JSON caller that throws on any refusal. */
interface LocalApi {
  call: Call;
  close(): Promise<void>;
}

async function startLocal(): Promise<Local> {
  const dynamo = await startDynamoDbLocal();
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TABLE_NAME = 'ismf-bench';
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  await ensureTable(dynamo.endpoint, 'ismf-bench');
  const identity = await createLocalIdentity();
  return {
    endpoint: dynamo.endpoint,
    identity,
    async stop() {
      closeDb();
      await dynamo.stop();
    },
  };
}

async function startApi(identity: Identity): Promise<LocalApi> {
  const server = await startLocalServer({ port: 0, identity, root: ROOT, operations });
  const call: Call = async (method, path, token, body, headers = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: typeof body === 'string' ? body : body ? JSON.stringify(body) : undefined,
    });
    const json = (await response.json()) as Record<string, any>;
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return { json, etag: response.headers.get('etag') };
  };
  return { call, close: () => server.close() };
}

/** Per operation: the DynamoDB requests of its first request and the median of the next RUNS, and the warm median latency. */
async function operationFigures(call: Call, identity: Identity) {
  const operator = await operatorToken(identity);
  const tenant = 'bench-telecom';
  const admin = (await devToken(identity, { tenant, user: 'admin', roles: ['admin'] })).token;

  let counted = 0;
  const stop = onDynamoRequest(() => counted++);
  let sequence = 0;

  const setupUser = async () =>
    (await call('POST', '/users', admin, { email: `u${++sequence}@bench.example`, displayName: 'Bench User', roles: ['staff'] })).json;
  const someUser = await setupUser();
  const adminId = ((await call('GET', '/users?limit=1', admin)).json.items as { id: string }[])[0]!.id;
  const assetBody = () => ({
    name: `Asset ${++sequence}`,
    type: 'physical',
    owner: adminId,
    classification: 'internal',
    confidentiality: 3,
    integrity: 2,
    availability: 4,
  });
  const setupAsset = async () => (await call('POST', '/assets', admin, assetBody())).json;
  const someAsset = await setupAsset();
  // Approvals and tasks opened as the flow's own task functions open them (no bus runs here, so that
  // only the measured request is counted).
  const officer = (await devToken(identity, { tenant, user: 'officer', roles: ['security-officer'] })).token;
  const checker = (await devToken(identity, { tenant, user: 'checker', roles: ['security-officer'] })).token;
  const system = { actor: { userId: 'system:bench', roles: [] }, operation: 'bench' };
  const asFlow = <T>(run: () => Promise<T>) => withDataScope({ label: 'bench-flow', tenantOnly: false, access: { table: 'write', crossTenant: 'bench' } }, run);
  const openCheck = async () => {
    const change = (await call('POST', '/asset-policy-changes', officer, { policy: DEFAULT_ASSET_POLICY, reason: 'bench' })).json;
    const next = await asFlow(() => advanceFlow(system, tenant, change.flowId, null, registry.subjectKind));
    if (!('task' in next)) throw new Error('the flow opened no decision');
    await asFlow(() => openHumanTask(system, tenant, next.task, `bench-${next.task.id}`, registry.subjectKind));
    return { ...next.task, flowId: change.flowId as string };
  };
  const openRevision = async () => {
    const check = await openCheck();
    const returned = (await call('POST', `/approvals/${check.id}/decision`, checker, { outcome: 'return', reason: 'bench' })).json;
    const next = await asFlow(() =>
      advanceFlow(system, tenant, check.flowId, { taskId: check.id, outcome: 'return', by: returned.decision.by, reason: 'bench' }, registry.subjectKind),
    );
    if (!('task' in next)) throw new Error('the flow opened no revision');
    await asFlow(() => openHumanTask(system, tenant, next.task, `bench-${next.task.id}`, registry.subjectKind));
    return next.task;
  };
  // Each scenario prepares outside the count, then makes one request of its operation.
  const scenarios: Record<string, () => Promise<() => Promise<unknown>>> = {
    health: async () => () => call('GET', '/health', undefined),
    getOpenApiDocument: async () => () => call('GET', '/openapi.json', undefined),
    createTenant: async () => {
      const slug = `bench-${++sequence}-${Date.now().toString(36)}`;
      return () => call('POST', '/tenants', operator, { slug, name: slug, adminEmail: `a@${slug}.example` });
    },
    listTenants: async () => () => call('GET', '/tenants?limit=25', operator),
    getTenant: async () => () => call('GET', `/tenants/${tenant}`, operator),
    disableTenant: async () => {
      const slug = `bench-off-${++sequence}-${Date.now().toString(36)}`;
      await call('POST', '/tenants', operator, { slug, name: slug, adminEmail: `a@${slug}.example` });
      return () => call('POST', `/tenants/${slug}/disablement`, operator, { reason: 'bench' });
    },
    listUsers: async () => () => call('GET', '/users?limit=25', admin),
    getUser: async () => () => call('GET', `/users/${someUser.id}`, admin),
    createUser: async () => {
      const email = `new${++sequence}@bench.example`;
      return () => call('POST', '/users', admin, { email, displayName: 'Bench User', roles: ['staff'] }, { 'idempotency-key': `k-${email}` });
    },
    updateUser: async () => {
      const user = await setupUser();
      return () => call('PATCH', `/users/${user.id}`, admin, { roles: ['auditor'] }, { 'if-match': '"1"' });
    },
    listAuditEntries: async () => () => call('GET', `/audit?entity=user:${someUser.id}`, admin),
    getAssetPolicy: async () => () => call('GET', '/asset-policy', admin),
    createAssetPolicyChange: async () => () => call('POST', '/asset-policy-changes', officer, { policy: DEFAULT_ASSET_POLICY, reason: 'bench' }),
    getAssetPolicyChange: async () => {
      const change = (await call('POST', '/asset-policy-changes', officer, { policy: DEFAULT_ASSET_POLICY, reason: 'bench' })).json;
      return () => call('GET', `/asset-policy-changes/${change.id}`, admin);
    },
    listAssetPolicyChanges: async () => () => call('GET', '/asset-policy-changes?limit=25', admin),
    getApproval: async () => {
      const approval = await openCheck();
      return () => call('GET', `/approvals/${approval.id}`, checker);
    },
    decideApproval: async () => {
      const approval = await openCheck();
      return () => call('POST', `/approvals/${approval.id}/decision`, checker, { outcome: 'approve' });
    },
    getTask: async () => {
      const task = await openRevision();
      return () => call('GET', `/tasks/${task.id}`, officer);
    },
    completeTask: async () => {
      const task = await openRevision();
      return () => call('POST', `/tasks/${task.id}/completion`, officer, { result: { policy: DEFAULT_ASSET_POLICY, note: 'bench' } });
    },
    withdrawAssetPolicyChange: async () => {
      const approval = await openCheck();
      return () => call('POST', `/asset-policy-changes/${approval.subject.id}/withdrawal`, officer, { reason: 'bench' });
    },
    getFlow: async () => {
      const approval = await openCheck();
      return () => call('GET', `/flows/${approval.flowId}`, checker);
    },
    listMyTasks: async () => () => call('GET', '/me/tasks', checker),
    getNotificationPreferences: async () => () => call('GET', '/me/notification-preferences', checker),
    listControls: async () => () => call('GET', '/controls?limit=25', admin),
    getControl: async () => () => call('GET', '/controls/7.1.1', admin),
    listControlRecords: async () => () => call('GET', '/controls/7.1.1/records?limit=25', admin),
    listTelecomAdditions: async () => () => call('GET', '/telecom-control-additions', admin),
    putNotificationPreferences: async () => () =>
      call('PUT', '/me/notification-preferences', checker, { notifications: { 'approval-requested': 'daily-digest' } }),
    createAsset: async () => () => call('POST', '/assets', admin, assetBody()),
    listAssets: async () => () => call('GET', '/assets?limit=25', admin),
    getAsset: async () => () => call('GET', `/assets/${someAsset.id}`, admin),
    updateAsset: async () => {
      const asset = await setupAsset();
      return () => call('PATCH', `/assets/${asset.id}`, admin, { availability: 5, reason: 'bench' }, { 'if-match': '"1"' });
    },
    getAssetHistory: async () => () => call('GET', `/assets/${someAsset.id}/history`, admin),
    createAssetReview: async () => {
      const asset = await setupAsset();
      return () => call('POST', `/assets/${asset.id}/reviews`, admin, { outcome: 'confirmed' });
    },
    createEvidence: async () => () => call('POST', '/evidence', admin, { fileName: 'e.txt', contentType: 'text/plain', size: 5 }),
    completeEvidence: async () => {
      const evidence = (await call('POST', '/evidence', admin, { fileName: 'e.txt', contentType: 'text/plain', size: 5 })).json;
      await fetch(evidence.upload.url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'proof' });
      return () => call('POST', `/evidence/${evidence.id}/completion`, admin);
    },
    getEvidence: async () => {
      const evidence = (await call('POST', '/evidence', admin, { fileName: 'e.txt', contentType: 'text/plain', size: 5 })).json;
      return () => call('GET', `/evidence/${evidence.id}`, admin);
    },
    importAssets: async () => {
      const rows = JSON.stringify(Array.from({ length: 10 }, assetBody));
      return () => call('POST', '/assets/import', admin, rows, { 'content-type': 'application/json' });
    },
    importSbom: async () => {
      // The software it describes is found again each time: its components are replaced.
      const bom = JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.4',
        version: 1,
        metadata: { component: { type: 'application', name: 'bench-app', version: '1.0', purl: 'pkg:npm/bench-app@1.0' } },
        components: [{ type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
      });
      return () => call('POST', '/assets/sbom-import', admin, bom, { 'content-type': 'application/vnd.cyclonedx+json' });
    },
    listAssetComponents: async () => () => call('GET', `/assets/${someAsset.id}/components?limit=25`, admin),
    verifyAudit: async () => () => call('GET', '/audit/verify', admin),
    // The register's lifecycle, dependencies and acceptable use.
    retireAsset: async () => {
      const asset = await setupAsset();
      return () => call('POST', `/assets/${asset.id}/retirement`, admin, { reason: 'bench' }, { 'if-match': '"1"' });
    },
    disposeAsset: async () => {
      const asset = await setupAsset();
      await call('POST', `/assets/${asset.id}/retirement`, admin, { reason: 'bench' }, { 'if-match': '"1"' });
      const evidence = (await call('POST', '/evidence', admin, { fileName: 'wipe.txt', contentType: 'text/plain', size: 5 })).json;
      await fetch(evidence.upload.url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'wiped' });
      await call('POST', `/evidence/${evidence.id}/completion`, admin);
      const body = {
        method: 'destruction',
        disposedOn: new Date().toISOString().slice(0, 10),
        performedBy: 'bench',
        reason: 'bench',
        sanitisation: { technique: 'shredded', evidenceId: evidence.id },
      };
      return () => call('POST', `/assets/${asset.id}/disposal`, admin, body, { 'if-match': '"2"' });
    },
    removeAssetOffSite: async () => {
      const asset = await setupAsset();
      const body = { destination: 'lab', purpose: 'bench', takenBy: someUser.id, authorizedBy: adminId, expectedReturnOn: '2099-01-01' };
      return () => call('POST', `/assets/${asset.id}/off-site-removal`, admin, body, { 'if-match': '"1"' });
    },
    returnAssetOnSite: async () => {
      const asset = await setupAsset();
      await call(
        'POST',
        `/assets/${asset.id}/off-site-removal`,
        admin,
        { destination: 'lab', purpose: 'bench', takenBy: someUser.id, authorizedBy: adminId, expectedReturnOn: '2099-01-01' },
        { 'if-match': '"1"' },
      );
      return () => call('POST', `/assets/${asset.id}/off-site-return`, admin, {}, { 'if-match': '"2"' });
    },
    getAssetAcceptableUse: async () => () => call('GET', `/assets/${someAsset.id}/acceptable-use`, admin),
    getAssetDependencies: async () => () => call('GET', `/assets/${someAsset.id}/dependencies`, admin),
    setAssetDependencies: async () => {
      const [asset, target] = [await setupAsset(), await setupAsset()];
      return () => call('PUT', `/assets/${asset.id}/dependencies`, admin, { dependsOn: [target.id], reason: 'bench' }, { 'if-match': '"1"' });
    },
    // Jobs: the request that starts them (no bus here, so they stay queued).
    mergeAsset: async () => {
      const [asset, into] = [await setupAsset(), await setupAsset()];
      return () => call('POST', `/assets/${asset.id}/merge`, admin, { into: into.id, reason: 'bench' });
    },
    bulkChangeAssets: async () => () => call('POST', '/assets/bulk-changes', admin, { ids: [someAsset.id], patch: { location: 'bench' }, reason: 'bench' }),
    getAssetSummary: async () => () => call('GET', '/assets/summary', admin),
    // Jobs: the API's side only (the bench's bulk-job figures run them); no bus here, so they stay queued.
    createJob: async () => () => call('POST', '/jobs', admin, { kind: 'asset-import', file: { fileName: 'a.csv', contentType: 'text/csv', size: 100 } }),
    getJob: async () => {
      const job = (await call('POST', '/jobs', admin, { kind: 'asset-export' })).json;
      return () => call('GET', `/jobs/${job.id}`, admin);
    },
    listJobs: async () => () => call('GET', '/jobs?limit=25', admin),
    completeJobUpload: async () => {
      const job = (await call('POST', '/jobs', admin, { kind: 'asset-import', file: { fileName: 'a.csv', contentType: 'text/csv', size: 100 } })).json;
      await fetch(job.upload.url, { method: 'PUT', headers: job.upload.fields, body: 'name\nA\n' });
      return () => call('POST', `/jobs/${job.id}/upload-completion`, admin);
    },
    cancelJob: async () => {
      const job = (await call('POST', '/jobs', admin, { kind: 'asset-export' })).json;
      return () => call('POST', `/jobs/${job.id}/cancellation`, admin);
    },
    resumeJob: async () => {
      // Only a failed job resumes: the bench times the refusal of a queued one (409), which reads as much.
      const job = (await call('POST', '/jobs', admin, { kind: 'asset-export' })).json;
      return () =>
        call('POST', `/jobs/${job.id}/resumption`, admin).catch((error: Error) => {
          if (!error.message.includes(': 409 ')) throw error;
        });
    },
  };

  const figures: Record<string, { coldRequests: number; warmRequests: number; warmMedianMs: number }> = {};
  for (const operation of operations) {
    const scenario = scenarios[operation.name];
    // The change and early-warning operations are measured in their own sections.
    if (!scenario) continue;
    const counts: number[] = [];
    const times: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const request = await scenario();
      counted = 0;
      const start = performance.now();
      await request();
      times.push(performance.now() - start);
      counts.push(counted);
    }
    figures[operation.name] = {
      coldRequests: counts[0]!,
      warmRequests: median(counts.slice(1)),
      warmMedianMs: round(median(times.slice(1))),
    };
  }
  stop();
  return figures;
}

/**
 * Credential steps (STS AssumeRole in AWS; locally the pass-through that still builds and enforces the
 * session policy) per 1,000 requests of one tenant, and what the first request of a tenant costs extra.
 */
async function isolationFigures(call: Call, identity: Identity, requests: number) {
  const tenant = `bench-iso-${Date.now().toString(36)}`;
  const token = (await devToken(identity, { tenant, user: 'admin', roles: ['admin'] })).token;
  let steps = 0;
  const stop = onCredentialStep(() => steps++);
  const first = performance.now();
  await call('GET', '/users?limit=25', token);
  const firstMs = performance.now() - first;
  const times: number[] = [];
  for (let i = 1; i < requests; i++) {
    const start = performance.now();
    await call('GET', '/users?limit=25', token);
    times.push(performance.now() - start);
  }
  stop();
  const warmMedian = median(times);
  return {
    requests,
    credentialStepsPer1000: round((steps / requests) * 1000, 1),
    firstRequestMs: round(firstMs),
    warmMedianMs: round(warmMedian),
    firstRequestAddedMs: round(firstMs - warmMedian),
  };
}

/** Bulk import through the API against the engine's BatchWrite rate; the list's first page, small vs huge tenant. */
async function assetBench(call: Call, identity: Identity, importCount: number, listSeed: number) {
  const tenantFor = async (name: string) => {
    const tenant = `${name}-${Date.now().toString(36)}`;
    const token = (await devToken(identity, { tenant, user: 'admin', roles: ['admin'] })).token;
    const userId = ((await call('GET', '/users?limit=1', token)).json.items as { id: string }[])[0]!.id;
    return { tenant, token, userId };
  };
  const importer = await tenantFor('bench-import');
  const rows = Array.from({ length: importCount }, (_, n) => ({
    name: `Imported ${n}`,
    type: 'physical',
    owner: importer.userId,
    classification: 'internal',
    confidentiality: 1 + (n % 5),
    integrity: 2,
    availability: 3,
  }));
  // One request holds at most MAX_IMPORT_ROWS rows (it must answer within API Gateway's 30 s).
  const started = performance.now();
  let imported = 0;
  for (let start = 0; start < rows.length; start += MAX_IMPORT_ROWS) {
    const reply = await call('POST', '/assets/import', importer.token, JSON.stringify(rows.slice(start, start + MAX_IMPORT_ROWS)), {
      'content-type': 'application/json',
    });
    imported += (reply.json.created as unknown[]).length;
  }
  const importSeconds = (performance.now() - started) / 1000;
  const rawItemsPerSecond = await seedAssets(`bench-raw-${Date.now().toString(36)}`, importer.userId, Math.min(importCount, 10_000));

  const firstPageMedian = async (token: string) => {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      await call('GET', '/assets?limit=100', token);
      times.push(performance.now() - start);
    }
    return median(times);
  };
  const small = await tenantFor('bench-list-small');
  await seedAssets(small.tenant, small.userId, 100);
  const large = await tenantFor('bench-list-large');
  await seedAssets(large.tenant, large.userId, listSeed);
  const smallMs = await firstPageMedian(small.token);
  const largeMs = await firstPageMedian(large.token);
  // GET /controls/7.1.1/records reads the assets through their list, page by page: its first page with few
  // and with very many records, against a raw Query of the same list at the same sizes.
  // The four measurements interleave, round after round, so that a drift of the machine (another
  // process, the JVM's collector) touches all four alike: medians near 10 ms move with such noise.
  const ROUNDS = 80;
  const samples = { recordsSmall: [] as number[], recordsLarge: [] as number[], rawSmall: [] as number[], rawLarge: [] as number[] };
  const requests = { small: 0, large: 0 };
  const timed = async (into: number[], run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    into.push(performance.now() - start);
  };
  const countInto = async (key: 'small' | 'large', run: () => Promise<unknown>) => {
    const stop = onDynamoRequest(() => requests[key]++);
    try {
      await run();
    } finally {
      stop();
    }
  };
  for (let round = 0; round < ROUNDS; round++) {
    await countInto('small', () => timed(samples.recordsSmall, () => call('GET', '/controls/7.1.1/records?limit=100', small.token)));
    await countInto('large', () => timed(samples.recordsLarge, () => call('GET', '/controls/7.1.1/records?limit=100', large.token)));
    await timed(samples.rawSmall, () => rawFirstPage(small.tenant, 100));
    await timed(samples.rawLarge, () => rawFirstPage(large.tenant, 100));
  }
  const recordsSmall = { ms: median(samples.recordsSmall), requests: requests.small / ROUNDS };
  const recordsLarge = { ms: median(samples.recordsLarge), requests: requests.large / ROUNDS };
  const rawSmall = median(samples.rawSmall);
  const rawLarge = median(samples.rawLarge);
  return {
    importedAssets: imported,
    rowsPerRequest: MAX_IMPORT_ROWS,
    importSeconds: round(importSeconds),
    importAssetsPerSecond: round(imported / importSeconds, 1),
    rawBatchWriteItemsPerSecond: round(rawItemsPerSecond, 1),
    importFractionOfRawRate: round(imported / importSeconds / rawItemsPerSecond, 3),
    itemsPerImportedAsset: 3,
    listFirstPageMs: { with100: round(smallMs), [`with${listSeed}`]: round(largeMs), ratio: round(largeMs / smallMs, 3) },
    controlRecordsFirstPage: {
      dynamoRequests: { with100: round(recordsSmall.requests), [`with${listSeed}`]: round(recordsLarge.requests) },
      ms: { with100: round(recordsSmall.ms), [`with${listSeed}`]: round(recordsLarge.ms) },
      rawQueryMs: { with100: round(rawSmall), [`with${listSeed}`]: round(rawLarge) },
      // The issue's goal: at most 1.2 (the endpoint's growth with the list, over a raw Query's).
      ratioOverRawRatio: round(recordsLarge.ms / recordsSmall.ms / (rawLarge / rawSmall), 3),
    },
  };
}

/** Every Lambda function's handler module, by function name: operations, consumers, jobs, flow tasks, the outbox enrichment. */
function functionEntries(): { name: string; handler: string }[] {
  const entries = [
    ...operations.map(({ name, handler }) => ({ name, handler })),
    ...consumers.map(({ name, handler }) => ({ name: `consumer:${name}`, handler })),
    ...scheduledJobs.map(({ name, handler }) => ({ name: `job:${name}`, handler })),
    ...flows.flatMap((flow) => Object.entries(flow.tasks).map(([placeholder, task]) => ({ name: `task:${flow.name}:${placeholder}`, handler: task.handler }))),
    { name: 'enrichOutbox', handler: 'functions/platform/enrich-outbox.ts' },
  ];
  return [...new Map(entries.map((entry) => [entry.name, entry])).values()];
}

async function bundleFigures() {
  // Loaded here: a run without this section need not load esbuild.
  const { build } = await import('esbuild');
  const outDir = resolve(ROOT, 'build/bench/bundles');
  mkdirSync(outDir, { recursive: true });
  const figures: Record<string, { bundleBytes: number; importMedianMs: number }> = {};
  for (const entry of functionEntries()) {
    const outfile = resolve(outDir, `${entry.name.replace(/[^A-Za-z0-9-]+/g, '_')}.mjs`);
    await build({
      entryPoints: [resolve(ROOT, entry.handler)],
      bundle: true,
      platform: 'node',
      outfile,
      format: BUNDLE.format,
      minify: BUNDLE.minify,
      mainFields: BUNDLE.mainFields,
      external: BUNDLE.external,
      banner: { js: BUNDLE.banner },
      target: LAMBDA_NODE_TARGET,
      logLevel: 'error',
    });
    const imports: number[] = [];
    for (let run = 0; run < 5; run++) {
      const probe = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ISMF_RUNTIME: 'local', TABLE_NAME: 'bench', AWS_REGION: 'eu-west-1', NODE_NO_WARNINGS: '1' } },
      );
      if (probe.status !== 0) throw new Error(`importing ${entry.name} failed: ${probe.stderr}`);
      imports.push(Number(probe.stdout.trim().split('\n').pop()));
    }
    figures[entry.name] = { bundleBytes: statSync(outfile).size, importMedianMs: round(median(imports)) };
  }
  return figures;
}

/** Each function's minified bundle against the budget: the largest, and any over it. */
function bundleBudget(bundles: Record<string, { bundleBytes: number }>) {
  const sizes = Object.entries(bundles).map(([name, { bundleBytes }]) => ({ name, kb: round(bundleBytes / 1024, 1) }));
  const largest = sizes.reduce((a, b) => (b.kb > a.kb ? b : a));
  return {
    budgetKb: BUNDLE_BUDGET_BYTES / 1024,
    functions: sizes.length,
    largest,
    medianKb: median(sizes.map((size) => size.kb)),
    overBudget: sizes.filter((size) => size.kb * 1024 > BUNDLE_BUDGET_BYTES),
  };
}

// ---------------------------------------------------------------------------------------- sections

const knob = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

interface Context {
  local: Local;
  api: LocalApi;
}

interface Section {
  name: string;
  /** What it measures (for --help). */
  what: string;
  /** Its environment knobs and their defaults (for --help). */
  knobs: Record<string, string>;
  /** What it runs on: the local API (with DynamoDB Local), DynamoDB Local alone, or neither. */
  needs: 'api' | 'dynamo' | 'none';
  run(context: Partial<Context>): Promise<Figures>;
}

interface Figures {
  requests?: Awaited<ReturnType<typeof operationFigures>>;
  bundles?: Awaited<ReturnType<typeof bundleFigures>>;
  infra?: unknown;
  eventPath?: unknown;
  isolation?: unknown;
  assets?: unknown;
  register?: unknown;
  decisions?: unknown;
  change?: Awaited<ReturnType<typeof changeFigures>>;
  advisories?: unknown;
  earlyWarnings?: unknown;
  jobs?: unknown;
  console?: unknown;
}

/** In the order they run. */
const SECTIONS: Section[] = [
  {
    name: 'operations',
    what: 'DynamoDB requests (cold, warm) and warm latency of every API operation',
    knobs: { BENCH_RUNS: '20' },
    needs: 'api',
    run: async ({ api, local }) => ({ requests: await operationFigures(api!.call, local!.identity) }),
  },
  {
    name: 'isolation',
    what: 'credential steps per 1,000 requests of a tenant, and the added latency of its first request',
    knobs: { BENCH_ISOLATION_REQUESTS: '1000' },
    needs: 'api',
    run: async ({ api, local }) => ({ isolation: await isolationFigures(api!.call, local!.identity, knob('BENCH_ISOLATION_REQUESTS', 1000)) }),
  },
  {
    name: 'assets',
    what: 'a bulk import through the API against raw BatchWrite; the first list page at 100 and many assets',
    knobs: { BENCH_IMPORT_ASSETS: '10000', BENCH_LIST_SEED: '100000' },
    needs: 'api',
    run: async ({ api, local }) => ({
      assets: await assetBench(api!.call, local!.identity, knob('BENCH_IMPORT_ASSETS', 10_000), knob('BENCH_LIST_SEED', 100_000)),
    }),
  },
  {
    name: 'register',
    what: 'search and sorted lists at 100 and many assets against a raw Query; named pages; summary reads',
    knobs: { BENCH_REGISTER_ASSETS: '100000', BENCH_REGISTER_ROUNDS: '40' },
    needs: 'api',
    run: async ({ api, local }) => ({
      register: await registerFigures(
        api!.call,
        async (name) => {
          const tenant = `${name}-${Date.now().toString(36)}`;
          return { tenant, token: (await devToken(local!.identity, { tenant, user: 'admin', roles: ['admin'] })).token };
        },
        knob('BENCH_REGISTER_ASSETS', 100_000),
      ),
    }),
  },
  {
    name: 'console',
    what: 'the console in Chromium: initial JavaScript gzipped; the register’s first row at 100 and many assets, against the API',
    knobs: { BENCH_CONSOLE_ASSETS: '100000', BENCH_CONSOLE_ROUNDS: '10' },
    needs: 'dynamo',
    run: async ({ local }) => ({
      console: await consoleFigures(ROOT, local!.identity, operations, {
        largeCount: knob('BENCH_CONSOLE_ASSETS', 100_000),
        rounds: knob('BENCH_CONSOLE_ROUNDS', 10),
      }),
    }),
  },
  {
    name: 'decisions',
    what: 'DynamoDB requests and state transitions per decision on the real ASL; notification fan-out',
    knobs: { BENCH_DECISIONS: '20' },
    needs: 'dynamo',
    run: async ({ local }) => ({
      decisions: await decisionFigures(ROOT, local!.endpoint, local!.identity, { decisions: knob('BENCH_DECISIONS', 20), fanOut: [1, 10, 50] }),
    }),
  },
  {
    name: 'change',
    what: 'DynamoDB requests and state transitions per step of a change; the conflict check at 10 and many earlier changes against a raw Query',
    knobs: { BENCH_CHANGES: '5', BENCH_CHANGE_EMERGENCIES: '3', BENCH_CHANGE_ASSETS: '3', BENCH_CONFLICT_CHANGES: '10000', BENCH_CONFLICT_ROUNDS: '40' },
    needs: 'dynamo',
    run: async ({ local }) => ({
      change: await changeFigures(ROOT, local!.endpoint, local!.identity, {
        changes: knob('BENCH_CHANGES', 5),
        emergencies: knob('BENCH_CHANGE_EMERGENCIES', 3),
        assets: knob('BENCH_CHANGE_ASSETS', 3),
        earlierChanges: knob('BENCH_CONFLICT_CHANGES', 10_000),
        rounds: knob('BENCH_CONFLICT_ROUNDS', 40),
      }),
    }),
  },
  {
    name: 'advisories',
    what: 'webhook accept latency at 100 KB and 2 MB; CSAF processing against the validator’s own time and against JSON.parse',
    knobs: { BENCH_WEBHOOK_RUNS: '50', BENCH_CSAF_ROUNDS: '20' },
    needs: 'api',
    run: async ({ api, local }) => ({
      advisories: await advisoryFigures(api!.call, local!.identity, REALDATA, {
        webhookRuns: knob('BENCH_WEBHOOK_RUNS', 50),
        rounds: knob('BENCH_CSAF_ROUNDS', 20),
      }),
    }),
  },
  {
    name: 'early-warnings',
    what: 'matching one advisory of 50 products at 10,000 and 100,000 indexed components; advisory accepted → EarlyWarningRaised on the local bus',
    knobs: { BENCH_EW_SMALL: '10000', BENCH_EW_LARGE: '100000', BENCH_EW_ROUNDS: '20', BENCH_EW_SAMPLES: '50' },
    needs: 'dynamo',
    run: async ({ local }) => ({
      earlyWarnings: await earlyWarningFigures(ROOT, local!.endpoint, {
        small: knob('BENCH_EW_SMALL', 10_000),
        large: knob('BENCH_EW_LARGE', 100_000),
        rounds: knob('BENCH_EW_ROUNDS', 20),
        samples: knob('BENCH_EW_SAMPLES', 50),
      }),
    }),
  },
  {
    name: 'jobs',
    what: 'an asset-import and an asset-export job against raw rates; peak memory of plan and chunk',
    knobs: { BENCH_JOB_ROWS: '20000', BENCH_MEMORY_MIB: '100' },
    needs: 'dynamo',
    run: async ({ local }) => ({
      jobs: await jobFigures(ROOT, local!.endpoint, local!.identity, {
        rows: knob('BENCH_JOB_ROWS', 20_000),
        memoryMib: [10, knob('BENCH_MEMORY_MIB', 100)],
      }),
    }),
  },
  {
    name: 'event-path',
    what: 'commit-to-consumer latency through the local relay and bus; relay throughput on a backlog',
    knobs: { BENCH_EVENT_SAMPLES: '200', BENCH_EVENT_BACKLOG: '1000', BENCH_RELAY_POLL_MS: '25' },
    needs: 'dynamo',
    run: async ({ local }) => ({
      eventPath: await eventPathFigures(ROOT, local!.endpoint, {
        latencySamples: knob('BENCH_EVENT_SAMPLES', 200),
        backlog: knob('BENCH_EVENT_BACKLOG', 1000),
        pollMs: knob('BENCH_RELAY_POLL_MS', 25),
      }),
    }),
  },
  {
    name: 'bundles',
    what: 'every function’s minified bundle and module import time, against the 300 KB budget',
    knobs: {},
    needs: 'none',
    run: async () => ({ bundles: await bundleFigures() }),
  },
  {
    name: 'infra',
    what: 'resources per stack and routes per HTTP API of the synthesized app',
    knobs: {},
    needs: 'none',
    // Loaded here: a run without this section need not load the CDK app.
    run: async () => ({ infra: (await import('../../infra/figures.ts')).infraFigures() }),
  },
];

const HELP = `Usage: npm run bench [-- --section NAME ...]

Runs the bench's sections in this order (all of them by default), prints each one's start and end with
its duration on stderr, the figures and the whole run's wall time on stdout, and writes
test/bench/results.json (a section run alone replaces its figures there and keeps the others').

Options:
  -s, --section NAME   run this section only; repeat it, or separate names by commas
                       (or BENCH_SECTIONS=NAME,NAME)
  -h, --help           this text

Sections and their knobs (environment variables, with their defaults):
${SECTIONS.map(
  (section) =>
    `  ${section.name.padEnd(12)}${section.what}${
      Object.keys(section.knobs).length
        ? `\n${' '.repeat(14)}${Object.entries(section.knobs)
            .map(([name, value]) => `${name}=${value}`)
            .join(' ')}`
        : ''
    }`,
).join('\n')}`;

/** The sections asked for (in the bench's order), or the exit status of a help or usage answer. */
function chosenSections(): Section[] | number {
  let values: { section?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { section: { type: 'string', multiple: true, short: 's' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const asked = (values.section ?? (process.env.BENCH_SECTIONS ? [process.env.BENCH_SECTIONS] : []))
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  if (asked.length === 0) return SECTIONS;
  const unknown = asked.filter((name) => !SECTIONS.some((section) => section.name === name));
  if (unknown.length) {
    process.stderr.write(`bench: no section ${unknown.join(', ')}; the sections: ${SECTIONS.map((section) => section.name).join(', ')}\n`);
    return 2;
  }
  return SECTIONS.filter((section) => asked.includes(section.name));
}

/** 850 ms, 12.3 s, 4 min 05 s. */
function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
}

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function runSections(chosen: Section[]) {
  const figures: Figures = {};
  const seconds: Record<string, number> = {};
  const context: Partial<Context> = {};
  const last = (needs: Section['needs'][]) => Math.max(...chosen.map((section, index) => (needs.includes(section.needs) ? index : -1)));
  const lastApi = last(['api']);
  const lastLocal = last(['api', 'dynamo']);
  progress(`${chosen.length} of ${SECTIONS.length} sections: ${chosen.map((section) => section.name).join(', ')}`);
  try {
    for (const [index, section] of chosen.entries()) {
      if (section.needs !== 'none' && !context.local) {
        const from = performance.now();
        context.local = await startLocal();
        progress(`DynamoDB Local up in ${duration(performance.now() - from)}`);
      }
      if (section.needs === 'api' && !context.api) context.api = await startApi(context.local!.identity);
      const label = `[${index + 1}/${chosen.length}] ${section.name}`;
      progress(`${label} …`);
      const from = performance.now();
      try {
        Object.assign(figures, await section.run(context));
      } catch (error) {
        progress(`${label} failed after ${duration(performance.now() - from)}`);
        throw error;
      }
      const ms = performance.now() - from;
      seconds[section.name] = Number((ms / 1000).toFixed(1));
      progress(`${label} done in ${duration(ms)}`);
      // What no later section needs stops now (the flows sections start servers of their own).
      if (index === lastApi) {
        await context.api?.close();
        context.api = undefined;
      }
      if (index === lastLocal) {
        await context.local?.stop();
        context.local = undefined;
      }
    }
  } finally {
    await context.api?.close();
    await context.local?.stop();
  }
  return { figures, seconds };
}

/** Change management: a table per class (a row per step), then the conflict check. */
function printChange(change: Awaited<ReturnType<typeof changeFigures>>) {
  for (const [name, figures] of Object.entries({ normal: change.perChange.normal, emergency: change.perChange.emergency })) {
    if (!figures) continue;
    console.log(`change, ${name} (${change.perChange.assetsPerChange} assets, median of ${figures.changes}): DynamoDB requests and state transitions per step`);
    const rows = Object.entries(figures.perStep).map(
      ([step, { dynamoRequests, stateTransitions }]) => [step, { ...dynamoRequests, stateTransitions }] as const,
    );
    console.table(Object.fromEntries([...rows, ['whole change', { total: figures.total.dynamoRequests, stateTransitions: figures.total.stateTransitions }]]));
  }
  console.log('change, conflict check:', JSON.stringify(change.conflictCheck, null, 2));
}

const RESULTS = resolve(ROOT, 'test/bench/results.json');

/** The last run's results, whose figures a run of some sections keeps for the others. */
function previousResults(): Record<string, any> | undefined {
  if (!existsSync(RESULTS)) return undefined;
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, any>;
  } catch {
    return undefined;
  }
}

const chosen = chosenSections();
if (typeof chosen === 'number') {
  process.exitCode = chosen;
} else {
  const startedAt = new Date().toISOString();
  const { figures, seconds } = await runSections(chosen);
  const all = chosen.length === SECTIONS.length;
  const previous = all ? undefined : previousResults();
  const ran = (name: string) => name in seconds;
  const measuredAt = new Date().toISOString();
  const { requests, bundles } = figures;

  // The timings go last, below every section's figures.
  const { timings: previousTimings, ...kept } = previous ?? {};
  const results: Record<string, any> = {
    ...kept,
    measuredAt,
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
    runsPerOperation: ran('operations') ? RUNS : previous?.runsPerOperation,
    lambdaTarget: LAMBDA_NODE_TARGET,
  };
  if (requests || bundles || previous?.operations) {
    results.operations = Object.fromEntries(
      operations.map((operation) => [
        operation.name,
        { ...previous?.operations?.[operation.name], ...requests?.[operation.name], ...bundles?.[operation.name] },
      ]),
    );
  }
  if (bundles) {
    results.otherFunctions = Object.fromEntries(Object.entries(bundles).filter(([name]) => !operations.some((operation) => operation.name === name)));
    results.bundleBudget = bundleBudget(bundles);
  }
  for (const key of [
    'infra',
    'eventPath',
    'isolation',
    'assets',
    'register',
    'console',
    'decisions',
    'change',
    'advisories',
    'earlyWarnings',
    'jobs',
  ] as const) {
    if (figures[key] !== undefined) results[key] = figures[key];
  }
  const wallSeconds = Number((performance.now() / 1000).toFixed(1));
  results.timings = {
    // This run: the sections it ran, and its wall time (process start to results, DynamoDB Local's start included).
    run: { sections: chosen.map((section) => section.name), startedAt, wallSeconds },
    // Each section's last measurement, this run's or an earlier one's.
    sections: {
      ...previousTimings?.sections,
      ...Object.fromEntries(Object.entries(seconds).map(([name, value]) => [name, { seconds: value, measuredAt }])),
    },
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);

  if (requests || bundles) console.table(results.operations);
  if (ran('event-path')) console.log('event path:', JSON.stringify(results.eventPath, null, 2));
  if (ran('isolation')) console.log('tenant isolation:', JSON.stringify(results.isolation, null, 2));
  if (ran('assets')) console.log('assets:', JSON.stringify(results.assets, null, 2));
  if (ran('register')) console.log('register:', JSON.stringify(results.register, null, 2));
  if (ran('console')) console.log('console:', JSON.stringify(results.console, null, 2));
  if (ran('decisions')) console.log('decisions:', JSON.stringify(results.decisions, null, 2));
  if (ran('change')) printChange(figures.change!);
  if (ran('advisories')) console.log('advisories:', JSON.stringify(results.advisories, null, 2));
  if (ran('early-warnings')) console.log('early warnings:', JSON.stringify(results.earlyWarnings, null, 2));
  if (ran('jobs')) console.log('bulk jobs:', JSON.stringify(results.jobs, null, 2));
  if (ran('infra')) console.log('stacks and APIs:', JSON.stringify(results.infra, null, 2));
  if (ran('bundles')) console.log('bundle budget:', JSON.stringify(results.bundleBudget, null, 2));
  const each = Object.entries(seconds).map(([name, value]) => `${name} ${duration(value * 1000)}`);
  console.log(`${chosen.length} of ${SECTIONS.length} sections in ${duration(wallSeconds * 1000)} (${each.join(', ')})`);
  console.log(`written to test/bench/results.json${previous ? ' (the figures of the sections not run are kept from the last run)' : ''}`);
  progress(`done in ${duration(wallSeconds * 1000)}`);
}
