// The shape of a Step Functions flow: its ASL file and, for each `${Name}` placeholder in it, the task
// function that CDK substitutes and the local runtime binds. Areas declare their flows.
import type { TableAccess } from '@ismf/core/access';
import { accessFor, type AccessPattern } from '@ismf/store/entity-model';
import { STEP_TIMEOUTS, type StepTimeout } from './subject-kind.ts';

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

/** A decision waits this long before it escalates, unless its step says otherwise (the AwaitDecision state's TimeoutSeconds). */
export const DECISION_TIMEOUT_SECONDS = STEP_TIMEOUTS.P3D;
/** A work task (a revision, a test result) waits this long, unless its step says otherwise (the AwaitWork state's). */
export const WORK_TIMEOUT_SECONDS = STEP_TIMEOUTS.P14D;

/** The ASL state a task of this kind and timeout waits in: AwaitDecision, AwaitDecisionPT4H, AwaitWorkP3D … */
export function awaitState(kind: 'decision' | 'work', timeout: StepTimeout): string {
  const name = kind === 'decision' ? 'AwaitDecision' : 'AwaitWork';
  const seconds = STEP_TIMEOUTS[timeout];
  return seconds === (kind === 'decision' ? DECISION_TIMEOUT_SECONDS : WORK_TIMEOUT_SECONDS) ? name : `${name}${timeout}`;
}

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
