// Sensitive fields in the audit trail: recorded as salted digests, never as values, so that personal
// data can be erased without breaking the chain. The salt is a per-tenant secret (like the cursor
// secret), so that a low-entropy value (a name, an e-mail) cannot be guessed from its digest.
import { createHmac } from 'node:crypto';
import { canonicalJson } from '@ismf/core/canonical';
import { tenantSecret, tenantSecretItem } from './tenant-secrets.ts';

const AUDIT_SALT = 'audit-salt';
const SALT_KIND = 'audit-salt';
export const SALTED_PREFIX = 'hmac-sha256:';

/** The audit salt of a new tenant, written at onboarding (the store creates it on first use if missing). */
export function auditSaltItem(owner: string): Record<string, unknown> {
  return { ...tenantSecretItem(owner, AUDIT_SALT, SALT_KIND), owner };
}

/** The salt an item written by auditSaltItem carries, so that the same transaction can digest with it. */
export function saltOfItem(item: Record<string, unknown>): { owner: string; salt: Buffer } | undefined {
  if (item.kind !== SALT_KIND || typeof item.owner !== 'string' || typeof item.secret !== 'string') return undefined;
  return { owner: item.owner, salt: Buffer.from(item.secret, 'base64') };
}

/** The tenant's audit salt: writers create it if missing; a reader gets `undefined` then. */
export function auditSalt(owner: string, create: boolean): Promise<Buffer | undefined> {
  return tenantSecret(owner, AUDIT_SALT, { create, kind: SALT_KIND });
}

export function saltedDigest(salt: Buffer, value: unknown): string {
  return `${SALTED_PREFIX}${createHmac('sha256', salt).update(canonicalJson(value)).digest('hex')}`;
}

/** The data as the audit trail sees it: each sensitive field that is present replaced by its salted digest. */
export function protectedData(data: Record<string, unknown>, sensitive: readonly string[], salt: Buffer | undefined): Record<string, unknown> {
  const present = sensitive.filter((field) => data[field] !== undefined);
  if (present.length === 0) return data;
  if (!salt) throw new Error('sensitive fields need the tenant’s audit salt');
  return { ...data, ...Object.fromEntries(present.map((field) => [field, saltedDigest(salt, data[field])])) };
}
