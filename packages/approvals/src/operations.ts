// Human decisions and work tasks (the steps of every area's flows) and the caller's task list.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/ids';
import { TENANT_ROLES } from '@ismf/core/roles';
import { defineOperation } from '@ismf/catalogue/operation';
import { entityMeta, EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME, nameSchema, personRefSchema } from '@ismf/catalogue/common';
import { PEOPLE_PATTERNS } from '@ismf/store/access';
import { approvalEntity, workTaskEntity } from '@ismf/flows/entities';

const everyone = { roles: TENANT_ROLES } as const;
const SUBJECT_ID = '01JDQ8R6Z8W4X3N2K1M0P9Q7RT';
const FLOW_ID = '01JDQ8R6Z8W4X3N2K1M0P9Q7RV';
const REQUESTER = '6f1c2b7e-0a55-4c1e-9a43-2d1f3e4a5b6c';
const DECIDER = '2b9c0d1e-7f3a-4b2c-8d1e-5f6a7b8c9d0e';
// People as responses name them (read through the cached directory), beside the recorded ids.
const REQUESTER_PERSON = EXAMPLE_PERSON;
const DECIDER_PERSON = { id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RQ', name: 'Sam Checker', email: 'sam.checker@acme-telecom.example' };
const named = (who: string) => personRefSchema.describe(`${who}, named`);

const taskSchema = z.object({
  ...entityMeta,
  kind: z.enum(['decision', 'work']),
  flowId: z.string(),
  subjectKind: z.string(),
  subject: z.object({ type: z.string(), id: z.string(), version: z.number().int() }),
  step: z.string(),
  act: z.string().describe('what is asked'),
  role: z.string().optional().describe('decisions: the role that decides at this escalation level'),
  assignee: z.string().optional().describe('work tasks: who does it'),
  assigneePerson: named('the assignee').optional(),
  work: z.string().optional().describe('a work step: the kind of work whose result it takes (a lab test, for instance); absent on a revision'),
  quorum: z.number().int().optional().describe('a decision several people of the role must approve: how many'),
  votes: z
    .array(z.object({ by: z.string(), byPerson: named('who approved'), roles: z.array(z.string()), at: z.iso.datetime(), reason: z.string().optional() }))
    .optional()
    .describe('a quorum decision: the approvals so far'),
  timeout: z.enum(['PT4H', 'P1D', 'P3D', 'P7D', 'P14D']).optional().describe('how long the step waits before it escalates (a decision) or lapses (work)'),
  escalationChain: z.array(z.string()),
  escalationLevel: z.number().int(),
  excluded: z
    .array(z.object({ userId: z.string(), why: z.string(), userPerson: named('who is kept from deciding') }))
    .describe('who separation of duties keeps from deciding'),
  requestedBy: z.string(),
  requestedByPerson: named('the requester'),
  author: z.string(),
  authorPerson: named('the author of the subject’s current version'),
  link: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'returned', 'completed', 'expired', 'interrupted', 'withdrawn']),
  openedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  snapshot: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'the subject as the decider sees it; a revision’s also names the return it answers (`returned`: step, approvalId, by, reason, at), kept here even when the subject is kept as an object',
    ),
  snapshotRef: z.object({ sha256: z.string(), size: z.number().int() }).optional().describe('a large snapshot, kept as an object'),
  difference: z
    .object({
      of: z.string().describe('what is in force, as people call it'),
      version: z.number().int().describe('the version in force compared with (0: the default)'),
      changes: z.array(
        z.object({
          path: z.string().describe('a JSON Pointer (RFC 6901) into what is in force'),
          before: z.unknown().optional().describe('absent where the subject adds the path'),
          after: z.unknown().optional().describe('absent where the subject removes the path'),
        }),
      ),
      omitted: z.number().int().optional().describe('changes left out of a very large difference (the snapshot holds them)'),
    })
    .optional()
    .describe('a change to something in force: what it would change there, path by path, when the task opened'),
  decision: z
    .object({
      outcome: z.enum(['approve', 'reject', 'return']),
      reason: z.string().optional(),
      by: z.string(),
      byPerson: named('the decider'),
      roles: z.array(z.string()),
      at: z.iso.datetime(),
    })
    .optional(),
  completion: z.object({ result: z.record(z.string(), z.unknown()), by: z.string(), byPerson: named('who completed it'), at: z.iso.datetime() }).optional(),
  withdrawal: z.object({ reason: z.string(), by: z.string(), byPerson: named('who withdrew the subject'), at: z.iso.datetime() }).optional(),
});
nameSchema(taskSchema, 'Task', 'A step of a flow: an approval (kind `decision`, at /approvals/{id}) or a work task (kind `work`, at /tasks/{id}).');
const readTaskSchema = taskSchema.extend({
  snapshotDownload: z.object({ url: z.string(), expiresAt: z.iso.datetime() }).optional().describe('a large snapshot’s presigned download, valid five minutes'),
});
nameSchema(readTaskSchema, 'TaskDetail', 'A task as its read answers it: with the presigned download of a large snapshot.');

