// Entity models on the shared DynamoDB Local: what a write through a model puts on its patterns and what
// a named pattern reads back (sparse patterns, ranges, filters, pages), that a hostile value stays in its
// own partition, that a function reaches only its own tenant's partitions on the indexes it declares, and
// that a derived model keeps versions without an audit trail that verification would miss.
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '@ismf/store/audit';
import { childItemsOn, deleteChildSet, deleteKeyedChildren, keyedChildren, putChildSet, putChildSetItems, putKeyedChildren } from '@ismf/store/batch-write';
import { db, tableName, withDataScope } from '@ismf/store/client';
import type { DigestSigner } from '@ismf/store/digest-signer';
import { getEntity, queryPattern, queryPatternPage } from '@ismf/store/entities';
import { accessFor, defineEntity } from '@ismf/store/entity-model';
import { keys } from '@ismf/store/keys';
import { enterTenantScope } from '@ismf/store/tenant-access';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';

interface Gadget {
  [key: string]: unknown;
  name: string;
  keeper?: string;
  site?: string;
  room?: string;
  dueOn: string;
  status: 'open' | 'closed';
  colour?: string;
}

const gadgetEntity = defineEntity<Gadget>()({
  type: 'gadget',
  description: 'a test record',
  audited: true,
  patterns: {
    byKeeper: { index: 'GSI3', partition: ['keeper'], sort: ['id'] },
    due: { index: 'GSI4', partition: [], sort: ['dueOn', 'id'], when: (gadget) => gadget.status === 'open' },
  },
});
const placedEntity = defineEntity<Gadget>()({
  type: 'placed-gadget',
  description: 'a test record found by two values',
  audited: true,
  listed: false,
  patterns: { byPlace: { index: 'GSI3', partition: ['site', 'room'], sort: ['id'] } },
});
/** A derived model: a counter kept beside the gadgets, with no audit trail. */
const tallyEntity = defineEntity<{ count: number }>()({ type: 'gadget-tally', description: 'how many gadgets (derived)', audited: false, listed: false });
const partEntity = defineEntity<{ name: string; material?: string; setId: string; index: number }>()({
  type: 'gadget-part',
  description: 'a part of a gadget (child items)',
  audited: false,
  childOf: 'gadget',
  patterns: { byMaterial: { index: 'GSI3', partition: ['material'], sort: ['setId', 'index'] } },
});

/** A keyed child model: a label per gadget and language, found by its text and, from a date, by when it was put. */
const labelEntity = defineEntity<{ text: string; on: string }>()({
  type: 'gadget-label',
  description: 'a label of a gadget (keyed child items)',
  audited: false,
  childOf: 'gadget',
  patterns: { byText: { index: 'GSI4', partition: ['text'], sort: ['on'] } },
});

const ctx: WriteContext = { actor: { userId: 'u-1', roles: ['admin'] }, operation: 'test' };
const newTenant = () => `em-${randomBytes(5).toString('hex')}`;
const ids = Array.from({ length: 6 }, (_, index) => `01JDQ8R6Z8W4X3N2K1M0P9Q7R${index}`);

async function gadgets(tenant: string, entries: Partial<Gadget>[]) {
  const work = new UnitOfWork(ctx);
  const stored = entries.map((entry, index) =>
    work.create(gadgetEntity, tenant, ids[index]!, { name: `g${index}`, dueOn: '2026-12-01', status: 'open', ...entry } as Gadget),
  );
  await work.commit();
  return stored;
}

