// The configuration of a running process: one typed module, selected by ISMF_RUNTIME.
//
//   aws    a Lambda function. Every setting its catalogue entry needs comes from its environment, which
//          CDK builds from the same entry (infra/constructs/ismf-function.ts). A missing one fails at init
//          (checkConfiguration, called when the handler is made) and again at first use (requiredSetting):
//          an adapter never falls back to its local stand-in. What a function may reach is IAM's to decide.
//   local  `npm start`, the tests and the bench (each sets ISMF_RUNTIME=local itself). The stand-ins run:
//          DynamoDB Local, a blob folder, a local Ed25519 key, the local token issuer, a mail folder, the
//          local Step Functions; and every capability of a catalogue entry is enforced as IAM would
//          enforce it in AWS (packages/store/src/capabilities.ts).
//
// Nothing is guessed: without ISMF_RUNTIME (or with another value) the first read fails, naming it.
// No AWS SDK here: this module is read by every package, the CDK app's helpers included. FLOW_ARN_<FLOW>
// is named once (flow-arn.ts) for CDK, the flow runtime and this check.
import { join, resolve } from 'node:path';
import type { DeclaredAccess, TableAccess } from './access.ts';
import { flowArnVariable } from './flow-arn.ts';

export type Runtime = 'aws' | 'local';
const RUNTIMES: readonly Runtime[] = ['aws', 'local'];

/** A configuration that cannot work: a missing or invalid variable, named in the message. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** The settings that name AWS resources (CDK sets them; Lambda sets AWS_REGION), by their variables. */
export const AWS_VARIABLES = {
  tableName: 'TABLE_NAME',
  region: 'AWS_REGION',
  tenantDataRoleArn: 'TENANT_DATA_ROLE_ARN',
  tableArn: 'TABLE_ARN',
  tableKeyArn: 'TABLE_KEY_ARN',
  dataBucket: 'DATA_BUCKET',
  digestSigningKeyId: 'DIGEST_SIGNING_KEY_ID',
  platformKeyId: 'PLATFORM_KEY_ID',
  userPoolId: 'USER_POOL_ID',
  mailFrom: 'MAIL_FROM',
  schedulerTargets: 'SCHEDULER_TARGETS',
} as const;

export type AwsSetting = keyof typeof AWS_VARIABLES;

/** What each setting is for, in the words of the catalogue's access. */
const PURPOSE: Record<AwsSetting, string> = {
  tableName: 'the table of every function that declares table access',
  region: 'the region (Lambda sets it)',
  tenantDataRoleArn: 'the tenant data-access role of a tenant-facing function',
  tableArn: 'the table ARN of a tenant-facing function’s session policy',
  tableKeyArn: 'the platform key of a tenant-facing function’s session policy',
  dataBucket: 'the data bucket of a function that declares objects',
  digestSigningKeyId: 'the audit digest key of a function that declares signing',
  platformKeyId: 'the platform key of a function that declares secrets',
  userPoolId: 'the user pool of a function that declares identityProvider actions',
  mailFrom: 'the SES-verified sender of a function that declares mail',
  schedulerTargets: 'the job functions, groups and role of a function that declares scheduler',
};

/** The variables of the local runtime's stand-ins. */
const LOCAL_VARIABLES = {
  blobDirectory: 'ISMF_BLOB_DIR',
  dataDirectory: 'ISMF_DATA_DIR',
  keyDirectory: 'ISMF_KEY_DIR',
  mailDirectory: 'ISMF_MAIL_DIR',
  localUrl: 'ISMF_LOCAL_URL',
} as const;

type AwsSettings = { readonly [K in AwsSetting]?: string };

interface CommonConfig extends AwsSettings {
  /** DynamoDB's endpoint when it is not AWS's own (DynamoDB Local). */
  readonly dynamoDbEndpoint?: string;
  /** The Lambda function's name (a session name for the tenant role); absent outside Lambda. */
  readonly functionName?: string;
}

/** In AWS every resource setting is as the environment has it: `requiredSetting` insists where one is needed. */
export interface AwsConfig extends CommonConfig {
  readonly runtime: 'aws';
}

