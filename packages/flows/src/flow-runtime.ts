// Starting and resuming flows: Step Functions in AWS, the local interpreter locally. The consumers
// (startFlow, resumeFlow) call this one interface, so the outbox path is the same in both.
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { flowArnVariable } from './flow-arn.ts';

export type TaskResponse = 'sent' | 'gone';

export interface FlowRuntime {
  /** Starts an execution named `name`; a second start with the same name starts nothing new. */
  startExecution(flow: string, name: string, input: Record<string, unknown>): Promise<void>;
  /** `gone`: the token's step is over (timed out, already answered, or its runtime restarted). */
  sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<TaskResponse>;
  sendTaskFailure(token: string, error: string, cause: string): Promise<TaskResponse>;
}

const LOCAL_RUNTIME = Symbol.for('ismf.localFlowRuntime');
type Global = typeof globalThis & { [LOCAL_RUNTIME]?: FlowRuntime };

/** The local stack installs its interpreter here; Lambda code finds it in the same process. */
export function installLocalFlowRuntime(runtime: FlowRuntime | undefined): void {
  (globalThis as Global)[LOCAL_RUNTIME] = runtime;
}

let client: SFNClient | undefined;
const sfn = () => (client ??= new SFNClient({}));

/** Errors by which Step Functions says a token no longer waits for an answer. */
const GONE = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

async function respond(command: SendTaskSuccessCommand | SendTaskFailureCommand): Promise<TaskResponse> {
  try {
    await sfn().send(command as SendTaskSuccessCommand);
    return 'sent';
  } catch (error) {
    if (GONE.has((error as Error).name)) return 'gone';
    throw error;
  }
}

const stepFunctions: FlowRuntime = {
  async startExecution(flow, name, input) {
    const variable = flowArnVariable(flow);
    const stateMachineArn = process.env[variable];
    if (!stateMachineArn) throw new Error(`${variable} is not set`);
    try {
      await sfn().send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    } catch (error) {
      // The same name with the same input is idempotent in Standard workflows; a different input is refused.
      if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
    }
  },
  sendTaskSuccess: (token, output) => respond(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) })),
  sendTaskFailure: (token, error, cause) => respond(new SendTaskFailureCommand({ taskToken: token, error, cause })),
};

export function flowRuntime(): FlowRuntime {
  return (globalThis as Global)[LOCAL_RUNTIME] ?? stepFunctions;
}
