// Derived counters on the shared DynamoDB Local: increments commute (in any order, and concurrently); a
// marker makes a redelivered id count once, the rest still counting; a failed condition and an invalid
// path are answered, writing nothing; a missing member is added without touching one that exists; audited
// (and child-item) models are refused; and every key begins with the tenant id, which a tenant's scope
// confines the counting to.
import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName, withDataScope } from '@ismf/store/client';
import { countOnce, setIfAbsent, type CountRequest } from '@ismf/store/counters';
import { getEntity } from '@ismf/store/entities';
import { accessFor, defineEntity } from '@ismf/store/entity-model';
import { keys } from '@ismf/store/keys';
import { enterTenantScope } from '@ismf/store/tenant-access';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';

interface Tally {
  [key: string]: unknown;
  byColour: Record<string, Record<string, number>>;
  total: number;
  day?: string;
  last?: { at: string };
}

const tallyEntity = defineEntity<Tally>()({ type: 'counter-tally', description: 'figures (derived)', audited: false, listed: false });
const markEntity = defineEntity<{ eventId: string }>()({ type: 'counter-mark', description: 'that an event was counted', audited: false, listed: false });
const auditedEntity = defineEntity<{ count: number }>()({ type: 'counter-audited', description: 'an audited record', audited: true });
const childEntity = defineEntity<{ count: number }>()({ type: 'counter-child', description: 'a child item', audited: false, childOf: 'counter-tally' });
const patternedEntity = defineEntity<{ owner: string; count: number }>()({
  type: 'counter-patterned',
  description: 'a derived record on a pattern',
  audited: false,
  listed: false,
  patterns: { byOwner: { index: 'GSI3', partition: ['owner'], sort: ['id'] } },
});

const ctx: WriteContext = { actor: { userId: 'system:test', roles: [] }, operation: 'test' };
const newTenant = () => `ctr-${randomBytes(5).toString('hex')}`;
const ID = 'figures';

async function tally(tenant: string, data: Partial<Tally> = {}) {
  const work = new UnitOfWork(ctx);
  work.create(tallyEntity, tenant, ID, { byColour: { red: {}, blue: {} }, total: 0, ...data });
  await work.commit();
}

const read = (tenant: string) => getEntity<Tally>(tenant, tallyEntity.type, ID);
const item = async (key: { pk: string; sk: string }) => (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

const marks = (ids: string[], ttlSeconds = 3_600) => ({ model: markEntity, ids, ttlSeconds, data: (eventId: string) => ({ eventId }) });

/** Counts until counted, as a caller does: a conflict is tried again, a counted marker dropped. */
async function countSurely(tenant: string, request: CountRequest<{ eventId: string }>): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const result = await countOnce(tallyEntity, tenant, ID, request);
    if (result.outcome === 'counted') return;
    if (result.outcome !== 'conflict') throw new Error(`not counted: ${result.outcome}`);
    await new Promise((done) => setTimeout(done, 5 + Math.random() * 20));
  }
  throw new Error('kept conflicting');
}

