// The DynamoDB document client, created once per container, and the table name it works on.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type RequestListener = (operation: string) => void;
const listeners = new Set<RequestListener>();

/** Counts DynamoDB requests (the bench reports requests per API request). */
export function onDynamoRequest(listener: RequestListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let documentClient: DynamoDBDocumentClient | undefined;
let rawClient: DynamoDBClient | undefined;

export function tableName(): string {
  return process.env.TABLE_NAME ?? 'ismf';
}

function build(): DynamoDBDocumentClient {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  rawClient = new DynamoDBClient({
    ...(endpoint
      ? {
          endpoint,
          region: process.env.AWS_REGION ?? 'eu-west-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 4,
  });
  rawClient.middlewareStack.add(
    (next, context) => async (args) => {
      for (const listener of listeners) listener(String(context.commandName ?? 'unknown'));
      return next(args);
    },
    { step: 'initialize', name: 'ismfRequestCounter' },
  );
  return DynamoDBDocumentClient.from(rawClient, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function db(): DynamoDBDocumentClient {
  documentClient ??= build();
  return documentClient;
}

/** Closes the client so that a process (a test run, the local server) can exit cleanly. */
export function closeDb(): void {
  documentClient?.destroy();
  rawClient?.destroy();
  documentClient = undefined;
  rawClient = undefined;
}
