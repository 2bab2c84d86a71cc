// Locally, every capability of a catalogue entry is enforced as IAM enforces it in AWS: a function that
// uses what its entry does not declare is refused (objects, signing, the user pool, flows, mail), with
// IAM's wording; what it declares works. In AWS the same declaration reaches IAM (the S3 session policy
// is the scope's declared access, not what a caller passes).
import { registry } from '@ismf/app/areas';
import { readdir } from 'node:fs/promises';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CognitoIdentityProviderClient, AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TableAccess } from '@ismf/core/access';
import type { DeclaredAccess } from '@ismf/core/access';
import { createEvidence, getEvidence } from '@ismf/evidence/operations';
import { createUser as createUserOperation, updateUser as updateUserOperation } from '@ismf/directory/operations';
import { verifyAudit } from '@ismf/audit/operations';
import { cognitoIdentityProvider, identityActions, identityProvider, type IdentityAccount } from '@ismf/directory/identity-provider';
import { createUser } from '@ismf/directory/users';
import { requestUpload, getEvidence as readEvidence, completeUpload } from '@ismf/evidence/evidence';
import { flowRuntime, installedLocalFlowRuntime, installLocalFlowRuntime, type FlowRuntime } from '@ismf/flows/flow-runtime';
import { mailTransport } from '@ismf/mail/mail-transport';
import { blobStore, objectKey } from '@ismf/store/blob-store';
import { AccessDenied, declarationFor, grants, type CapabilityAction } from '@ismf/store/capabilities';
import { withDataScope } from '@ismf/store/client';
import { digestSigner } from '@ismf/store/digest-signer';
import { enterTenantScope, sessionPolicyFor } from '@ismf/store/tenant-access';
import type { WriteContext } from '@ismf/store/unit-of-work';

const { operations, consumers, jobs: scheduledJobs, flows } = registry;

const TENANT = `cap-${Date.now().toString(36)}`;
const platform =
  (label: string, access: Omit<TableAccess, 'table'> & { table?: TableAccess['table'] }) =>
  <T>(run: () => Promise<T>) =>
    withDataScope({ label, tenantOnly: false, access: { table: 'read', crossTenant: 'test', ...access } }, run);
const denied = (label: string, action: string, declaration: string) =>
  new RegExp(`^${label} is not authorized to perform ${action}( on .+)?: its catalogue entry does not declare ${declaration}$`);