describe('counting once', () => {
  it('adds increments that commute: in either order, summed per path, concurrently', async () => {
    const [one, other] = [newTenant(), newTenant()];
    await tally(one);
    await tally(other);
    const a = {
      increments: [
        { path: ['byColour', 'red', 'small'], by: 2 },
        { path: ['total'], by: 2 },
      ],
    };
    const b = {
      increments: [
        { path: ['byColour', 'red', 'small'], by: -1 },
        { path: ['byColour', 'blue', 'large'], by: 1 },
        // One path twice in one count: summed.
        { path: ['byColour', 'blue', 'large'], by: 2 },
        { path: ['total'], by: 2 },
      ],
    };
    expect(await countOnce(tallyEntity, one, ID, a)).toEqual({ outcome: 'counted' });
    expect(await countOnce(tallyEntity, one, ID, b)).toEqual({ outcome: 'counted' });
    expect(await countOnce(tallyEntity, other, ID, b)).toEqual({ outcome: 'counted' });
    expect(await countOnce(tallyEntity, other, ID, a)).toEqual({ outcome: 'counted' });
    const [first, second] = [await read(one), await read(other)];
    expect(first!.data).toEqual({ byColour: { red: { small: 1 }, blue: { large: 3 } }, total: 4 });
    expect(second!.data).toEqual(first!.data);
    // The version moves with each count, so that a writer replacing the figures sees one was counted.
    expect(first!.version).toBe(3);

    const many = Array.from({ length: 8 }, (_, index) => ({ increments: [{ path: ['total'], by: index + 1 }], markers: marks([`e${index}`]) }));
    await Promise.all(many.map((request) => countSurely(one, request)));
    expect((await read(one))!).toMatchObject({ version: 11, data: { total: 4 + 36 } });
  });

  it('sets data members and updatedAt with the count', async () => {
    const tenant = newTenant();
    await tally(tenant);
    const at = '2026-11-29T10:00:00.000Z';
    expect(await countOnce(tallyEntity, tenant, ID, { increments: [{ path: ['total'], by: 1 }], set: { last: { at } }, at })).toEqual({ outcome: 'counted' });
    expect(await read(tenant)).toMatchObject({ version: 2, updatedAt: at, data: { total: 1, last: { at } } });
  });

  it('counts a redelivered id once: answered as already counted, writing nothing; the rest still count', async () => {
    const tenant = newTenant();
    await tally(tenant);
    const at = '2026-11-29T10:00:00.000Z';
    const count = (ids: string[]) => countOnce(tallyEntity, tenant, ID, { increments: [{ path: ['total'], by: ids.length }], markers: marks(ids, 600), at });
    expect(await count(['e1'])).toEqual({ outcome: 'counted' });
    expect(await count(['e2', 'e1', 'e3'])).toEqual({ outcome: 'already-counted', ids: ['e1'] });
    expect(await read(tenant)).toMatchObject({ version: 2, data: { total: 1 } });
    expect(await item(keys.entity(tenant, markEntity.type, 'e2'))).toBeUndefined();
    expect(await count(['e2', 'e3'])).toEqual({ outcome: 'counted' });
    expect(await read(tenant)).toMatchObject({ version: 3, data: { total: 3 } });
    expect(await getEntity(tenant, markEntity.type, 'e3')).toMatchObject({ version: 1, createdAt: at, data: { eventId: 'e3' } });
    expect((await item(keys.entity(tenant, markEntity.type, 'e3')))!.expiresAt).toBe(Date.parse(at) / 1000 + 600);
  });

  it('answers a failed condition, writing nothing: no record, another value, a member present', async () => {
    const tenant = newTenant();
    const count = (request: Partial<CountRequest<{ eventId: string }>>) =>
      countOnce(tallyEntity, tenant, ID, { increments: [{ path: ['total'], by: 1 }], markers: marks(['e1']), ...request });
    expect(await count({})).toEqual({ outcome: 'condition-failed' });
    expect(await read(tenant)).toBeUndefined();
    await tally(tenant, { day: '2026-11-29' });
    expect(await count({ require: { equals: { path: ['day'], value: '2026-11-28' } } })).toEqual({ outcome: 'condition-failed' });
    expect(await count({ require: { absent: ['day'] } })).toEqual({ outcome: 'condition-failed' });
    expect(await item(keys.entity(tenant, markEntity.type, 'e1'))).toBeUndefined();
    expect(await read(tenant)).toMatchObject({ version: 1, data: { total: 0 } });
    expect(await count({ require: { equals: { path: ['day'], value: '2026-11-29' }, absent: ['last'] } })).toEqual({ outcome: 'counted' });
    expect(await read(tenant)).toMatchObject({ version: 2, data: { total: 1 } });
  });

  it('answers a path through a missing member as invalid, which setIfAbsent adds without touching what is there', async () => {
    const tenant = newTenant();
    await tally(tenant, { byColour: { red: { small: 5 } } });
    const green = { increments: [{ path: ['byColour', 'green', 'small'], by: 1 }] };
    expect(await countOnce(tallyEntity, tenant, ID, green)).toEqual({ outcome: 'invalid-path' });
    expect(await read(tenant)).toMatchObject({ version: 1 });
    const members = ['red', 'green'].map((colour) => ({ path: ['byColour', colour], value: {} }));
    expect(await setIfAbsent(tallyEntity, tenant, ID, members)).toBe(true);
    expect(await read(tenant)).toMatchObject({ version: 1, data: { byColour: { red: { small: 5 }, green: {} } } });
    expect(await countOnce(tallyEntity, tenant, ID, green)).toEqual({ outcome: 'counted' });
    expect((await read(tenant))!.data.byColour).toEqual({ red: { small: 5 }, green: { small: 1 } });
    // No record: nothing is made.
    const none = newTenant();
    expect(await setIfAbsent(tallyEntity, none, ID, members)).toBe(false);
    expect(await read(none)).toBeUndefined();
  });

  it('aliases every name: a path part may be any non-empty string', async () => {
    const tenant = newTenant();
    await tally(tenant);
    const odd = ['a.b', '#n0', ':v0', 'data', 'Ünïcode / ~'];
    expect(await setIfAbsent(tallyEntity, tenant, ID, [{ path: ['byColour', '#odd'], value: {} }])).toBe(true);
    const result = await countOnce(tallyEntity, tenant, ID, { increments: odd.map((part, index) => ({ path: ['byColour', '#odd', part], by: index + 1 })) });
    expect(result).toEqual({ outcome: 'counted' });
    expect((await read(tenant))!.data.byColour['#odd']).toEqual(Object.fromEntries(odd.map((part, index) => [part, index + 1])));
  });

  it('refuses audited models, child items, patterned records, empty parts and overlapping paths', async () => {
    const tenant = newTenant();
    const some = { increments: [{ path: ['count'], by: 1 }] };
    await expect(countOnce(auditedEntity, tenant, ID, some)).rejects.toThrow(/counter-audited is an audited model: counters are derived data/);
    await expect(setIfAbsent(auditedEntity, tenant, ID, [{ path: ['count'], value: 0 }])).rejects.toThrow(/audited model/);
    await expect(countOnce(tallyEntity, tenant, ID, { ...some, markers: { ...marks(['e1']), model: auditedEntity as never } })).rejects.toThrow(
      /counter-audited is an audited model: count markers are derived data/,
    );
    await expect(countOnce(childEntity, tenant, ID, some)).rejects.toThrow(/child-item model/);
    await expect(countOnce(patternedEntity, tenant, ID, some)).rejects.toThrow(/access patterns \(byOwner\)/);
    await expect(countOnce(tallyEntity, tenant, ID, { increments: [{ path: ['byColour', ''], by: 1 }] })).rejects.toThrow(/no empty part/);
    await expect(countOnce(tallyEntity, tenant, ID, { increments: [{ path: [], by: 1 }] })).rejects.toThrow(/at least one member/);
    await expect(countOnce(tallyEntity, tenant, ID, { increments: [{ path: ['total'], by: Number.NaN }] })).rejects.toThrow(/finite/);
    await expect(countOnce(tallyEntity, tenant, ID, { increments: [{ path: ['last', 'n'], by: 1 }], set: { last: { at: 'x' } } })).rejects.toThrow(/overlap/);
    await expect(countOnce(tallyEntity, tenant, ID, { increments: [], markers: marks(['e1', 'e1']) })).rejects.toThrow(/each marker id once/);
    await expect(countOnce(tallyEntity, tenant, ID, { increments: [], markers: marks(Array.from({ length: 100 }, (_, n) => `e${n}`)) })).rejects.toThrow(
      /at most 99 markers/,
    );
  });
});

