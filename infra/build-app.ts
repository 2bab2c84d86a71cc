// Builds the whole cloud from the registry of every area: used by `cdk synth` (bundling) and by tests (no
// bundling). Nothing here names an area: a new area's declaration is all it takes.
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Registry } from '../packages/area/src/registry.ts';
import { registry as composed } from '../packages/app/src/areas.ts';
import type { MailSender } from './constructs/ismf-function.ts';
import { ApiStack, type ApiDomain } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';
import { FlowsStack } from './stacks/flows-stack.ts';
import { corsOrigins } from '@ismf/http/cors';

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

/**
 * The custom domain that joins the HTTP APIs, from CDK context `apiDomainName` and `apiCertificateArn`
 * (both or neither). Without it there is no domain, which is fine while the catalogue fits in one API.
 */
export function apiDomain(app: App): ApiDomain | undefined {
  const name: unknown = app.node.tryGetContext('apiDomainName');
  const certificateArn: unknown = app.node.tryGetContext('apiCertificateArn');
  if (name === undefined && certificateArn === undefined) return undefined;
  if (typeof name !== 'string' || typeof certificateArn !== 'string') {
    throw new Error('the API domain needs both CDK context apiDomainName and apiCertificateArn (or neither)');
  }
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(name))
    throw new Error(`context apiDomainName must be a domain name, not ${JSON.stringify(name)}`);
  if (!/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(certificateArn)) {
    throw new Error(`context apiCertificateArn must be an ACM certificate ARN, not ${JSON.stringify(certificateArn)}`);
  }
  return { name: name.toLowerCase(), certificateArn };
}

/** The address that receives every alarm, from CDK context `alarmEmail`; none subscribes without it. */
export function alarmEmail(app: App): string | undefined {
  const email: unknown = app.node.tryGetContext('alarmEmail');
  if (email === undefined) return undefined;
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw new Error(`context alarmEmail must be an e-mail address, not ${JSON.stringify(email)}`);
  return email;
}

/**
 * The app from the registry. `registry` replaces the composed one (the scale test builds the cloud for a
 * synthetic catalogue, the area test for an extra toy area).
 */
export function buildApp(app: App = new App(), registry: Registry = composed) {
  const { operations } = registry;
  // Keep producer stacks' exports protected (the default, now said explicitly).
  app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  const env: Environment = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1',
  };
  const data = new DataStack(app, 'IsmfData', {
    env,
    description: 'ISMF data: platform key, the single table, the alarm topic',
    alarmEmail: alarmEmail(app),
  });
  const api = new ApiStack(app, 'IsmfApi', {
    env,
    description: 'ISMF API: user pool, HTTP APIs, custom domain; one nested stack of functions and routes per area',
    table: data.table,
    tableKey: data.key,
    digestKey: data.digestKey,
    tenantDataRole: data.tenantDataRole,
    dataBucketName: data.bucketName(),
    operations,
    domain: apiDomain(app),
    alarmTopic: data.alarmTopic,
    corsOrigins: corsOrigins(app.node.tryGetContext('corsOrigins')),
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
    flows: registry.flows,
    alarmTopic: data.alarmTopic,
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
    areas: registry.areas,
    routes: registry.routes,
    mail,
    alarmTopic: data.alarmTopic,
  });
  // The ARNs are built from fixed names, not references: say the order explicitly, so that consumers
  // never start executions of a state machine not yet deployed.
  eventsStack.addStackDependency(flowsStack, 'consumers start and resume the flows’ state machines');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, api, flows: flowsStack, events: eventsStack };
}
