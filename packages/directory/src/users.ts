// The tenant's user directory (tenant admins): accounts, their roles, and disabling.
import { newId } from '@ismf/core/ids';
import { userCreated, userDisabled, userUpdated } from './events.ts';
import { applyMergePatch } from '@ismf/core/merge-patch';
import { problems } from '@ismf/core/problems';
import type { UserData, UserInput, UserPatch } from './rules.ts';
import { entityView, getEntity, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { uniqueHolder } from '@ismf/store/uniques';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type SignInAccount, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { personName } from '@ismf/core/people';
import { forgetPersonNames } from '@ismf/store/people-names';
import { userEntity } from './entities.ts';
import { identityProvider } from './identity-provider.ts';

const USER = userEntity.type;

async function requireManager(tenantId: string, managerId: string | undefined | null, userId?: string): Promise<void> {
  if (!managerId) return;
  const manager = await getEntity<UserData>(tenantId, USER, managerId);
  if (!manager || manager.data.status !== 'active' || managerId === userId) {
    throw problems.unprocessable('managerId must name another active user of the tenant', [{ path: 'body.managerId', message: 'no such active user' }]);
  }
}

/** The directory never shows the identity provider's internals (subject, user name). */
export function userView(entity: StoredEntity<UserData>) {
  const { subject: _subject, username: _username, ...data } = entity.data;
  return entityView({ ...entity, data });
}

export async function createUser(ctx: WriteContext, tenantId: string, input: UserInput, idempotency?: IdempotencyRequest) {
  let createdAccount: string | undefined;
  try {
    return await commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
      await requireManager(tenantId, input.managerId);
      const userId = newId();
      const account = await identityProvider().createAccount({ tenantId, userId, email: input.email, roles: input.roles });
      createdAccount = account.username;
      const work = new UnitOfWork(ctx);
      const data: UserData = {
        email: input.email,
        displayName: input.displayName,
        ...(input.jobTitle ? { jobTitle: input.jobTitle } : {}),
        roles: input.roles,
        status: 'active',
        subject: account.subject,
        username: account.username,
        ...(input.managerId ? { managerId: input.managerId } : {}),
      };
      const user = work.create(userEntity, tenantId, userId, data);
      work.unique(tenantId, 'user-email', input.email, 'body.email', userId);
      work.signInAccount(tenantId, account.subject, signInOf(userId, data), true);
      work.event(userCreated.of(tenantId, { userId, roles: input.roles }));
      return { work, response: userView(user) };
    });
  } catch (error) {
    if (createdAccount)
      await identityProvider()
        .deleteAccount(createdAccount)
        .catch(() => undefined);
    throw error;
  }
}

export async function listUsers(tenantId: string, page: PageRequest) {
  const result = await queryPatternPage(userEntity, 'list', tenantId, {}, { page });
  return { items: result.items.map(userView), nextCursor: result.nextCursor };
}

export async function getUser(tenantId: string, userId: string) {
  return userView(await requireEntity<UserData>(tenantId, USER, userId, `user ${userId}`));
}

export async function updateUser(ctx: WriteContext, tenantId: string, userId: string, expectedVersion: number, patch: UserPatch) {
  const before = await requireEntity<UserData>(tenantId, USER, userId, `user ${userId}`);
  if (before.version !== expectedVersion) {
    throw problems.stale(`user ${userId} is at version ${before.version}, not ${expectedVersion}`);
  }
  const { reason, ...changes } = patch;
  await requireManager(tenantId, changes.managerId, userId);
  const after = applyMergePatch(before.data, changes);
  if (before.data.subject === ctx.actor.userId) {
    if (after.status === 'disabled' || !after.roles.includes('admin')) {
      throw problems.conflict('an administrator cannot disable themself or remove their own admin role', [
        { path: changes.status ? 'body.status' : 'body.roles', message: 'would lock you out' },
      ]);
    }
  }
  const provider = identityProvider();
  await provider.setRoles(before.data.username, after.roles, before.data.roles);
  if (after.status !== before.data.status) await provider.setEnabled(before.data.username, after.status === 'active');
  const work = new UnitOfWork({ ...ctx, ...(reason ? { reason } : {}) });
  const updated = work.update(userEntity, before, after);
  // The sign-in record carries what every request is authorized with (status, the roles held now) and
  // how the person is called.
  const account = signInOf(userId, after);
  if (JSON.stringify(account) !== JSON.stringify(signInOf(userId, before.data))) {
    work.signInAccount(tenantId, before.data.subject, account, false);
  }
  const change = { userId, roles: after.roles, status: after.status };
  work.event(
    after.status === 'disabled' && before.data.status !== 'disabled'
      ? userDisabled.of(tenantId, { ...change, status: 'disabled' })
      : userUpdated.of(tenantId, change),
  );
  try {
    await work.commit();
  } catch (error) {
    // Put the sign-in account back as the directory still has it.
    await provider.setRoles(before.data.username, before.data.roles, after.roles).catch(() => undefined);
    if (after.status !== before.data.status) {
      await provider.setEnabled(before.data.username, before.data.status === 'active').catch(() => undefined);
    }
    throw error;
  }
  forgetPersonNames(tenantId, userId, before.data.subject);
  return userView(updated);
}

/** The sign-in record of a user: it authorizes requests and names the token subject in records. */
export function signInOf(userId: string, user: Pick<UserData, 'status' | 'roles' | 'displayName' | 'email' | 'jobTitle'>): SignInAccount {
  return {
    userId,
    status: user.status,
    roles: user.roles,
    name: personName(user),
    email: user.email,
    ...(user.jobTitle ? { jobTitle: user.jobTitle } : {}),
  };
}

export async function findUserByEmail(tenantId: string, email: string) {
  const userId = await uniqueHolder(tenantId, 'user-email', email.toLowerCase());
  return userId ? getEntity<UserData>(tenantId, USER, userId) : undefined;
}

/** The caller's own directory entry (the member id comes from the sign-in record, never from input). */
async function ownEntry(tenantId: string, memberId: string | undefined) {
  if (!memberId) throw problems.forbidden('this sign-in account has no user in the tenant’s directory');
  return requireEntity<UserData>(tenantId, USER, memberId, `user ${memberId}`);
}

export async function getNotificationPreferences(tenantId: string, memberId: string | undefined) {
  const user = await ownEntry(tenantId, memberId);
  return { notifications: user.data.notifications ?? {} };
}

/** Replaces the caller's choices per notification kind (a kind not named is sent at once). */
export async function setNotificationPreferences(
  ctx: WriteContext,
  tenantId: string,
  memberId: string | undefined,
  notifications: Record<string, 'immediate' | 'daily-digest'>,
) {
  const user = await ownEntry(tenantId, memberId);
  const work = new UnitOfWork({ ...ctx, reason: 'notification choices' });
  const after = work.update(userEntity, user, { ...user.data, notifications });
  await work.commit();
  return { notifications: after.data.notifications ?? {} };
}
