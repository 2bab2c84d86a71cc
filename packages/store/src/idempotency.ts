// Idempotent creates: the same Idempotency-Key with the same body replays the first result; with another
// body it is refused (422). The record is written in the create's own transaction, under the tenant's key.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';
import { IdempotencyRace, type UnitOfWork } from './unit-of-work.ts';

export interface IdempotencyRequest {
  key: string;
  /** Digest of the request body (canonical JSON), to tell a retry from a different request. */
  requestHash: string;
}

/** How long a key is remembered. */
const KEY_TTL_SECONDS = 86_400;

/** The key's record, refused when it was used with another body. */
async function recordOf(owner: string, operation: string, request: IdempotencyRequest): Promise<Record<string, unknown> | undefined> {
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: keys.idempotency(owner, operation, request.key), ConsistentRead: true }));
  if (found.Item && found.Item.requestHash !== request.requestHash) {
    throw problems.unprocessable('this Idempotency-Key was already used with a different request body', [
      { path: 'header.idempotency-key', message: 'already used with a different body' },
    ]);
  }
  return found.Item;
}

async function replay<R>(owner: string, operation: string, request: IdempotencyRequest): Promise<R | undefined> {
  const found = await recordOf(owner, operation, request);
  return found?.response === undefined ? undefined : (JSON.parse(found.response as string) as R);
}

/**
 * An idempotent operation that writes in many transactions (a synchronous import), so that its key cannot
 * go into one of them: the key is claimed first with a base id (a ULID of the first attempt) from which the
 * work derives the ids of its records. A retry after a failure part-way, or a concurrent one, derives the
 * same ids and so writes the same records, not new ones; the answer is kept once the work has ended, and
 * replayed from then on.
 */
export async function runIdempotent<R>(
  owner: string,
  operation: string,
  request: IdempotencyRequest | undefined,
  /** The work, given the claim's base id; without a key, none (nothing is retried under a key). */
  run: (base: string | undefined) => Promise<R>,
): Promise<{ response: R; replayed: boolean }> {
  if (!request) return { response: await run(undefined), replayed: false };
  const Key = keys.idempotency(owner, operation, request.key);
  let found = await recordOf(owner, operation, request);
  if (found?.response !== undefined) return { response: JSON.parse(found.response as string) as R, replayed: true };
  if (!found) {
    const claim = { ...Key, kind: 'idempotency', requestHash: request.requestHash, base: newId(), expiresAt: Math.floor(Date.now() / 1000) + KEY_TTL_SECONDS };
    try {
      await db().send(new PutCommand({ TableName: tableName(), Item: claim, ConditionExpression: 'attribute_not_exists(pk)' }));
      found = claim;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Another request with this key claimed it first: go on from its base (or answer its result).
      found = (await recordOf(owner, operation, request))!;
      if (found.response !== undefined) return { response: JSON.parse(found.response as string) as R, replayed: true };
    }
  }
  const response = await run(found.base as string);
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key,
      UpdateExpression: 'SET #response = :response',
      ExpressionAttributeNames: { '#response': 'response' },
      ExpressionAttributeValues: { ':response': JSON.stringify(response) },
    }),
  );
  return { response, replayed: false };
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
    // writes then fail this one anywhere (the key, a unique value, an existing record created — 409 — or one
    // it updated moved on — 412). Answer its result.
    const status = (error as { status?: number }).status;
    if (!(error instanceof IdempotencyRace) && status !== 409 && status !== 412) throw error;
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
