// Entity models, pure: what a declaration is refused for, the index attributes the store writes from a
// model (the list, each pattern, sparse ones left out), how a value is kept inside its key part, and the
// indexes a declaration's patterns grant it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineOperation } from '@ismf/catalogue/operation';
import { defineConsumer } from '@ismf/events/consumers';
import { defineEvent } from '@ismf/events/event';
import { defineJob } from '@ismf/events/schedules';
import { defineFlow } from '@ismf/flows/flow-definition';
import { auditTrailByDay } from '@ismf/store/audit-entry';
import { accessFor, defineEntity, indexAttributes, partitionKey, sortValue } from '@ismf/store/entity-model';
import * as z from 'zod';

interface Gadget {
  [key: string]: unknown;
  keeper?: string;
  site?: string;
  room?: string;
  dueOn?: string;
  rank?: number;
  status: 'open' | 'closed';
  secret?: string;
}

const gadgetEntity = defineEntity<Gadget>()({
  type: 'gadget',
  description: 'a test record',
  audited: true,
  sensitive: ['secret'],
  patterns: {
    byKeeper: { index: 'GSI3', partition: ['keeper'], sort: ['id'] },
    due: { index: 'GSI4', partition: [], sort: ['dueOn', 'id'], when: (gadget) => gadget.status === 'open' },
  },
});

const placedEntity = defineEntity<Gadget>()({
  type: 'placed-gadget',
  description: 'a test record found by two values',
  audited: false,
  listed: false,
  patterns: { byPlace: { index: 'GSI3', partition: ['site', 'room'], sort: ['rank', 'id'] } },
});

describe('an entity model', () => {
  it('has its list and its named patterns, in the Recommendation’s words, and the defaults', () => {
    expect(Object.keys(gadgetEntity.patterns).sort()).toEqual(['byKeeper', 'due', 'list']);
    expect(gadgetEntity.patterns.byKeeper).toMatchObject({ entity: 'gadget', name: 'byKeeper', index: 'GSI3', partition: ['keeper'], sort: ['id'] });
    expect(gadgetEntity.patterns.list).toMatchObject({ entity: 'gadget', name: 'list', index: 'GSI1', partition: [], sort: ['id'] });
    expect(gadgetEntity).toMatchObject({ type: 'gadget', audited: true, listed: true, sensitive: ['secret'] });
    expect(Object.keys(placedEntity.patterns)).toEqual(['byPlace']);
    const plain = defineEntity()({ type: 'plain', description: 'x', audited: true });
    expect(plain).toMatchObject({ listed: true, sensitive: [], controls: [] });
    expect(['childOf', 'label', 'link'].filter((field) => field in plain)).toEqual([]);
    // An unlisted model has no list; a pattern of its own on GSI1 is keyed as that pattern, not as the type's list.
    const unlisted = defineEntity<{ name: string }>()({
      type: 'hidden',
      description: 'x',
      audited: true,
      listed: false,
      patterns: { byName: { index: 'GSI1', partition: ['name'], sort: ['id'] } },
    });
    expect(Object.keys(unlisted.patterns)).toEqual(['byName']);
    expect(partitionKey(unlisted.patterns.byName, 'acme', { name: 'x' })).toBe('acme#hidden#byName#x');
  });

  it('refuses two patterns on one index, saying to use a child item; and a pattern on the list’s index', () => {
    expect(() =>
      defineEntity<Gadget>()({
        type: 'twice',
        description: 'x',
        audited: true,
        patterns: { byKeeper: { index: 'GSI3', partition: ['keeper'], sort: ['id'] }, bySite: { index: 'GSI3', partition: ['site'], sort: ['id'] } },
      }),
    ).toThrow('entity twice: patterns byKeeper and bySite both need GSI3; an entity indexed twice on one GSI uses a child item');
    expect(() =>
      defineEntity<Gadget>()({ type: 'listed', description: 'x', audited: true, patterns: { bySite: { index: 'GSI1', partition: ['site'], sort: ['id'] } } }),
    ).toThrow('patterns list and bySite both need GSI1');
    // Unlisted, GSI1 is free for a pattern.
    expect(
      defineEntity<Gadget>()({
        type: 'unlisted',
        description: 'x',
        audited: true,
        listed: false,
        patterns: { bySite: { index: 'GSI1', partition: ['site'], sort: ['id'] } },
      }).patterns.bySite.index,
    ).toBe('GSI1');
  });

  it('refuses a bad type or pattern name, an unknown index, no sort value, a sensitive key, and an audited or listed child item', () => {
    const base = { description: 'x', audited: true } as const;
    expect(() => defineEntity()({ ...base, type: 'Bad_Type' })).toThrow('entity type Bad_Type is not kebab-case');
    expect(() => defineEntity<Gadget>()({ ...base, type: 'named', patterns: { 'by#site': { index: 'GSI3', partition: ['site'], sort: ['id'] } } })).toThrow(
      'by#site is no pattern name',
    );
    expect(() =>
      defineEntity<Gadget>()({ ...base, type: 'named', listed: false, patterns: { list: { index: 'GSI3', partition: ['site'], sort: ['id'] } } }),
    ).toThrow('list is no pattern name');
    expect(() =>
      defineEntity<Gadget>()({ ...base, type: 'named', patterns: { bySite: { index: 'GSI9' as 'GSI3', partition: ['site'], sort: ['id'] } } }),
    ).toThrow('pattern bySite names no index of the table');
    expect(() => defineEntity<Gadget>()({ ...base, type: 'named', patterns: { bySite: { index: 'GSI3', partition: ['site'], sort: [] } } })).toThrow(
      'pattern bySite has no sort value',
    );
    expect(() =>
      defineEntity<Gadget>()({ ...base, type: 'named', sensitive: ['secret'], patterns: { bySecret: { index: 'GSI3', partition: ['secret'], sort: ['id'] } } }),
    ).toThrow('pattern bySecret would put the sensitive secret into a key');
    expect(() => defineEntity()({ ...base, type: 'part', childOf: 'gadget' })).toThrow('a child-item model is derived and unlisted');
    expect(defineEntity()({ type: 'part', description: 'x', audited: false, childOf: 'gadget' })).toMatchObject({ listed: false, childOf: 'gadget' });
  });
});

