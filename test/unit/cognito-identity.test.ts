// The Cognito side of the user directory: no local engine serves Cognito, so its calls are checked
// against a mocked client.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cognitoIdentityProvider } from '@ismf/directory/identity-provider';

const cognito = mockClient(CognitoIdentityProviderClient);
const provider = cognitoIdentityProvider('eu-west-1_pool', new CognitoIdentityProviderClient({ region: 'eu-west-1' }));

beforeEach(() => cognito.reset());

describe('the Cognito identity provider', () => {
  it('creates the account with the tenant claim set by the platform and the roles as groups', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: 'sub-123' }] } });
    const account = await provider.createAccount({ tenantId: 'acme-telecom', userId: 'U1', email: 'Dana@Acme.example', roles: ['admin', 'auditor'] });
    expect(account).toEqual({ subject: 'sub-123', username: 'acme-telecom:dana@acme.example' });
    const create = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input;
    expect(create.UserAttributes).toContainEqual({ Name: 'custom:tenant_id', Value: 'acme-telecom' });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((call) => call.args[0].input.GroupName)).toEqual(['admin', 'auditor']);
  });

  it('answers 409 naming the e-mail when the account exists', async () => {
    cognito.on(AdminCreateUserCommand).rejects(Object.assign(new Error('exists'), { name: 'UsernameExistsException' }));
    await expect(provider.createAccount({ tenantId: 'acme-telecom', userId: 'U1', email: 'a@b.example', roles: ['staff'] })).rejects.toMatchObject({
      status: 409,
      errors: [{ path: 'body.email', message: 'already in use' }],
    });
  });

  it('moves group membership to the new roles and disables sign-in', async () => {
    cognito.resolves({});
    await provider.setRoles('acme-telecom:a@b.example', ['auditor', 'manager'], ['staff', 'auditor']);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((call) => call.args[0].input.GroupName)).toEqual(['manager']);
    expect(cognito.commandCalls(AdminRemoveUserFromGroupCommand).map((call) => call.args[0].input.GroupName)).toEqual(['staff']);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand).map((call) => call.args[0].input.Username)).toEqual(['acme-telecom:a@b.example']);
    await provider.setEnabled('acme-telecom:a@b.example', false);
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(2);
  });

  it('keeps sessions when the roles did not change', async () => {
    cognito.resolves({});
    await provider.setRoles('acme-telecom:a@b.example', ['auditor', 'staff'], ['staff', 'auditor']);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(0);
    await provider.setEnabled('acme-telecom:a@b.example', true);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(0);
  });
});
