// Who is calling and whether they may: caller from the verified claims, the operation's role list, and
// for tenant operations an active tenant (its status read in the tenant's own partition, briefly cached).
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PLATFORM_OPERATOR } from '@ismf/core/roles';
import { problems } from '@ismf/core/problems';
import { callerAccess, type AccessRecords } from '@ismf/store/access';
import type { Operation } from '@ismf/catalogue/operation';
import { callerFromEvent, type Caller } from './claims.ts';
import { enterTenant } from '@ismf/handler/instrumented-handler';
import { logger } from '@ismf/handler/logger';
import type { OperationContext } from './operation-context.ts';

/** How long a container trusts what it read of a tenant's and an account's status. */
const STATUS_TTL_MS = 15_000;
const statusCache = new Map<string, { access: AccessRecords; until: number }>();

async function access(tenantId: string, subject: string): Promise<AccessRecords> {
  const key = `${tenantId}\u0000${subject}`;
  const cached = statusCache.get(key);
  if (cached && cached.until > Date.now()) return cached.access;
  const records = await callerAccess(tenantId, subject);
  statusCache.set(key, { access: records, until: Date.now() + STATUS_TTL_MS });
  return records;
}

/** Forgets cached states of a tenant (all of them without one): a change made here applies here at once. */
export function forgetTenantStatus(tenantId?: string): void {
  for (const key of statusCache.keys()) if (!tenantId || key.startsWith(`${tenantId}\u0000`)) statusCache.delete(key);
}

export async function authorizeCaller(operation: Operation, event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<Caller | undefined> {
  if ('public' in operation.callers) return undefined;
  const caller = callerFromEvent(event);
  const allowed = operation.callers.roles;
  const platformOperation = allowed.includes(PLATFORM_OPERATOR);
  if (platformOperation) {
    if (caller.tenantId !== undefined || !caller.roles.includes(PLATFORM_OPERATOR)) {
      throw problems.forbidden(`${operation.name} is a platform operation: only platform operators may call it`);
    }
    return caller;
  }
  if (caller.tenantId === undefined) throw problems.forbidden(`${operation.name} needs a tenant user's token`);
  const mayAct = (roles: readonly string[]) => roles.some((role) => allowed.includes(role as never));
  const refuse = () => problems.forbidden(`${operation.name} needs one of the roles: ${allowed.join(', ')}`);
  if (!mayAct(caller.roles)) throw refuse();
  // From here on the request holds only its tenant's rights, for its own operation.
  enterTenant(caller.tenantId, { userId: caller.userId });
  const records = await access(caller.tenantId, caller.userId);
  if (records.tenantStatus !== 'active') {
    throw problems.forbidden(`tenant ${caller.tenantId} is ${records.tenantStatus ?? 'not registered'}`);
  }
  if (records.accountStatus !== 'active') {
    throw problems.forbidden(`this sign-in account is ${records.accountStatus ?? 'not a user of the tenant'}`);
  }
  // A token keeps the groups it was issued with until it expires; the directory's roles are the ones
  // held now, so a revoked role stops working at once (within the status cache's few seconds).
  const held = records.roles ?? [];
  const roles = caller.roles.filter((role) => held.includes(role));
  if (!mayAct(roles)) throw refuse();
  return { ...caller, roles, ...(records.userId ? { memberId: records.userId } : {}) };
}

export function authorize(
  operation: Operation,
): middy.MiddlewareObj<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Error, OperationContext> {
  return {
    before: async (request) => {
      const caller = await authorizeCaller(operation, request.event);
      request.context.caller = caller;
      // A tenant's caller entered its tenant above; a platform operator acts for no tenant.
      if (caller && caller.tenantId === undefined) logger.appendKeys({ tenantId: 'platform', userId: caller.userId });
    },
  };
}
