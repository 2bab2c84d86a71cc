// The configuration module: ISMF_RUNTIME selects the runtime and nothing is guessed; in AWS a function
// whose environment lacks what its catalogue entry needs fails at init, naming every missing variable,
// and each adapter fails naming its variable instead of falling back to its local stand-in.
import { registry } from '@ismf/app/areas';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser, updateUser } from '@ismf/directory/operations';
import { createEvidence, getEvidence } from '@ismf/evidence/operations';
import { verifyAudit } from '@ismf/audit/operations';
import { checkConfiguration, ConfigurationError, requiredVariables, runtimeConfig } from '@ismf/core/config';
import { identityProvider } from '@ismf/directory/identity-provider';
import { flowRuntime, installedLocalFlowRuntime, installLocalFlowRuntime, type FlowRuntime } from '@ismf/flows/flow-runtime';
import { mailTransport, resetMailTransport } from '@ismf/mail/mail-transport';
import { blobStore } from '@ismf/store/blob-store';
import { region, tableName } from '@ismf/store/client';
import { digestSigner } from '@ismf/store/digest-signer';
import { tableArn, tenantDataClient } from '@ismf/store/tenant-access';
import { LocalFlows } from '@ismf/local/local-flows';
import { requireLocalRuntime, useLocalRuntime } from '@ismf/local/runtime';
import { startLocalServer } from '@ismf/local/server';
import { createLocalIdentity } from '@ismf/local/identity';

const { consumers, jobs: scheduledJobs, flows } = registry;

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetMailTransport();
});

/** What CDK and Lambda give a tenant-facing function that declares table access only. */
const TENANT_FUNCTION = {
  ISMF_RUNTIME: 'aws',
  AWS_REGION: 'eu-west-1',
  TABLE_NAME: 'IsmfData-Table',
  TENANT_DATA_ROLE_ARN: 'arn:aws:iam::111122223333:role/TenantData',
  TABLE_ARN: 'arn:aws:dynamodb:eu-west-1:111122223333:table/IsmfData-Table',
  TABLE_KEY_ARN: 'arn:aws:kms:eu-west-1:111122223333:key/k',
};

/** The process environment as Lambda would start it: only the given variables of ours. */
function lambdaEnvironment(variables: Record<string, string>) {
  for (const name of Object.keys(process.env)) {
    if (/^(ISMF_|AWS_|TABLE_|TENANT_|DATA_BUCKET|DIGEST_|USER_POOL|MAIL_FROM|FLOW_ARN_|DYNAMODB_)/.test(name)) delete process.env[name];
  }
  Object.assign(process.env, variables);
}

