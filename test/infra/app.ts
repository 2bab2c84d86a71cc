// The CDK app as tests build it: in-process, bundling skipped, synthesized into a folder removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/build-app.ts';

export function testApp() {
  const outdir = mkdtempSync(join(tmpdir(), 'ismf-cdk-'));
  const built = buildApp(new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } }));
  return { ...built, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}