describe('writing and reading through an entity model', () => {
  it('reads a pattern’s partition whole, in its sort order, and ranges over leading sort values', async () => {
    const tenant = newTenant();
    await gadgets(tenant, [
      { keeper: 'u1', dueOn: '2026-12-03' },
      { keeper: 'u2', dueOn: '2026-12-01' },
      { keeper: 'u1', dueOn: '2026-12-02' },
      { dueOn: '2026-12-02' },
    ]);
    expect((await queryPattern(gadgetEntity, 'byKeeper', tenant, { keeper: 'u1' })).map((g) => g.data.name)).toEqual(['g0', 'g2']);
    expect((await queryPattern(gadgetEntity, 'list', tenant, {})).map((g) => g.id)).toEqual(ids.slice(0, 4));
    const due = await queryPattern(gadgetEntity, 'due', tenant, {});
    expect(due.map((g) => `${g.data.dueOn} ${g.data.name}`)).toEqual(['2026-12-01 g1', '2026-12-02 g2', '2026-12-02 g3', '2026-12-03 g0']);
    expect((await queryPattern(gadgetEntity, 'due', tenant, {}, { before: { dueOn: '2026-12-02' } })).map((g) => g.data.name)).toEqual(['g1']);
    expect((await queryPattern(gadgetEntity, 'due', tenant, {}, { upTo: { dueOn: '2026-12-02' } })).map((g) => g.data.name)).toEqual(['g1', 'g2', 'g3']);
    expect((await queryPattern(gadgetEntity, 'due', tenant, {}, { upTo: { dueOn: '2026-12-02', id: ids[2]! } })).map((g) => g.data.name)).toEqual(['g1', 'g2']);
    await expect(queryPattern(gadgetEntity, 'due', tenant, {}, { before: { id: ids[0]! } })).rejects.toThrow('gadget.due is sorted by dueOn, id');
    await expect(queryPattern(gadgetEntity, 'due', tenant, {}, { before: { dueOn: 'a' }, upTo: { dueOn: 'b' } })).rejects.toThrow('not both');
    await expect(queryPattern(gadgetEntity, 'nothing' as 'due', tenant, {})).rejects.toThrow('gadget has no access pattern nothing');
  });

  it('takes an entity off a sparse pattern when it no longer qualifies, and on again', async () => {
    const tenant = newTenant();
    const [gadget] = await gadgets(tenant, [{ keeper: 'u1' }]);
    const close = new UnitOfWork(ctx);
    const closed = close.update(gadgetEntity, gadget!, { ...gadget!.data, status: 'closed', keeper: undefined });
    await close.commit();
    expect(await queryPattern(gadgetEntity, 'due', tenant, {})).toEqual([]);
    expect(await queryPattern(gadgetEntity, 'byKeeper', tenant, { keeper: 'u1' })).toEqual([]);
    expect(await queryPattern(gadgetEntity, 'list', tenant, {})).toHaveLength(1);
    const reopen = new UnitOfWork(ctx);
    reopen.update(gadgetEntity, closed, { ...closed.data, status: 'open', keeper: 'u2' });
    await reopen.commit();
    expect((await queryPattern(gadgetEntity, 'due', tenant, {})).map((g) => g.version)).toEqual([3]);
    expect(await queryPattern(gadgetEntity, 'byKeeper', tenant, { keeper: 'u2' })).toHaveLength(1);
    expect(() => new UnitOfWork(ctx).update(placedEntity, gadget!, gadget!.data)).toThrow('a gadget is updated through its own model, not placed-gadget');
  });

  it('pages with a cursor bound to the pattern and its values, reading on past a filter until the page is full', async () => {
    const tenant = newTenant();
    await gadgets(tenant, [
      { keeper: 'u1', colour: 'red' },
      { keeper: 'u1', colour: 'blue' },
      { keeper: 'u1', colour: 'red' },
      { keeper: 'u1', colour: 'red' },
      { keeper: 'u2', colour: 'red' },
    ]);
    const red = { where: { colour: 'red' } };
    const first = await queryPatternPage(gadgetEntity, 'byKeeper', tenant, { keeper: 'u1' }, { ...red, page: { limit: 2 } });
    expect(first.items.map((g) => g.data.name)).toEqual(['g0', 'g2']);
    const second = await queryPatternPage(gadgetEntity, 'byKeeper', tenant, { keeper: 'u1' }, { ...red, page: { limit: 2, cursor: first.nextCursor } });
    expect(second.items.map((g) => g.data.name)).toEqual(['g3']);
    expect(second.nextCursor).toBeUndefined();
    const refused = { status: 400, errors: [{ path: 'query.cursor', message: 'invalid or tampered cursor' }] };
    const reuse = { limit: 2, cursor: first.nextCursor };
    await expect(queryPatternPage(gadgetEntity, 'byKeeper', tenant, { keeper: 'u2' }, { ...red, page: reuse })).rejects.toMatchObject(refused);
    await expect(queryPatternPage(gadgetEntity, 'byKeeper', tenant, { keeper: 'u1' }, { page: reuse })).rejects.toMatchObject(refused);
    await expect(queryPatternPage(gadgetEntity, 'list', tenant, {}, { page: reuse })).rejects.toMatchObject(refused);
    // At least: every due date from this one on (none here).
    expect((await queryPatternPage(gadgetEntity, 'list', tenant, {}, { atLeast: { dueOn: '2026-12-02' }, page: { limit: 10 } })).items).toEqual([]);
  });

  it('keeps a hostile value in its own partition: # and % cannot pose as another partition', async () => {
    const tenant = newTenant();
    const work = new UnitOfWork(ctx);
    const place = (id: string, site: string, room: string) =>
      work.create(placedEntity, tenant, id, { name: id, site, room, dueOn: '2026-12-01', status: 'open' });
    place(ids[0]!, 'Lyon#B2', 'x');
    place(ids[1]!, 'Lyon', 'B2#x');
    place(ids[2]!, 'Lyon%23B2', 'x');
    place(ids[3]!, 'Lyon', 'B2');
    await work.commit();
    const at = async (site: string, room: string) => (await queryPattern(placedEntity, 'byPlace', tenant, { site, room })).map((g) => g.id);
    expect(await at('Lyon#B2', 'x')).toEqual([ids[0]]);
    expect(await at('Lyon', 'B2#x')).toEqual([ids[1]]);
    expect(await at('Lyon%23B2', 'x')).toEqual([ids[2]]);
    expect(await at('Lyon', 'B2')).toEqual([ids[3]]);
    expect(await at('Lyon', 'B2%23x')).toEqual([]);
  });
});

