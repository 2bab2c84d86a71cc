// `npx cdk synth` / `npx cdk deploy`: the CDK app entry.
import { buildApp } from './build-app.ts';

buildApp();
