// A toy area, declared as every area is and added to a registry by a test only: a create and its read, one
// event, one scheduled job, one kind of subject for human decisions, one item it owes people and one
// notification kind. It proves that an area plugs in without a line changed in a generic package.
import * as z from 'zod';
import { registry } from '@ismf/app/areas';
import { defineArea } from '@ismf/area/declaration';
import { buildRegistry } from '@ismf/area/registry';
import { defineOperation } from '@ismf/catalogue/operation';
import { entityMeta, EXAMPLE_ID, EXAMPLE_TIME } from '@ismf/catalogue/common';
import { ulidSchema } from '@ismf/core/ids';
import { defineEvent } from '@ismf/events/event';
import { defineJob } from '@ismf/events/schedules';
import { defineOwedSource } from '@ismf/flows/my-tasks';
import type { SubjectKind } from '@ismf/flows/subject-kind';
import { requireEntity } from '@ismf/store/entities';
import { defineEntity } from '@ismf/store/entity-model';

export interface ToyData {
  [key: string]: unknown;
  name: string;
  status: 'proposed' | 'approved' | 'rejected' | 'returned' | 'expired' | 'interrupted' | 'withdrawn';
  author: string;
  flowId: string;
}

export const TOY = 'toy-proposal';

export const toyEntity = defineEntity<ToyData>()({
  type: TOY,
  description: 'A toy proposal, decided by a manager.',
  audited: true,
});

export const toyProposed = defineEvent({
  detailType: 'ToyProposed',
  source: 'ismf.toys',
  description: 'A toy was proposed for approval.',
  clauses: ['5.1.1'],
  data: z.strictObject({ toyId: z.string(), name: z.string() }),
});

const toySchema = z.object({ ...entityMeta, name: z.string(), status: z.string(), author: z.string(), flowId: z.string() });

export const proposeToy = defineOperation({
  name: 'proposeToy',
  area: 'toys',
  method: 'POST',
  path: '/toy-proposals',
  summary: 'Propose a toy',
  description: 'Records the proposal and sends it to a manager for approval.',
  handler: 'test/support/toy-area/propose-toy.ts',
  callers: { roles: ['admin', 'security-officer'] },
  clauses: ['5.1.1'],
  access: { table: 'write' },
  body: z.strictObject({ name: z.string().trim().min(1).max(80) }),
  response: toySchema,
  successStatus: 201,
  examples: {
    body: { name: 'Kite' },
    response: {
      id: EXAMPLE_ID,
      version: 1,
      createdAt: EXAMPLE_TIME,
      updatedAt: EXAMPLE_TIME,
      name: 'Kite',
      status: 'proposed',
      author: 'u',
      flowId: EXAMPLE_ID,
    },
  },
});

export const getToy = defineOperation({
  name: 'getToy',
  area: 'toys',
  method: 'GET',
  path: '/toy-proposals/{toyId}',
  summary: 'Get a toy proposal',
  description: 'The proposal and where its approval stands.',
  handler: 'test/support/toy-area/get-toy.ts',
  callers: { roles: ['admin', 'security-officer', 'manager', 'auditor'] },
  clauses: ['5.1.1'],
  access: { table: 'read' },
  params: z.strictObject({ toyId: ulidSchema }),
  response: toySchema,
  successStatus: 200,
  examples: { response: proposeToy.examples.response },
});

export const toySweepJob = defineJob({
  name: 'toy-sweep',
  expression: 'rate(1 day)',
  description: 'Counts the tenant’s toy proposals.',
  handler: 'test/support/toy-area/sweep-toys.ts',
  access: { table: 'read' },
  patterns: [toyEntity.patterns.list],
  clauses: [],
});

export const toyKind: SubjectKind = {
  kind: TOY,
  subjectType: TOY,
  title: 'toy proposal',
  link: (id) => `/toy-proposals/${id}`,
  steps: [{ name: 'approve', act: 'Approve the toy proposal', chain: ['manager', 'admin'] }],
  revision: { act: 'Revise the toy proposal', result: z.strictObject({ name: z.string() }), editors: ['security-officer'] },
  async current(tenantId, id) {
    const toy = await requireEntity<ToyData>(tenantId, TOY, id, `toy proposal ${id}`);
    return { version: toy.version, author: toy.data.author, snapshot: { name: toy.data.name } };
  },
  async settle(work, tenantId, id, settlement) {
    const toy = await requireEntity<ToyData>(tenantId, TOY, id, `toy proposal ${id}`);
    const status = settlement.outcome === 'revised' ? 'proposed' : settlement.outcome;
    const after = work.update(toyEntity, toy, { ...toy.data, status });
    return { subject: { version: after.version, author: after.data.author } };
  },
};

/** Auditors owe a count of the toys, due at once. */
export const toyCountOwed = defineOwedSource([], async (_tenantId, caller, at) =>
  caller.roles.includes('auditor')
    ? [{ kind: 'toy-count', id: 'toy-count', title: 'Count the toys', subject: { type: TOY, id: 'all' }, link: '/toy-proposals', dueAt: at, overdue: false }]
    : [],
);

export const toysArea = defineArea({
  area: 'toys',
  title: 'Toys (a test area)',
  operations: [proposeToy, getToy],
  events: [toyProposed],
  jobs: [toySweepJob],
  subjectKinds: [toyKind],
  owed: [toyCountOwed],
  notificationKinds: ['toy-counted'],
  entities: [toyEntity],
});

/** The composed areas and the toy area: what the test runs the local runtime and CDK on. */
export const toyRegistry = buildRegistry([...registry.areas, toysArea]);
