// The flows' events: subjects submitted, decisions asked, taken and escalated, work assigned and done.
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';

const subjectRef = z.strictObject({ type: z.string(), id: z.string() });
const flowRef = { flowId: z.string(), kind: z.string(), subject: subjectRef };

export const flowRequested = defineEvent({
  detailType: 'FlowRequested',
  clauses: ['10.1.3'],
  source: 'ismf.flows',
  description: 'A subject was submitted for human decisions; the flow starts (its execution named by the flow id).',
  data: z.strictObject({ ...flowRef, flow: z.string() }),
});

export const approvalRequested = defineEvent({
  detailType: 'ApprovalRequested',
  clauses: ['6.1.4', '10.1.3'],
  source: 'ismf.flows',
  description: 'A decision was asked of a role (an approval opened, with its due time).',
  data: z.strictObject({ ...flowRef, approvalId: z.string(), step: z.string(), role: z.string(), escalationLevel: z.number().int(), dueAt: z.string() }),
});

export const approvalDecided = defineEvent({
  detailType: 'ApprovalDecided',
  clauses: ['6.1.4', '10.1.3'],
  source: 'ismf.flows',
  description: 'A decider approved, rejected or returned a step; the flow resumes with the decision.',
  data: z.strictObject({ ...flowRef, approvalId: z.string(), step: z.string(), outcome: z.enum(['approve', 'reject', 'return']) }),
});

export const approvalEscalated = defineEvent({
  detailType: 'ApprovalEscalated',
  clauses: ['10.1.3'],
  source: 'ismf.flows',
  description: 'A decision was not taken in time: the step goes to the next role of its escalation chain.',
  data: z.strictObject({
    ...flowRef,
    expiredApprovalId: z.string(),
    step: z.string(),
    fromRole: z.string(),
    toRole: z.string(),
    escalationLevel: z.number().int(),
  }),
});

export const taskAssigned = defineEvent({
  detailType: 'TaskAssigned',
  clauses: ['8.2.1'],
  source: 'ismf.flows',
  description: 'A work task (a revision, a test result) was assigned to a person, or to everyone holding a role.',
  data: z.strictObject({ ...flowRef, taskId: z.string(), step: z.string(), assignee: z.string().optional(), role: z.string().optional(), dueAt: z.string() }),
});

export const taskCompleted = defineEvent({
  detailType: 'TaskCompleted',
  clauses: ['8.2.1'],
  source: 'ismf.flows',
  description: 'A work task was completed with a valid result; the flow resumes with it.',
  data: z.strictObject({ ...flowRef, taskId: z.string(), step: z.string() }),
});

export const flowWithdrawn = defineEvent({
  detailType: 'FlowWithdrawn',
  clauses: ['10.1.3'],
  source: 'ismf.flows',
  description: 'The requester withdrew the subject; the flow ends at its open step.',
  data: z.strictObject({ ...flowRef, taskId: z.string(), taskType: z.enum(['approval', 'task']), reason: z.string() }),
});

export const flowCompleted = defineEvent({
  detailType: 'FlowCompleted',
  clauses: ['10.1.3'],
  source: 'ismf.flows',
  description: 'A flow ended: its subject was approved (and took effect), rejected, superseded, expired or interrupted.',
  data: z.strictObject({ ...flowRef, outcome: z.enum(['approved', 'rejected', 'superseded', 'expired', 'interrupted', 'withdrawn']) }),
});
