// Builds the whole cloud from the catalogues: used by `cdk synth` (bundling) and by tests (no bundling).
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { operations } from '../packages/catalogue/src/catalogue.ts';
import { flows } from '../packages/flows/src/catalogue.ts';
import type { MailSender } from './constructs/ismf-function.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';
import { FlowsStack } from './stacks/flows-stack.ts';

export const DEFAULT_MAIL_FROM = 'ismf@example.com';

/**
 * The e-mail sender from CDK context: `mailFrom` (the From address, default ismf@example.com) and
 * optionally `mailIdentity`, the SES identity that verifies it — its domain (the default) or the address.
 */
export function mailSender(app: App): MailSender {
  const from = String(app.node.tryGetContext('mailFrom') ?? DEFAULT_MAIL_FROM);
  const match = /^[^@\s]+@([^@\s]+\.[^@\s]+)$/.exec(from);
  if (!match) throw new Error(`context mailFrom must be an e-mail address, not ${JSON.stringify(from)}`);
  const domain = match[1]!.toLowerCase();
  const identity = String(app.node.tryGetContext('mailIdentity') ?? domain);
  const verifies = [from.toLowerCase(), domain].includes(identity.toLowerCase()) || domain.endsWith(`.${identity.toLowerCase()}`);
  if (!verifies) throw new Error(`context mailIdentity ${identity} does not verify the sender ${from}: give its address, its domain or a parent domain`);
  return { from, identity };
}

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
  const mail = mailSender(app);
  const flowsStack = new FlowsStack(app, 'IsmfFlows', {
    env,
    description: 'ISMF flows: one state machine per flow, with its task functions',
    table: data.table,
    tableKey: data.key,
    digestKey: data.digestKey,
    tenantDataRole: data.tenantDataRole,
    dataBucketName: data.bucketName(),
    mail,
    flows,
  });
  const eventsStack = new EventsStack(app, 'IsmfEvents', {
    env,
    description: 'ISMF events: bus, outbox Pipe, consumers, scheduled jobs',
    table: data.table,
    tableKey: data.key,
    digestKey: data.digestKey,
    tenantDataRole: data.tenantDataRole,
    dataBucketName: data.bucketName(),
    flowArns: flowsStack.stateMachineArns,
    mail,
  });
  // The ARNs are built from fixed names, not references: say the order explicitly, so that consumers
  // never start executions of a state machine not yet deployed.
  eventsStack.addStackDependency(flowsStack, 'consumers start and resume the flows’ state machines');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, api, flows: flowsStack, events: eventsStack };
}
