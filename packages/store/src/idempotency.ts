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
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: keys.idempotency(owner, operation, request.key), ConsistentRead: true }));
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
  if (!request) {
    const { work, response } = await build();
    await work.commit();
    return { response, replayed: false };
  }
  const earlier = await replay<R>(owner, operation, request);
  if (earlier !== undefined) return { response: earlier, replayed: true };
  try {
    const { work, response } = await build();
    work.idempotency(owner, operation, request.key, request.requestHash, response);
    await work.commit();
    return { response, replayed: false };
  } catch (error) {
    // A concurrent request with the same key may have won while this one was built or committed: its
    // writes then fail this one anywhere (the key, a unique value, an existing record). Answer its result.
    if (!(error instanceof IdempotencyRace) && (error as { status?: number }).status !== 409) throw error;
    // The winner may still be between a side effect (a sign-in account) and its commit: look a few times.
    for (const pause of [0, 50, 150, 300]) {
      if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
      const winner = await replay<R>(owner, operation, request);
      if (winner !== undefined) return { response: winner, replayed: true };
    }
    throw error;
  }
}

/** The answer of a create: 201, or 200 when an Idempotency-Key replayed an earlier result. */
export function createdOrReplayed<R>({ response, replayed }: { response: R; replayed: boolean }): { status: 200 | 201; body: R } {
  return { status: replayed ? 200 : 201, body: response };
}
