// Identifiers fixed by the design: ULID entity ids, slug tenant ids, and the reserved platform id.
import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { TENANT_ID_PATTERN, ULID_PATTERN } from './id-patterns.ts';

// The patterns and their schemas live apart (no node:crypto there), so the console's forms can check with them.
export { TENANT_ID_PATTERN, ULID_PATTERN, tenantIdSchema, ulidSchema } from './id-patterns.ts';

/** The reserved owner of platform records (the tenant registry); no tenant slug can equal it. */
export const PLATFORM_ID = '_platform';

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
  return seed.slice(0, 10) + hashChars(seed, parts, 16);
}

/**
 * A derived id that also sorts by `order` among those of its seed (an import's rows stay in file order
 * in lists sorted by id): the seed's time, the order in 7 characters (up to 34 billion), then a hash.
 */
export function orderedDerivedId(seed: string, order: number, ...parts: (string | number)[]): string {
  if (!Number.isSafeInteger(order) || order < 0 || order >= 32 ** 7) throw new Error(`not an order of 7 base-32 digits: ${order}`);
  let digits = '';
  for (let rest = order, i = 0; i < 7; i++, rest = Math.floor(rest / 32)) digits = CROCKFORD[rest % 32] + digits;
  return seed.slice(0, 10) + digits + hashChars(seed, [order, ...parts], 9);
}

/** `count` Crockford base-32 characters of the hash of the seed and parts. */
function hashChars(seed: string, parts: (string | number)[], count: number): string {
  if (!ULID_PATTERN.test(seed)) throw new Error(`not a ULID: ${seed}`);
  const hash = createHash('sha256')
    .update([seed, ...parts].join('\u0000'))
    .digest();
  let random = '';
  // Characters of 5 bits each, from the hash's first bytes.
  let bits = 0;
  let value = 0;
  for (const byte of hash) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && random.length < count) {
      random += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (random.length === count) break;
  }
  return random;
}