describe('a function reading patterns in its tenant’s scope', () => {
  const inScope = <T>(tenant: string, patterns: Parameters<typeof accessFor>[2], run: () => Promise<T>) => {
    const access = accessFor('listGadgets', { table: 'read' }, patterns);
    return withDataScope({ label: 'listGadgets', tenantOnly: true, access }, async () => {
      enterTenantScope(tenant, access);
      return run();
    });
  };

  it('reads its own tenant’s partitions on the indexes it declares, and is refused another tenant’s', async () => {
    const [tenant, other] = [newTenant(), newTenant()];
    await gadgets(tenant, [{ keeper: 'u1' }]);
    await gadgets(other, [{ keeper: 'u1' }]);
    const patterns = [gadgetEntity.patterns.byKeeper, gadgetEntity.patterns.list];
    expect(await inScope(tenant, patterns, () => queryPattern(gadgetEntity, 'byKeeper', tenant, { keeper: 'u1' }))).toHaveLength(1);
    await expect(inScope(tenant, patterns, () => queryPattern(gadgetEntity, 'byKeeper', other, { keeper: 'u1' }))).rejects.toThrow(
      new RegExp(`not authorized to perform dynamodb:Query on .*index/GSI3 for keys ${other}#gadget#byKeeper#u1`),
    );
    await expect(inScope(tenant, patterns, () => queryPattern(gadgetEntity, 'list', other, {}))).rejects.toThrow(/not authorized/);
    // A value naming the other tenant's partition stays a value inside this tenant's partition.
    expect(await inScope(tenant, patterns, () => queryPattern(gadgetEntity, 'byKeeper', tenant, { keeper: `${other}#gadget#byKeeper#u1` }))).toEqual([]);
  });

  it('is refused a pattern on an index its declaration does not name (a wrong declaration fails)', async () => {
    const tenant = newTenant();
    await expect(inScope(tenant, [gadgetEntity.patterns.byKeeper], () => queryPattern(gadgetEntity, 'due', tenant, {}))).rejects.toThrow(/index\/GSI4/);
  });
});