describe('the keys of a count', () => {
  it('begin with the tenant id, and a tenant’s scope reaches no other tenant’s record', async () => {
    const [tenant, other] = [newTenant(), newTenant()];
    await tally(tenant);
    await tally(other);
    const request = { increments: [{ path: ['total'], by: 1 }], markers: marks(['e1']) };
    const access = accessFor('countThings', { table: 'write' });
    const inScope = <T>(run: () => Promise<T>) =>
      withDataScope({ label: 'countThings', tenantOnly: true, access }, async () => {
        enterTenantScope(tenant, access);
        return run();
      });
    expect(await inScope(() => countOnce(tallyEntity, tenant, ID, request))).toEqual({ outcome: 'counted' });
    await expect(inScope(() => countOnce(tallyEntity, other, ID, request))).rejects.toThrow(/not authorized/);
    await expect(inScope(() => setIfAbsent(tallyEntity, other, ID, [{ path: ['x'], value: 0 }]))).rejects.toThrow(/not authorized/);
    expect(await read(other)).toMatchObject({ version: 1, data: { total: 0 } });

    for (const type of [tallyEntity.type, markEntity.type]) {
      const found = await db().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.entity(tenant, type, type === tallyEntity.type ? ID : 'e1').pk },
        }),
      );
      expect(found.Items).toHaveLength(1);
      expect(String(found.Items![0]!.pk).startsWith(`${tenant}#`)).toBe(true);
    }
    // Not a tenant id: no key is built.
    await expect(countOnce(tallyEntity, 'Not#A#Tenant', ID, request)).rejects.toThrow(/not a tenant id/);
  });
});
