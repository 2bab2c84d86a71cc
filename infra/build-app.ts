// Builds the whole cloud from the registry of every area: used by `cdk synth` (bundling) and by tests (no
// bundling). Nothing here names an area: a new area's declaration is all it takes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Registry } from '../packages/area/src/registry.ts';
import { registry as composed } from '../packages/app/src/areas.ts';
import type { MailSender } from './constructs/ismf-function.ts';
import { ApiStack, type ApiDomain } from './stacks/api-stack.ts';
import { ConsoleSiteStack } from './stacks/console-site-stack.ts';
import { ConsoleStack, type ConsoleDomain } from './stacks/console-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EventsStack } from './stacks/events-stack.ts';
import { FlowsStack } from './stacks/flows-stack.ts';
import { corsOrigins } from '@ismf/http/cors';
import { ContextError } from './context-error.ts';

export { ContextError };

/** How each error about CDK context ends: where the table of every key is. */
const SEE = 'see docs/deploying.md, “Context”';

/**
 * The e-mail sender from CDK context: `mailFrom` (the From address; required) and optionally
 * `mailIdentity`, the SES identity that verifies it — its domain (the default) or the address.
 */
export function mailSender(app: App): MailSender {
  const value: unknown = app.node.tryGetContext('mailFrom');
  if (value === undefined || value === '') {
    throw new ContextError(
      'CDK context mailFrom is required: the From address of ISMF’s e-mail, on a verified SES identity. ' +
        `Pass -c mailFrom=ismf@mail.example.com (any address will do for an offline synth); ${SEE}`,
    );
  }
  const from = String(value);
  const match = /^[^@\s]+@([^@\s]+\.[^@\s]+)$/.exec(from);
  if (!match) throw new ContextError(`context mailFrom must be an e-mail address, not ${JSON.stringify(from)}`);
  const domain = match[1]!.toLowerCase();
  const identity = String(app.node.tryGetContext('mailIdentity') ?? domain);
  const verifies = [from.toLowerCase(), domain].includes(identity.toLowerCase()) || domain.endsWith(`.${identity.toLowerCase()}`);
  if (!verifies) throw new ContextError(`context mailIdentity ${identity} does not verify the sender ${from}: give its address, its domain or a parent domain`);
  return { from, identity };
}

const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

/**
 * The custom domain that joins the HTTP APIs, from CDK context `apiDomainName` and `apiCertificateArn`
 * (both or neither). Without it there is no domain, which is fine while the catalogue fits in one API.
 */
export function apiDomain(app: App): ApiDomain | undefined {
  const name: unknown = app.node.tryGetContext('apiDomainName');
  const certificateArn: unknown = app.node.tryGetContext('apiCertificateArn');
  if (name === undefined && certificateArn === undefined) return undefined;
  if (typeof name !== 'string' || typeof certificateArn !== 'string') {
    throw new ContextError('the API domain needs both CDK context apiDomainName and apiCertificateArn (or neither)');
  }
  if (!DOMAIN_NAME.test(name)) throw new ContextError(`context apiDomainName must be a domain name, not ${JSON.stringify(name)}`);
  if (!CERTIFICATE_ARN.test(certificateArn)) {
    throw new ContextError(`context apiCertificateArn must be an ACM certificate ARN, not ${JSON.stringify(certificateArn)}`);
  }
  return { name: name.toLowerCase(), certificateArn };
}

/** CloudFront reads a custom domain's certificate from this region only. */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/**
 * The console's custom domain, from CDK context `consoleDomainName` and `consoleCertificateArn` (both or
 * neither; the certificate in us-east-1). Without it the console is served on CloudFront's default domain.
 */
