// Which fix an asset needs (X.1052 12.2.3 a) and when it falls due (c): the least fixed version above the installed
// one in the product's own order — GHSA-9wv6-86v2-598j names five fixed versions of path-to-regexp, one per branch —
// one fix per asset and product, the most urgent finding's priority, and due dates by the tenant's SLAs.
import { describe, expect, it } from 'vitest';
import { fixedVersionFor, fixesFor, fixKeyOf, type FindingOfAsset } from '@ismf/patches/fixes';
import { dueDateOf, patchSettingsSchema } from '@ismf/patches/rules';
import { describeWithRealdata, realdataText } from '../support/realdata.ts';

const match = (version: string | undefined, fixedVersions: string[], purl?: string) => ({
  via: purl ? ('component' as const) : ('identity' as const),
  name: purl ? 'path-to-regexp' : 'Juniper Networks Junos OS',
  ...(version ? { version } : {}),
  ...(purl ? { purl } : {}),
  product: 'npm/path-to-regexp',
  fixedVersions,
});

describeWithRealdata('the fixed version of an installed one, on its branch (GHSA-9wv6-86v2-598j)', () => {
  const advisory = JSON.parse(realdataText('osv', 'npm-ghsa', 'GHSA-9wv6-86v2-598j.json')) as {
    affected: { ranges: { events: { fixed?: string }[] }[] }[];
  };
  const fixed = advisory.affected.flatMap((affected) =>
    affected.ranges.flatMap((range) => range.events.flatMap((event) => (event.fixed ? [event.fixed] : []))),
  );

  it.each([
    ['0.1.9', '0.1.10'],
    ['1.8.0', '1.9.0'],
    ['3.2.0', '3.3.0'],
    ['6.2.1', '6.3.0'],
    ['7.1.0', '8.0.0'],
  ])('%s → %s', (installed, wanted) => {
    expect(fixed).toHaveLength(5);
    expect(fixedVersionFor(match(installed, fixed, `pkg:npm/path-to-regexp@${installed}`), undefined)).toBe(wanted);
  });

  it('takes the recommendation’s versions where a person narrowed them, and the first where none is above', () => {
    expect(fixedVersionFor(match('6.2.1', fixed, 'pkg:npm/path-to-regexp@6.2.1'), ['8.0.0'])).toBe('8.0.0');
    expect(fixedVersionFor(match('9.0.0', fixed, 'pkg:npm/path-to-regexp@9.0.0'), undefined)).toBe('0.1.10');
  });
});

describe('fixes of an asset', () => {
  it('orders vendor firmware versions without a PURL, and takes the recommendation’s when the advisory names none', () => {
    expect(fixedVersionFor(match('22.4R2', ['21.4R3-S5', '22.4R3-S2', '23.2R1']), undefined)).toBe('22.4R3-S2');
    expect(fixedVersionFor(match('22.4R2', []), ['22.4R3'])).toBe('22.4R3');
    expect(fixedVersionFor(match(undefined, []), undefined)).toBeUndefined();
  });

  const finding = (vulnerability: string, score: number, more: Partial<FindingOfAsset> = {}): FindingOfAsset => ({
    assetId: 'A',
    vulnerability,
    outcome: 'affected',
    matches: [match('0.1.9', ['0.1.10'], 'pkg:npm/path-to-regexp@0.1.9')],
    priority: score >= 12 ? 'critical' : 'medium',
    score,
    breakdown: { score },
    ...more,
  });

  it('makes one fix per asset and product, with every vulnerability and the most urgent priority; none for what is not exposed', () => {
    const fixes = fixesFor(
      [
        finding('CVE-1', 5),
        finding('CVE-2', 14),
        finding('CVE-3', 20, { triage: { state: 'not-affected' } }),
        finding('CVE-4', 20, { outcome: 'suppressed' }),
        finding('CVE-5', 20, { assetId: 'B' }),
      ],
      { summary: 'Update to 0.1.10', fixedVersions: ['0.1.10'] },
      new Set(['A']),
    );
    expect([...fixes.keys()]).toEqual(['A']);
    expect(fixes.get('A')).toEqual([
      {
        fixKey: 'path-to-regexp@0.1.10',
        product: 'path-to-regexp',
        installedVersion: '0.1.9',
        fixedVersion: '0.1.10',
        vulnerabilities: ['CVE-1', 'CVE-2'],
        priority: 'critical',
        score: 14,
        breakdown: { score: 14 },
      },
    ]);
  });

  it('keys a fix by product and version, whatever the case and spacing', () => {
    expect(fixKeyOf('Junos  OS', '22.4R3-S2')).toBe(fixKeyOf('junos os', '22.4r3-s2'));
    expect(fixKeyOf('Junos OS', '22.4R3-S2')).not.toBe(fixKeyOf('Junos OS', '22.4R3-S3'));
  });
});

describe('due dates by the tenant’s SLAs', () => {
  it('counts the days of the priority from identification', () => {
    expect(dueDateOf('2026-12-01T10:00:00.000Z', 'critical')).toBe('2026-12-08T10:00:00.000Z');
    expect(dueDateOf('2026-12-01T10:00:00.000Z', 'low')).toBe('2027-05-30T10:00:00.000Z');
    const settings = patchSettingsSchema.parse({ slaDays: { critical: 2, high: 10, medium: 45, low: 90 } });
    expect(dueDateOf('2026-12-01T10:00:00.000Z', 'high', settings)).toBe('2026-12-11T10:00:00.000Z');
    expect(() => patchSettingsSchema.parse({ slaDays: { critical: 0, high: 10, medium: 45, low: 90 } })).toThrow();
  });
});
