// Where credentials live. The table is the user directory; the identity provider (Cognito in AWS) holds
// credentials and the claims put into tokens. Locally the stack's own token endpoint plays that part.
// ISMF_RUNTIME chooses (never USER_POOL_ID's presence): in AWS a missing USER_POOL_ID fails naming it;
// locally each call is checked against the Cognito admin actions the running function declares.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { requiredSetting, runtimeConfig } from '@ismf/core/config';
import { problems } from '@ismf/core/problems';
import { authorizeCapability } from '@ismf/store/capabilities';

export interface IdentityAccount {
  tenantId: string;
  userId: string;
  email: string;
  roles: string[];
}

export interface IdentityProvider {
  /** Creates the sign-in account and answers the token subject (`sub`) it will carry. */
  createAccount(account: IdentityAccount): Promise<{ subject: string; username: string }>;
  setRoles(username: string, roles: string[], previous: string[]): Promise<void>;
  setEnabled(username: string, enabled: boolean): Promise<void>;
  deleteAccount(username: string): Promise<void>;
}

/** Local identity: tokens are minted by the local stack for the user id, so the subject is the user id. */
export const localIdentityProvider: IdentityProvider = {
  async createAccount(account) {
    return { subject: account.userId, username: account.userId };
  },
  async setRoles() {},
  async setEnabled() {},
  async deleteAccount() {},
};

/** A person may belong to several tenants, so the Cognito user name is qualified by the tenant. */
export function cognitoUsername(tenantId: string, email: string): string {
  return `${tenantId}:${email.toLowerCase()}`;
}

export function cognitoIdentityProvider(userPoolId: string, client = new CognitoIdentityProviderClient({})): IdentityProvider {
  return {
    async createAccount(account) {
      const username = cognitoUsername(account.tenantId, account.email);
      try {
        const created = await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: username,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [
              { Name: 'email', Value: account.email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'custom:tenant_id', Value: account.tenantId },
            ],
          }),
        );
        for (const role of account.roles) {
          await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: role }));
        }
        const subject = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
        if (!subject) throw new Error('Cognito returned no subject for the new user');
        return { subject, username };
      } catch (error) {
        if ((error as Error).name === 'UsernameExistsException') {
          throw problems.conflict('a user with this e-mail already exists in this tenant', [{ path: 'body.email', message: 'already in use' }]);
        }
        throw error;
      }
    },
    async setRoles(username, roles, previous) {
      for (const role of roles.filter((r) => !previous.includes(r))) {
        await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: role }));
      }
      const removed = previous.filter((r) => !roles.includes(r));
      for (const role of removed) {
        await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: role }));
      }
      // Refresh tokens would keep minting ID tokens with the old groups: end every session, so the
      // next sign-in carries the roles held now.
      if (removed.length || roles.some((r) => !previous.includes(r))) {
        await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username }));
      }
    },
    async setEnabled(username, enabled) {
      const Command = enabled ? AdminEnableUserCommand : AdminDisableUserCommand;
      await client.send(new Command({ UserPoolId: userPoolId, Username: username }));
      if (!enabled) await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username }));
    },
    async deleteAccount(username) {
      await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
    },
  };
}

/**
 * The Cognito admin actions each call performs, in order — what cognitoIdentityProvider sends, and so
 * what IAM checks in AWS (a test holds the two together).
 */
export const identityActions = {
  createAccount: (account: IdentityAccount): string[] => ['cognito-idp:AdminCreateUser', ...account.roles.map(() => 'cognito-idp:AdminAddUserToGroup')],
  setRoles: (roles: readonly string[], previous: readonly string[]): string[] => {
    const added = roles.filter((role) => !previous.includes(role));
    const removed = previous.filter((role) => !roles.includes(role));
    return [
      ...added.map(() => 'cognito-idp:AdminAddUserToGroup'),
      ...removed.map(() => 'cognito-idp:AdminRemoveUserFromGroup'),
      ...(added.length || removed.length ? ['cognito-idp:AdminUserGlobalSignOut'] : []),
    ];
  },
  setEnabled: (enabled: boolean): string[] =>
    enabled ? ['cognito-idp:AdminEnableUser'] : ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminUserGlobalSignOut'],
  deleteAccount: (): string[] => ['cognito-idp:AdminDeleteUser'],
};

const authorizeAll = (actions: string[]) => {
  for (const action of new Set(actions)) authorizeCapability(action as `cognito-idp:${string}`, 'the user pool');
};

/** The local identity, refusing what the running function does not declare, as IAM refuses it Cognito's actions. */
const checkedLocalIdentityProvider: IdentityProvider = {
  async createAccount(account) {
    authorizeAll(identityActions.createAccount(account));
    return localIdentityProvider.createAccount(account);
  },
  async setRoles(username, roles, previous) {
    authorizeAll(identityActions.setRoles(roles, previous));
    return localIdentityProvider.setRoles(username, roles, previous);
  },
  async setEnabled(username, enabled) {
    authorizeAll(identityActions.setEnabled(enabled));
    return localIdentityProvider.setEnabled(username, enabled);
  },
  async deleteAccount(username) {
    authorizeAll(identityActions.deleteAccount());
    return localIdentityProvider.deleteAccount(username);
  },
};

let configured: { userPoolId: string; provider: IdentityProvider } | undefined;

/** Cognito in AWS (USER_POOL_ID required); locally the local identity, checked per call. */
export function identityProvider(): IdentityProvider {
  const config = runtimeConfig();
  if (config.runtime === 'local') return checkedLocalIdentityProvider;
  const userPoolId = requiredSetting('userPoolId', config);
  if (configured?.userPoolId !== userPoolId) configured = { userPoolId, provider: cognitoIdentityProvider(userPoolId) };
  return configured.provider;
}