const exampleApproval = {
  id: EXAMPLE_ID,
  kind: 'decision' as const,
  flowId: FLOW_ID,
  subjectKind: 'asset-policy-change',
  subject: { type: 'asset-policy-change', id: SUBJECT_ID, version: 1 },
  step: 'approve',
  act: 'Approve the asset policy change',
  role: 'manager',
  escalationChain: ['manager', 'admin'],
  escalationLevel: 0,
  excluded: [{ userId: REQUESTER, why: 'requester', userPerson: REQUESTER_PERSON }],
  requestedBy: REQUESTER,
  requestedByPerson: REQUESTER_PERSON,
  author: REQUESTER,
  authorPerson: REQUESTER_PERSON,
  link: `/asset-policy-changes/${SUBJECT_ID}`,
  status: 'pending' as const,
  openedAt: EXAMPLE_TIME,
  dueAt: '2026-12-02T09:30:00.000Z',
  snapshot: { reason: 'stricter availability valuation' },
  difference: { of: 'the asset policy', version: 2, changes: [{ path: '/valuation/method', before: 'highest', after: 'mean' }] },
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};

const exampleTask = {
  ...exampleApproval,
  kind: 'work' as const,
  step: 'revise',
  act: 'Revise the returned asset policy change',
  role: undefined,
  assignee: REQUESTER,
  assigneePerson: REQUESTER_PERSON,
  escalationChain: [],
  excluded: [],
  dueAt: '2026-12-13T09:30:00.000Z',
};

export const getApproval = defineOperation({
  name: 'getApproval',
  area: 'approvals',
  method: 'GET',
  path: '/approvals/{approvalId}',
  summary: 'Get an approval',
  description: 'A decision asked of a role: the subject’s snapshot, who may not decide it (separation of duties), its due time and, once taken, the decision.',
  handler: 'functions/approvals/get-approval.ts',
  callers: everyone,
  clauses: ['6.1.4', '10.1.3'],
  access: { table: 'read', objects: 'read' },
  params: z.strictObject({ approvalId: ulidSchema }),
  response: readTaskSchema,
  successStatus: 200,
  examples: { response: exampleApproval },
});

export const decideApproval = defineOperation({
  name: 'decideApproval',
  area: 'approvals',
  method: 'POST',
  path: '/approvals/{approvalId}/decision',
  summary: 'Decide an approval',
  description:
    'Approve, reject or return the subject (a reason is required to reject or return). Only the step’s role decides; the requester, the author of the subject’s current version and the approvers of earlier steps of the same flow may not (403). A decided, expired or interrupted approval answers 409. The decision is recorded with its event in one transaction; the flow resumes from the event.',
  handler: 'functions/approvals/decide-approval.ts',
  callers: everyone,
  clauses: ['6.1.4', '10.1.3'],
  access: { table: 'write' },
  params: z.strictObject({ approvalId: ulidSchema }),
  body: z
    .strictObject({
      outcome: z.enum(['approve', 'reject', 'return']),
      reason: z.string().trim().min(1).max(2000).optional().describe('required to reject or return; kept in the audit trail'),
    })
    .refine((input) => input.outcome === 'approve' || input.reason !== undefined, { message: 'a reason is required to reject or return', path: ['reason'] }),
  response: taskSchema,
  successStatus: 200,
  examples: {
    body: { outcome: 'return', reason: 'state which business processes the new levels cover' },
    response: {
      ...exampleApproval,
      status: 'returned',
      decision: {
        outcome: 'return',
        reason: 'state which business processes the new levels cover',
        by: DECIDER,
        byPerson: DECIDER_PERSON,
        roles: ['manager'],
        at: EXAMPLE_TIME,
      },
      version: 2,
    },
  },
});

export const getTask = defineOperation({
  name: 'getTask',
  area: 'approvals',
  tag: 'tasks',
  method: 'GET',
  path: '/tasks/{taskId}',
  summary: 'Get a work task',
  description: 'A work task of a flow (a revision, a test result): who does it, by when, and once done its result.',
  handler: 'functions/approvals/get-task.ts',
  callers: everyone,
  clauses: ['6.1.4', '10.1.3'],
  access: { table: 'read', objects: 'read' },
  params: z.strictObject({ taskId: ulidSchema }),
  response: readTaskSchema,
  successStatus: 200,
  examples: { response: exampleTask },
});