describe('the index attributes of a record', () => {
  it('are the list and every pattern the record is on, each key led by the tenant', () => {
    expect(indexAttributes(gadgetEntity, 'acme', { id: '01A', keeper: 'u1', dueOn: '2026-12-01', status: 'open' })).toEqual({
      gsi1pk: 'acme#gadget',
      gsi1sk: '01A',
      gsi3pk: 'acme#gadget#byKeeper#u1',
      gsi3sk: '01A',
      gsi4pk: 'acme#gadget#due',
      gsi4sk: '2026-12-01#01A',
    });
    expect(indexAttributes(placedEntity, 'acme', { id: '01A', site: 'Lyon', room: 'B2', rank: 7, status: 'open' })).toEqual({
      gsi3pk: 'acme#placed-gadget#byPlace#Lyon#B2',
      gsi3sk: '000000000007#01A',
    });
  });

  it('leave out a sparse pattern: a record without one of its values, or one its condition excludes', () => {
    expect(indexAttributes(gadgetEntity, 'acme', { id: '01A', dueOn: '2026-12-01', status: 'closed' })).toEqual({ gsi1pk: 'acme#gadget', gsi1sk: '01A' });
    expect(indexAttributes(placedEntity, 'acme', { id: '01A', site: 'Lyon', rank: 1, status: 'open' })).toEqual({});
    expect(indexAttributes(placedEntity, 'acme', { id: '01A', site: 'Lyon', room: 'B2', status: 'open' })).toEqual({});
    expect(indexAttributes(placedEntity, 'acme', { id: '01A', site: 'Lyon', room: null, rank: 1 })).toEqual({});
  });

  it('refuse a value that is neither a string nor a whole number (a bug, not input)', () => {
    expect(() => indexAttributes(placedEntity, 'acme', { id: '01A', site: 'Lyon', room: 'B2', rank: 1.5 })).toThrow(
      'rank is neither a string nor a whole number',
    );
    expect(() => indexAttributes(placedEntity, 'acme', { id: '01A', site: true, room: 'B2', rank: 1 })).toThrow('neither a string nor a whole number');
    // A negative number would sort before zero only as text with its sign: refused, not padded.
    expect(() => indexAttributes(placedEntity, 'acme', { id: '01A', site: 'Lyon', room: 'B2', rank: -1 })).toThrow(
      'rank is neither a string nor a whole number',
    );
  });
});

