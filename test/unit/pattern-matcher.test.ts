import { describe, expect, it } from 'vitest';
import { matchesPattern, validatePattern } from '@ismf/events/pattern-matcher';
// ../shared/reference, found beside the real data (ISMF_REALDATA) by the one helper.
import { describeWithRealdata, referenceJson } from '../support/realdata.ts';

// Test vectors taken from aws/event-ruler's own tests (see SOURCE.md next to the file); read in place, never copied.
interface Vector {
  id: string;
  category: string;
  pattern: unknown;
  event: unknown;
  match: boolean;
  note?: string;
}
const vectors = referenceJson<Vector[]>('eventbridge-patterns', 'vectors.json') ?? [];

describeWithRealdata('matchesPattern against the event-ruler vectors', () => {
  it('reads all 324 vectors', () => expect(vectors).toHaveLength(324));

  const cases = vectors.map((v) => [`${v.id} ${v.category} → ${v.match}`, v] as const);
  it.each(cases)('%s', (_name, { pattern, event, match }) => {
    expect(validatePattern(pattern)).toEqual([]);
    expect(matchesPattern(pattern, event)).toBe(match);
  });
});

describe('matchesPattern', () => {
  it('needs every field of an array-of-objects pattern in the same element', () => {
    const event = {
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
      ],
    };
    expect(matchesPattern({ items: { sku: ['a'], qty: [1] } }, event)).toBe(true);
    expect(matchesPattern({ items: { sku: ['a'], qty: [2] } }, event)).toBe(false);
  });

  it('reads exists:false against the array elements chosen by the fields sorting before it', () => {
    const event = { items: [{ sku: 'a', wrap: true }, { sku: 'b' }] };
    expect(matchesPattern({ items: { sku: ['b'], wrap: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesPattern({ items: { wrap: [{ exists: false }] } }, event)).toBe(false);
    // The engine checks "items.gift" before it has picked an element for "items.sku", so any gift anywhere counts.
    const gifted = { items: [{ sku: 'a', gift: true }, { sku: 'b' }] };
    expect(matchesPattern({ items: { sku: ['b'], gift: [{ exists: false }] } }, gifted)).toBe(false);
    expect(matchesPattern({ x: [{ exists: false }] }, { x: null })).toBe(false);
    expect(matchesPattern({ x: [{ exists: false }] }, { x: [] })).toBe(true);
    expect(matchesPattern({ x: [{ exists: true }] }, { x: { y: 1 } })).toBe(false);
  });

  it('keeps strings and numbers apart and compares numbers by value', () => {
    expect(matchesPattern({ n: [300] }, JSON.parse('{"n": 3.0e2}'))).toBe(true);
    expect(matchesPattern({ n: [300] }, { n: '300' })).toBe(false);
    expect(matchesPattern({ n: ['300'] }, { n: 300 })).toBe(false);
    expect(matchesPattern({ n: [{ 'anything-but': [300] }] }, { n: '300' })).toBe(true);
    expect(matchesPattern({ n: [{ numeric: ['>', 1e12] }] }, { n: 123456789012 })).toBe(false);
  });

  it('matches IP literals and CIDR blocks by address', () => {
    expect(matchesPattern({ ip: ['2400:6500:FF00::36FB:1F80'] }, { ip: '2400:6500:ff00:0::36fb:1f80' })).toBe(true);
    expect(matchesPattern({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:ffff::1' })).toBe(true);
    expect(matchesPattern({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::1' })).toBe(false);
    expect(matchesPattern({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '11.0.0.1' })).toBe(false);
  });

  it('expands $or at any level', () => {
    const pattern = { detail: { $or: [{ a: [1] }, { b: { $or: [{ c: [2] }, { d: [3] }] } }] } };
    expect(matchesPattern(pattern, { detail: { b: { d: 3 } } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { b: { c: 3 } } })).toBe(false);
  });

  it('refuses invalid patterns and non-object events', () => {
    expect(() => matchesPattern({ a: 'x' }, { a: 'x' })).toThrow(/Invalid event pattern/);
    expect(matchesPattern({ a: ['x'] }, ['x'])).toBe(false);
  });
});

describe('validatePattern', () => {
  it('accepts the documented forms', () => {
    expect(
      validatePattern({
        source: ['aws.ec2', { prefix: 'aws.' }, { suffix: { 'equals-ignore-case': '.EC2' } }],
        detail: {
          state: [{ 'anything-but': { wildcard: ['*ing', 'stop\\*'] } }],
          count: [{ numeric: ['>=', 0, '<', 10] }, { numeric: ['=', 42] }],
          ip: [{ cidr: '10.0.0.0/24' }],
          gone: [{ exists: false }],
          $or: [{ a: [null] }, { b: [true] }],
        },
      }),
    ).toEqual([]);
  });

  it('rejects a pattern that is not an object, or has empty or scalar values', () => {
    expect(validatePattern('x')).toHaveLength(1);
    expect(validatePattern([])).toHaveLength(1);
    expect(validatePattern({})).toEqual(['the pattern: empty objects are not allowed']);
    expect(validatePattern({ a: [] })).toEqual(['a: empty arrays are not allowed']);
    expect(validatePattern({ a: 'x' })).toEqual(['a: must be an object or an array']);
    expect(validatePattern({ a: { b: {} } })).toEqual(['a.b: empty objects are not allowed']);
    expect(validatePattern({ a: [['x']] })).toHaveLength(1);
  });

  it('rejects unknown operators and malformed operands', () => {
    const one = (spec: unknown) => validatePattern({ a: [spec] });
    expect(one({ regex: 'x' })).toEqual(['a[0]: unknown operator "regex"']);
    expect(one({ prefix: 'a', suffix: 'b' })).toHaveLength(1);
    expect(one({ prefix: 1 })).toHaveLength(1);
    expect(one({ exists: 'yes' })).toHaveLength(1);
    expect(one({ numeric: ['>', 5, '<', 5] })).toHaveLength(1);
    expect(one({ numeric: ['<', 5, '>', 1] })).toHaveLength(1);
    expect(one({ numeric: ['~', 5] })).toHaveLength(1);
    expect(one({ wildcard: 'a**b' })).toHaveLength(1);
    expect(one({ wildcard: 'a\\b' })).toHaveLength(1);
    expect(one({ 'anything-but': ['a', 1] })).toHaveLength(1);
    expect(one({ 'anything-but': { prefix: '' } })).toHaveLength(1);
    expect(one({ 'anything-but': { exists: true } })).toHaveLength(1);
    expect(one({ cidr: '10.0.0.0' })).toHaveLength(1);
    expect(one({ cidr: '10.0.0.300/8' })).toHaveLength(1);
  });

  it('rejects a malformed $or and operator names used as fields inside it', () => {
    expect(validatePattern({ $or: [{ a: [1] }] })).toEqual(['$or: needs at least 2 objects']);
    expect(validatePattern({ $or: { a: [1] } })).toHaveLength(1);
    expect(validatePattern({ $or: [{ a: [1] }, { prefix: ['x'] }] })).toHaveLength(1);
    expect(validatePattern({ prefix: ['x'] })).toEqual([]);
  });
});
