// The CDK app as tests build it: in-process, bundling skipped, synthesized into a folder removed afterwards,
// with cdk.json's feature flags (as `cdk synth` has them) and a mail sender. A test may give its own
// registry and CDK context (the scale test gives both).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Registry } from '@ismf/area/registry';
import { buildApp, cdkJsonContext, OFFLINE_CONTEXT } from '../../infra/build-app.ts';

export function testApp(options: { registry?: Registry; context?: Record<string, unknown> } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'ismf-cdk-'));
  try {
    const built = buildApp(
      new App({ outdir, context: { ...cdkJsonContext(), ...OFFLINE_CONTEXT, 'aws:cdk:bundling-stacks': [], ...options.context } }),
      options.registry,
    );
    return { ...built, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}
