// Starting and resuming flows: Step Functions in AWS, the local interpreter locally. The consumers
// (startFlow, resumeFlow) call this one interface, so the outbox path is the same in both. ISMF_RUNTIME
// chooses: in AWS a start needs FLOW_ARN_<FLOW> (a missing one fails naming it); locally the runtime that
// the local stack installed, each call checked against the running function's declared `flows`
// (`start`: states:StartExecution; `resume`: states:SendTaskSuccess/SendTaskFailure), as IAM would.
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { flowArn, runtimeConfig } from '@ismf/core/config';
import { authorizeCapability } from '@ismf/store/capabilities';

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

/** The interpreter the local stack installed, if any (itself, not the checked view flowRuntime() answers). */
export function installedLocalFlowRuntime(): FlowRuntime | undefined {
  return (globalThis as Global)[LOCAL_RUNTIME];
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
    const stateMachineArn = flowArn(flow);
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

/** The local runtime seen through the checks IAM makes in AWS: the call is refused before it reaches the interpreter. */
function checked(runtime: FlowRuntime): FlowRuntime {
  return {
    async startExecution(flow, name, input) {
      authorizeCapability('states:StartExecution', `the state machine of flow ${flow}`);
      return runtime.startExecution(flow, name, input);
    },
    async sendTaskSuccess(token, output) {
      authorizeCapability('states:SendTaskSuccess', 'a task token');
      return runtime.sendTaskSuccess(token, output);
    },
    async sendTaskFailure(token, error, cause) {
      authorizeCapability('states:SendTaskFailure', 'a task token');
      return runtime.sendTaskFailure(token, error, cause);
    },
  };
}

/** Step Functions in AWS; locally the installed interpreter, checked (none installed: each call fails saying so). */
export function flowRuntime(): FlowRuntime {
  if (runtimeConfig().runtime === 'aws') return stepFunctions;
  const local = installedLocalFlowRuntime();
  if (local) return checked(local);
  const none = async (): Promise<never> => {
    throw new Error(
      'no local flow runtime is running: flows run on the local Step Functions that npm start (or the tests’ startApi({ events: true })) installs',
    );
  };
  return checked({ startExecution: none, sendTaskSuccess: none, sendTaskFailure: none });
}
