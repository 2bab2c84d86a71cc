// What the request path reads to let a caller act: the tenant's status record and the caller's sign-in
// account, in one BatchGetItem inside the tenant's own partition space.
import { batchGet, foundItem } from './batch-get.ts';
import { keys } from './keys.ts';

export interface AccessRecords {
  tenantStatus?: string;
  accountStatus?: string;
  /** The directory's user id of the sign-in account. */
  userId?: string;
}

export async function accessRecords(tenantId: string, organizationType: string, subject: string): Promise<AccessRecords> {
  const organization = keys.entity(tenantId, organizationType, tenantId);
  const account = keys.signIn(tenantId, subject);
  const found = await batchGet([organization, account]);
  const organizationItem = foundItem(found, organization);
  const accountItem = foundItem(found, account);
  return {
    ...(organizationItem ? { tenantStatus: (organizationItem.data as { status: string }).status } : {}),
    ...(accountItem ? { accountStatus: accountItem.status as string, userId: accountItem.userId as string } : {}),
  };
}
