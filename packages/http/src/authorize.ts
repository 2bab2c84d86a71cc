// Who is calling and whether they may: caller from the verified claims, the operation's role list, and
// for tenant operations an active tenant (its status read in the tenant's own partition, briefly cached).
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PLATFORM_OPERATOR } from '@ismf/core/roles';
import { problems } from '@ismf/core/problems';
import { organizationStatus } from '@ismf/directory/tenants';
import type { Operation } from '@ismf/catalogue/operation';
import { callerFromEvent, type Caller } from './claims.ts';
import { logger } from './logger.ts';
import type { OperationContext } from './operation-context.ts';

const STATUS_TTL_MS = 30_000;
const statusCache = new Map<string, { status: string | undefined; until: number }>();

async function tenantStatus(tenantId: string): Promise<string | undefined> {
  const cached = statusCache.get(tenantId);
  if (cached && cached.until > Date.now()) return cached.status;
  const status = await organizationStatus(tenantId);
  statusCache.set(tenantId, { status, until: Date.now() + STATUS_TTL_MS });
  return status;
}

/** Forgets cached tenant states (a disabled tenant is refused at once in the process that disabled it). */
export function forgetTenantStatus(tenantId?: string): void {
  if (tenantId) statusCache.delete(tenantId);
  else statusCache.clear();
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
  if (!caller.roles.some((role) => allowed.includes(role as never))) {
    throw problems.forbidden(`${operation.name} needs one of the roles: ${allowed.join(', ')}`);
  }
  const status = await tenantStatus(caller.tenantId);
  if (status !== 'active') throw problems.forbidden(`tenant ${caller.tenantId} is ${status ?? 'not registered'}`);
  return caller;
}

export function authorize(operation: Operation): middy.MiddlewareObj<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Error, OperationContext> {
  return {
    before: async (request) => {
      const caller = await authorizeCaller(operation, request.event);
      request.context.caller = caller;
      if (caller) logger.appendKeys({ tenantId: caller.tenantId ?? 'platform', userId: caller.userId });
    },
  };
}