describe('a partition key', () => {
  const tenantIds = fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,39}$/);
  const hostile = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('#', 'a#b', '%23', '%', 'x#META', 'Lyon#B2', '%2523', 'acme#gadget'));

  it('names the partition’s values, and refuses a value the pattern does not take or a missing one', () => {
    expect(partitionKey(placedEntity.patterns.byPlace, 'acme', { site: 'Lyon', room: 'B2' })).toBe('acme#placed-gadget#byPlace#Lyon#B2');
    expect(partitionKey(gadgetEntity.patterns.list, 'acme', {})).toBe('acme#gadget');
    expect(() => partitionKey(gadgetEntity.patterns.byKeeper, 'acme', { keeper: 'u1', site: 'x' })).toThrow('gadget.byKeeper is not partitioned by site');
    expect(() => partitionKey(placedEntity.patterns.byPlace, 'acme', { site: 'Lyon' })).toThrow('placed-gadget.byPlace needs room to select a partition');
    expect(() => partitionKey(gadgetEntity.patterns.byKeeper, 'Not a tenant', { keeper: 'u1' })).toThrow('not a tenant id');
  });

  it('keeps a value containing # or % inside its part: no value poses as another partition or another value split', () => {
    expect(partitionKey(placedEntity.patterns.byPlace, 'acme', { site: 'Lyon#B2', room: '%' })).toBe('acme#placed-gadget#byPlace#Lyon%23B2#%25');
    fc.assert(
      fc.property(tenantIds, hostile, hostile, hostile, hostile, (tenant, a, b, c, d) => {
        fc.pre(a !== c || b !== d);
        const one = partitionKey(placedEntity.patterns.byPlace, tenant, { site: a, room: b });
        const other = partitionKey(placedEntity.patterns.byPlace, tenant, { site: c, room: d });
        expect(one).not.toBe(other);
        // Two parts after the pattern name, whatever the values hold.
        expect(one.split('#')).toHaveLength(5);
        expect(one.startsWith(`${tenant}#placed-gadget#byPlace#`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('stays inside its tenant: no tenant’s partition begins with another tenant’s prefix, whatever the values', () => {
    fc.assert(
      fc.property(tenantIds, tenantIds, hostile, (a, b, value) => {
        fc.pre(a !== b);
        expect(partitionKey(gadgetEntity.patterns.byKeeper, a, { keeper: value }).startsWith(`${b}#`)).toBe(false);
        expect(partitionKey(gadgetEntity.patterns.byKeeper, a, { keeper: `${b}#gadget` })).toBe(`${a}#gadget#byKeeper#${b}%23gadget`);
      }),
      { numRuns: 300 },
    );
  });

  it('sorts by its values, the leading ones alone making a bound', () => {
    expect(sortValue(gadgetEntity.patterns.due, { dueOn: '2026-12-01', id: '01A' })).toBe('2026-12-01#01A');
    expect(sortValue(gadgetEntity.patterns.due, { dueOn: '2026-12-01' }, ['dueOn'])).toBe('2026-12-01');
    expect(sortValue(gadgetEntity.patterns.due, { id: '01A' })).toBeUndefined();
    const ranked = [3, 20, 100].map((rank) => sortValue(placedEntity.patterns.byPlace, { rank, id: 'x' })!);
    expect([...ranked].sort()).toEqual(ranked);
  });
});

describe('a declaration’s indexes', () => {
  const ping = defineEvent({ source: 'ismf.test', detailType: 'Pinged', description: 'test', clauses: [], data: z.object({}) });

  it('follow from the patterns it names, in index order, once each', () => {
    expect(accessFor('x', { table: 'read' }, [gadgetEntity.patterns.due, gadgetEntity.patterns.list, gadgetEntity.patterns.byKeeper, auditTrailByDay])).toEqual(
      {
        table: 'read',
        indexes: ['GSI1', 'GSI2', 'GSI3', 'GSI4'],
      },
    );
    expect(accessFor('x', { table: 'write', mail: true }, [placedEntity.patterns.byPlace, gadgetEntity.patterns.byKeeper])).toEqual({
      table: 'write',
      mail: true,
      indexes: ['GSI3'],
    });
    expect(accessFor('x', { table: 'read' })).toEqual({ table: 'read' });
  });

  it('are never typed by hand, and need a table', () => {
    expect(() => accessFor('operation x', { table: 'read', indexes: ['GSI1'] })).toThrow('operation x types access.indexes by hand');
    expect(() => accessFor('job y', { table: 'none' }, [gadgetEntity.patterns.list])).toThrow('job y names patterns but reaches no table');
  });

  it('are derived by every kind of declaration: operations, consumers, jobs and flow tasks', () => {
    const operation = defineOperation({
      name: 'listGadgets',
      area: 'test',
      method: 'GET',
      path: '/gadgets',
      summary: 's',
      description: 'd',
      handler: 'functions/test/list-gadgets.ts',
      callers: { public: true },
      clauses: [],
      access: { table: 'read' },
      patterns: [gadgetEntity.patterns.byKeeper],
      response: z.object({}),
      successStatus: 200,
      examples: { response: {} },
    });
    expect(operation.access.indexes).toEqual(['GSI3']);
    const consumer = defineConsumer({
      name: 'countGadgets',
      description: 'd',
      handler: 'h',
      access: { table: 'write' },
      patterns: [gadgetEntity.patterns.list],
      subscribes: [{ event: ping }],
    });
    expect(consumer.access.indexes).toEqual(['GSI1']);
    expect(
      defineJob({
        name: 'gadget-due',
        expression: 'rate(1 day)',
        description: 'd',
        handler: 'h',
        access: { table: 'write' },
        patterns: [gadgetEntity.patterns.due],
        clauses: [],
      }).access.indexes,
    ).toEqual(['GSI4']);
    const flow = defineFlow({
      name: 'gadget',
      definition: 'x.asl.json',
      description: 'd',
      clauses: [],
      tasks: { CheckGadgetFunctionArn: { handler: 'h', description: 'd', access: { table: 'read' }, patterns: [auditTrailByDay] } },
    });
    expect(flow.tasks.CheckGadgetFunctionArn!.access.indexes).toEqual(['GSI2']);
    expect(() =>
      defineJob({ name: 'by-hand', expression: 'rate(1 day)', description: 'd', handler: 'h', access: { table: 'read', indexes: ['GSI4'] }, clauses: [] }),
    ).toThrow('job by-hand types access.indexes by hand');
  });
});
