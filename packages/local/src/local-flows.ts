// The local Step Functions: the catalogue's ASL files run as they are by aws-local-stepfunctions, each
// Task state bound to the same handler module that CDK deploys. The interpreter has no task tokens, so
// this runtime keeps them: a `.waitForTaskToken` state gets a fresh token, its handler runs, and the
// state waits on a promise that sendTaskSuccess / sendTaskFailure (or a simulated timeout) settles.
// Tokens live in memory: after a restart their tasks are orphaned (see interruptOrphanedTasks).
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FlowDefinition } from '@ismf/flows/flow-definition';
import { installedLocalFlowRuntime, installLocalFlowRuntime, type FlowRuntime, type TaskResponse } from '@ismf/flows/flow-runtime';
import { lambdaContext } from './api-gateway-event.ts';
import { handlerLoader } from './handler-modules.ts';
import { requireLocalRuntime } from './runtime.ts';

import { StateMachine } from 'aws-local-stepfunctions';
type Machine = InstanceType<typeof StateMachine>;

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

const INVOKE = 'arn:aws:states:::lambda:invoke';
const WAIT_FOR_TOKEN = `${INVOKE}.waitForTaskToken`;
/** What `$$.Task.Token` resolves to; each waiting state swaps it for a fresh token of its own. */
const TOKEN_PLACEHOLDER = 'local-task-token-placeholder';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface LocalExecution {
  flow: string;
  name: string;
  arn: string;
  status: ExecutionStatus;
  input: Record<string, unknown>;
  output?: unknown;
  error?: string;
  startedAt: string;
  stoppedAt?: string;
  /** The states entered, in order (state transitions, as Step Functions bills them). */
  states: string[];
  done: Promise<LocalExecution>;
}

