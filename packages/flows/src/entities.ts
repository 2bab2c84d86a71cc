// The flows' records: a flow execution with its history, and its human tasks.
import { defineEntity } from '@ismf/store/entity-model';

export const flowEntity = defineEntity({
  type: 'flow',
  description: 'One run of human decisions on a subject: its steps, decisions and outcome.',
  audited: true,
});

export const approvalEntity = defineEntity({
  type: 'approval',
  description: 'A decision asked of a role: approve, reject or return, with the decider and reason.',
  audited: true,
});

export const workTaskEntity = defineEntity({
  type: 'task',
  description: 'A work task assigned to a person (a revision, a test result), with its result.',
  audited: true,
});