export interface LocalConfig extends CommonConfig {
  readonly runtime: 'local';
  readonly tableName: string;
  readonly region: string;
  /** Local objects: ISMF_BLOB_DIR, else $ISMF_DATA_DIR/blobs, else .ismf/blobs of the working directory. */
  readonly blobDirectory: string;
  /** The folder of the local digest-signing key; without it the key lives in memory for the process. */
  readonly keyDirectory?: string;
  /** Local mail (.eml files): ISMF_MAIL_DIR, else $ISMF_DATA_DIR/mail, else .ismf/mail of the working directory. */
  readonly mailDirectory: string;
  /** Where the local server answers (the base of local presigned URLs). */
  readonly localUrl: string;
}

export type RuntimeConfig = AwsConfig | LocalConfig;

const LOCAL_DEFAULTS = { tableName: 'ismf', region: 'eu-west-1', localUrl: 'http://127.0.0.1:3000', folder: '.ismf' } as const;

const READ = ['ISMF_RUNTIME', 'DYNAMODB_ENDPOINT', 'AWS_LAMBDA_FUNCTION_NAME', ...Object.values(AWS_VARIABLES), ...Object.values(LOCAL_VARIABLES)] as const;

let memo: { fingerprint: string; config: RuntimeConfig } | undefined;

const value = (name: string): string | undefined => {
  const found = process.env[name];
  return found === undefined || found === '' ? undefined : found;
};

/** The runtime as ISMF_RUNTIME names it; fails naming the variable when it is absent or not `aws`/`local`. */
export function runtimeName(): Runtime {
  const runtime = process.env.ISMF_RUNTIME;
  if (runtime === undefined || runtime === '') {
    throw new ConfigurationError(
      'ISMF_RUNTIME is not set: it must be "aws" (CDK sets it on every function) or "local" (npm start, the tests and the bench set it)',
    );
  }
  if (!(RUNTIMES as readonly string[]).includes(runtime)) {
    throw new ConfigurationError(`ISMF_RUNTIME must be "aws" or "local", not ${JSON.stringify(runtime)}`);
  }
  return runtime as Runtime;
}

function build(): RuntimeConfig {
  const runtime = runtimeName();
  const aws = Object.fromEntries(
    Object.entries(AWS_VARIABLES).flatMap(([setting, variable]) => {
      const found = value(variable);
      return found === undefined ? [] : [[setting, found]];
    }),
  ) as AwsSettings;
  const common: CommonConfig = {
    ...aws,
    ...(value('DYNAMODB_ENDPOINT') ? { dynamoDbEndpoint: value('DYNAMODB_ENDPOINT') } : {}),
    ...(value('AWS_LAMBDA_FUNCTION_NAME') ? { functionName: value('AWS_LAMBDA_FUNCTION_NAME') } : {}),
  };
  if (runtime === 'aws') return Object.freeze({ ...common, runtime });
  const dataDirectory = value(LOCAL_VARIABLES.dataDirectory);
  const folder = (name: string) => (dataDirectory ? join(dataDirectory, name) : join(LOCAL_DEFAULTS.folder, name));
  const keyDirectory = value(LOCAL_VARIABLES.keyDirectory);
  return Object.freeze({
    ...common,
    runtime,
    tableName: aws.tableName ?? LOCAL_DEFAULTS.tableName,
    region: aws.region ?? LOCAL_DEFAULTS.region,
    blobDirectory: resolve(value(LOCAL_VARIABLES.blobDirectory) ?? folder('blobs')),
    ...(keyDirectory ? { keyDirectory: resolve(keyDirectory) } : {}),
    mailDirectory: resolve(value(LOCAL_VARIABLES.mailDirectory) ?? folder('mail')),
    localUrl: value(LOCAL_VARIABLES.localUrl) ?? LOCAL_DEFAULTS.localUrl,
  });
}

/**
 * The configuration, read once and kept while the variables it reads stay as they are: tests and the local
 * server that change a variable see the change. Inside Lambda (AWS_LAMBDA_FUNCTION_NAME set) the
 * environment is fixed for the container's life, so the first read is kept without looking again.
 */
export function runtimeConfig(): RuntimeConfig {
  if (memo?.config.runtime === 'aws' && memo.config.functionName && process.env.AWS_LAMBDA_FUNCTION_NAME === memo.config.functionName) return memo.config;
  const fingerprint = READ.map((name) => process.env[name] ?? '\u0000').join('\u0001') + '\u0001' + process.cwd();
  if (memo?.fingerprint !== fingerprint) memo = { fingerprint, config: build() };
  return memo.config;
}

/** The local runtime's settings; fails for code that only the local runtime may run (its stand-ins). */
export function localConfig(): LocalConfig {
  const config = runtimeConfig();
  if (config.runtime !== 'local') throw new ConfigurationError(`the local stand-ins run only with ISMF_RUNTIME=local, not ${config.runtime}`);
  return config;
}

