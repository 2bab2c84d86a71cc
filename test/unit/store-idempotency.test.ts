// Idempotent creates on the shared DynamoDB Local: a retry replays the first answer, another body is 422,
// and two concurrent requests with one key make one record, the loser answering the winner's result. And
// a transaction that meets another one on an item tries again, as DynamoDB asks (its client mocked only
// for the cancellations DynamoDB Local will not produce on demand).
import { randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { getEntity } from '@ismf/store/entities';
import { defineEntity } from '@ismf/store/entity-model';
import { commitIdempotent, createdOrReplayed } from '@ismf/store/idempotency';
import { keys } from '@ismf/store/keys';
import { queueDigestLine, digestLinesBefore } from '@ismf/store/digest-lines';
import { enterTenantScope } from '@ismf/store/tenant-access';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';

const ctx: WriteContext = { actor: { userId: 'u-1', roles: ['admin'] }, operation: 'createWidget' };
const owner = () => `idem-${randomBytes(5).toString('hex')}`;
const widgetEntity = defineEntity<{ name: string }>()({ type: 'widget', description: 'a test record', audited: true });

/** A create of widget `id` whose answer is the widget; counts how often it was built. */
function creator(tenant: string, id: string, name: string) {
  const counter = { builds: 0 };
  const build = async () => {
    counter.builds++;
    const work = new UnitOfWork(ctx);
    const widget = work.create(widgetEntity, tenant, id, { name });
    return { work, response: { id, name: widget.data.name } };
  };
  return { build, counter };
}

describe('idempotent creates', () => {
  it('commit once, replay a retry with the same body without building it again, and refuse another body (422)', async () => {
    const tenant = owner();
    const { build, counter } = creator(tenant, 'w1', 'first');
    const request = { key: 'key-1', requestHash: 'body-1' };
    const first = await commitIdempotent(tenant, 'createWidget', request, build);
    expect(first).toEqual({ response: { id: 'w1', name: 'first' }, replayed: false });
    expect(createdOrReplayed(first)).toEqual({ status: 201, body: { id: 'w1', name: 'first' } });
    const retry = await commitIdempotent(tenant, 'createWidget', request, build);
    expect(retry).toEqual({ response: { id: 'w1', name: 'first' }, replayed: true });
    expect(createdOrReplayed(retry).status).toBe(200);
    expect(counter.builds).toBe(1);
    await expect(commitIdempotent(tenant, 'createWidget', { key: 'key-1', requestHash: 'body-2' }, build)).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'header.idempotency-key', message: 'already used with a different body' }],
    });
    // The same key for another operation is another key.
    const other = creator(tenant, 'w2', 'other');
    expect((await commitIdempotent(tenant, 'importWidgets', request, other.build)).replayed).toBe(false);
  });

  it('commit without a key as a plain create', async () => {
    const tenant = owner();
    const { build } = creator(tenant, 'w1', 'plain');
    expect(await commitIdempotent(tenant, 'createWidget', undefined, build)).toEqual({ response: { id: 'w1', name: 'plain' }, replayed: false });
    expect((await getEntity(tenant, 'widget', 'w1'))!.data).toEqual({ name: 'plain' });
    await expect(commitIdempotent(tenant, 'createWidget', undefined, build)).rejects.toMatchObject({ status: 409 });
  });

  it('make one record of concurrent requests with one key, the losers answering the winner’s result', async () => {
    const tenant = owner();
    const request = { key: 'race', requestHash: 'same-body' };
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((name) => commitIdempotent(tenant, 'createWidget', request, creator(tenant, 'w1', name).build)));
    const winners = results.filter((result) => !result.replayed);
    expect(winners).toHaveLength(1);
    for (const result of results) expect(result.response).toEqual(winners[0]!.response);
    expect((await getEntity(tenant, 'widget', 'w1'))!.data).toEqual({ name: (winners[0]!.response as { name: string }).name });
  });

  it('answer a conflict that no request with the key won as the conflict, and any other failure as itself', async () => {
    const tenant = owner();
    await commitIdempotent(tenant, 'createWidget', undefined, creator(tenant, 'w1', 'taken').build);
    await expect(commitIdempotent(tenant, 'createWidget', { key: 'late', requestHash: 'x' }, creator(tenant, 'w1', 'again').build)).rejects.toMatchObject({
      status: 409,
      message: 'this widget already exists',
    });
    const failing = async (): Promise<{ work: UnitOfWork; response: unknown }> => {
      throw new Error('the store is unreachable');
    };
    await expect(commitIdempotent(tenant, 'createWidget', { key: 'boom', requestHash: 'x' }, failing)).rejects.toThrow('the store is unreachable');
  });
});