describe('objects', () => {
  const key = objectKey(TENANT, 'exports', 'a.json');
  const body = Buffer.from('{"a":1}');

  it('locally, a write needs objects: write; reading needs objects: read or write', async () => {
    const none = platform('reader', {});
    await expect(none(() => blobStore(TENANT, { table: 'read' }).put(key, body, 'application/json'))).rejects.toThrow(
      denied('reader', 's3:PutObject', 'objects: write'),
    );
    await expect(none(() => blobStore(TENANT, { table: 'read' }).put(key, body, 'application/json'))).rejects.toBeInstanceOf(AccessDenied);
    await expect(none(() => blobStore(TENANT, { table: 'read' }).stat(key))).rejects.toThrow(denied('reader', 's3:GetObject', 'objects: read'));

    const read = platform('objectReader', { objects: 'read' });
    const store = () => blobStore(TENANT, { table: 'read', objects: 'read' });
    await expect(read(() => store().put(key, body, 'application/json'))).rejects.toThrow(denied('objectReader', 's3:PutObject', 'objects: write'));
    await expect(read(() => store().presignUpload(key, { contentType: 'text/plain', maxBytes: 10 }))).rejects.toThrow(/s3:PutObject/);
    expect(await read(() => store().stat(key))).toBeUndefined(); // allowed: nothing there yet

    const write = platform('objectWriter', { objects: 'write' });
    await write(() => blobStore(TENANT, { table: 'write', objects: 'write' }).put(key, body, 'application/json'));
    expect(await read(() => store().stat(key))).toMatchObject({ size: body.length });
    expect(await read(() => store().sha256(key))).toMatch(/^[0-9a-f]{64}$/);
    await expect(read(() => store().presignDownload(key, { fileName: 'a.json' }))).resolves.toHaveProperty('url');
    await expect(
      write(() => blobStore(TENANT, { table: 'write', objects: 'write' }).presignUpload(key, { contentType: 'text/plain', maxBytes: 10 })),
    ).resolves.toHaveProperty('url');
  });

  it('locally, the scope’s declaration counts, not the access a caller passes', async () => {
    const claimsMore = platform('reader', { objects: 'read' });
    await expect(claimsMore(() => blobStore(TENANT, { table: 'write', objects: 'write' }).put(key, body, 'application/json'))).rejects.toThrow(/s3:PutObject/);
  });

  it('a real operation: createEvidence with its declaration works, and without objects is refused', async () => {
    const ctx: WriteContext = { actor: { userId: 'uploader', roles: ['admin'] }, operation: 'createEvidence' };
    const request = { fileName: 'policy.pdf', contentType: 'application/pdf', size: 100 };
    const asOperation = <T>(access: TableAccess, run: () => Promise<T>, label = 'createEvidence') =>
      withDataScope({ label, tenantOnly: true, access }, async () => {
        enterTenantScope(TENANT, access);
        return run();
      });
    const started = await asOperation(createEvidence.access, () => requestUpload(ctx, TENANT, request, createEvidence.access, registry.evidenceSubjects));
    expect(started.response.upload).toMatchObject({ method: 'PUT' });

    const { objects: _objects, ...withoutObjects } = createEvidence.access;
    await expect(asOperation(withoutObjects, () => requestUpload(ctx, TENANT, request, createEvidence.access, registry.evidenceSubjects))).rejects.toThrow(
      denied('createEvidence', 's3:PutObject', 'objects: write'),
    );
    // Reading it back: getEvidence declares objects: read; a reader without it cannot complete or download.
    const complete = () =>
      completeUpload({ ...ctx, operation: 'completeEvidence' }, TENANT, started.response.id, { table: 'write' }, registry.evidenceSubjects);
    await expect(asOperation({ table: 'write' }, complete, 'completeEvidence')).rejects.toThrow(denied('completeEvidence', 's3:GetObject', 'objects: read'));
    await expect(
      asOperation(getEvidence.access, () => readEvidence(TENANT, started.response.id, getEvidence.access, ['admin'], registry.evidenceSubjects), 'getEvidence'),
    ).resolves.toMatchObject({
      status: 'awaiting-upload',
    });
  });
});

describe('objects in AWS: IAM gets the declaration', () => {
  const sts = mockClient(STSClient);
  const s3 = mockClient(S3Client);
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, {
      ISMF_RUNTIME: 'aws',
      AWS_REGION: 'eu-west-1',
      DATA_BUCKET: 'ismf-data',
      TENANT_DATA_ROLE_ARN: 'arn:aws:iam::111122223333:role/TenantData',
      TABLE_ARN: 'arn:aws:dynamodb:eu-west-1:111122223333:table/ismf',
      TABLE_KEY_ARN: 'arn:aws:kms:eu-west-1:111122223333:key/k',
    });
  });
  afterAll(() => {
    sts.restore();
    s3.restore();
    process.env = saved;
  });

  it('assumes the tenant role with the session policy of the scope’s declared objects, whatever the caller passes; no local check', async () => {
    sts
      .on(AssumeRoleCommand)
      .resolves({ Credentials: { AccessKeyId: 'a', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } });
    // S3 resolves the client's credentials as it signs: the tenant role's session, as in AWS.
    s3.on(PutObjectCommand).callsFake(async (_input, getClient) => {
      await getClient().config.credentials();
      return {};
    });
    const tenant = `${TENANT}-aws`;
    await withDataScope({ label: 'getEvidence', tenantOnly: true, access: getEvidence.access }, () =>
      blobStore(tenant, createEvidence.access).put(objectKey(tenant, 'x'), Buffer.from('x'), 'text/plain'),
    );
    const policy = JSON.parse(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input.Policy!);
    expect(policy).toEqual(sessionPolicyFor(getEvidence.access, tenant));
    expect(policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'TenantObjects').Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
  });
});