/** A setting the caller cannot do without: its value, or an error naming its variable and what needs it. */
export function requiredSetting(setting: AwsSetting, config: RuntimeConfig = runtimeConfig()): string {
  const found = config[setting];
  if (found) return found;
  throw new ConfigurationError(`${AWS_VARIABLES[setting]} is not set (ISMF_RUNTIME=${config.runtime}): it names ${PURPOSE[setting]}`);
}

/** The state machine ARN of a flow (AWS): FLOW_ARN_<FLOW>, which CDK sets on functions that declare `flows: start`. */
export function flowArn(flow: string): string {
  const variable = flowArnVariable(flow);
  const found = value(variable);
  if (found) return found;
  throw new ConfigurationError(
    `${variable} is not set (ISMF_RUNTIME=${runtimeName()}): it names the state machine of flow ${flow}, for a function that declares flows: start`,
  );
}

/** Whether a function serves one tenant at a time (and so reaches data only through the tenant role). */
export function isTenantFacing(access: TableAccess): boolean {
  return access.table !== 'none' && !access.crossTenant;
}

export interface RequiredVariable {
  variable: string;
  /** The part of the access that needs it, as the catalogue writes it. */
  because: string;
}

export interface CheckOptions {
  /** The flows a `flows: start` function may start (the flow catalogue's names): each needs its FLOW_ARN_<FLOW>. */
  flows?: readonly string[];
}

/** Every variable a function with this access needs in AWS, and why. */
export function requiredVariables(access: DeclaredAccess, options: CheckOptions = {}): RequiredVariable[] {
  const required: RequiredVariable[] = [{ variable: AWS_VARIABLES.region, because: 'every function (Lambda sets it)' }];
  if (access.table !== 'none') required.push({ variable: AWS_VARIABLES.tableName, because: `table: ${access.table}` });
  if (isTenantFacing(access)) {
    const because = `tenant-facing, table: ${access.table}`;
    for (const variable of [AWS_VARIABLES.tenantDataRoleArn, AWS_VARIABLES.tableArn, AWS_VARIABLES.tableKeyArn]) required.push({ variable, because });
  }
  if (access.objects) required.push({ variable: AWS_VARIABLES.dataBucket, because: `objects: ${access.objects}` });
  if (access.signing) required.push({ variable: AWS_VARIABLES.digestSigningKeyId, because: `signing: ${access.signing}` });
  if (access.secrets) required.push({ variable: AWS_VARIABLES.platformKeyId, because: `secrets: ${access.secrets}` });
  if (access.identityProvider?.length) {
    required.push({ variable: AWS_VARIABLES.userPoolId, because: `identityProvider: ${access.identityProvider.join(', ')}` });
  }
  if (access.flows === 'start') {
    // Without the flow catalogue's names, at least one state machine must be named.
    const names = options.flows?.length ? options.flows.map(flowArnVariable) : [];
    if (names.length) for (const variable of names) required.push({ variable, because: 'flows: start' });
    else required.push({ variable: 'FLOW_ARN_<FLOW>', because: 'flows: start' });
  }
  if (access.mail) required.push({ variable: AWS_VARIABLES.mailFrom, because: 'mail' });
  if (access.scheduler) required.push({ variable: AWS_VARIABLES.schedulerTargets, because: 'scheduler' });
  return required;
}

function present(variable: string): boolean {
  if (variable === 'FLOW_ARN_<FLOW>') return Object.keys(process.env).some((name) => name.startsWith('FLOW_ARN_') && value(name) !== undefined);
  return value(variable) !== undefined;
}

/**
 * Called when a handler is made (module init): fails at once on an invalid ISMF_RUNTIME, and in AWS on
 * every variable the access needs that the environment lacks, all named in one message, e.g.
 * `createEvidence: missing DATA_BUCKET (objects: write)`. Locally there is nothing to check here: the
 * stand-ins need no variables, and each capability is enforced when it is used.
 */
export function checkConfiguration(access: DeclaredAccess, label: string, options: CheckOptions = {}): void {
  if (runtimeConfig().runtime !== 'aws') return;
  const missing = requiredVariables(access, options).filter(({ variable }) => !present(variable));
  if (missing.length) {
    throw new ConfigurationError(`${label}: missing ${missing.map(({ variable, because }) => `${variable} (${because})`).join(', ')}`);
  }
}
