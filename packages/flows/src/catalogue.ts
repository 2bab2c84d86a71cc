// Every Step Functions flow, declared once: its ASL file and, for each `${Name}` placeholder in it,
// the task function that CDK substitutes and the local runtime binds. Nothing is listed twice.
import type { TableAccess } from '@ismf/catalogue/operation';

export interface FlowTask {
  /** The handler module, relative to the repository root. */
  handler: string;
  description: string;
  access: TableAccess;
}

export interface FlowDefinition {
  name: string;
  /** The ASL file, relative to the repository root, used as it is by CDK and the local runtime. */
  definition: string;
  description: string;
  /** Definition substitutions: `${Name}` in the ASL → the task function's ARN (AWS) or module (locally). */
  tasks: Record<string, FlowTask>;
}

/** A decision waits this long before it escalates (the AwaitDecision state's TimeoutSeconds). */
export const DECISION_TIMEOUT_SECONDS = 3 * 86_400;
/** A work task (a revision, a test result) waits this long (the AwaitWork state's TimeoutSeconds). */
export const WORK_TIMEOUT_SECONDS = 14 * 86_400;

export const flows: readonly FlowDefinition[] = [
  {
    name: 'approval',
    definition: 'statemachines/approval.asl.json',
    description:
      'Human decisions on a subject (approve, authorize, accept residual risk, sign off): each step a decision or a work task with a timeout that escalates, separation of duties checked by the decision API.',
    tasks: {
      AdvanceFlowFunctionArn: {
        handler: 'functions/flows/advance-flow.ts',
        description: 'Settles the last step of a flow and chooses the next one; applies the subject once every step approved.',
        access: { table: 'write', objects: 'write' },
      },
      OpenHumanTaskFunctionArn: {
        handler: 'functions/flows/open-human-task.ts',
        description: 'Opens an approval or work task and keeps its task token with it (never shown to clients).',
        // A retried state whose task was settled meanwhile is answered at once (SendTaskSuccess/Failure).
        access: { table: 'write', objects: 'write', flows: 'resume' },
      },
      CloseTimedOutTaskFunctionArn: {
        handler: 'functions/flows/close-timed-out-task.ts',
        description: 'Marks a timed-out task expired, or hands on the decision that won the race against the timeout.',
        access: { table: 'write' },
      },
    },
  },
];
