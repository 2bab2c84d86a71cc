// The ASL files: valid by asl-validator, bound to the flow catalogue, and within what both runtimes take.
import { registry } from '@ismf/app/areas';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { awaitState, DECISION_TIMEOUT_SECONDS, WORK_TIMEOUT_SECONDS } from '@ismf/flows/flow-definition';
import { STEP_TIMEOUTS, type StepTimeout } from '@ismf/flows/subject-kind';

const { flows } = registry;

const ROOT = resolve(import.meta.dirname, '../..');
const files = readdirSync(resolve(ROOT, 'statemachines')).filter((file) => file.endsWith('.asl.json'));
type State = {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Parameters?: { FunctionName?: string };
  ItemProcessor?: Machine;
};
type Machine = { States: Record<string, State> };
const definition = (file: string) => JSON.parse(readFileSync(resolve(ROOT, 'statemachines', file), 'utf8')) as Machine;
/** Every state, those inside a Map's processor too. */
const everyState = (machine: Machine): [string, State][] =>
  Object.entries(machine.States).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.ItemProcessor ? everyState(state.ItemProcessor) : []),
  ]);
/** The local interpreter's timer overflows beyond 2^31 ms (24.8 days); longer waits must loop. */
const MAX_TIMEOUT_SECONDS = 24 * 86_400;

describe('state machine definitions', () => {
  it('are all in the flow catalogue, and every catalogue flow has its file', () => {
    expect(files.length).toBeGreaterThan(0);
    // One file may serve several flows (every job kind runs bulk-job.asl.json with its own chunk task).
    expect(files.map((file) => `statemachines/${file}`).sort()).toEqual([...new Set(flows.map((flow) => flow.definition))].sort());
  });

  for (const file of files) {
    describe(file, () => {
      const asl = definition(file);
      const states = everyState(asl);

      it('passes asl-validator', () => {
        const result = validator(asl as never);
        expect(result.errors).toEqual([]);
        expect(result.isValid).toBe(true);
      });

      it('names only task functions of its catalogue entries, each one of them', () => {
        const named = new Set(states.flatMap(([, state]) => (state.Parameters?.FunctionName ? [state.Parameters.FunctionName] : [])));
        const using = flows.filter((candidate) => candidate.definition === `statemachines/${file}`);
        expect(using.length).toBeGreaterThan(0);
        for (const flow of using) {
          expect([...named].sort(), flow.name).toEqual(
            Object.keys(flow.tasks)
              .map((name) => `\${${name}}`)
              .sort(),
          );
        }
      });

      it('gives every human step a fixed timeout within 24 days', () => {
        const waiting = states.filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken'));
        if (file === 'approval.asl.json') expect(waiting.length).toBeGreaterThan(0);
        for (const [name, state] of waiting) {
          expect(state.TimeoutSecondsPath, name).toBeUndefined();
          expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
          expect(state.TimeoutSeconds!, name).toBeLessThanOrEqual(MAX_TIMEOUT_SECONDS);
        }
      });
    });
  }

  it('waits as long as the approvals and tasks say they are due', () => {
    const states = definition('approval.asl.json').States;
    expect(states.AwaitDecision!.TimeoutSeconds).toBe(DECISION_TIMEOUT_SECONDS);
    expect(states.AwaitWork!.TimeoutSeconds).toBe(WORK_TIMEOUT_SECONDS);
  });

  it('has a waiting state for every step timeout, reached from Route by the task’s kind and timeout', () => {
    const { States: states } = definition('approval.asl.json');
    const route = states.Route as unknown as { Choices: { And?: { StringEquals?: string }[]; Next: string }[] };
    for (const kind of ['decision', 'work'] as const) {
      for (const timeout of Object.keys(STEP_TIMEOUTS) as StepTimeout[]) {
        const name = awaitState(kind, timeout);
        expect(states[name]?.TimeoutSeconds, name).toBe(STEP_TIMEOUTS[timeout]);
        const choice = route.Choices.find((each) => each.And?.some((rule) => rule.StringEquals === `${kind}-${timeout}`));
        expect(choice?.Next, `${kind}-${timeout}`).toBe(name);
      }
    }
  });
});
