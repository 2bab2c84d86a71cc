// Audit hashes are RFC 8785 canonical JSON: ours against the `canonicalize` package (an RFC 8785
// implementation) on the RFC's own examples and on random JSON values, and what the scheme cannot
// express is refused rather than written some other way.
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, NotCanonicalJson } from '@ismf/core/canonical';

describe('canonical JSON (RFC 8785)', () => {
  it('writes the RFC’s example of primitive data as the RFC does (3.2.2)', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    expect(canonicalJson(input)).toBe(canonicalize(input));
  });

  it('sorts members by their names’ UTF-16 code units, as the RFC’s example does (3.2.3)', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    // Read off the text: a JavaScript object would list the integer-like name first whatever the order.
    const names = [...canonicalJson(input).matchAll(/(?:^\{|,)("(?:[^"\\]|\\.)*"):/g)].map((match) => JSON.parse(match[1]!) as string);
    expect(names).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(canonicalJson(input)).toBe(canonicalize(input));
  });

  it('agrees with an RFC 8785 implementation on 1,000 random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses what RFC 8785 cannot express, naming where it is', () => {
    const refused = (value: unknown, where: RegExp) => {
      expect(() => canonicalJson(value)).toThrow(NotCanonicalJson);
      expect(() => canonicalJson(value)).toThrow(where);
    };
    refused({ a: Number.NaN }, /\$\.a: NaN/);
    refused([1, Number.POSITIVE_INFINITY], /\$\[1\]: Infinity/);
    refused({ name: 'bad \ud800 surrogate' }, /\$\.name: a string with a lone surrogate/);
    refused({ ['\udc00']: 1 }, /lone surrogate/);
    refused({ at: new Date(0) }, /\$\.at: a Date is no JSON object/);
    refused({ m: new Map() }, /a Map/);
    refused({ n: 10n }, /a bigint/);
    refused({ f: () => 1 }, /a function/);
    // A pair of surrogates is one character (an emoji), and fine.
    expect(canonicalJson({ face: '\ud83d\ude00' })).toBe('{"face":"😀"}');
  });

  it('leaves out a member that holds undefined and writes an undefined array element as null, as JSON.stringify does', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: [undefined, 2] })).toBe('{"b":1,"c":[null,2]}');
    expect(canonicalJson(Object.assign(Object.create(null), { z: 1, y: 2 }))).toBe('{"y":2,"z":1}');
  });
});
