// `npm start`: the whole system on one machine — DynamoDB Local, the table, the API on PORT, a demo tenant —
// the local runtime fed with the registry of every area.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTable, JAVA_HINT, javaAvailable, startDynamoDbLocal } from '@ismf/local/dynamodb-local';
import { createLocalIdentity } from '@ismf/local/identity';
import { continueInterruptedJobs } from '@ismf/jobs/stalled';
import { interruptOrphanedLocalTasks } from '@ismf/local/interrupted-tasks';
import { sweepExpiredLocalBlobs } from '@ismf/store/blob-store';
import { LocalBus } from '@ismf/local/local-bus';
import { LocalFlows } from '@ismf/local/local-flows';
import { LocalScheduler } from '@ismf/local/local-scheduler';
import { OutboxRelay } from '@ismf/local/outbox-relay';
import { requireNode } from '@ismf/local/require-node';
import { useLocalRuntime } from '@ismf/local/runtime';
import { startLocalServer } from '@ismf/local/server';
import { onLocalMail } from '@ismf/mail/mail-transport';
import { devTokens } from '@ismf/platform/dev-identity';
import { allTenantIds } from '@ismf/platform/tenants';
import { closeDb } from '@ismf/store/client';
import { registry } from './areas.ts';
import { DEMO_TENANT, seedBanner, seedFromEnv, seedModeOf } from './seed-demo.ts';
import { announceStackUrl } from '@ismf/local/stack-url';
import { corsOrigins } from '@ismf/http/cors';
import { buildConsole } from '@ismf/console/server/build';
import { consoleSite } from '@ismf/console/server/site';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');

async function main(): Promise<void> {
  // Also when started without npm (tsx on the machine's Node): the local interpreter needs Node 22+.
  requireNode();
  // npm start is the local runtime: ISMF_RUNTIME=local (and never aws), stand-ins and local IAM checks.
  useLocalRuntime();
  if (!javaAvailable()) {
    console.error(JAVA_HINT);
    process.exit(1);
  }
  // A wrong ISMF_SEED stops the start at once rather than leaving the demo tenant empty unnoticed.
  seedModeOf(process.env.ISMF_SEED);
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = process.env.ISMF_DATA_DIR ? resolve(process.env.ISMF_DATA_DIR) : undefined;
  const dynamo = await startDynamoDbLocal({ dataDir });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TABLE_NAME ??= 'ismf';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  await ensureTable(dynamo.endpoint, process.env.TABLE_NAME);
  process.env.ISMF_KEY_DIR ??= resolve(root, '.ismf');
  const identity = await createLocalIdentity(process.env.ISMF_KEY_DIR);
  // The event path: outbox relay → local bus → consumers; the scheduler fires the tenants' schedules.
  const bus = new LocalBus({ root, routes: registry.routes });
  const relay = new OutboxRelay({ root, endpoint: dynamo.endpoint, bus, name: 'npm-start', startAt: 'TRIM_HORIZON' });
  const scheduler = new LocalScheduler(root, registry.jobs);
  // The flows: the ASL files on the local interpreter. Tasks a previous run left waiting lost their tokens.
  const flows = new LocalFlows(root, registry.flows).install();
  const interrupted = await interruptOrphanedLocalTasks(flows, registry.subjectKind, allTenantIds);
  if (interrupted > 0) console.log(`${interrupted} task(s) left waiting by the previous run are now interrupted; resubmit their subjects.`);
  // Jobs the previous run left running go on from their cursors once the relay runs (JobContinued).
  const continued = await continueInterruptedJobs(allTenantIds);
  if (continued > 0) console.log(`${continued} job(s) left running by the previous run go on from where they stopped.`);
  // Job files expire after 7 days, as the bucket's lifecycle rule does in AWS.
  sweepExpiredLocalBlobs();
  const blobSweep = setInterval(() => sweepExpiredLocalBlobs(), 3_600_000);
  blobSweep.unref();
  // Mail: .eml files in a folder, each one logged.
  process.env.ISMF_MAIL_DIR ??= resolve(process.env.ISMF_KEY_DIR, 'mail');
  onLocalMail((path, message) => console.log(`mail to ${message.to}: "${message.subject}" → ${path}`));
  // The web console, built again only when its sources changed since the last build (a few seconds).
  const consoleBuild = await buildConsole();
  if (consoleBuild.built) console.log(`Built the web console in ${(consoleBuild.milliseconds / 1000).toFixed(1)} s`);
  const api = await startLocalServer({
    console: consoleSite(consoleBuild.dir),
    corsOrigins: corsOrigins(process.env.ISMF_CORS_ORIGINS),
    port,
    host: process.env.HOST ?? '127.0.0.1',
    identity,
    root,
    operations: registry.operations,
    devTokens,
    bus,
    scheduler,
    flows,
  });
  relay.start();
  scheduler.start();
  const { token } = await devTokens.issue(identity, { tenant: DEMO_TENANT, user: 'admin', roles: ['admin'] });
  const { token: operator } = await devTokens.issue(identity, { operator: true });

  // `npm run -s token` finds this stack without being told its port.
  const forgetUrl = announceStackUrl(process.env.ISMF_KEY_DIR, api.url);
  process.on('exit', forgetUrl);
  console.log(`ISMF is running at ${api.url}: open it in a browser for the console (sign in as any user and roles)`);
  console.log(`DynamoDB Local at ${dynamo.endpoint} (${dataDir ? `persisting to ${dataDir}` : 'in memory'})`);
  console.log(`API document: ${api.url}/openapi.json · API reference: ${api.url}/docs`);
  console.log(`Demo tenant "${DEMO_TENANT}" with admin@${DEMO_TENANT}.example. Try:\n`);
  console.log(`  curl -s ${api.url}/users -H "Authorization: Bearer ${token}"\n`);
  console.log(`Other tokens: npm run -s token -- --tenant ${DEMO_TENANT} --user alice --roles security-officer`);
  console.log(`The local runtime's own endpoints take a platform operator token (npm run -s token -- --operator):`);
  console.log(`  curl -s ${api.url}/_local/executions -H "Authorization: Bearer ${operator}"`);
  console.log(`  flows: /_local/executions · events: /_local/events · dead letters: /_local/dlq · run a job now: POST /_local/schedules/seal-audit-digest`);
  console.log(`Mail: ${process.env.ISMF_MAIL_DIR}`);
  console.log('Ctrl-C stops everything.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    scheduler.stop();
    clearInterval(blobSweep);
    await relay.stop();
    await flows.stop();
    await api.close();
    closeDb();
    await dynamo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // The demo data, through the public API as its people would enter it (ISMF_SEED=none: nothing). The API
  // answers meanwhile (Ctrl-C works too); a failure is logged and the runtime goes on.
  void seedFromEnv(process.env, {
    url: api.url,
    tenant: DEMO_TENANT,
    // The token endpoint's own work, in process: it answers only on a loopback host name, and HOST may be another.
    issueToken: async (request) => (await devTokens.issue(identity, request)).token,
    log: (line) => console.log(line),
  }).then(
    (summary) => {
      if (summary) console.log(`\n${seedBanner(summary)}`);
    },
    (error: unknown) => console.error(`The demo data could not be seeded: ${(error as Error).message ?? error}`),
  );
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