interface WaitingTask {
  token: string;
  execution: string;
  state: string;
  payload: Record<string, unknown>;
  /** Whether the state's handler finished (the task exists); only then can its time run out. */
  opened: boolean;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export class LocalFlows implements FlowRuntime {
  /** Tokens carry the runtime's id, so a task record tells which runtime (alive or not) holds its token. */
  readonly runtimeId = randomUUID();
  private readonly machines = new Map<string, { definition: FlowDefinition; machine: Machine; states: Record<string, AslState> }>();
  private readonly load: (file: string) => Promise<Handler>;
  private readonly executionsByName = new Map<string, LocalExecution>();
  private readonly waiting = new Map<string, WaitingTask>();
  private readonly aborts = new Map<string, () => void>();
  private sendFailures = 0;

  constructor(root: string, flows: readonly FlowDefinition[]) {
    this.load = handlerLoader<Handler>(root);
    for (const definition of flows) {
      const asl = JSON.parse(readFileSync(resolve(root, definition.definition), 'utf8')) as Machinery;
      this.machines.set(definition.name, { definition, machine: new StateMachine(asl as never), states: everyState(asl) });
    }
  }

  /** Makes this runtime the one Lambda code reaches through flowRuntime(). */
  install(): this {
    requireLocalRuntime();
    installLocalFlowRuntime(this);
    return this;
  }

  async startExecution(flow: string, name: string, input: Record<string, unknown>): Promise<void> {
    if (this.executionsByName.has(name)) return;
    const entry = this.machines.get(flow);
    if (!entry) throw new Error(`no flow named ${flow}`);
    const arn = `arn:aws:states:local:000000000000:execution:${flow}:${name}`;
    const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of Object.entries(entry.states)) {
      if (state.Type !== 'Task') continue;
      overrides[stateName] = (parameters) => this.runTask(entry.definition, arn, stateName, state.Resource ?? '', parameters as TaskParameters);
    }
    const run = entry.machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: overrides as never },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: arn, Name: name, Input: input, StartTime: new Date().toISOString() },
        StateMachine: { Id: `arn:aws:states:local:000000000000:stateMachine:${flow}`, Name: flow },
        Task: { Token: TOKEN_PLACEHOLDER },
      } as never,
    });
    const execution: LocalExecution = {
      flow,
      name,
      arn,
      status: 'RUNNING',
      input,
      startedAt: new Date().toISOString(),
      states: [],
      done: undefined as unknown as Promise<LocalExecution>,
    };
    this.executionsByName.set(name, execution);
    this.aborts.set(name, run.abort);
    const logs = (async () => {
      for await (const event of run.eventLogs) {
        if (event.type === 'StateEntered') execution.states.push((event as { state: { name: string } }).state.name);
      }
    })().catch(() => undefined);
    execution.done = run.result
      .then(
        (output) => {
          if (execution.status === 'RUNNING') Object.assign(execution, { status: output === null ? 'ABORTED' : 'SUCCEEDED', output });
          return execution;
        },
        (error: Error) => {
          Object.assign(execution, { status: 'FAILED', error: `${error.name}: ${error.message}` });
          return execution;
        },
      )
      .then(async (settled) => {
        settled.stoppedAt = new Date().toISOString();
        this.aborts.delete(name);
        await logs;
        return settled;
      });
  }

  private handler(definition: FlowDefinition, functionName: string): Promise<Handler> {
    const placeholder = /^\$\{(\w+)\}$/.exec(functionName)?.[1];
    const task = placeholder ? definition.tasks[placeholder] : undefined;
    if (!task) return Promise.reject(new Error(`${definition.definition}: FunctionName ${functionName} names no task of the flow catalogue`));
    return this.load(task.handler);
  }

  private async runTask(definition: FlowDefinition, execution: string, state: string, resource: string, parameters: TaskParameters): Promise<unknown> {
    const handler = await this.handler(definition, parameters.FunctionName);
    const context = lambdaContext(parameters.FunctionName.replace(/\W/g, ''), randomUUID());
    if (resource === INVOKE) {
      // lambda:invoke answers the invocation record; the function's result is its Payload.
      return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: await handler(parameters.Payload, context) };
    }
    if (resource !== WAIT_FOR_TOKEN) throw new Error(`${state}: the local runtime binds only ${INVOKE} and ${WAIT_FOR_TOKEN}`);
    const token = `local:${this.runtimeId}:${randomBytes(24).toString('base64url')}`;
    const payload = JSON.parse(JSON.stringify(parameters.Payload).replaceAll(TOKEN_PLACEHOLDER, token)) as Record<string, unknown>;
    let settle!: Pick<WaitingTask, 'resolve' | 'reject'>;
    const waiting = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));
    // The interpreter awaits it only after the handler returns; a settlement before that is not lost.
    waiting.catch(() => undefined);
    const entry: WaitingTask = { token, execution, state, payload, opened: false, ...settle };
    this.waiting.set(token, entry);
    try {
      await handler(payload, context);
    } catch (error) {
      this.waiting.delete(token);
      throw error;
    }
    entry.opened = true;
    return waiting;
  }

  private take(token: string): WaitingTask | undefined {
    const task = this.waiting.get(token);
    this.waiting.delete(token);
    return task;
  }

  private crashIfInjected(): void {
    if (this.sendFailures > 0) {
      this.sendFailures--;
      throw new Error('injected failure: the process stopped before the task token was sent');
    }
  }

  async sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<TaskResponse> {
    this.crashIfInjected();
    const task = this.take(token);
    if (!task) return 'gone';
    task.resolve(output);
    return 'sent';
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<TaskResponse> {
    this.crashIfInjected();
    const task = this.take(token);
    if (!task) return 'gone';
    task.reject(namedError(error, cause));
    return 'sent';
  }

  /** Fails the next `count` token sends as a crash would, before anything reaches the flow (tests). */
  injectSendFailures(count: number): void {
    this.sendFailures = count;
  }

  /** Injected failures not yet spent. */
  get pendingSendFailures(): number {
    return this.sendFailures;
  }

  /**
   * Lets the clock reach a waiting state's TimeoutSeconds now: the state fails with States.Timeout,
   * as in AWS. The ASL's own timers (days) also run, so nothing waits forever.
   */
  timeOut(match: (payload: Record<string, unknown>) => boolean): number {
    const due = [...this.waiting.values()].filter((task) => task.opened && match(task.payload));
    for (const task of due) {
      this.waiting.delete(task.token);
      task.reject(namedError('States.Timeout', 'States.Timeout'));
    }
    return due.length;
  }

  /** Whether this runtime still holds the token (a token of a stopped runtime is orphaned). */
  holds(token: string): boolean {
    return this.waiting.has(token);
  }

  waitingTasks(): { execution: string; state: string; payload: Record<string, unknown> }[] {
    return [...this.waiting.values()].filter((task) => task.opened).map(({ execution, state, payload }) => ({ execution, state, payload }));
  }

  execution(name: string): LocalExecution | undefined {
    return this.executionsByName.get(name);
  }

  executions(): LocalExecution[] {
    return [...this.executionsByName.values()];
  }

  /** Stops every running execution (as a process exit would); their tokens die with them. */
  async stop(): Promise<void> {
    for (const abort of this.aborts.values()) abort();
    // Settling the waiting promises lets the interpreter clear its timeout timers.
    for (const task of this.waiting.values()) task.reject(namedError('States.Runtime', 'the local runtime stopped'));
    this.waiting.clear();
    await Promise.all([...this.executionsByName.values()].map((execution) => execution.done));
    if (installedLocalFlowRuntime() === this) installLocalFlowRuntime(undefined);
  }
}

interface AslState {
  Type: string;
  Resource?: string;
  ItemProcessor?: Machinery;
  Iterator?: Machinery;
  Branches?: Machinery[];
}
interface Machinery {
  States: Record<string, AslState>;
}

/**
 * Every state by name, those nested in a Map's processor or a Parallel's branches too: the interpreter
 * runs nested machines with the same overrides, keyed by state name, so nested tasks bind like top-level ones.
 */
function everyState(machine: Machinery): Record<string, AslState> {
  const states: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(machine.States)) {
    if (Object.hasOwn(states, name)) throw new Error(`state ${name} is named twice: the local runtime binds tasks by name`);
    states[name] = state;
    for (const nested of [state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])]) {
      if (!nested) continue;
      for (const [inner, innerState] of Object.entries(everyState(nested))) {
        if (Object.hasOwn(states, inner)) throw new Error(`state ${inner} is named twice: the local runtime binds tasks by name`);
        states[inner] = innerState;
      }
    }
  }
  return states;
}

interface TaskParameters {
  FunctionName: string;
  Payload: Record<string, unknown>;
}
