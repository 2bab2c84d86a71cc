// `npm start`: the whole system on one machine — DynamoDB Local, the table, the API on PORT, a demo tenant.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDb } from '@ismf/store/client';
import { devToken } from './dev-identity.ts';
import { ensureTable, JAVA_HINT, javaAvailable, startDynamoDbLocal } from './dynamodb-local.ts';
import { createLocalIdentity } from './identity.ts';
import { onLocalMail } from '@ismf/notifications/mail-transport';
import { interruptOrphanedLocalTasks } from './interrupted-tasks.ts';
import { LocalBus } from './local-bus.ts';
import { LocalFlows } from './local-flows.ts';
import { LocalScheduler } from './local-scheduler.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { requireNode } from './require-node.mjs';
import { useLocalRuntime } from './runtime.ts';
import { startLocalServer } from './server.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const DEMO_TENANT = 'demo-telecom';

async function main(): Promise<void> {
  // Also when started without npm (tsx on the machine's Node): the local interpreter needs Node 22+.
  requireNode();
  // npm start is the local runtime: ISMF_RUNTIME=local (and never aws), stand-ins and local IAM checks.
  useLocalRuntime();
  if (!javaAvailable()) {
    console.error(JAVA_HINT);
    process.exit(1);
  }
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
  const bus = new LocalBus({ root });
  const relay = new OutboxRelay({ root, endpoint: dynamo.endpoint, bus, name: 'npm-start', startAt: 'TRIM_HORIZON' });
  const scheduler = new LocalScheduler(root);
  // The flows: the ASL files on the local interpreter. Tasks a previous run left waiting lost their tokens.
  const flows = new LocalFlows(root).install();
  const interrupted = await interruptOrphanedLocalTasks(flows);
  if (interrupted > 0) console.log(`${interrupted} task(s) left waiting by the previous run are now interrupted; resubmit their subjects.`);
  // Mail: .eml files in a folder, each one logged.
  process.env.ISMF_MAIL_DIR ??= resolve(process.env.ISMF_KEY_DIR, 'mail');
  onLocalMail((path, message) => console.log(`mail to ${message.to}: "${message.subject}" → ${path}`));
  const api = await startLocalServer({ port, host: process.env.HOST ?? '127.0.0.1', identity, root, bus, scheduler, flows });
  relay.start();
  scheduler.start();
  const { token } = await devToken(identity, { tenant: DEMO_TENANT, user: 'admin', roles: ['admin'] });
  const { token: operator } = await devToken(identity, { operator: true });

  console.log(`ISMF is running at ${api.url}`);
  console.log(`DynamoDB Local at ${dynamo.endpoint} (${dataDir ? `persisting to ${dataDir}` : 'in memory'})`);
  console.log(`API document: ${api.url}/openapi.json`);
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
    await relay.stop();
    await flows.stop();
    await api.close();
    closeDb();
    await dynamo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
