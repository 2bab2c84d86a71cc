// The tenant's user directory (tenant admins): accounts, their roles, and disabling.
import { newId } from '@ismf/core/ids';
import { userCreated, userDisabled, userUpdated } from '@ismf/events/catalogue';
import { applyMergePatch } from '@ismf/core/merge-patch';
import { problems } from '@ismf/core/problems';
import type { UserData, UserInput, UserPatch } from '@ismf/core/tenancy';
import { entityView, getEntity, listEntities, requireEntity, type PageRequest } from '@ismf/store/entities';
import { uniqueHolder } from '@ismf/store/uniques';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { identityProvider } from './identity-provider.ts';

const USER = 'user';

/** The directory never shows the identity provider's internals (subject, user name). */
export function userView(entity: StoredEntity<UserData>) {
  const { subject: _subject, username: _username, ...data } = entity.data;
  return entityView({ ...entity, data });
}

export async function createUser(ctx: WriteContext, tenantId: string, input: UserInput, idempotency?: IdempotencyRequest) {
  let createdAccount: string | undefined;
  try {
    return await commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
      const userId = newId();
      const account = await identityProvider().createAccount({ tenantId, userId, email: input.email, roles: input.roles });
      createdAccount = account.username;
      const work = new UnitOfWork(ctx);
      const user = work.create<UserData>(tenantId, USER, userId, {
        email: input.email,
        ...(input.displayName ? { displayName: input.displayName } : {}),
        roles: input.roles,
        status: 'active',
        subject: account.subject,
        username: account.username,
      });
      work.unique(tenantId, 'user-email', input.email, 'body.email', userId);
      work.signInAccount(tenantId, account.subject, userId, 'active', true);
      work.event(userCreated.of(tenantId, { userId, roles: input.roles }));
      return { work, response: userView(user) };
    });
  } catch (error) {
    if (createdAccount) await identityProvider().deleteAccount(createdAccount).catch(() => undefined);
    throw error;
  }
}

export async function listUsers(tenantId: string, page: PageRequest) {
  const result = await listEntities<UserData>(tenantId, USER, page);
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
  const updated = work.update(before, after);
  if (after.status !== before.data.status) work.signInAccount(tenantId, before.data.subject, userId, after.status, false);
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
  return userView(updated);
}

export async function findUserByEmail(tenantId: string, email: string) {
  const userId = await uniqueHolder(tenantId, 'user-email', email.toLowerCase());
  return userId ? getEntity<UserData>(tenantId, USER, userId) : undefined;
}