describe('signing', () => {
  const message = Buffer.from('sealed hour');

  it('locally, signing needs signing: sign (kms:Sign) and verifying signing: verify (kms:GetPublicKey)', async () => {
    const signer = digestSigner();
    const seal = platform('sealAuditDigest', { signing: 'sign' });
    const verifier = platform('verifyAudit', { signing: 'verify' });
    const neither = platform('listAuditEntries', {});
    const signature = await seal(() => signer.sign(message));
    await expect(verifier(() => signer.sign(message))).rejects.toThrow(denied('verifyAudit', 'kms:Sign', 'signing: sign'));
    await expect(neither(() => signer.sign(message))).rejects.toThrow(denied('listAuditEntries', 'kms:Sign', 'signing: sign'));
    expect(await verifier(() => signer.verify(message, signature, signer.keyId, signer.algorithm))).toBe(true);
    // As in AWS, where kms:Sign does not include kms:GetPublicKey.
    await expect(seal(() => signer.verify(message, signature, signer.keyId, signer.algorithm))).rejects.toThrow(
      denied('sealAuditDigest', 'kms:GetPublicKey', 'signing: verify'),
    );
    await expect(neither(() => signer.verify(message, signature, signer.keyId, signer.algorithm))).rejects.toThrow(/kms:GetPublicKey/);
  });

  it('the catalogue’s signing entries declare what they use', () => {
    expect(verifyAudit.access.signing).toBe('verify');
    expect(scheduledJobs.find((job) => job.name === 'seal-audit-digest')!.access.signing).toBe('sign');
  });
});