describe('a derived model', () => {
  const sign = async (message: Buffer) => message.toString('base64').slice(0, 16);
  const signer: DigestSigner = {
    keyId: 'test',
    algorithm: 'Ed25519',
    sign,
    verify: async (message, signature) => (await sign(message)) === signature,
    publicKey: async () => undefined,
  };

  it('keeps versions without audit entries, and verification checks only the audited entities', async () => {
    const tenant = newTenant();
    const now = new Date();
    const [gadget] = await gadgets(tenant, [{ keeper: 'u1' }]);
    const first = new UnitOfWork({ ...ctx, now });
    const tally = first.create(tallyEntity, tenant, 'gadgets', { count: 1 });
    await first.commit();
    const second = new UnitOfWork({ ...ctx, now });
    const next = second.update(tallyEntity, tally, { count: 2 });
    second.update(gadgetEntity, gadget!, { ...gadget!.data, name: 'renamed' });
    await second.commit();

    expect(next.auditHash).toBeUndefined();
    const stored = await getEntity<{ count: number }>(tenant, tallyEntity.type, 'gadgets');
    expect(stored).toMatchObject({ version: 2, data: { count: 2 } });
    expect(stored!.auditHash).toBeUndefined();
    const trail = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
        ExpressionAttributeValues: { ':pk': keys.entity(tenant, tallyEntity.type, 'gadgets').pk, ':audit': keys.auditPrefix },
      }),
    );
    expect(trail.Items).toEqual([]);
    const from = new Date(now.getTime() - 60_000).toISOString();
    const to = new Date(now.getTime() + 60_000).toISOString();
    expect(await verifyAudit(tenant, from, to, signer)).toMatchObject({ valid: true, entriesChecked: 2, entitiesChecked: 1, brokenCount: 0 });
  });

  it('as child items: a set kept under its entity, on its patterns, removed as a set', async () => {
    const tenant = newTenant();
    await putChildSet(partEntity, tenant, ids[0]!, 'S1', [{ name: 'bolt', material: 'metal' }, { name: 'label' }, { name: 'nut', material: 'metal' }]);
    await putChildSet(partEntity, tenant, ids[0]!, 'S2', [{ name: 'screw', material: 'metal' }]);
    const under = async () =>
      (
        await db().send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :set)',
            ExpressionAttributeValues: { ':pk': keys.entity(tenant, 'gadget', ids[0]!).pk, ':set': 'GADGET-PARTSET#' },
          }),
        )
      ).Items!;
    const items = await under();
    expect(items.map((item) => [item.sk, item.name, item.gsi3pk, item.gsi3sk])).toEqual([
      ['GADGET-PARTSET#S1#000000', 'bolt', `${tenant}#gadget-part#byMaterial#metal`, 'S1#000000000000'],
      ['GADGET-PARTSET#S1#000001', 'label', undefined, undefined],
      ['GADGET-PARTSET#S1#000002', 'nut', `${tenant}#gadget-part#byMaterial#metal`, 'S1#000000000002'],
      ['GADGET-PARTSET#S2#000000', 'screw', `${tenant}#gadget-part#byMaterial#metal`, 'S2#000000000000'],
    ]);
    expect(items[0]).toMatchObject({ kind: 'gadget-part', setId: 'S1', index: 0 });
    await deleteChildSet(partEntity, tenant, ids[0]!, 'S1');
    expect((await under()).map((item) => item.name)).toEqual(['screw']);
    // Read across parents through the child model's pattern, with the requests it took.
    const metal = await childItemsOn(partEntity, 'byMaterial', tenant, { material: 'metal' });
    expect(metal.items.map((item) => item.name)).toEqual(['screw']);
    expect(metal.items[0]).not.toHaveProperty('gsi3pk');
    expect(metal.requests).toBe(1);
    // A set's item rewritten in place: same index, new attributes, on the pattern by its new value.
    await putChildSetItems(partEntity, tenant, ids[0]!, 'S2', [{ index: 0, attributes: { name: 'screw', material: 'steel' } }]);
    expect((await childItemsOn(partEntity, 'byMaterial', tenant, { material: 'steel' })).items).toEqual([
      { name: 'screw', material: 'steel', setId: 'S2', index: 0 },
    ]);
    await expect(childItemsOn(partEntity, 'byColour', tenant, {})).rejects.toThrow('gadget-part has no access pattern byColour');
    await expect(childItemsOn(partEntity, 'byMaterial', tenant, { material: 'metal' }, { from: { index: 1 } })).rejects.toThrow('is sorted by setId, index');
    await expect(childItemsOn(gadgetEntity, 'byKeeper', tenant, { keeper: 'x' })).rejects.toThrow('gadget is no child-item model');
    await expect(putChildSet(gadgetEntity, tenant, ids[0]!, 'S3', [])).rejects.toThrow('gadget is no child-item model');
    await expect(putChildSet(partEntity, tenant, ids[0]!, 'S3', [{ name: 'x', kind: 'x', gsi3pk: 'other#x' }])).rejects.toThrow(
      "gadget-part: kind, gsi3pk is the store's own attribute",
    );
  });

  it('as keyed child items: their data on the pattern, read from a sort value on, removed by key', async () => {
    const tenant = newTenant();
    await putKeyedChildren(labelEntity, tenant, ids[0]!, [
      { key: 'en', record: { text: 'fragile', on: '2026-01-01' } },
      { key: 'de', record: { text: 'fragile', on: '2026-03-01' } },
    ]);
    await putKeyedChildren(labelEntity, tenant, ids[1]!, [{ key: 'en', record: { text: 'fragile', on: '2026-02-01' } }]);
    const since = await childItemsOn(labelEntity, 'byText', tenant, { text: 'fragile' }, { from: { on: '2026-02-01' } });
    expect(since.items).toEqual([
      { text: 'fragile', on: '2026-02-01' },
      { text: 'fragile', on: '2026-03-01' },
    ]);
    await deleteKeyedChildren(labelEntity, tenant, ids[0]!, ['de']);
    expect(await keyedChildren(labelEntity, tenant, ids[0]!)).toEqual([{ text: 'fragile', on: '2026-01-01' }]);
    // Another tenant's partition holds none of them.
    expect((await childItemsOn(labelEntity, 'byText', newTenant(), { text: 'fragile' })).items).toEqual([]);
  });
});
