// The shape of a Step Functions flow: its ASL file and, for each `${Name}` placeholder in it, the task
// function that CDK substitutes and the local runtime binds. Areas declare their flows.
import type { TableAccess } from '@ismf/core/access';
import { accessFor, type AccessPattern } from '@ismf/store/entity-model';

export interface FlowTask {
  /** The handler module, relative to the repository root. */
  handler: string;
  description: string;
  /** What the task reaches: `indexes` follows from `patterns`. */
  access: TableAccess;
  /** The access patterns the task reads: its indexes are theirs. */
  patterns?: readonly AccessPattern[];
}

export interface FlowDefinition {
  name: string;
  /** The ASL file, relative to the repository root, used as it is by CDK and the local runtime. */
  definition: string;
  description: string;
  /** The X.1051 (2008) clauses, categories or controls the flow serves (GET /controls/{id} lists it there). */
  clauses: readonly string[];
  /** Definition substitutions: `${Name}` in the ASL → the task function's ARN (AWS) or module (locally). */
  tasks: Record<string, FlowTask>;
}

/** A decision waits this long before it escalates (the AwaitDecision state's TimeoutSeconds). */
export const DECISION_TIMEOUT_SECONDS = 3 * 86_400;
/** A work task (a revision, a test result) waits this long (the AwaitWork state's TimeoutSeconds). */
export const WORK_TIMEOUT_SECONDS = 14 * 86_400;

export function defineFlow(flow: FlowDefinition): FlowDefinition {
  for (const placeholder of Object.keys(flow.tasks)) {
    if (!/^[A-Z][A-Za-z]+FunctionArn$/.test(placeholder)) throw new Error(`flow ${flow.name}: placeholder ${placeholder} is not <Name>FunctionArn`);
  }
  const tasks = Object.entries(flow.tasks).map(([placeholder, task]) => [
    placeholder,
    { ...task, access: accessFor(`flow task ${placeholder}`, task.access, task.patterns) },
  ]);
  return { ...flow, tasks: Object.fromEntries(tasks) };
}