describe('the identity provider', () => {
  const account: IdentityAccount = { tenantId: TENANT, userId: 'U1', email: 'dana@example.org', roles: ['admin', 'auditor'] };

  it('locally, each Cognito admin action must be in the declared list', async () => {
    const provider = identityProvider();
    const creator = platform('createUser', { identityProvider: createUserOperation.access.identityProvider! });
    await expect(creator(() => provider.createAccount(account))).resolves.toEqual({ subject: 'U1', username: 'U1' });
    await expect(creator(() => provider.deleteAccount('U1'))).resolves.toBeUndefined();
    await expect(creator(() => provider.setEnabled('U1', false))).rejects.toThrow(
      denied('createUser', 'cognito-idp:AdminDisableUser', 'identityProvider: cognito-idp:AdminDisableUser'),
    );

    const onlyCreate = platform('creator', { identityProvider: ['cognito-idp:AdminCreateUser'] });
    await expect(onlyCreate(() => provider.createAccount({ ...account, roles: [] }))).resolves.toBeDefined();
    await expect(onlyCreate(() => provider.createAccount(account))).rejects.toThrow(/cognito-idp:AdminAddUserToGroup/);

    const updater = platform('updateUser', { identityProvider: updateUserOperation.access.identityProvider! });
    await expect(updater(() => provider.setRoles('U1', ['auditor'], ['admin']))).resolves.toBeUndefined();
    await expect(updater(() => provider.setEnabled('U1', true))).resolves.toBeUndefined();
    await expect(updater(() => provider.deleteAccount('U1'))).rejects.toThrow(/cognito-idp:AdminDeleteUser/);
    const noSignOut = platform('updateUser', {
      identityProvider: updateUserOperation.access.identityProvider!.filter((action) => !action.endsWith('GlobalSignOut')),
    });
    await expect(noSignOut(() => provider.setRoles('U1', ['auditor'], ['admin']))).rejects.toThrow(/cognito-idp:AdminUserGlobalSignOut/);
    await expect(noSignOut(() => provider.setRoles('U1', ['admin'], ['admin']))).resolves.toBeUndefined(); // no change, no call

    const none = platform('listUsers', {});
    await expect(none(() => provider.createAccount(account))).rejects.toThrow(
      denied('listUsers', 'cognito-idp:AdminCreateUser', 'identityProvider: cognito-idp:AdminCreateUser'),
    );
  });

  it('a real operation: registering a user without the user pool’s actions is refused before anything is written', async () => {
    const ctx: WriteContext = { actor: { userId: 'admin', roles: ['admin'] }, operation: 'createUser' };
    const { identityProvider: _actions, ...withoutPool } = createUserOperation.access;
    const asCreateUser = <T>(access: TableAccess, run: () => Promise<T>) =>
      withDataScope({ label: 'createUser', tenantOnly: true, access }, async () => {
        enterTenantScope(TENANT, access);
        return run();
      });
    await expect(
      asCreateUser(withoutPool, () => createUser(ctx, TENANT, { email: 'x@example.org', displayName: 'X Ample', roles: ['staff'] })),
    ).rejects.toThrow(denied('createUser', 'cognito-idp:AdminCreateUser', 'identityProvider: cognito-idp:AdminCreateUser'));
    await expect(
      asCreateUser(createUserOperation.access, () => createUser(ctx, TENANT, { email: 'x@example.org', displayName: 'X Ample', roles: ['staff'] })),
    ).resolves.toMatchObject({
      response: { email: 'x@example.org', roles: ['staff'], version: 1 },
    });
  });

  it('checks locally exactly the actions the Cognito implementation sends', async () => {
    const cognito = mockClient(CognitoIdentityProviderClient);
    try {
      cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: 's' }] } });
      const provider = cognitoIdentityProvider('eu-west-1_pool', new CognitoIdentityProviderClient({ region: 'eu-west-1' }));
      const sent = async (run: () => Promise<unknown>) => {
        cognito.resetHistory();
        await run();
        return cognito.calls().map((call) => `cognito-idp:${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`);
      };
      for (const roles of [[], ['admin'], ['admin', 'auditor', 'staff']]) {
        expect(await sent(() => provider.createAccount({ ...account, roles }))).toEqual(identityActions.createAccount({ ...account, roles }));
      }
      for (const [roles, previous] of [
        [['a'], ['a']],
        [['a', 'b'], ['a']],
        [['a'], ['a', 'b']],
        [['c'], ['a', 'b']],
        [[], ['a']],
      ]) {
        expect(await sent(() => provider.setRoles('u', roles!, previous!))).toEqual(identityActions.setRoles(roles!, previous!));
      }
      for (const enabled of [true, false]) expect(await sent(() => provider.setEnabled('u', enabled))).toEqual(identityActions.setEnabled(enabled));
      expect(await sent(() => provider.deleteAccount('u'))).toEqual(identityActions.deleteAccount());
    } finally {
      cognito.restore();
    }
  });
});

describe('flows', () => {
  const recorder = (): FlowRuntime & { calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      async startExecution(flow, name) {
        calls.push(`start ${flow} ${name}`);
      },
      async sendTaskSuccess(token) {
        calls.push(`success ${token}`);
        return 'sent';
      },
      async sendTaskFailure(token) {
        calls.push(`failure ${token}`);
        return 'sent';
      },
    };
  };
  let previous: FlowRuntime | undefined;
  beforeAll(() => {
    previous = installedLocalFlowRuntime();
  });
  afterEach(() => installLocalFlowRuntime(previous));

  it('locally, starting needs flows: start (states:StartExecution) and resuming flows: resume (SendTaskSuccess/Failure)', async () => {
    const local = recorder();
    installLocalFlowRuntime(local);
    const starter = platform('startFlow', { flows: 'start' });
    const resumer = platform('resumeFlow', { flows: 'resume' });
    const neither = platform('advanceFlow', { objects: 'write' });
    await starter(() => flowRuntime().startExecution('approval', 'e1', {}));
    await expect(resumer(() => flowRuntime().startExecution('approval', 'e2', {}))).rejects.toThrow(
      denied('resumeFlow', 'states:StartExecution', 'flows: start'),
    );
    await expect(neither(() => flowRuntime().startExecution('approval', 'e3', {}))).rejects.toThrow(/states:StartExecution/);
    expect(await resumer(() => flowRuntime().sendTaskSuccess('t1', {}))).toBe('sent');
    expect(await resumer(() => flowRuntime().sendTaskFailure('t2', 'E', 'c'))).toBe('sent');
    await expect(starter(() => flowRuntime().sendTaskSuccess('t3', {}))).rejects.toThrow(denied('startFlow', 'states:SendTaskSuccess', 'flows: resume'));
    await expect(neither(() => flowRuntime().sendTaskFailure('t4', 'E', 'c'))).rejects.toThrow(
      denied('advanceFlow', 'states:SendTaskFailure', 'flows: resume'),
    );
    expect(local.calls).toEqual(['start approval e1', 'success t1', 'failure t2']);
  });

  it('locally, with no local runtime installed, a start fails saying so (never Step Functions)', async () => {
    installLocalFlowRuntime(undefined);
    await expect(platform('startFlow', { flows: 'start' })(() => flowRuntime().startExecution('approval', 'e', {}))).rejects.toThrow(
      /no local flow runtime is running/,
    );
  });
});

