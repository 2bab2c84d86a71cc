// DynamoDB clients. A request runs in a data scope: a tenant-facing function gets, once it knows the
// caller's tenant, a client holding only that tenant's rights (tenant-access.ts); before that it gets
// none at all. Platform functions that legitimately cross tenants use the function's own credentials.
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableAccess } from '@ismf/core/access';
import { requiredSetting, runtimeConfig } from '@ismf/core/config';

type RequestListener = (operation: string) => void;
const listeners = new Set<RequestListener>();

/** Counts DynamoDB requests (the bench reports requests per API request). */
export function onDynamoRequest(listener: RequestListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** TABLE_NAME (required in AWS; locally `ismf` unless set). */
export function tableName(): string {
  return requiredSetting('tableName');
}

/** AWS_REGION (set by Lambda in AWS; locally `eu-west-1` unless set). */
export function region(): string {
  return requiredSetting('region');
}

/** DYNAMODB_ENDPOINT: DynamoDB Local's address, when the table is not AWS's own. */
export function endpoint(): string | undefined {
  return runtimeConfig().dynamoDbEndpoint;
}

/** A document client over a raw client with the project's settings and request counting. */
export function buildClients(config: DynamoDBClientConfig = {}): { raw: DynamoDBClient; document: DynamoDBDocumentClient } {
  const local = endpoint();
  const raw = new DynamoDBClient({
    ...(local ? { endpoint: local, region: region(), credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 4,
    ...config,
  });
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      for (const listener of listeners) listener(String(context.commandName ?? 'unknown'));
      return next(args);
    },
    { step: 'initialize', name: 'ismfRequestCounter' },
  );
  const document = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  return { raw, document };
}

export interface DataScope {
  /** What runs (an operation, consumer or job name), for messages. */
  label: string;
  /** A tenant-facing function: it may reach the table only through its tenant's client. */
  tenantOnly: boolean;
  /** What its catalogue entry declares it may reach (table, objects, flows, mail, signing, user pool). */
  access: TableAccess;
  tenantId?: string;
  client?: DynamoDBDocumentClient;
}

const scopes = new AsyncLocalStorage<DataScope>();

export function withDataScope<T>(scope: DataScope, run: () => Promise<T>): Promise<T> {
  return scopes.run(scope, run);
}

export function currentDataScope(): DataScope | undefined {
  return scopes.getStore();
}

let platform: ReturnType<typeof buildClients> | undefined;

export function db(): DynamoDBDocumentClient {
  const scope = scopes.getStore();
  if (scope?.client) return scope.client;
  if (scope?.tenantOnly) throw new Error(`${scope.label} reached the table before it entered its tenant's data scope`);
  platform ??= buildClients();
  return platform.document;
}

const closers = new Set<() => void>();

/** Registers a client to be destroyed by closeDb (tenant clients are cached per tenant). */
export function onCloseDb(closer: () => void): void {
  closers.add(closer);
}

/** Closes every client so that a process (a test run, the local server) can exit cleanly. */
export function closeDb(): void {
  platform?.document.destroy();
  platform?.raw.destroy();
  platform = undefined;
  for (const closer of closers) closer();
  closers.clear();
}
