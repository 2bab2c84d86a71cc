// The CDK app as tests build it: in-process, bundling skipped.
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/build-app.ts';

export function testApp() {
  return buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
}
