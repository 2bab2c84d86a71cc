// Builds the whole cloud from the catalogues: used by `cdk synth` (bundling) and by tests (no bundling).
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { operations } from '../packages/catalogue/src/catalogue.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';

export function buildApp(app: App = new App()) {
  // Keep producer stacks' exports protected (the default, now said explicitly).
  app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  const env: Environment = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1',
  };
  const data = new DataStack(app, 'IsmfData', { env, description: 'ISMF data: platform key and the single table' });
  const api = new ApiStack(app, 'IsmfApi', {
    env,
    description: 'ISMF API: user pool, HTTP API, one function per operation',
    table: data.table,
    tableKey: data.key,
    digestKey: data.digestKey,
    tenantDataRole: data.tenantDataRole,
    dataBucketName: data.bucketName(),
    operations,
  });
  const eventsStack = new EventsStack(app, 'IsmfEvents', {
    env,
    description: 'ISMF events: bus, outbox Pipe, consumers, scheduled jobs',
    table: data.table,
    tableKey: data.key,
    digestKey: data.digestKey,
    tenantDataRole: data.tenantDataRole,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, api, events: eventsStack };
}
