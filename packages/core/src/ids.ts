// Identifiers fixed by the design: ULID entity ids, slug tenant ids, and the reserved platform id.
import { createHash } from 'node:crypto';
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

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * An id derived from another and a few parts, ULID-shaped: the seed's time, then 80 bits of a hash.
 * The same seed and parts give the same id, so a retried bulk write names the very records it wrote.
 */
export function derivedId(seed: string, ...parts: (string | number)[]): string {
  if (!ULID_PATTERN.test(seed)) throw new Error(`not a ULID: ${seed}`);
  const hash = createHash('sha256')
    .update([seed, ...parts].join('\u0000'))
    .digest();
  let random = '';
  // 16 characters of 5 bits each, from the first 10 bytes of the hash.
  let bits = 0;
  let value = 0;
  for (const byte of hash.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      random += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return seed.slice(0, 10) + random;
}
