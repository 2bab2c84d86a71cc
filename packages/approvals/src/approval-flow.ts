// The approval flow: human decisions on a subject of any area, run from statemachines/approval.asl.json.
import { defineFlow } from '@ismf/flows/flow-definition';

export const approvalFlow = defineFlow({
  name: 'approval',
  definition: 'statemachines/approval.asl.json',
  description:
    'Human decisions on a subject (approve, authorize, accept residual risk, sign off): each step a decision or a work task with a timeout that escalates, separation of duties checked by the decision API.',
  // Authorization by management (6.1.4) and segregation of duties (10.1.3), whatever the subject.
  clauses: ['6.1.4', '10.1.3'],
  tasks: {
    AdvanceFlowFunctionArn: {
      handler: 'functions/approvals/advance-flow.ts',
      description: 'Settles the last step of a flow and chooses the next one; applies the subject once every step approved.',
      access: { table: 'write', objects: 'write' },
    },
    OpenHumanTaskFunctionArn: {
      handler: 'functions/approvals/open-human-task.ts',
      description: 'Opens an approval or work task and keeps its task token with it (never shown to clients).',
      // A retried state whose task was settled meanwhile is answered at once (SendTaskSuccess/Failure).
      access: { table: 'write', objects: 'write', flows: 'resume' },
    },
    CloseTimedOutTaskFunctionArn: {
      handler: 'functions/approvals/close-timed-out-task.ts',
      description: 'Marks a timed-out task expired, or hands on the decision that won the race against the timeout.',
      access: { table: 'write' },
    },
  },
});