export const completeTask = defineOperation({
  name: 'completeTask',
  area: 'approvals',
  tag: 'tasks',
  method: 'POST',
  path: '/tasks/{taskId}/completion',
  summary: 'Complete a work task',
  description:
    'Hands in the task’s result, checked against the task’s own schema (a revision of an asset policy change: `{ policy, note }`); a result that does not fit answers 422 naming each field and records nothing. Only the assignee completes it; a completed, expired or interrupted task answers 409.',
  handler: 'functions/approvals/complete-task.ts',
  callers: everyone,
  clauses: ['6.1.4', '10.1.3'],
  access: { table: 'write' },
  params: z.strictObject({ taskId: ulidSchema }),
  body: z.strictObject({ result: z.record(z.string(), z.unknown()).describe('the result, in the shape the task asks for') }),
  response: taskSchema,
  successStatus: 200,
  problems: [422], // the result does not fit the task
  examples: {
    body: { result: { policy: { note: 'the asset policy, revised' }, note: 'named the business processes' } },
    response: {
      ...exampleTask,
      status: 'completed',
      completion: { result: { note: 'named the business processes' }, by: REQUESTER, byPerson: REQUESTER_PERSON, at: EXAMPLE_TIME },
      version: 2,
    },
  },
});

export const getFlow = defineOperation({
  name: 'getFlow',
  area: 'approvals',
  tag: 'flows',
  method: 'GET',
  path: '/flows/{flowId}',
  summary: 'Get a flow and its history',
  description:
    'Where a subject’s human decisions stand: the status, the step it waits for (with its task), who approved which step, and every step’s outcome with who, when and why — the decision record an auditor reads.',
  handler: 'functions/approvals/get-flow.ts',
  callers: everyone,
  clauses: ['6.1.4', '10.1.3', '10.10.1'],
  access: { table: 'read' },
  params: z.strictObject({ flowId: ulidSchema }),
  response: z.object({
    ...entityMeta,
    flow: z.string(),
    kind: z.string(),
    subject: z.object({ type: z.string(), id: z.string() }),
    requestedBy: z.string(),
    requestedByPerson: named('the requester'),
    status: z.enum(['running', 'approved', 'rejected', 'superseded', 'expired', 'interrupted', 'withdrawn']),
    stepIndex: z.number().int(),
    escalationLevel: z.number().int(),
    waitingFor: z
      .object({
        taskId: z.string(),
        kind: z.enum(['decision', 'work']),
        step: z.string(),
        role: z.string().optional(),
        assignee: z.string().optional(),
        assigneePerson: named('the assignee').optional(),
        link: z.string(),
      })
      .optional()
      .describe('the open step, while the flow runs'),
    steps: z
      .array(
        z.object({
          step: z.string(),
          act: z.string().describe('what the decider (or worker) is asked to do'),
          kind: z.enum(['decision', 'work']).describe('a decision (approve, reject, return) or work with a result that passes or fails the step'),
          roles: z.array(z.string()).describe('a decision: who decides, then whom the step escalates to; work: the role that may do it'),
          quorum: z.number().int().optional().describe('a decision several people must approve (a change advisory board): how many'),
          assignee: z.string().optional().describe('work given to one person (token subject)'),
          assigneePerson: named('the person the work is given to').optional(),
        }),
      )
      .describe('every step chosen for this subject when the flow started, in order: the ones still to come among them'),
    worked: z
      .array(z.object({ stepIndex: z.number().int(), step: z.string(), by: z.string(), byPerson: named('who did the work'), at: z.iso.datetime() }))
      .optional()
      .describe('who handed in the work of which work step (a tester, for instance)'),
    approvals: z.array(z.object({ stepIndex: z.number().int(), step: z.string(), by: z.string(), byPerson: named('the approver'), at: z.iso.datetime() })),
    history: z.array(
      z.object({
        taskId: z.string(),
        step: z.string(),
        outcome: z.string(),
        by: z.string().optional(),
        byPerson: named('who settled the step').optional().describe('absent where no one did (a step that timed out)'),
        reason: z.string().optional(),
        passed: z.boolean().optional().describe('a work step: whether its result passed it (a failed test returns the subject to its author)'),
        at: z.iso.datetime(),
      }),
    ),
  }),
  successStatus: 200,
  examples: {
    response: {
      id: FLOW_ID,
      flow: 'approval',
      kind: 'asset-policy-change',
      subject: { type: 'asset-policy-change', id: SUBJECT_ID },
      requestedBy: REQUESTER,
      requestedByPerson: REQUESTER_PERSON,
      status: 'running',
      stepIndex: 1,
      escalationLevel: 0,
      waitingFor: { taskId: EXAMPLE_ID, kind: 'decision', step: 'approve', role: 'manager', link: `/approvals/${EXAMPLE_ID}` },
      steps: [
        { step: 'check', act: 'Check the asset policy change', kind: 'decision', roles: ['security-officer', 'admin'] },
        { step: 'approve', act: 'Approve the asset policy change', kind: 'decision', roles: ['manager', 'admin'] },
      ],
      approvals: [{ stepIndex: 0, step: 'check', by: DECIDER, byPerson: DECIDER_PERSON, at: EXAMPLE_TIME }],
      history: [{ taskId: '01JDQ8R6Z8W4X3N2K1M0P9Q7RW', step: 'check', outcome: 'approve', by: DECIDER, byPerson: DECIDER_PERSON, at: EXAMPLE_TIME }],
      version: 3,
      createdAt: EXAMPLE_TIME,
      updatedAt: EXAMPLE_TIME,
    },
  },
});
nameSchema(getFlow.response, 'Flow', 'A flow: where a subject’s human decisions stand, and every step’s outcome.');