describe('ISMF_RUNTIME', () => {
  it('must be set: without it the first read fails, naming the variable', () => {
    delete process.env.ISMF_RUNTIME;
    expect(() => runtimeConfig()).toThrow(ConfigurationError);
    expect(() => runtimeConfig()).toThrow(/^ISMF_RUNTIME is not set: it must be "aws" .* or "local"/);
    expect(() => tableName()).toThrow(/ISMF_RUNTIME is not set/);
    expect(() => checkConfiguration(createEvidence.access, 'createEvidence')).toThrow(/ISMF_RUNTIME is not set/);
  });

  it('must be aws or local: another value fails, naming the variable and the value', () => {
    for (const wrong of ['AWS', 'lambda', 'dev', ' local']) {
      process.env.ISMF_RUNTIME = wrong;
      expect(() => runtimeConfig()).toThrow(`ISMF_RUNTIME must be "aws" or "local", not ${JSON.stringify(wrong)}`);
      expect(() => checkConfiguration({ table: 'none' }, 'health')).toThrow(/ISMF_RUNTIME must be "aws" or "local"/);
    }
  });

  it('is read once and kept while the environment stays; a changed variable is seen', () => {
    process.env.ISMF_RUNTIME = 'local';
    process.env.TABLE_NAME = 'first';
    const first = runtimeConfig();
    expect(runtimeConfig()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    process.env.TABLE_NAME = 'second';
    expect(runtimeConfig()).not.toBe(first);
    expect(tableName()).toBe('second');
  });

  it('inside Lambda, is read once for the container’s life (its environment does not change)', () => {
    lambdaEnvironment({ ...TENANT_FUNCTION, AWS_LAMBDA_FUNCTION_NAME: 'IsmfApi-createUser' });
    const first = runtimeConfig();
    expect(first).toMatchObject({ runtime: 'aws', functionName: 'IsmfApi-createUser', tableName: 'IsmfData-Table' });
    process.env.TABLE_NAME = 'changed';
    expect(runtimeConfig()).toBe(first);
    delete process.env.AWS_LAMBDA_FUNCTION_NAME; // no longer that container: read again
    expect(runtimeConfig()).toMatchObject({ runtime: 'aws', tableName: 'changed' });
  });
});

describe('the local runtime', () => {
  it('needs no variable: the stand-ins have defaults, and checkConfiguration passes every entry', () => {
    lambdaEnvironment({ ISMF_RUNTIME: 'local' });
    delete process.env.ISMF_BLOB_DIR;
    delete process.env.ISMF_MAIL_DIR;
    delete process.env.ISMF_DATA_DIR;
    const config = runtimeConfig();
    expect(config).toMatchObject({ runtime: 'local', tableName: 'ismf', region: 'eu-west-1', localUrl: 'http://127.0.0.1:3000' });
    expect(config.runtime === 'local' && config.blobDirectory).toBe(`${process.cwd()}/.ismf/blobs`);
    expect(config.runtime === 'local' && config.mailDirectory).toBe(`${process.cwd()}/.ismf/mail`);
    expect(tableArn()).toBe('arn:aws:dynamodb:eu-west-1:000000000000:table/ismf');
    for (const entry of [createEvidence, createUser, verifyAudit, ...consumers, ...scheduledJobs]) {
      expect(() => checkConfiguration(entry.access, entry.name)).not.toThrow();
    }
  });
});

describe('the local runtime’s entry points', () => {
  it('npm start sets ISMF_RUNTIME=local when absent, and nothing of the local runtime runs as aws', async () => {
    delete process.env.ISMF_RUNTIME;
    expect(useLocalRuntime().runtime).toBe('local');
    expect(process.env.ISMF_RUNTIME).toBe('local');
    process.env.ISMF_RUNTIME = 'aws';
    expect(() => useLocalRuntime()).toThrow(/^the local runtime needs ISMF_RUNTIME=local: .*not aws/);
    expect(() => requireLocalRuntime()).toThrow(ConfigurationError);
    expect(() => new LocalFlows(process.cwd(), []).install()).toThrow(/needs ISMF_RUNTIME=local/);
    const identity = await createLocalIdentity();
    await expect(startLocalServer({ port: 0, identity, root: process.cwd(), operations: [] })).rejects.toThrow(/needs ISMF_RUNTIME=local/);
  });
});

describe('in AWS, a missing variable fails at init', () => {
  it('names the one variable the access needs and the environment lacks', () => {
    lambdaEnvironment(TENANT_FUNCTION);
    expect(() => checkConfiguration(createEvidence.access, 'createEvidence')).toThrow(
      new ConfigurationError('createEvidence: missing DATA_BUCKET (objects: write)'),
    );
    expect(() => checkConfiguration(getEvidence.access, 'getEvidence')).toThrow('getEvidence: missing DATA_BUCKET (objects: read)');
    process.env.DATA_BUCKET = 'ismf-data';
    expect(() => checkConfiguration(createEvidence.access, 'createEvidence')).not.toThrow();
  });

  it('names every missing variable at once, each with the part of the access that needs it', () => {
    lambdaEnvironment({ ISMF_RUNTIME: 'aws' });
    expect(() => checkConfiguration(createUser.access, 'createUser')).toThrow(
      'createUser: missing AWS_REGION (every function (Lambda sets it)), TABLE_NAME (table: write), ' +
        'TENANT_DATA_ROLE_ARN (tenant-facing, table: write), TABLE_ARN (tenant-facing, table: write), TABLE_KEY_ARN (tenant-facing, table: write), ' +
        'USER_POOL_ID (identityProvider: cognito-idp:AdminCreateUser, cognito-idp:AdminAddUserToGroup, cognito-idp:AdminDeleteUser)',
    );
  });

  it('covers every capability: signing, the user pool, flows, mail', () => {
    lambdaEnvironment(TENANT_FUNCTION);
    expect(() => checkConfiguration(verifyAudit.access, 'verifyAudit')).toThrow('verifyAudit: missing DIGEST_SIGNING_KEY_ID (signing: verify)');
    expect(() => checkConfiguration(updateUser.access, 'updateUser')).toThrow(
      /^updateUser: missing USER_POOL_ID \(identityProvider: .*AdminUserGlobalSignOut\)$/,
    );
    const startFlow = consumers.find((consumer) => consumer.access.flows === 'start')!;
    expect(() => checkConfiguration(startFlow.access, startFlow.name, { flows: flows.map((flow) => flow.name) })).toThrow(
      `${startFlow.name}: missing FLOW_ARN_APPROVAL (flows: start)`,
    );
    expect(() => checkConfiguration(startFlow.access, startFlow.name)).toThrow(`${startFlow.name}: missing FLOW_ARN_<FLOW> (flows: start)`);
    process.env.FLOW_ARN_APPROVAL = 'arn:aws:states:eu-west-1:111122223333:stateMachine:ismf-approval';
    expect(() => checkConfiguration(startFlow.access, startFlow.name, { flows: ['approval'] })).not.toThrow();
    expect(() => checkConfiguration(startFlow.access, startFlow.name)).not.toThrow();
    // Resuming needs no state machine ARN: the task token names its execution.
    const resumeFlow = consumers.find((consumer) => consumer.access.flows === 'resume')!;
    expect(requiredVariables(resumeFlow.access).map(({ variable }) => variable)).not.toContain('FLOW_ARN_<FLOW>');
    const mailer = consumers.find((consumer) => consumer.access.mail)!;
    expect(() => checkConfiguration(mailer.access, mailer.name)).toThrow(`${mailer.name}: missing MAIL_FROM (mail)`);
    const provisioner = consumers.find((consumer) => consumer.access.scheduler)!;
    expect(() => checkConfiguration(provisioner.access, provisioner.name)).toThrow(`${provisioner.name}: missing SCHEDULER_TARGETS (scheduler)`);
  });

  it('asks a platform function that crosses tenants for no tenant role, and a function without table access for no table', () => {
    lambdaEnvironment({ ISMF_RUNTIME: 'aws', AWS_REGION: 'eu-west-1', TABLE_NAME: 't' });
    expect(() => checkConfiguration({ table: 'write', crossTenant: 'onboarding' }, 'createTenant')).not.toThrow();
    lambdaEnvironment({ ISMF_RUNTIME: 'aws', AWS_REGION: 'eu-west-1' });
    expect(() => checkConfiguration({ table: 'none' }, 'health')).not.toThrow();
    expect(() => checkConfiguration({ table: 'read', crossTenant: 'x' }, 'listTenants')).toThrow('listTenants: missing TABLE_NAME (table: read)');
  });
});

describe('in AWS, no adapter falls back to its local stand-in', () => {
  const recorder = (): FlowRuntime & { calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      async startExecution(flow) {
        calls.push(`start ${flow}`);
      },
      async sendTaskSuccess() {
        calls.push('success');
        return 'sent';
      },
      async sendTaskFailure() {
        calls.push('failure');
        return 'sent';
      },
    };
  };

  it('fails naming the variable, even where a local setting is present', async () => {
    lambdaEnvironment({ ...TENANT_FUNCTION, ISMF_MAIL_DIR: '/tmp/never', ISMF_KEY_DIR: '/tmp/never' });
    expect(() => blobStore('acme', createEvidence.access)).toThrow(/^DATA_BUCKET is not set \(ISMF_RUNTIME=aws\)/);
    expect(() => digestSigner()).toThrow(/^DIGEST_SIGNING_KEY_ID is not set/);
    expect(() => identityProvider()).toThrow(/^USER_POOL_ID is not set/);
    expect(() => mailTransport()).toThrow(/^MAIL_FROM is not set/);
    // Even with a local interpreter in the process, AWS starts flows on Step Functions, by FLOW_ARN_<FLOW>.
    const previous = installedLocalFlowRuntime();
    const local = recorder();
    installLocalFlowRuntime(local);
    try {
      await expect(flowRuntime().startExecution('approval', 'x', {})).rejects.toThrow(/^FLOW_ARN_APPROVAL is not set/);
      expect(local.calls).toEqual([]);
    } finally {
      installLocalFlowRuntime(previous);
    }
  });

  it('needs the table, the region and the tenant role’s settings: no made-up ARN, no local credentials', () => {
    lambdaEnvironment({ ISMF_RUNTIME: 'aws' });
    expect(() => tableName()).toThrow(/^TABLE_NAME is not set/);
    expect(() => region()).toThrow(/^AWS_REGION is not set/);
    expect(() => tableArn()).toThrow(/^TABLE_ARN is not set/);
    lambdaEnvironment({ ...TENANT_FUNCTION, TENANT_DATA_ROLE_ARN: '' });
    expect(() => tenantDataClient('acme', createEvidence.access)).toThrow(/^DATA_BUCKET is not set/);
    expect(() => tenantDataClient('acme', getEvidence.access)).toThrow(/^DATA_BUCKET is not set/);
    expect(() => tenantDataClient('acme', createUser.access)).toThrow(/^TENANT_DATA_ROLE_ARN is not set/);
    lambdaEnvironment({ ...TENANT_FUNCTION, TABLE_KEY_ARN: '' });
    expect(() => tenantDataClient('acme', createUser.access)).toThrow(/^TABLE_KEY_ARN is not set/);
  });

  it('uses the AWS implementation when the variables are there', () => {
    lambdaEnvironment({ ...TENANT_FUNCTION, DATA_BUCKET: 'b', DIGEST_SIGNING_KEY_ID: 'alias/d', USER_POOL_ID: 'eu-west-1_x', MAIL_FROM: 'ismf@example.com' });
    expect(digestSigner()).toMatchObject({ keyId: 'alias/d', algorithm: 'ECDSA_SHA_256' });
    expect(() => blobStore('acme', createEvidence.access)).not.toThrow();
    expect(() => identityProvider()).not.toThrow();
    expect(() => mailTransport()).not.toThrow();
  });
});
