// Reading the verified token claims that the JWT authorizer hands to Lambda. Tenant and roles come
// from here and nowhere else (never from the body, path, query or headers).
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { isTenantId } from '@ismf/core/ids';
import { PLATFORM_OPERATOR } from '@ismf/core/roles';
import { problems } from '@ismf/core/problems';

export interface Caller {
  /** The token subject. */
  userId: string;
  email?: string;
  roles: string[];
  /** Absent for platform operators. */
  tenantId?: string;
  /** The caller's user id in the tenant's directory (set once the account is checked). */
  memberId?: string;
}

type ClaimValue = string | number | boolean | string[] | undefined;

/**
 * Groups arrive as a JSON array from a local verifier, or as API Gateway's flattened string
 * `[admin security-officer]` from the HTTP API JWT authorizer; one parser reads both.
 */
export function parseGroups(value: ClaimValue): string[] {
  if (value === undefined || value === '') return [];
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  const text = String(value).trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1).trim();
    if (inner.startsWith('"')) {
      try {
        return (JSON.parse(text) as unknown[]).map(String).filter(Boolean);
      } catch {
        // fall through to the whitespace form
      }
    }
    return inner.split(/[\s,]+/).filter(Boolean);
  }
  return text.split(/[\s,]+/).filter(Boolean);
}

export function callerFromEvent(event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller {
  const claims = (event.requestContext?.authorizer?.jwt?.claims ?? {}) as Record<string, ClaimValue>;
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '') throw problems.unauthorized('a verified token is required');
  const roles = parseGroups(claims['cognito:groups']);
  const tenantClaim = claims['custom:tenant_id'];
  const tenantId = typeof tenantClaim === 'string' && tenantClaim !== '' ? tenantClaim : undefined;
  if (tenantId !== undefined && !isTenantId(tenantId)) throw problems.unauthorized('the token names no valid tenant');
  if (tenantId !== undefined && roles.includes(PLATFORM_OPERATOR)) {
    throw problems.forbidden('a platform operator token carries no tenant');
  }
  return {
    userId: subject,
    ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
    roles,
    ...(tenantId ? { tenantId } : {}),
  };
}
