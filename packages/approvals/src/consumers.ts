// The flows' consumers: a requested flow starts; a decision, completion or withdrawal resumes it.
import { defineConsumer } from '@ismf/events/consumers';
import { approvalDecided, flowRequested, flowWithdrawn, taskCompleted } from '@ismf/flows/events';

export const startFlowConsumer = defineConsumer({
  name: 'startFlow',
  description: 'Starts the flow a subject asked for (its execution named by the flow id, so a redelivery starts nothing new).',
  handler: 'functions/approvals/start-flow.ts',
  access: { table: 'write', flows: 'start' },
  subscribes: [{ event: flowRequested }],
});

export const resumeFlowConsumer = defineConsumer({
  name: 'resumeFlow',
  description: 'Sends a recorded decision or task completion to its waiting flow (SendTaskSuccess / SendTaskFailure).',
  handler: 'functions/approvals/resume-flow.ts',
  access: { table: 'write', flows: 'resume' },
  subscribes: [{ event: approvalDecided }, { event: taskCompleted }, { event: flowWithdrawn }],
});
