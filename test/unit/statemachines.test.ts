// The ASL files: valid by asl-validator, bound to the flow catalogue, and within what both runtimes take.
import { registry } from '@ismf/app/areas';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { DECISION_TIMEOUT_SECONDS, WORK_TIMEOUT_SECONDS } from '@ismf/flows/flow-definition';

const { flows } = registry;

const ROOT = resolve(import.meta.dirname, '../..');
const files = readdirSync(resolve(ROOT, 'statemachines')).filter((file) => file.endsWith('.asl.json'));
type State = { Type: string; Resource?: string; TimeoutSeconds?: number; TimeoutSecondsPath?: string; Parameters?: { FunctionName?: string } };
const definition = (file: string) => JSON.parse(readFileSync(resolve(ROOT, 'statemachines', file), 'utf8')) as { States: Record<string, State> };
/** The local interpreter's timer overflows beyond 2^31 ms (24.8 days); longer waits must loop. */
const MAX_TIMEOUT_SECONDS = 24 * 86_400;

describe('state machine definitions', () => {
  it('are all in the flow catalogue, and every catalogue flow has its file', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.map((file) => `statemachines/${file}`).sort()).toEqual(flows.map((flow) => flow.definition).sort());
  });

  for (const file of files) {
    describe(file, () => {
      const asl = definition(file);
      const states = Object.entries(asl.States);

      it('passes asl-validator', () => {
        const result = validator(asl as never);
        expect(result.errors).toEqual([]);
        expect(result.isValid).toBe(true);
      });

      it('names only task functions of its catalogue entry, each one of them', () => {
        const flow = flows.find((candidate) => candidate.definition === `statemachines/${file}`)!;
        const named = new Set(states.flatMap(([, state]) => (state.Parameters?.FunctionName ? [state.Parameters.FunctionName] : [])));
        expect([...named].sort()).toEqual(
          Object.keys(flow.tasks)
            .map((name) => `\${${name}}`)
            .sort(),
        );
      });

      it('gives every human step a fixed timeout within 24 days', () => {
        const waiting = states.filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken'));
        expect(waiting.length).toBeGreaterThan(0);
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
});
