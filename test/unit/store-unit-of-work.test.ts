// A unit of work on the shared DynamoDB Local: a change, its audit entry and its outbox event commit
// together or not at all, and each refused write answers as its caller would tell the user (409, 412,
// the idempotency race).
import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '@ismf/store/client';
import { getEntity } from '@ismf/store/entities';
import { defineEntity } from '@ismf/store/entity-model';
import { keys } from '@ismf/store/keys';
import { uniqueHolders } from '@ismf/store/uniques';
import { changedFields, IdempotencyRace, MAX_TRANSACTION_ITEMS, UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';

const ctx: WriteContext = { actor: { userId: 'u-1', roles: ['admin'] }, operation: 'test', requestId: 'req-1' };
const owner = () => `uow-${randomBytes(5).toString('hex')}`;
const widgetEntity = defineEntity<{ name: string }>()({ type: 'widget', description: 'a test record', audited: true });
const read = async (key: { pk: string; sk: string }) => (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

async function refusal(work: UnitOfWork): Promise<unknown> {
  return work.commit().then(
    () => {
      throw new Error('the unit of work committed');
    },
    (error: unknown) => error,
  );
}

describe('a unit of work', () => {
  it('commits nothing when empty, and refuses more items than one transaction holds', async () => {
    const empty = new UnitOfWork(ctx);
    expect(empty.size).toBe(0);
    await expect(empty.commit()).resolves.toBeUndefined();
    const tenant = owner();
    const big = new UnitOfWork(ctx);
    for (let index = 0; big.size <= MAX_TRANSACTION_ITEMS; index++) big.record({ ...keys.config(tenant, `k${index}`), value: index });
    expect(big.size).toBe(MAX_TRANSACTION_ITEMS + 1);
    await expect(big.commit()).rejects.toThrow(`a unit of work holds at most ${MAX_TRANSACTION_ITEMS} items`);
    expect(await read(keys.config(tenant, 'k0'))).toBeUndefined();
  });

  it('writes the entity, its audit entry and its event together, with the event’s correlation', async () => {
    const tenant = owner();
    const work = new UnitOfWork({ ...ctx, correlationId: 'corr-9', now: new Date('2026-11-29T09:30:00.000Z') });
    const created = work.create(widgetEntity, tenant, 'w1', { name: 'a' });
    const eventId = work.event({ owner: tenant, source: 'ismf.test', detailType: 'WidgetCreated', data: { id: 'w1' } });
    expect(work.size).toBe(3);
    await work.commit();
    expect(await getEntity(tenant, 'widget', 'w1')).toEqual(created);
    expect(await read(keys.audit(tenant, 'widget', 'w1', 1))).toMatchObject({
      seq: 1,
      operation: 'test',
      requestId: 'req-1',
      hash: created.auditHash,
      gsi2pk: keys.auditDay(tenant, '2026-11-29'),
    });
    expect(await read(keys.outbox(tenant, eventId))).toMatchObject({
      detailType: 'WidgetCreated',
      detail: { tenantId: tenant, eventId, occurredAt: '2026-11-29T09:30:00.000Z', correlationId: 'corr-9', data: { id: 'w1' } },
      expiresAt: Date.parse('2026-11-29T09:30:00.000Z') / 1000 + 2 * 86_400,
    });
  });

  it('answers 409 to a second create, and writes none of the rest of its transaction', async () => {
    const tenant = owner();
    const first = new UnitOfWork(ctx);
    first.create(widgetEntity, tenant, 'w1', { name: 'a' });
    await first.commit();
    const second = new UnitOfWork(ctx);
    second.record({ ...keys.config(tenant, 'side-effect'), value: 1 });
    second.create(widgetEntity, tenant, 'w1', { name: 'b' });
    expect(await refusal(second)).toMatchObject({ status: 409, message: 'this widget already exists' });
    expect(await read(keys.config(tenant, 'side-effect'))).toBeUndefined();
    expect((await getEntity(tenant, 'widget', 'w1'))!.data).toEqual({ name: 'a' });
  });

  it('answers 412 to an update of a version that moved on (a lost update is refused)', async () => {
    const tenant = owner();
    const create = new UnitOfWork(ctx);
    const v1 = create.create(widgetEntity, tenant, 'w1', { name: 'a' });
    await create.commit();
    const winner = new UnitOfWork(ctx);
    const v2 = winner.update(widgetEntity, v1, { name: 'b' });
    await winner.commit();
    expect(v2).toMatchObject({ version: 2, data: { name: 'b' } });
    const loser = new UnitOfWork(ctx);
    loser.update(widgetEntity, v1, { name: 'c' });
    expect(await refusal(loser)).toMatchObject({ status: 412, message: 'the widget changed since version 1' });
    expect((await getEntity(tenant, 'widget', 'w1'))!.data).toEqual({ name: 'b' });
    expect(await read(keys.audit(tenant, 'widget', 'w1', 2))).toMatchObject({ changes: [{ field: 'name', from: 'a', to: 'b' }], prevHash: v1.auditHash });
  });

  it('answers a taken unique value with 409 naming the field, and a second new sign-in account or record with 409', async () => {
    const tenant = owner();
    const claim = new UnitOfWork(ctx);
    claim.unique(tenant, 'user-email', 'a@x.example', 'body.email', 'u1');
    claim.signInAccount(tenant, 'sub-1', { userId: 'u1', status: 'active', roles: ['admin'] }, true);
    claim.record({ ...keys.config(tenant, 'once'), value: 1 });
    await claim.commit();

    const again = new UnitOfWork(ctx);
    again.unique(tenant, 'user-email', 'a@x.example', 'body.email', 'u2');
    expect(await refusal(again)).toMatchObject({
      status: 409,
      message: 'body.email is already in use',
      errors: [{ path: 'body.email', message: 'already in use' }],
    });
    const account = new UnitOfWork(ctx);
    account.signInAccount(tenant, 'sub-1', { userId: 'u2', status: 'active', roles: [] }, true);
    expect(await refusal(account)).toMatchObject({ status: 409, message: 'this sign-in account is already registered' });
    const record = new UnitOfWork(ctx);
    record.record({ ...keys.config(tenant, 'once'), value: 2 });
    expect(await refusal(record)).toMatchObject({ status: 409, message: 'this record already exists' });

    // A later write of an existing account (a role change) is no new account: it goes through.
    const change = new UnitOfWork(ctx);
    change.signInAccount(tenant, 'sub-1', { userId: 'u1', status: 'disabled', roles: [] }, false);
    await change.commit();
    expect(await read(keys.signIn(tenant, 'sub-1'))).toMatchObject({ userId: 'u1', status: 'disabled', roles: [] });
  });

  it('loses an idempotency race as IdempotencyRace, for the caller to replay the winner', async () => {
    const tenant = owner();
    const first = new UnitOfWork(ctx);
    first.idempotency(tenant, 'createWidget', 'key-1', 'hash-1', { id: 'w1' }, 60);
    await first.commit();
    expect(await read(keys.idempotency(tenant, 'createWidget', 'key-1'))).toMatchObject({ requestHash: 'hash-1', response: JSON.stringify({ id: 'w1' }) });
    const second = new UnitOfWork(ctx);
    second.idempotency(tenant, 'createWidget', 'key-1', 'hash-1', { id: 'w2' });
    expect(await refusal(second)).toBeInstanceOf(IdempotencyRace);
  });
});

describe('changedFields', () => {
  it('names each top-level field that changed, added or went away, in field order', () => {
    expect(changedFields({ b: 1, a: [1, 2], same: { x: 1, y: 2 }, gone: 'x' }, { b: 2, a: [1, 2], same: { y: 2, x: 1 }, added: true })).toEqual([
      { field: 'added', to: true },
      { field: 'b', from: 1, to: 2 },
      { field: 'gone', from: 'x' },
    ]);
    expect(changedFields({ a: 1 }, { a: 1 })).toEqual([]);
    // Sensitive fields are marked (their values are salted digests by then).
    expect(changedFields({ a: 'x', b: 1 }, { a: 'y', b: 2 }, ['a'])).toEqual([
      { field: 'a', from: 'x', to: 'y', sensitive: true },
      { field: 'b', from: 1, to: 2 },
    ]);
  });
});

describe('a unique value', () => {
  it('is given up only by its holder, in the holder’s unit of work, and can then be claimed again', async () => {
    const tenant = owner();
    const claim = new UnitOfWork(ctx);
    claim.unique(tenant, 'serial', 'SN-1', 'body.serial', 'holder-1');
    claim.unique(tenant, 'serial', 'SN-2', 'body.serial', 'holder-2');
    await claim.commit();
    expect(await uniqueHolders(tenant, 'serial', ['SN-1', 'SN-2', 'SN-3'])).toEqual(
      new Map([
        ['SN-1', 'holder-1'],
        ['SN-2', 'holder-2'],
      ]),
    );
    const thief = new UnitOfWork(ctx);
    thief.release(tenant, 'serial', 'SN-1', 'holder-2');
    await expect(thief.commit()).rejects.toMatchObject({ status: 412, message: 'serial SN-1 is not held by holder-2' });
    expect(await read(keys.unique(tenant, 'serial', 'SN-1'))).toMatchObject({ holder: 'holder-1' });
    const move = new UnitOfWork(ctx);
    move.release(tenant, 'serial', 'SN-1', 'holder-1');
    move.unique(tenant, 'serial', 'SN-9', 'body.serial', 'holder-1');
    await move.commit();
    expect(await read(keys.unique(tenant, 'serial', 'SN-1'))).toBeUndefined();
    const again = new UnitOfWork(ctx);
    again.unique(tenant, 'serial', 'SN-1', 'body.serial', 'holder-3');
    await again.commit();
    expect(await uniqueHolders(tenant, 'serial', ['SN-1', 'SN-9'])).toEqual(
      new Map([
        ['SN-1', 'holder-3'],
        ['SN-9', 'holder-1'],
      ]),
    );
  });
});
