// The command that makes the first platform operator of a deployment, against a mocked Cognito: the exact
// calls (a user without a tenant claim, in the operator group, invited by e-mail), the second run, the
// resend, the refusal of a tenant's user, and the usage errors. Two runs as a program check the entry.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { HELP, run } from '../../packages/platform/src/create-operator-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const POOL = 'eu-central-1_AbC123xyZ';
const USERNAME = '_platform:ops@acme-telecom.example';

const cognito = mockClient(CognitoIdentityProviderClient);
beforeEach(() => cognito.reset());

/** Runs the command with a capture of what it writes and the regions it made clients for. */
async function cli(...args: string[]) {
  const lines = { log: [] as string[], error: [] as string[] };
  const regions: string[] = [];
  const code = await run(args, { log: (line) => lines.log.push(line), error: (line) => lines.error.push(line) }, (region) => {
    regions.push(region);
    return new CognitoIdentityProviderClient({ region });
  });
  return { code, regions, out: lines.log.join('\n'), err: lines.error.join('\n') };
}

/** Every call the mocked client received, as [command, input]. */
const calls = () => cognito.calls().map((call) => [(call.args[0] as object).constructor.name, (call.args[0] as { input: unknown }).input]);

describe('create-operator', () => {
  it('creates the user with the e-mail and no tenant claim, invited by e-mail, then puts it in platform-operator', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: USERNAME, UserStatus: 'FORCE_CHANGE_PASSWORD' } });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const result = await cli('--user-pool-id', POOL, '--email', ' Ops@ACME-Telecom.example ');
    expect(result.code).toBe(0);
    expect(result.regions).toEqual(['eu-central-1']);
    expect(calls()).toEqual([
      [
        'AdminCreateUserCommand',
        {
          UserPoolId: POOL,
          Username: USERNAME,
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: 'ops@acme-telecom.example' },
            { Name: 'email_verified', Value: 'true' },
          ],
        },
      ],
      ['AdminAddUserToGroupCommand', { UserPoolId: POOL, Username: USERNAME, GroupName: 'platform-operator' }],
    ]);
    expect(result.out).toContain(`created the platform operator ${USERNAME}`);
    expect(result.out).toContain('temporary password');
    expect(result.err).toBe('');
  });

  it('takes the region from --region when given', async () => {
    cognito.resolves({});
    expect((await cli('--user-pool-id', POOL, '--email', 'ops@acme-telecom.example', '--region', 'eu-west-1')).regions).toEqual(['eu-west-1']);
  });

  it('run again, makes sure the existing operator is in the group and changes nothing else', async () => {
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('User account already exists'), { name: 'UsernameExistsException' }));
    cognito
      .on(AdminGetUserCommand)
      .resolves({ Username: USERNAME, UserStatus: 'FORCE_CHANGE_PASSWORD', UserAttributes: [{ Name: 'email', Value: 'ops@acme-telecom.example' }] });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const result = await cli('--user-pool-id', POOL, '--email', 'ops@acme-telecom.example');
    expect(result.code).toBe(0);
    expect(calls().map(([command]) => command)).toEqual(['AdminCreateUserCommand', 'AdminGetUserCommand', 'AdminAddUserToGroupCommand']);
    expect(calls()[1]![1]).toEqual({ UserPoolId: POOL, Username: USERNAME });
    expect(calls()[2]![1]).toEqual({ UserPoolId: POOL, Username: USERNAME, GroupName: 'platform-operator' });
    expect(result.out).toContain('exists already (FORCE_CHANGE_PASSWORD)');
    expect(result.out).toContain('--resend');
  });

  it('never puts a user with a tenant claim in the operator group', async () => {
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('exists'), { name: 'UsernameExistsException' }));
    cognito.on(AdminGetUserCommand).resolves({ Username: USERNAME, UserAttributes: [{ Name: 'custom:tenant_id', Value: 'acme-telecom' }] });
    const result = await cli('--user-pool-id', POOL, '--email', 'ops@acme-telecom.example');
    expect(result.code).toBe(1);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
    expect(result.err).toContain('tenant claim');
    cognito.reset();
    cognito.on(AdminGetUserCommand).resolves({ Username: USERNAME, UserAttributes: [{ Name: 'custom:tenant_id', Value: 'acme-telecom' }] });
    expect((await cli('--user-pool-id', POOL, '--email', 'ops@acme-telecom.example', '--resend')).code).toBe(1);
    expect(calls().map(([command]) => command)).toEqual(['AdminGetUserCommand']);
  });

  it('--resend e-mails a new temporary password to an operator who has not signed in', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: USERNAME, UserStatus: 'FORCE_CHANGE_PASSWORD', UserAttributes: [] });
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const result = await cli('--user-pool-id', POOL, '--email', 'ops@acme-telecom.example', '--resend');
    expect(result.code).toBe(0);
    expect(calls()).toEqual([
      ['AdminGetUserCommand', { UserPoolId: POOL, Username: USERNAME }],
      ['AdminCreateUserCommand', { UserPoolId: POOL, Username: USERNAME, MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }],
      ['AdminAddUserToGroupCommand', { UserPoolId: POOL, Username: USERNAME, GroupName: 'platform-operator' }],
    ]);
    expect(result.out).toContain('new temporary password');
  });

  it('says why when AWS refuses, with exit code 1', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(Object.assign(new Error('User pool eu-central-1_AbC123xyZ does not exist.'), { name: 'ResourceNotFoundException' }));
    const missing = await cli('--user-pool-id', POOL, '--email', 'ops@acme-telecom.example');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('creating the operator failed: ResourceNotFoundException: User pool eu-central-1_AbC123xyZ does not exist.');
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
    cognito.reset();
    cognito.on(AdminGetUserCommand).resolves({ UserAttributes: [] });
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('User does not exist or is confirmed'), { name: 'UnsupportedUserStateException' }));
    const signedIn = await cli('--user-pool-id', POOL, '--email', 'ops@acme-telecom.example', '--resend');
    expect(signedIn.code).toBe(1);
    expect(signedIn.err).toContain('resending the operator failed: UnsupportedUserStateException');
    expect(signedIn.err).toContain('only to an operator who has not signed in yet');
  });

  it('refuses what it cannot use, with exit code 2, the reason and the usage, calling nothing', async () => {
    const cases: [string[], RegExp][] = [
      [[], /--user-pool-id is required/],
      [['--email', 'ops@acme-telecom.example'], /--user-pool-id is required/],
      [['--user-pool-id', 'AbC123', '--email', 'ops@acme-telecom.example'], /is not a user pool id/],
      [['--user-pool-id', POOL], /--email is required/],
      [['--user-pool-id', POOL, '--email', 'ops'], /is not an e-mail address/],
      [['--user-pool-id', POOL, '--email', 'ops@acme-telecom.example', '--region', 'Frankfurt'], /is not an AWS region/],
      [['--user-pool-id', POOL, '--email', 'ops@acme-telecom.example', '--tenant', 'acme'], /Unknown option '--tenant'/],
      [['--user-pool-id', POOL, '--email', 'ops@acme-telecom.example', 'extra'], /Unexpected argument 'extra'/],
    ];
    for (const [args, reason] of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(reason);
      expect(result.err).toContain('Usage: npm run -s create-operator');
      expect(result.regions).toEqual([]);
    }
    expect(cognito.calls()).toHaveLength(0);
    const help = await cli('--help');
    expect(help).toMatchObject({ code: 0, out: HELP, err: '' });
  });

  it('runs as a program: help with exit code 0, a usage error with 2', () => {
    const program = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'packages/platform/src/create-operator-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
    const help = program('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('platform-operator');
    const wrong = program('--email', 'ops@acme-telecom.example');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--user-pool-id is required');
  }, 30_000);
});