export function consoleDomain(app: App): ConsoleDomain | undefined {
  const name: unknown = app.node.tryGetContext('consoleDomainName');
  const certificateArn: unknown = app.node.tryGetContext('consoleCertificateArn');
  if (name === undefined && certificateArn === undefined) return undefined;
  if (typeof name !== 'string' || typeof certificateArn !== 'string') {
    throw new ContextError(`the console's domain needs both CDK context consoleDomainName and consoleCertificateArn (or neither); ${SEE}`);
  }
  if (!DOMAIN_NAME.test(name)) throw new ContextError(`context consoleDomainName must be a domain name, not ${JSON.stringify(name)}`);
  if (!CERTIFICATE_ARN.test(certificateArn)) {
    throw new ContextError(`context consoleCertificateArn must be an ACM certificate ARN, not ${JSON.stringify(certificateArn)}`);
  }
  const region = certificateArn.split(':')[3];
  if (region !== CLOUDFRONT_CERTIFICATE_REGION) {
    throw new ContextError(
      `context consoleCertificateArn must be an ACM certificate in ${CLOUDFRONT_CERTIFICATE_REGION} (CloudFront reads certificates there only), not in ${region}`,
    );
  }
  return { name: name.toLowerCase(), certificateArn };
}

/** The address that receives every alarm, from CDK context `alarmEmail`; none subscribes without it. */
export function alarmEmail(app: App): string | undefined {
  const email: unknown = app.node.tryGetContext('alarmEmail');
  if (email === undefined) return undefined;
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw new ContextError(`context alarmEmail must be an e-mail address, not ${JSON.stringify(email)}`);
  return email;
}

/** The origins a browser may call the API from, from CDK context `corsOrigins` (comma-separated); none by default. */
export function corsContext(app: App): string[] {
  try {
    return corsOrigins(app.node.tryGetContext('corsOrigins'));
  } catch (error) {
    throw new ContextError(`context corsOrigins: ${(error as Error).message}`);
  }
}

/** The Cognito domain prefix of the hosted UI from CDK context `authDomainPrefix`; undefined: `ismf-<account id>`. */
export function authDomainPrefix(app: App): string | undefined {
  const prefix: unknown = app.node.tryGetContext('authDomainPrefix');
  if (prefix === undefined) return undefined;
  // Cognito's rule: lower-case letters, digits and hyphens, 1–63, and none of its reserved words.
  if (typeof prefix !== 'string' || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    throw new ContextError(
      `context authDomainPrefix must be 1–63 lower-case letters, digits and hyphens without aws, amazon or cognito, not ${JSON.stringify(prefix)}`,
    );
  }
  return prefix;
}

/** Where the hosted UI may send a signed-in browser by default: the loopback of the sign-in recipe in docs/deploying.md. */
export const DEFAULT_CALLBACK_URLS = ['http://localhost:8765/callback'];
export const DEFAULT_LOGOUT_URLS = ['http://localhost:8765/'];

/**
 * A list of redirect URLs from CDK context (comma-separated, or an array): each https, or http on
 * localhost only (Cognito's rule), without a fragment.
 */