describe('a transaction that meets another', () => {
  const cancelled = (codes: string[]) =>
    Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });

  async function withMockedTable(run: (table: ReturnType<typeof mockClient>) => Promise<void>) {
    const table = mockClient(DynamoDBDocumentClient);
    try {
      await run(table);
    } finally {
      table.restore();
    }
  }
  const work = () => {
    const unit = new UnitOfWork(ctx);
    unit.record({ ...keys.config('idem-mock', 'x'), value: 1 });
    unit.record({ ...keys.config('idem-mock', 'y'), value: 2 });
    return unit;
  };

  it('tries again after a transaction conflict, and then commits', async () => {
    await withMockedTable(async (table) => {
      table
        .on(TransactWriteCommand)
        .rejectsOnce(cancelled(['None', 'TransactionConflict']))
        .resolves({});
      await work().commit();
      expect(table.commandCalls(TransactWriteCommand)).toHaveLength(2);
    });
  });

  it('gives up after five conflicts, and passes on a failure that is no cancellation, or a cancellation without reasons', async () => {
    await withMockedTable(async (table) => {
      table.on(TransactWriteCommand).rejects(cancelled(['TransactionConflict', 'None']));
      await expect(work().commit()).rejects.toMatchObject({ name: 'TransactionCanceledException' });
      expect(table.commandCalls(TransactWriteCommand)).toHaveLength(5);
    });
    await withMockedTable(async (table) => {
      table.on(TransactWriteCommand).rejects(cancelled(['ThrottlingError']));
      await expect(work().commit()).rejects.toMatchObject({ name: 'TransactionCanceledException' });
      expect(table.commandCalls(TransactWriteCommand)).toHaveLength(1);
    });
    await withMockedTable(async (table) => {
      table.on(TransactWriteCommand).rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }));
      await expect(work().commit()).rejects.toThrow('slow down');
      table.on(TransactWriteCommand).rejects(Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException' }));
      await expect(work().commit()).rejects.toThrow('cancelled');
    });
  });

  it('answers the first write whose condition failed as its caller would tell the user', async () => {
    await withMockedTable(async (table) => {
      table.on(TransactWriteCommand).rejects(cancelled(['None', 'ConditionalCheckFailed']));
      await expect(work().commit()).rejects.toMatchObject({ status: 409, message: 'this record already exists' });
    });
  });
});

describe('keys and scopes', () => {
  it('refuse an entity type that is not one, and a tenant scope entered outside any data scope', () => {
    expect(() => keys.entity('acme', 'Not-A-Type', '1')).toThrow('not an entity type: Not-A-Type');
    expect(() => keys.entity('acme', 'user', 'a#b').pk).not.toThrow();
    expect(keys.entity('acme', 'user', 'a#b%').pk).toBe('acme#user#a%23b%25');
    expect(() => enterTenantScope('acme', { table: 'read' })).toThrow('no data scope to enter');
  });

  it('queue a digest line once per user and event, however often it is delivered', async () => {
    const tenant = owner();
    const line = { userId: 'u-1', eventId: 'e-1', at: '2026-11-29T09:00:00.000Z', kind: 'flow-completed', title: 't', text: 'x', link: '/' };
    expect(await queueDigestLine(tenant, line)).toBe('queued');
    expect(await queueDigestLine(tenant, line)).toBe('known');
    expect((await digestLinesBefore(tenant, '2026-11-30T00:00:00.000Z')).map((queued) => queued.line)).toEqual([line]);
  });
});
