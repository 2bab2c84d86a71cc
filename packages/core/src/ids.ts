// Identifiers fixed by the design: ULID entity ids, slug tenant ids, and the reserved platform id.
import { monotonicFactory } from 'ulid';
import * as z from 'zod';

/** The reserved owner of platform records (the tenant registry); no tenant slug can equal it. */
export const PLATFORM_ID = '_platform';

export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,39}$/;
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const tenantIdSchema = z
  .string()
  .regex(TENANT_ID_PATTERN, 'a tenant id is 3–40 characters: lower-case letters, digits and hyphens, not starting with a hyphen');
export const ulidSchema = z.string().regex(ULID_PATTERN, 'an id is a 26-character ULID');

const nextUlid = monotonicFactory();

/** A new entity id: time-ordered, so lists sorted by id are sorted by creation. */
export function newId(now: number = Date.now()): string {
  return nextUlid(now);
}

export function isTenantId(value: string): boolean {
  return TENANT_ID_PATTERN.test(value);
}
