// What the request path reads to let a caller act: the tenant's status record and the caller's sign-in
// account, in one BatchGetItem inside the tenant's own partition space.
import { batchGet, foundItem } from './batch-get.ts';
import { getEntity, requireEntity } from './entities.ts';
import { storePattern } from './entity-model.ts';
import { keys } from './keys.ts';

export interface AccessRecords {
  tenantStatus?: string;
  accountStatus?: string;
  /** The directory's user id of the sign-in account. */
  userId?: string;
  /** The roles the directory holds for the user now (a token's groups may be older). */
  roles?: string[];
}

export async function accessRecords(tenantId: string, organizationType: string, subject: string, userType: string): Promise<AccessRecords> {
  const organization = keys.entity(tenantId, organizationType, tenantId);
  const account = keys.signIn(tenantId, subject);
  const found = await batchGet([organization, account]);
  const organizationItem = foundItem(found, organization);
  const accountItem = foundItem(found, account);
  let roles = accountItem?.roles as string[] | undefined;
  if (accountItem && !roles) {
    // A sign-in record written before it carried roles: the user's directory entry answers, once more.
    roles = (await getEntity<{ roles: string[] }>(tenantId, userType, accountItem.userId as string))?.data.roles ?? [];
  }
  return {
    ...(organizationItem ? { tenantStatus: (organizationItem.data as { status: string }).status } : {}),
    ...(accountItem ? { accountStatus: accountItem.status as string, userId: accountItem.userId as string, roles: roles ?? [] } : {}),
  };
}

/**
 * The tenancy records every request stands on, kept by the platform and the organization areas: the
 * tenant's own organization record (its status) and its users (the sign-in account's user).
 */
export const TENANCY = { organization: 'organization', user: 'user' } as const;

/**
 * The directory's patterns behind `People` (core/people.ts): every person (the user list) and a manager's
 * team. Generic declarations that read people (notifications, /me/tasks) name these; the directory's user
 * model declares the same patterns (a unit test holds the two together).
 */
export const PEOPLE_PATTERNS = {
  everyone: storePattern({ entity: TENANCY.user, name: 'list', index: 'GSI1', partition: [], sort: ['id'] }),
  team: storePattern({ entity: TENANCY.user, name: 'byManager', index: 'GSI3', partition: ['managerId'], sort: ['id'] }),
};

/** Whether the caller may act: its tenant is active, its sign-in account an active user's, and the roles it holds now. */
export function callerAccess(tenantId: string, subject: string): Promise<AccessRecords> {
  return accessRecords(tenantId, TENANCY.organization, subject, TENANCY.user);
}

/** A user's directory entry or a sign-in account, as read for naming people. */
export type PeopleRecord = Record<string, unknown>;

/**
 * The users (by id) and sign-in accounts (by token subject) of a tenant, in one BatchGetItem per 100:
 * what the directory names people from. Absent ones are missing from the maps.
 */
export async function peopleRecords(tenantId: string, userIds: readonly string[], subjects: readonly string[]) {
  const userKeys = userIds.map((id) => keys.entity(tenantId, TENANCY.user, id));
  const accountKeys = subjects.map((subject) => keys.signIn(tenantId, subject));
  const found = await batchGet([...userKeys, ...accountKeys]);
  const users = new Map<string, PeopleRecord>();
  const accounts = new Map<string, PeopleRecord>();
  userIds.forEach((id, index) => {
    const item = foundItem(found, userKeys[index]!);
    if (item) users.set(id, { ...(item.data as PeopleRecord), id });
  });
  subjects.forEach((subject, index) => {
    const item = foundItem(found, accountKeys[index]!);
    if (item) accounts.set(subject, item);
  });
  return { users, accounts };
}

/** When the tenant's records begin: its organization record's creation. */
export async function tenantSince(tenantId: string): Promise<string> {
  return (await requireEntity(tenantId, TENANCY.organization, tenantId, `tenant ${tenantId}`)).createdAt;
}
