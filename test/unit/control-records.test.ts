// The records that implement a control, read on the shared DynamoDB Local straight through the module
// (the API test drives the same through HTTP): every listed model that names the control — directly or
// by its category or clause — one after another, with labels and links, in pages whose cursor names the
// model; a control number that does not exist is a 404, a cursor that was not handed out a 400.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requireControlNumber } from '@ismf/controls/numbers';
import { controlRecords, recordModels } from '@ismf/controls/records';
import { Problem } from '@ismf/core/problems';
import { defineEntity } from '@ismf/store/entity-model';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';

interface Thing {
  [key: string]: unknown;
  name: string;
}

const kite = defineEntity<Thing>()({
  type: 'kite',
  description: 'names 7.1.1',
  audited: true,
  controls: ['7.1.1'],
  label: (thing) => thing.name,
  link: (id) => `/kites/${id}`,
});
const drum = defineEntity<Thing>()({ type: 'drum', description: 'names the category 7.1', audited: true, controls: ['7.1'] });
const bell = defineEntity<Thing>()({ type: 'bell', description: 'names the clause 7, but is not listed', audited: true, listed: false, controls: ['7'] });
const horn = defineEntity<Thing>()({ type: 'horn', description: 'names 7.2.1 only', audited: true, controls: ['7.2.1'] });
const models = [kite, drum, bell, horn];

const ctx: WriteContext = { actor: { userId: 'u-1', roles: ['admin'] }, operation: 'test' };
const newTenant = () => `cr-${randomBytes(5).toString('hex')}`;
const id = (n: number) => `01JDQ8R6Z8W4X3N2K1M0P9Q7${String(n).padStart(2, '0')}`;

async function seed(tenant: string) {
  const work = new UnitOfWork(ctx);
  work.create(kite, tenant, id(1), { name: 'Red kite' });
  work.create(kite, tenant, id(2), { name: 'Box kite' });
  work.create(drum, tenant, id(3), { name: 'Snare' });
  work.create(bell, tenant, id(4), { name: 'Cowbell' });
  work.create(horn, tenant, id(5), { name: 'Bugle' });
  await work.commit();
}

const refusal = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (error) {
    return error as Problem;
  }
  throw new Error('expected a refusal');
};

describe('the records that implement a control', () => {
  it('are those of every listed model naming the control, its category or its clause', () => {
    expect(recordModels('7.1.1', models).map((model) => model.type)).toEqual(['kite', 'drum']);
    expect(recordModels('7.1.2', models).map((model) => model.type)).toEqual(['drum']);
    expect(recordModels('7.2.1', models).map((model) => model.type)).toEqual(['horn']);
    expect(recordModels('8.1.1', models)).toEqual([]);
  });

  it('come one model after another, labelled and linked, in pages whose cursor carries the model', async () => {
    const tenant = newTenant();
    await seed(tenant);
    const whole = await controlRecords(tenant, '7.1.1', models, { limit: 10 });
    expect(whole.items.map(({ type, id: recordId, label, link }) => ({ type, id: recordId, label, link }))).toEqual([
      { type: 'kite', id: id(1), label: 'Red kite', link: `/kites/${id(1)}` },
      { type: 'kite', id: id(2), label: 'Box kite', link: `/kites/${id(2)}` },
      // A model without a label or a link shows the id, and no link.
      { type: 'drum', id: id(3), label: id(3), link: undefined },
    ]);
    expect(whole.nextCursor).toBeUndefined();
    expect(whole.items[0]!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const seen: string[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await controlRecords(tenant, '7.1.1', models, { limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      if (cursor) cursors.push(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')).type);
    } while (cursor);
    expect(seen).toEqual([id(1), id(2), id(3)]);
    expect(cursors[0]).toBe('kite');
    expect(cursors.at(-1)).toBe('drum');

    // A page that ends exactly at a model's end goes on to the next model in the same request.
    const two = await controlRecords(tenant, '7.1.1', models, { limit: 2 });
    const rest = await controlRecords(tenant, '7.1.1', models, { limit: 2, cursor: two.nextCursor! });
    expect([...two.items, ...rest.items].map((item) => item.id)).toEqual([id(1), id(2), id(3)]);
  });

  it('are none for a control no model names, and only the tenant’s own', async () => {
    const tenant = newTenant();
    await seed(tenant);
    expect(await controlRecords(tenant, '8.1.1', models, { limit: 10 })).toEqual({ items: [] });
    expect(await controlRecords(newTenant(), '7.1.1', models, { limit: 10 })).toEqual({ items: [] });
    expect((await controlRecords(tenant, '7.2.1', models, { limit: 10 })).items.map((item) => item.label)).toEqual([id(5)]);
  });

  it('refuse a cursor that was not handed out, naming it', async () => {
    const tenant = newTenant();
    await seed(tenant);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [encode({ type: 'horn' }), encode({ type: 'kite', cursor: 7 }), encode(null), encode('kite'), 'not-json']) {
      const refused = await refusal(() => controlRecords(tenant, '7.1.1', models, { limit: 1, cursor }));
      expect([refused.status, refused.message, refused.errors], cursor).toEqual([
        400,
        'the cursor is not one this list handed out',
        [{ path: 'query.cursor', message: 'invalid or tampered cursor' }],
      ]);
    }
    // A cursor that names the next model alone starts at that model's beginning.
    const atDrum = await controlRecords(tenant, '7.1.1', models, { limit: 10, cursor: encode({ type: 'drum' }) });
    expect(atDrum.items.map((item) => item.id)).toEqual([id(3)]);
    // A model's own cursor must be the store's, signed for this tenant.
    const forged = await refusal(() => controlRecords(tenant, '7.1.1', models, { limit: 1, cursor: encode({ type: 'kite', cursor: 'eyJ4IjoxfQ' }) }));
    expect(forged.status).toBe(400);
  });
});

describe('a control number', () => {
  it('is one of the 133 controls, or a 404 naming it', async () => {
    expect(requireControlNumber('7.1.1')).toBe('7.1.1');
    expect(requireControlNumber('15.3.2')).toBe('15.3.2');
    for (const missing of ['7.1.4', '7.1', '7', '16.1.1', '']) {
      const refused = await refusal(async () => requireControlNumber(missing));
      expect([refused.status, refused.message], missing).toEqual([404, `control ${missing} was not found`]);
    }
  });
});
