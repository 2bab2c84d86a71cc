// The priority of a finding (X.1052 12.2.1 b): CVSS × importance × exposure × exploitation, each factor a tenant
// setting, mapped by thresholds; and the purl package key the matcher looks components up by.
import { describe, expect, it } from 'vitest';
import { purlPackage } from '@ismf/core/purl';
import { epssResponseSchema, epssUrls } from '@ismf/early-warning/epss';
import { DEFAULT_PRIORITY_SETTINGS, priorityOf, prioritySettingsSchema } from '@ismf/early-warning/priority-rules';

describe('priorityOf', () => {
  it('multiplies the factors and maps the score by the thresholds', () => {
    const internal = priorityOf({ cvss: 9.8, importance: 3, exposure: 'internal', knownExploited: false, exploitationReported: false });
    expect(internal).toMatchObject({ score: 9.8, priority: 'high', cvssAssumed: false, exposure: { level: 'internal', factor: 1 } });
    const exposed = priorityOf({ cvss: 9.8, importance: 5, exposure: 'internet-facing', knownExploited: true, exploitationReported: true });
    // KEV counts once, not on top of reported exploitation.
    expect(exposed).toMatchObject({ score: 26.75, priority: 'critical', exploitation: { level: 'known-exploited', factor: 1.5 } });
    const isolated = priorityOf({ cvss: 5.3, importance: 1, exposure: 'isolated', knownExploited: false, exploitationReported: false });
    expect(isolated).toMatchObject({ score: 2.23, priority: 'low' });
  });

  it('assumes the tenant’s unscored value without a CVSS score, and says so; an unknown exposure counts as unknown', () => {
    const unscored = priorityOf({ importance: 4, knownExploited: false, exploitationReported: true });
    expect(unscored).toMatchObject({ cvss: 5, cvssAssumed: true, exposure: { level: 'unknown', factor: 1 }, score: 7.8, priority: 'medium' });
  });

  it('follows the tenant’s settings, and refuses thresholds that do not fall from critical to medium', () => {
    const strict = { ...DEFAULT_PRIORITY_SETTINGS, thresholds: { critical: 9, high: 6, medium: 3 } };
    expect(priorityOf({ cvss: 9.8, importance: 3, knownExploited: false, exploitationReported: false }, strict).priority).toBe('critical');
    const bad = prioritySettingsSchema.safeParse({ ...DEFAULT_PRIORITY_SETTINGS, thresholds: { critical: 4, high: 8, medium: 2 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['thresholds']);
  });
});

describe('EPSS, an optional factor', () => {
  const scored = { ...DEFAULT_PRIORITY_SETTINGS, epss: { enabled: true, threshold: 0.1, factor: 1.3 } };
  const input = { cvss: 7.5, importance: 3, exposure: 'internal', knownExploited: false, exploitationReported: false };

  it('counts a probability at the threshold as likely exploited, shows it below, and ignores it where the tenant does not score by EPSS', () => {
    expect(priorityOf({ ...input, epss: 0.1 }, scored)).toMatchObject({
      score: 9.75,
      priority: 'high',
      exploitation: { level: 'likely', factor: 1.3, epss: 0.1 },
    });
    expect(priorityOf({ ...input, epss: 0.099 }, scored)).toMatchObject({
      score: 7.5,
      priority: 'medium',
      exploitation: { level: 'none', factor: 1, epss: 0.099 },
    });
    expect(priorityOf({ ...input, epss: 0.9 }).exploitation).toEqual({ level: 'none', factor: 1 });
  });

  it('never adds to known or reported exploitation', () => {
    expect(priorityOf({ ...input, knownExploited: true, epss: 0.9 }, scored).exploitation).toEqual({ level: 'known-exploited', factor: 1.5 });
    expect(priorityOf({ ...input, exploitationReported: true, epss: 0.9 }, scored).exploitation).toEqual({ level: 'reported', factor: 1.3 });
  });

  it('reads settings written before EPSS with it off', () => {
    const { epss: _epss, ...before } = DEFAULT_PRIORITY_SETTINGS;
    expect(prioritySettingsSchema.parse(before).epss).toEqual({ enabled: false, threshold: 0.1, factor: 1.2 });
  });

  it('asks FIRST for at most 100 CVEs a request, CVEs only, and reads its string numbers', () => {
    const cves = Array.from({ length: 205 }, (_, index) => `CVE-2024-${String(10_000 + index)}`);
    const urls = epssUrls('https://api.first.org/data/v1/epss', [...cves, 'GHSA-9wv6-86v2-598j', cves[0]!]);
    expect(urls).toHaveLength(3);
    expect(new URL(urls[0]!).searchParams.get('cve')!.split(',')).toHaveLength(100);
    expect(urls.every((url) => url.length < 2_000 && !url.includes('GHSA'))).toBe(true);
    const parsed = epssResponseSchema.parse({ status: 'OK', data: [{ cve: 'CVE-2024-45296', epss: '0.00043', percentile: '0.10821', date: '2026-12-02' }] });
    expect(parsed.data[0]).toMatchObject({ epss: 0.00043, percentile: 0.10821 });
    expect(epssResponseSchema.safeParse({ data: [{ cve: 'CVE-2024-45296', epss: '1.5', percentile: '0.1', date: '2026-12-02' }] }).success).toBe(false);
  });
});

describe('purlPackage', () => {
  it('keys PyPI projects by their PEP 503 name, so an SBOM and an OSV record of the same project meet', () => {
    expect(purlPackage('pkg:pypi/Products.PluggableAuthService@2.0')).toEqual({ package: 'pypi/products-pluggableauthservice', version: '2.0' });
    expect(purlPackage('pkg:pypi/zope__interface')?.package).toBe('pypi/zope-interface');
    expect(purlPackage('pkg:npm/lodash.merge@4.6.2')?.package).toBe('npm/lodash.merge');
  });
});