describe('mail', () => {
  it('locally, sending needs mail: true (ses:SendEmail)', async () => {
    const message = { to: 'zoe@example.org', subject: 'Review due', text: 'Hello' };
    await expect(platform('listUsers', {})(() => mailTransport().send(message))).rejects.toThrow(denied('listUsers', 'ses:SendEmail', 'mail: true'));
    const sent = await platform('deliverNotification', { mail: true })(() => mailTransport().send(message));
    expect(await readdir(process.env.ISMF_MAIL_DIR!)).toContain(sent.location!.split('/').pop());
  });
});

describe('outside any data scope', () => {
  it('the local runtime acts as itself: nothing is checked (every handler runs inside a scope)', async () => {
    const key = objectKey(TENANT, 'runtime', 'own.json');
    await blobStore(TENANT, { table: 'none' }).put(key, Buffer.from('{}'), 'application/json');
    expect(await blobStore(TENANT, { table: 'none' }).stat(key)).toMatchObject({ size: 2 });
  });
});

describe('the local checks and the AWS grants', () => {
  const actions: CapabilityAction[] = [
    's3:GetObject',
    's3:PutObject',
    'kms:Sign',
    'kms:GetPublicKey',
    'states:StartExecution',
    'states:SendTaskSuccess',
    'states:SendTaskFailure',
    'ses:SendEmail',
    'scheduler:CreateSchedule',
    'scheduler:DeleteSchedule',
  ];
  const entries = [
    ...operations,
    ...consumers,
    ...scheduledJobs,
    ...flows.flatMap((flow) => Object.entries(flow.tasks).map(([name, task]) => ({ name, access: task.access }))),
  ];

  it('allow objects exactly as the tenant session policy does', () => {
    process.env.DATA_BUCKET = 'ismf-data';
    try {
      for (const entry of entries) {
        const statement = sessionPolicyFor(entry.access, 'acme').Statement.find((s) => s.Sid === 'TenantObjects');
        const s3 = (statement?.Action ?? []).filter((action) => action === 's3:GetObject' || action === 's3:PutObject');
        expect(s3, entry.name).toEqual((['s3:GetObject', 's3:PutObject'] as const).filter((action) => grants(entry.access, action)));
      }
    } finally {
      delete process.env.DATA_BUCKET;
    }
  });

  it('grant each action to exactly the declaration that names it', () => {
    for (const action of actions) {
      const [key, value] = declarationFor(action).split(': ') as [keyof DeclaredAccess, string];
      const declared = { table: 'none', [key]: value === 'true' ? true : value } as DeclaredAccess;
      expect(grants(declared, action), action).toBe(true);
      expect(grants({ table: 'write' }, action), action).toBe(false);
    }
    expect(grants({ table: 'none', objects: 'write' }, 's3:GetObject')).toBe(true);
    expect(grants({ table: 'none', identityProvider: ['cognito-idp:AdminCreateUser'] }, 'cognito-idp:AdminCreateUser')).toBe(true);
    expect(grants({ table: 'none', identityProvider: ['cognito-idp:AdminCreateUser'] }, 'cognito-idp:AdminDeleteUser')).toBe(false);
  });
});
