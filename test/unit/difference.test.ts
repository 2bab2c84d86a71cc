// The difference a decider reads: every changed leaf as a JSON Pointer with its value before and after.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSET_POLICY } from '@ismf/assets/rules';
import { differenceOf, differences, type Change } from '@ismf/flows/difference';

/** Applies changes to a copy of `before` (what a reader reconstructs from the difference). */
function apply(before: unknown, changes: Change[]): unknown {
  let document = structuredClone(before);
  // Removals last, deepest index first, so that the indexes of a list stay valid while it shrinks.
  const ordered = [...changes.filter((change) => 'after' in change), ...changes.filter((change) => !('after' in change)).reverse()];
  for (const change of ordered) {
    if (change.path === '') {
      document = change.after;
      continue;
    }
    const tokens = change.path
      .slice(1)
      .split('/')
      .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = tokens.pop()!;
    let parent = document as Record<string, unknown>;
    for (const token of tokens) parent = Object.getOwnPropertyDescriptor(parent, token)!.value as Record<string, unknown>;
    if (!('after' in change)) {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else Object.defineProperty(parent, last, { value: structuredClone(change.after), enumerable: true, writable: true, configurable: true });
  }
  return document;
}

describe('differences', () => {
  it('finds nothing between equal documents, whatever their key order', () => {
    expect(differences(DEFAULT_ASSET_POLICY, structuredClone(DEFAULT_ASSET_POLICY))).toEqual([]);
    expect(differences({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
  });

  it('names each changed leaf of an asset policy with its value before and after', () => {
    const proposed = {
      ...DEFAULT_ASSET_POLICY,
      businessProcesses: ['Billing', 'Network operations'],
      valuation: { method: 'mean' as const },
      reviewIntervalDays: { ...DEFAULT_ASSET_POLICY.reviewIntervalDays, '5': 60 },
      classificationLevels: DEFAULT_ASSET_POLICY.classificationLevels.slice(0, 3),
      defaultClassification: 'internal',
    };
    expect(differences(DEFAULT_ASSET_POLICY, proposed)).toEqual([
      { path: '/businessProcesses/0', after: 'Billing' },
      { path: '/businessProcesses/1', after: 'Network operations' },
      { path: '/classificationLevels/3', before: DEFAULT_ASSET_POLICY.classificationLevels[3] },
      { path: '/valuation/method', before: 'highest', after: 'mean' },
      { path: '/reviewIntervalDays/5', before: 90, after: 60 },
      { path: '/defaultClassification', after: 'internal' },
    ]);
  });

  it('writes a change of kind as one change, and escapes ~ and / in keys (RFC 6901)', () => {
    expect(differences({ rule: { method: 'weighted' } }, { rule: ['weighted'] })).toEqual([
      { path: '/rule', before: { method: 'weighted' }, after: ['weighted'] },
    ]);
    expect(differences({ 'a/b': 1, 'c~d': null }, { 'a/b': 2, 'c~d': null })).toEqual([{ path: '/a~1b', before: 1, after: 2 }]);
    expect(differences(1, 'one')).toEqual([{ path: '', before: 1, after: 'one' }]);
    // An undefined member is absent, as in JSON; null is a value; only own members count.
    expect(differences({ a: undefined, b: null }, { b: undefined })).toEqual([{ path: '/b', before: null }]);
    expect(differences({ valueOf: false }, {})).toEqual([{ path: '/valueOf', before: false }]);
  });

  it('always rebuilds the proposal from what is in force and the difference', () => {
    const json = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
    fc.assert(
      fc.property(json, json, (before, after) => {
        expect(apply(before, differences(before, after))).toEqual(after);
      }),
      { numRuns: 300 },
    );
  });
});

describe('differenceOf', () => {
  it('keeps the difference small: changes past the budget are counted, not kept', () => {
    const current = { items: [] as string[] };
    const proposed = { items: Array.from({ length: 400 }, (_, n) => `Process ${n} `.padEnd(190, 'x')) };
    const difference = differenceOf({ title: 'the asset policy', version: 3, current, proposed }, 16 * 1024);
    expect(difference).toMatchObject({ of: 'the asset policy', version: 3 });
    expect(difference.changes.length).toBeGreaterThan(0);
    expect(difference.changes.length + difference.omitted!).toBe(400);
    expect(Buffer.byteLength(JSON.stringify(difference.changes))).toBeLessThanOrEqual(16 * 1024);
    expect(differenceOf({ title: 't', version: 0, current: { a: 1 }, proposed: { a: 2 } })).toEqual({
      of: 't',
      version: 0,
      changes: [{ path: '/a', before: 1, after: 2 }],
    });
  });
});
