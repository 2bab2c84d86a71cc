// Idempotent creates: the same Idempotency-Key with the same body replays the first result; with another
// body it is refused (422). The record is written in the create's own transaction, under the tenant's key.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { problems } from '@ismf/core/problems';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';
import { IdempotencyRace, type UnitOfWork } from './unit-of-work.ts';

export interface IdempotencyRequest {
  key: string;
  /** Digest of the request body (canonical JSON), to tell a retry from a different request. */
  requestHash: string;
}

async function replay<R>(owner: string, operation: string, request: IdempotencyRequest): Promise<R | undefined> {
  const found = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.idempotency(owner, operation, request.key), ConsistentRead: true }),
  );
  if (!found.Item) return undefined;
  if (found.Item.requestHash !== request.requestHash) {
    throw problems.unprocessable('this Idempotency-Key was already used with a different request body', [
      { path: 'header.idempotency-key', message: 'already used with a different body' },
    ]);
  }
  return JSON.parse(found.Item.response as string) as R;
}

export async function commitIdempotent<R>(
  owner: string,
  operation: string,
  request: IdempotencyRequest | undefined,
  build: () => Promise<{ work: UnitOfWork; response: R }>,
): Promise<{ response: R; replayed: boolean }> {
  if (request) {
    const earlier = await replay<R>(owner, operation, request);
    if (earlier !== undefined) return { response: earlier, replayed: true };
  }
  const { work, response } = await build();
  if (request) work.idempotency(owner, operation, request.key, request.requestHash, response);
  try {
    await work.commit();
    return { response, replayed: false };
  } catch (error) {
    if (!(error instanceof IdempotencyRace) || !request) throw error;
    // A concurrent retry with the same key won: answer with its result.
    const winner = await replay<R>(owner, operation, request);
    if (winner === undefined) throw error;
    return { response: winner, replayed: true };
  }
}