const owedSchema = z.object({
  kind: z.string().describe('`decision` or `work` (a flow’s step), or the kind an area owes (`asset-review` …)'),
  id: z.string(),
  title: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  link: z.string(),
  dueAt: z.iso.datetime(),
  overdue: z.boolean(),
  step: z.string().optional(),
  role: z.string().optional(),
  assignee: z.string().optional(),
  assigneePerson: named('the assignee').optional(),
  requestedBy: z.string().optional().describe('a flow’s step: who asked for the decision'),
  requestedByPerson: named('the requester').optional(),
  escalationLevel: z.number().int().optional(),
});
nameSchema(owedSchema, 'OwedItem', 'Something the caller owes: a decision, a work task, or an area’s item (an asset review …).');

export const listMyTasks = defineOperation({
  name: 'listMyTasks',
  area: 'approvals',
  tag: 'me',
  method: 'GET',
  path: '/me/tasks',
  summary: 'List what I owe',
  description:
    'Decisions addressed to the caller’s roles that separation of duties lets them take, work tasks assigned to them and reviews of the assets they own, soonest due first. Managers also get `teamOverdue`: the overdue tasks their team (users whose managerId is theirs) owes. Each person an item names (requester, assignee, the team members who owe it) comes named beside the recorded id, read for the whole page at once.',
  handler: 'functions/approvals/list-my-tasks.ts',
  callers: everyone,
  clauses: ['6.1.3', '8.2.1'],
  access: { table: 'read' },
  // The caller's queues, the team's overdue tasks and the team itself; the areas' owed sources name
  // theirs (assets.byOwner), which these indexes must cover (test/unit/entity-model.test.ts checks).
  patterns: [
    approvalEntity.patterns.queuedTo,
    workTaskEntity.patterns.queuedTo,
    workTaskEntity.patterns.queuedToRole,
    approvalEntity.patterns.due,
    workTaskEntity.patterns.due,
    PEOPLE_PATTERNS.team,
  ],
  response: z.object({
    items: z.array(owedSchema),
    teamOverdue: z
      .array(
        owedSchema.extend({
          owedBy: z.array(z.string()).describe('the team members (user ids) who can act on it'),
          owedByPeople: z.array(personRefSchema).describe('the same team members, named, in the same order'),
        }),
      )
      .optional(),
  }),
  successStatus: 200,
  sort: 'by due time, soonest first',
  examples: {
    response: {
      items: [
        {
          kind: 'decision',
          id: EXAMPLE_ID,
          title: 'Approve the asset policy change',
          subject: { type: 'asset-policy-change', id: SUBJECT_ID },
          link: `/approvals/${EXAMPLE_ID}`,
          dueAt: '2026-12-02T09:30:00.000Z',
          overdue: false,
          step: 'approve',
          role: 'manager',
          requestedBy: REQUESTER,
          requestedByPerson: REQUESTER_PERSON,
          escalationLevel: 0,
        },
      ],
      teamOverdue: [
        {
          kind: 'work',
          id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RX',
          title: 'Revise the returned asset policy change',
          subject: { type: 'asset-policy-change', id: SUBJECT_ID },
          link: '/tasks/01JDQ8R6Z8W4X3N2K1M0P9Q7RX',
          dueAt: '2026-11-28T09:30:00.000Z',
          overdue: true,
          step: 'revise',
          assignee: REQUESTER,
          assigneePerson: REQUESTER_PERSON,
          requestedBy: REQUESTER,
          requestedByPerson: REQUESTER_PERSON,
          escalationLevel: 0,
          owedBy: [REQUESTER_PERSON.id],
          owedByPeople: [REQUESTER_PERSON],
        },
      ],
    },
  },
});
nameSchema(listMyTasks.response, 'MyTasks', 'What the caller owes, and for a manager what the team owes overdue.');
