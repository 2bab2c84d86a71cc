// The configuration module and CDK agree: every function of the synthesized app, started in AWS with
// the environment CDK gives it (ISMF_RUNTIME=aws among it) plus what Lambda adds (AWS_REGION), passes checkConfiguration for the access its catalogue entry declares — so no
// function fails at init, and none lacks a variable its capabilities need.
import { registry } from '@ismf/app/areas';
import { Stack } from 'aws-cdk-lib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TableAccess } from '@ismf/core/access';
import { checkConfiguration, requiredVariables } from '@ismf/core/config';
import { IsmfFunction } from '../../infra/constructs/ismf-function.ts';
import { testApp } from '../infra/app.ts';

const { flows } = registry;

interface Built {
  path: string;
  access: TableAccess;
  variables: Record<string, unknown>;
}

let built: ReturnType<typeof testApp>;
const functions: Built[] = [];
const saved = { ...process.env };

beforeAll(() => {
  // Each function's declared access, as the construct receives it from its catalogue entry.
  const seen: { fn: IsmfFunction; access: TableAccess }[] = [];
  const prototype = IsmfFunction.prototype as unknown as { grantDeclaredAccess: (props: { access: TableAccess }) => void };
  const grant = prototype.grantDeclaredAccess;
  expect(grant, 'IsmfFunction grants from the declared access').toBeTypeOf('function');
  const spy = vi.spyOn(prototype, 'grantDeclaredAccess').mockImplementation(function (this: IsmfFunction, props) {
    seen.push({ fn: this, access: props.access });
    return grant.call(this, props);
  });
  try {
    built = testApp();
  } finally {
    spy.mockRestore();
  }
  for (const { fn, access } of seen) {
    const environment = Stack.of(fn).resolve((fn.function.node.defaultChild as unknown as { environment?: unknown }).environment) as
      { variables?: Record<string, unknown> } | undefined;
    functions.push({ path: fn.node.path, access, variables: environment?.variables ?? {} });
  }
}, 120_000);
afterEach(() => {
  process.env = { ...saved };
});
afterAll(() => built?.dispose());

describe('every function CDK makes', () => {
  it('is found with its declared access', () => {
    expect(functions.length).toBeGreaterThan(40);
    expect(functions.some(({ access }) => access.objects)).toBe(true);
    expect(functions.some(({ access }) => access.flows === 'start')).toBe(true);
  });

  it('has every variable its access needs: checkConfiguration passes in AWS with exactly that environment', () => {
    const names = flows.map((flow) => flow.name);
    for (const { path, access, variables } of functions) {
      expect(variables.ISMF_RUNTIME, path).toBe('aws');
      const environment: Record<string, string> = { AWS_REGION: 'eu-west-1' };
      for (const name of Object.keys(variables)) environment[name] = name === 'ISMF_RUNTIME' ? 'aws' : `value-of-${name}`;
      process.env = environment;
      expect(() => checkConfiguration(access, path, { flows: names }), path).not.toThrow();
      // And it fails naming the variable when CDK would leave one out.
      for (const { variable } of requiredVariables(access, { flows: names }).filter(({ variable }) => variable !== 'AWS_REGION')) {
        const { [variable]: _left, ...without } = environment;
        process.env = without;
        expect(() => checkConfiguration(access, path, { flows: names }), `${path} without ${variable}`).toThrow(`missing ${variable} (`);
      }
    }
  });
});
