// New entities in bulk, as an import job writes them: entries and events first, entities after; a retry
// names the same records and writes nothing twice; an orphan entry of a crashed attempt is kept when it
// records the same data and rewritten when it does not; a unique value held by another fails its row
// alone and gives back what that row had claimed. Against DynamoDB Local.
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { derivedId } from '@ismf/core/ids';
import { GENESIS_HASH } from '@ismf/store/audit-entry';
import { bulkCreate, type BulkRow } from '@ismf/store/bulk-create';
import { db, tableName } from '@ismf/store/client';
import { defineEntity } from '@ismf/store/entity-model';
import { keys } from '@ismf/store/keys';

interface Thing extends Record<string, unknown> {
  name: string;
  code?: string;
}
const thing = defineEntity<Thing>()({ type: 'bulk-thing', description: 'a record written in bulk', audited: true });
const JOB = '01JDQ8R6Z8W4X3N2K1M0P9Q7RS';
const ctx = { actor: { userId: 'importer', roles: ['admin'] }, operation: 'asset-import', requestId: `${JOB}:0`, reason: `job ${JOB}` };

const tenant = () => `bulk-${randomBytes(4).toString('hex')}`;
const get = async (key: { pk: string; sk: string }) => (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
const row = (owner: string, n: number, data: Thing, uniques?: BulkRow<Thing>['uniques']): BulkRow<Thing> => {
  const id = derivedId(JOB, 'thing', n);
  return { id, data, events: [{ owner, source: 'ismf.test', detailType: 'ThingRegistered', data: { id } }], ...(uniques ? { uniques } : {}) };
};

describe('bulk creation', () => {
  it('writes each entity with its first audit entry and its event, and a retry writes nothing twice', async () => {
    const owner = tenant();
    const rows = [1, 2, 3].map((n) => row(owner, n, { name: `Thing ${n}` }));
    const first = await bulkCreate(ctx, thing, owner, rows);
    expect(first).toEqual({ created: rows.map((r) => r.id), existing: [], failed: [] });
    const entity = await get(keys.entity(owner, 'bulk-thing', rows[0]!.id));
    const entry = await get(keys.audit(owner, 'bulk-thing', rows[0]!.id, 1));
    expect(entity).toMatchObject({ version: 1, data: { name: 'Thing 1' }, auditHash: entry!.hash });
    expect(entry).toMatchObject({
      prevHash: GENESIS_HASH,
      operation: 'asset-import',
      actor: { userId: 'importer' },
      entryId: derivedId(rows[0]!.id, 'audit', 1),
    });
    expect(await get(keys.outbox(owner, derivedId(rows[0]!.id, 'event', 0)))).toMatchObject({ detailType: 'ThingRegistered' });

    const again = await bulkCreate({ ...ctx, now: new Date(Date.now() + 60_000) }, thing, owner, rows);
    expect(again).toEqual({ created: [], existing: rows.map((r) => r.id), failed: [] });
    expect((await get(keys.entity(owner, 'bulk-thing', rows[0]!.id)))!.updatedAt).toBe(entity!.updatedAt);
  });

  it('keeps the orphan entry of an attempt that stopped between its phases, or rewrites it when the data changed', async () => {
    const owner = tenant();
    const same = row(owner, 1, { name: 'Thing 1' });
    const changed = row(owner, 2, { name: 'Thing 2' });
    await bulkCreate(ctx, thing, owner, [same, changed]);
    const entries = [await get(keys.audit(owner, 'bulk-thing', same.id, 1)), await get(keys.audit(owner, 'bulk-thing', changed.id, 1))];
    // As if the attempt had stopped after phase one: the entries are there, the entities not.
    for (const r of [same, changed]) await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.entity(owner, 'bulk-thing', r.id) }));

    const retry = await bulkCreate({ ...ctx, now: new Date(Date.now() + 3_600_000) }, thing, owner, [same, row(owner, 2, { name: 'Thing 2, renamed' })]);
    expect(retry.created).toEqual([same.id, changed.id]);
    const kept = await get(keys.audit(owner, 'bulk-thing', same.id, 1));
    expect(kept).toEqual(entries[0]);
    expect(await get(keys.entity(owner, 'bulk-thing', same.id))).toMatchObject({ auditHash: entries[0]!.hash, createdAt: entries[0]!.at });
    const rewritten = await get(keys.audit(owner, 'bulk-thing', changed.id, 1));
    expect(rewritten!.hash).not.toBe(entries[1]!.hash);
    expect(await get(keys.entity(owner, 'bulk-thing', changed.id))).toMatchObject({ data: { name: 'Thing 2, renamed' }, auditHash: rewritten!.hash });
  });

  it('fails a row whose unique value another holds, alone, and gives back the other values it claimed', async () => {
    const owner = tenant();
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.unique(owner, 'thing-code', 'C-1'), kind: 'unique', holder: 'someone-else' } }));
    const loser = row(owner, 1, { name: 'Thing 1', code: 'C-1' }, [
      { name: 'thing-code', value: 'C-1', field: 'rows[2].code' },
      { name: 'thing-alias', value: 'A-1', field: 'rows[2].alias' },
    ]);
    const winner = row(owner, 2, { name: 'Thing 2', code: 'C-2' }, [{ name: 'thing-code', value: 'C-2', field: 'rows[3].code' }]);
    const result = await bulkCreate(ctx, thing, owner, [loser, winner]);
    expect(result).toEqual({ created: [winner.id], existing: [], failed: [{ id: loser.id, errors: [{ path: 'rows[2].code', message: 'already in use' }] }] });
    expect(await get(keys.unique(owner, 'thing-code', 'C-1'))).toMatchObject({ holder: 'someone-else' });
    expect(await get(keys.unique(owner, 'thing-alias', 'A-1'))).toBeUndefined();
    expect(await get(keys.unique(owner, 'thing-code', 'C-2'))).toMatchObject({ holder: winner.id });
    expect(await get(keys.entity(owner, 'bulk-thing', loser.id))).toBeUndefined();
    expect(await get(keys.audit(owner, 'bulk-thing', loser.id, 1))).toBeUndefined();
    // Its own holder may claim again: a retried chunk.
    expect((await bulkCreate(ctx, thing, owner, [winner])).existing).toEqual([winner.id]);
  });

  it('writes nothing for no rows', async () => {
    expect(await bulkCreate(ctx, thing, tenant(), [])).toEqual({ created: [], existing: [], failed: [] });
  });
});
