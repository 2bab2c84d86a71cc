// `npm run -s create-operator -- --user-pool-id POOL --email ADDRESS [--region R] [--resend]`: makes a
// platform operator in a deployed user pool, as the API recognises one (packages/http/src/claims.ts): a
// Cognito user with no tenant claim, in the group platform-operator. Cognito e-mails the temporary password.
// Exit code 0: done; 1: refused or failed (the message says why); 2: a usage error.
import { parseArgs } from 'node:util';
import { runsAsProgram } from '@ismf/core/entry-point';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { PLATFORM_ID } from '@ismf/core/ids';
import { PLATFORM_OPERATOR } from '@ismf/core/roles';
import { cognitoUsername } from '@ismf/directory/identity-provider';
import { emailSchema } from '@ismf/directory/rules';

export const HELP = `Usage: npm run -s create-operator -- --user-pool-id POOL_ID --email ADDRESS [--region REGION] [--resend]

Creates a platform operator in a deployed ISMF user pool: the Cognito user _platform:<address> with the
e-mail address (marked verified), no tenant claim, in the group ${PLATFORM_OPERATOR}. Cognito e-mails the
address its user name and a temporary password (valid 3 days); the first sign-in, in the hosted UI, sets
a password and registers an authenticator app (MFA is required). Run again for the same address, it
only makes sure the user is in the group.

  --user-pool-id ID  the user pool: the IsmfApi output UserPoolId (e.g. eu-west-1_AbCdEfGhI)
  --email ADDRESS    the operator's e-mail address
  --region REGION    the pool's region (default: the part of the pool id before the underscore)
  --resend           e-mail a new temporary password to an operator who has not signed in yet
  -h, --help         this text

AWS credentials come from the SDK's default chain (AWS_PROFILE, the environment, SSO …) and need
cognito-idp:AdminCreateUser, AdminGetUser and AdminAddUserToGroup on the pool.

Exit code: 0 done, 1 refused or failed (no credentials, no such pool … the message says why), 2 usage error.`;

/** Where the CLI writes: the console when run, a test's capture when called. */
export interface Output {
  log(line: string): void;
  error(line: string): void;
}

/** The Cognito client for a region: the SDK's, with the default credential chain, unless a test gives one. */
export type ClientFor = (region: string) => CognitoIdentityProviderClient;

const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/;

export async function run(
  args: string[],
  out: Output = console,
  clientFor: ClientFor = (region) => new CognitoIdentityProviderClient({ region }),
): Promise<number> {
  const usage = (message: string) => {
    out.error(`${message}\n\n${HELP}`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        'user-pool-id': { type: 'string' },
        email: { type: 'string' },
        region: { type: 'string' },
        resend: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    out.log(HELP);
    return 0;
  }
  const userPoolId = values['user-pool-id'];
  if (!userPoolId) return usage('--user-pool-id is required: the IsmfApi output UserPoolId');
  const pool = POOL_ID.exec(userPoolId);
  if (!pool) return usage(`--user-pool-id ${JSON.stringify(userPoolId)} is not a user pool id (<region>_<id>, e.g. eu-west-1_AbCdEfGhI)`);
  if (values.email === undefined) return usage('--email is required: the operator’s e-mail address');
  const email = emailSchema.safeParse(values.email.trim());
  if (!email.success) return usage(`--email ${JSON.stringify(values.email)} is not an e-mail address`);
  const region = values.region ?? pool[1]!;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return usage(`--region ${JSON.stringify(region)} is not an AWS region`);

  const username = cognitoUsername(PLATFORM_ID, email.data);
  const client = clientFor(region);
  try {
    if (values.resend) {
      if (await hasTenantClaim(client, userPoolId, username)) return refuseTenantUser(out, username);
      await client.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }));
      await joinOperators(client, userPoolId, username);
      out.log(`e-mailed a new temporary password to ${email.data} for ${username} (valid 3 days)`);
      return 0;
    }
    try {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: username,
          DesiredDeliveryMediums: ['EMAIL'],
          // No custom:tenant_id: that absence, with the group, is what makes an operator.
          UserAttributes: [
            { Name: 'email', Value: email.data },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'UsernameExistsException') throw error;
      const existing = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
      if (carriesTenant(existing.UserAttributes)) return refuseTenantUser(out, username);
      await joinOperators(client, userPoolId, username);
      out.log(`${username} exists already (${existing.UserStatus ?? 'status unknown'}); it is in ${PLATFORM_OPERATOR}`);
      if (existing.UserStatus === 'FORCE_CHANGE_PASSWORD') out.log('it has not signed in yet: --resend e-mails a new temporary password');
      return 0;
    }
    await joinOperators(client, userPoolId, username);
    out.log(`created the platform operator ${username} in ${userPoolId}, in the group ${PLATFORM_OPERATOR}`);
    out.log(`Cognito e-mailed ${email.data} the user name and a temporary password (valid 3 days): sign in at the hosted UI`);
    out.log('with that user name; it asks for a new password and an authenticator app (see docs/deploying.md).');
    return 0;
  } catch (error) {
    const { name, message } = error as Error;
    out.error(`${values.resend ? 'resending' : 'creating'} the operator failed: ${name}: ${message}`);
    if (name === 'UnsupportedUserStateException' && values.resend) out.error('--resend applies only to an operator who has not signed in yet');
    return 1;
  } finally {
    client.destroy();
  }
}

/** A tenant claim makes a tenant's user, whom claims.ts refuses as an operator: never put one in the group. */
const carriesTenant = (attributes: readonly { Name?: string }[] | undefined) => !!attributes?.some((attribute) => attribute.Name === 'custom:tenant_id');

async function hasTenantClaim(client: CognitoIdentityProviderClient, userPoolId: string, username: string): Promise<boolean> {
  return carriesTenant((await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }))).UserAttributes);
}

function refuseTenantUser(out: Output, username: string): number {
  out.error(`${username} carries a tenant claim (custom:tenant_id): a tenant's user is never an operator; nothing changed`);
  return 1;
}

/** Group membership: the operator's role claim (`cognito:groups`). Adding a member twice changes nothing. */
async function joinOperators(client: CognitoIdentityProviderClient, userPoolId: string, username: string): Promise<void> {
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: PLATFORM_OPERATOR }));
}

// Run as a program (tsx FILE), not when a test imports it.
if (runsAsProgram(import.meta.url)) process.exitCode = await run(process.argv.slice(2));
