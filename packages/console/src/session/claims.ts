// What the console shows of the signed-in person, read from the ID token's claims (the API checks the
// token itself; the console only decides what to show).
import { TENANT_ROLES, type TenantRole } from '@ismf/core/roles';

export interface Who {
  subject: string;
  email: string;
  name?: string;
  tenantId?: string;
  roles: TenantRole[];
  /** Seconds since the epoch. */
  expiresAt: number;
}

function base64UrlDecode(part: string): string {
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Cognito groups come as an array in the token (API Gateway flattens them later, not here). */
export function whoFrom(token: string): Who {
  const payload = JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')) as Record<string, unknown>;
  const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as string[]) : [];
  return {
    subject: String(payload.sub ?? ''),
    email: String(payload.email ?? ''),
    ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
    ...(typeof payload['custom:tenant_id'] === 'string' ? { tenantId: payload['custom:tenant_id'] } : {}),
    roles: groups.filter((group): group is TenantRole => (TENANT_ROLES as readonly string[]).includes(group)),
    expiresAt: Number(payload.exp ?? 0),
  };
}
