import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATFORM_ID } from '@ismf/core/ids';
import { assertOwner, keys, keyPart } from '@ismf/store/keys';

const tenantIds = fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,39}$/);
const anyId = fc.string({ unit: 'binary', maxLength: 60 });
const withHashes = fc.oneof(anyId, fc.constantFrom('#', '##', 'a#b', '%23', 'x#META', '#AUDIT#0000000001'));

describe('key building', () => {
  it('never builds a key outside the tenant prefix, whatever the id', () => {
    fc.assert(
      fc.property(tenantIds, withHashes, fc.integer({ min: 1, max: 1e9 }), (tenant, id, seq) => {
        const prefix = `${tenant}#`;
        const built = [
          keys.entity(tenant, 'user', id).pk,
          keys.entityList(tenant, 'user'),
          keys.audit(tenant, 'user', id, seq).pk,
          keys.auditDay(tenant, '2026-11-29'),
          keys.outbox(tenant, id).pk,
          keys.idempotency(tenant, 'createUser', id).pk,
          keys.unique(tenant, 'user-email', id).pk,
          keys.config(tenant, id).pk,
        ];
        for (const pk of built) expect(pk.startsWith(prefix)).toBe(true);
        // The separator inside an id is escaped, so the id cannot add structure to the key.
        expect(keys.entity(tenant, 'user', id).pk.split('#')).toHaveLength(3);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps different ids apart (escaping is injective)', () => {
    fc.assert(
      fc.property(tenantIds, withHashes, withHashes, (tenant, a, b) => {
        fc.pre(a !== b);
        expect(keys.entity(tenant, 'user', a).pk).not.toBe(keys.entity(tenant, 'user', b).pk);
      }),
      { numRuns: 500 },
    );
    expect(keyPart('a#b')).toBe('a%23b');
    expect(keyPart('a%23b')).toBe('a%2523b');
  });

  it('refuses an owner that is neither a tenant slug nor the platform', () => {
    for (const bad of ['', 'A-tenant', 'ab', 'x#y', '-abc', 'a'.repeat(41), '_platformx']) {
      expect(() => assertOwner(bad)).toThrow(/not a tenant id/);
    }
    expect(assertOwner(PLATFORM_ID)).toBe('_platform');
    expect(keys.entity(PLATFORM_ID, 'tenant', 'acme').pk).toBe('_platform#tenant#acme');
  });

  it('cannot let one tenant prefix be another tenant’s key', () => {
    fc.assert(
      fc.property(tenantIds, tenantIds, withHashes, (a, b, id) => {
        fc.pre(a !== b);
        expect(keys.entity(a, 'user', id).pk.startsWith(`${b}#`)).toBe(false);
      }),
    );
  });
});