function redirectUrls(app: App, key: string, fallback: readonly string[]): string[] {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === '') return [...fallback];
  const list = (Array.isArray(value) ? value : String(value).split(',')).map((entry) => String(entry).trim()).filter(Boolean);
  for (const url of list) {
    if (!/^(https:\/\/[a-z0-9.-]+(:\d{1,5})?|http:\/\/localhost(:\d{1,5})?)(\/[^\s#]*)?$/i.test(url)) {
      throw new ContextError(`context ${key} holds URLs, each https (or http://localhost) without a fragment, not ${JSON.stringify(url)}`);
    }
  }
  return list;
}

/** The hosted UI's redirects from CDK context `authCallbackUrls` and `authLogoutUrls`. */
export function signInRedirects(app: App): { callbackUrls: string[]; logoutUrls: string[] } {
  return {
    callbackUrls: redirectUrls(app, 'authCallbackUrls', DEFAULT_CALLBACK_URLS),
    logoutUrls: redirectUrls(app, 'authLogoutUrls', DEFAULT_LOGOUT_URLS),
  };
}

/** cdk.json's context (the feature flags), which the CLI gives `cdk synth`: in-process builds take it too. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(resolve(import.meta.dirname, '../cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** What an in-process build (tests, figures) adds to cdk.json's context: a sender, since no mail leaves a synth. */
export const OFFLINE_CONTEXT = { mailFrom: 'ismf@example.com' } as const;

/** Every CDK context value the app reads, each checked: a missing or wrong one throws its ContextError. */
export function readContext(app: App) {
  return {
    mail: mailSender(app),
    apiDomain: apiDomain(app),
    consoleDomain: consoleDomain(app),
    alarmEmail: alarmEmail(app),
    corsOrigins: corsContext(app),
    authDomainPrefix: authDomainPrefix(app),
    signIn: signInRedirects(app),
  };
}

/** What in-process builds (tests, figures) deploy as the console: they skip bundling, and building the console with it. */
export const CONSOLE_PLACEHOLDER = resolve(import.meta.dirname, 'console-placeholder');

export interface BuildOptions {
  /** The built console (buildConsole's dir): `cdk synth` builds it first (infra/app.ts). */
  consoleSite?: string;
}

/**
 * The app from the registry. `registry` replaces the composed one (the scale test builds the cloud for a
 * synthetic catalogue, the area test for an extra toy area).
 *
 * The order of the stacks (CloudFormation's, from their references): IsmfData and IsmfConsole (the console's
 * bucket and distribution, so its URL is known), then IsmfApi and IsmfFlows, then IsmfEvents and
 * IsmfConsoleSite (the console's files and its configuration, which names the API). See console-stack.ts.
 */
export function buildApp(app: App = new App(), registry: Registry = composed, options: BuildOptions = {}) {
  const { operations } = registry;
  // Read first: a missing required value stops the synth before any stack is built.
  const context = readContext(app);
  const { mail } = context;
  // The stand-in console is for builds that skip bundling (tests, figures): a synth that bundles deploys the real one.
  const bundling: unknown = app.node.tryGetContext('aws:cdk:bundling-stacks');
  if (!options.consoleSite && !(Array.isArray(bundling) && bundling.length === 0)) {
    throw new Error('the console must be built before a synth that bundles: give buildApp the directory buildConsole() wrote (infra/app.ts does)');
  }
  // Keep producer stacks' exports protected (the default, now said explicitly).
  app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  const env: Environment = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1',
  };
  const consoleStack = new ConsoleStack(app, 'IsmfConsole', {
    env,
    description: 'ISMF console hosting: private bucket, CloudFront distribution with the console’s security headers',
    domain: context.consoleDomain,
    apiDomainName: context.apiDomain?.name,
    authDomainPrefix: context.authDomainPrefix,
  });
  // The console's origin wherever it matters: mail links (every function's ISMF_APP_URL), the hosted UI's
  // redirects, the origins that may call the API and upload to the data bucket; context adds its own to the
  // last three.
  const appUrl = consoleStack.url;
  const data = new DataStack(app, 'IsmfData', {
    env,
    description: 'ISMF data: platform key, the single table, the alarm topic',
    alarmEmail: context.alarmEmail,
    browserOrigins: [...new Set([appUrl, ...context.corsOrigins])],
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
    domain: context.apiDomain,
    alarmTopic: data.alarmTopic,
    corsOrigins: [...new Set([appUrl, ...context.corsOrigins])],
    signIn: {
      domainPrefix: context.authDomainPrefix,
      callbackUrls: [...new Set([`${appUrl}/callback`, ...context.signIn.callbackUrls])],
      logoutUrls: [...new Set([`${appUrl}/`, ...context.signIn.logoutUrls])],
    },
    appUrl,
  });
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
    appUrl,
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
    appUrl,
  });
  // The ARNs are built from fixed names, not references: say the order explicitly, so that consumers
  // never start executions of a state machine not yet deployed.
  eventsStack.addStackDependency(flowsStack, 'consumers start and resume the flows’ state machines');
  const consoleSite = new ConsoleSiteStack(app, 'IsmfConsoleSite', {
    env,
    description: 'ISMF console site: the built console and its configuration, deployed into the console bucket',
    site: options.consoleSite ?? CONSOLE_PLACEHOLDER,
    distribution: consoleStack.distribution,
    config: {
      apiUrl: api.url,
      signIn: { kind: 'cognito', domain: api.hostedUiDomain, clientId: api.userPoolClient.userPoolClientId },
    },
  });
  consoleSite.addStackDependency(consoleStack, 'the files go into the console’s bucket');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, console: consoleStack, api, flows: flowsStack, events: eventsStack, consoleSite };
}
