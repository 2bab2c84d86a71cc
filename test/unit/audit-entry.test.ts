import { describe, expect, it } from 'vitest';
import { buildAuditEntry, entryHash, GENESIS_HASH } from '@ismf/store/audit-entry';
import { canonicalJson } from '@ismf/core/canonical';

const base = {
  entryId: '01JDQ8R6Z8W4X3N2K1M0P9Q7RS',
  owner: 'acme-telecom',
  entityType: 'user',
  entityId: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT',
  seq: 1,
  at: '2026-11-29T09:30:00.000Z',
  operation: 'createUser',
  actor: { userId: 'u-1', roles: ['admin'] },
  before: undefined,
  after: { email: 'a@b.example', roles: ['staff'] },
  prevHash: GENESIS_HASH,
};

describe('audit hashing', () => {
  it('hashes the same entry the same way, whatever the key order', () => {
    const a = buildAuditEntry(base);
    const b = buildAuditEntry({ ...base, after: { roles: ['staff'], email: 'a@b.example' } });
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.beforeDigest).toBeNull();
    expect(a.afterDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('changes the hash when any recorded fact changes', () => {
    const entry = buildAuditEntry(base);
    const altered = [
      { ...entry, operation: 'updateUser' },
      { ...entry, actor: { userId: 'u-2', roles: ['admin'] } },
      { ...entry, at: '2026-11-29T09:30:00.001Z' },
      { ...entry, reason: 'because' },
      { ...entry, prevHash: 'f'.repeat(64) },
      { ...entry, afterDigest: 'e'.repeat(64) },
      { ...entry, seq: 2 },
    ];
    for (const variant of altered) expect(entryHash(variant)).not.toBe(entry.hash);
    expect(entryHash(entry)).toBe(entry.hash);
  });

  it('chains an entity’s entries by the previous entry’s hash', () => {
    const first = buildAuditEntry(base);
    const second = buildAuditEntry({ ...base, seq: 2, before: base.after, after: { ...base.after, roles: ['auditor'] }, prevHash: first.hash });
    expect(second.prevHash).toBe(first.hash);
    expect(second.beforeDigest).toBe(first.afterDigest);
  });
});
