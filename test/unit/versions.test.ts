// Version ordering per ecosystem, OSV events as intervals, vendor range text, and whether a version is in a range:
// the edge cases of each ordering, and the real OSV records in ../shared/realdata/osv (read through
// test/support/realdata.ts) evaluated as a matcher would, with the outcomes the records' own texts state.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Ordering, VersionRange } from '../../packages/early-warning/src/products/affected.ts';
import { compareVersions, validVersion } from '../../packages/early-warning/src/versions/compare.ts';
import { orderingOfEcosystem, orderingOfPurlType, purlEcosystemRelease } from '../../packages/early-warning/src/versions/ecosystems.ts';
import { osvRangeToIntervals, readOsvRange, versionIn, type OsvEvent } from '../../packages/early-warning/src/versions/range.ts';
import { parseVersionRange } from '../../packages/early-warning/src/versions/vendor-ranges.ts';
import { describeWithRealdata, realdata, realdataText } from '../support/realdata.ts';

/** Each version sorts strictly before the next, both ways round. */
function expectAscending(ordering: Ordering, versions: string[]) {
  for (let i = 0; i + 1 < versions.length; i++) {
    const [a, b] = [versions[i]!, versions[i + 1]!];
    expect(compareVersions(ordering, a, b), `${a} < ${b} (${ordering})`).toBe(-1);
    expect(compareVersions(ordering, b, a), `${b} > ${a} (${ordering})`).toBe(1);
  }
}

function expectEqual(ordering: Ordering, a: string, b: string) {
  expect(compareVersions(ordering, a, b), `${a} = ${b} (${ordering})`).toBe(0);
  expect(compareVersions(ordering, b, a), `${b} = ${a} (${ordering})`).toBe(0);
}

const range = (ordering: Ordering, parts: Partial<VersionRange> = {}): VersionRange => ({ ordering, intervals: [], versions: [], ...parts });
const verdict = (r: VersionRange, version: string) => versionIn(r, version).verdict;

describe('compareVersions: semver, npm, cargo, go', () => {
  it('orders pre-releases before their release, numerically by identifier', () => {
    for (const ordering of ['semver', 'npm', 'cargo', 'go'] as const) {
      expectAscending(ordering, [
        '1.0.0-alpha',
        '1.0.0-alpha.1',
        '1.0.0-alpha.beta',
        '1.0.0-beta.2',
        '1.0.0-beta.11',
        '1.0.0-rc.1',
        '1.0.0',
        '1.0.1',
        '1.10.0',
      ]);
      expectAscending(ordering, ['5.0.0-alpha.1', '5.0.0-beta.3', '5.0.0']);
    }
  });

  it('ignores build metadata, and refuses what is not semver', () => {
    expectEqual('semver', '4.4.0+incompatible', '4.4.0');
    expectEqual('cargo', '1.0.0+build.5', '1.0.0+build.7');
    for (const garbage of ['1.2', '1.2.3.4', '01.2.3', 'latest', '', '1.0.0-']) {
      expect(validVersion('npm', garbage), garbage).toBe(false);
      expect(compareVersions('npm', garbage, '1.0.0'), garbage).toBeUndefined();
    }
  });

  it('reads Go module versions with or without the v, pseudo-versions as pre-releases', () => {
    expectEqual('go', 'v1.21.9', '1.21.9');
    expectAscending('go', ['v0.0.0-20220826154423-83b083e8dc8b', 'v0.0.0-20220906165146-f3363e06e74c', 'v0.1.0']);
    expectAscending('go', ['1.19.0-0', '1.19.0-rc.1', 'v1.19.0']);
    expect(validVersion('go', 'go1.21.9')).toBe(false);
    expect(validVersion('go', 'vv1.0.0')).toBe(false);
  });
});

describe('compareVersions: pypi (PEP 440)', () => {
  it('orders dev, pre, release, post and local versions', () => {
    expectAscending('pypi', ['1.0.dev1', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0+local', '1.0.post1', '1.1']);
    expect(compareVersions('pypi', '1.0+ubuntu1', '1.0')).toBe(1);
  });

  it('puts an epoch above every version without one, and normalises', () => {
    expect(compareVersions('pypi', '1!0.5', '2.0')).toBe(1);
    expectEqual('pypi', '1.0', '1.0.0');
    expectEqual('pypi', '1.0RC1', '1.0rc1');
    expect(validVersion('pypi', 'not a version')).toBe(false);
  });
});

describe('compareVersions: maven', () => {
  it('orders the qualifiers as ComparableVersion does', () => {
    expectAscending('maven', ['1.0-alpha', '1.0-beta', '1.0-milestone-1', '1.0-rc', '1.0-SNAPSHOT', '1.0', '1.0-sp', '1.0.1']);
    expectEqual('maven', '1.0', '1.0-ga');
    expectEqual('maven', '1.0', '1.0-final');
    expectEqual('maven', '1.0.0', '1');
    expectEqual('maven', '1.0-cr1', '1.0-RC1');
  });

  it('takes any string as a version', () => {
    expect(validVersion('maven', 'anything-goes')).toBe(true);
    expect(validVersion('maven', '  ')).toBe(false);
  });
});

// dpkg's verrevcmp (lib/dpkg/version.c), to check the library wrapper against on many pairs.
function dpkgOrder(c: string | undefined): number {
  if (c === undefined || /\d/.test(c)) return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}
function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const digit = (s: string, k: number) => k < s.length && /\d/.test(s[k]!);
  while (i < a.length || j < b.length) {
    while ((i < a.length && !digit(a, i)) || (j < b.length && !digit(b, j))) {
      const ac = dpkgOrder(a[i]);
      const bc = dpkgOrder(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    let firstDiff = 0;
    while (digit(a, i) && digit(b, j)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (digit(a, i)) return 1;
    if (digit(b, j)) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}
function dpkgCompare(a: string, b: string): number {
  const split = (v: string) => {
    const m = /^(?:(\d+):)?(.*?)(?:-([^-]*))?$/.exec(v)!;
    return { epoch: Number(m[1] ?? 0), upstream: m[2]!, revision: m[3] ?? '' };
  };
  const x = split(a);
  const y = split(b);
  return Math.sign(x.epoch - y.epoch || verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision));
}

describe('compareVersions: debian (dpkg)', () => {
  it('orders epochs, tildes and revisions', () => {
    expect(compareVersions('debian', '1:1.0', '2.0')).toBe(1);
    expectAscending('debian', ['1.0~rc1', '1.0', '1.0+b1', '1.0.1']);
    expectAscending('debian', ['1.0~~', '1.0~~a', '1.0~', '1.0']);
    expectAscending('debian', ['1.2.1-2.2+wheezy2', '1.2.1-2.2+wheezy3', '1.2.1-2.2+wheezy4']);
    expectAscending('debian', ['1.1.0l-1~deb9u5', '1.1.0l-1~deb9u6', '1.1.0l-1']);
  });

  it('reads as dpkg where deb-version-compare alone would not', () => {
    // A missing revision is below any other, leading zeros do not count, a revision may start with a letter.
    expect(compareVersions('debian', '1.0', '1.0-1')).toBe(-1);
    expectEqual('debian', '1.0', '1.0-0');
    expectEqual('debian', '1.0', '1.00');
    expectEqual('debian', '1.0a', '1.0a0');
    expect(compareVersions('debian', '1.0-ubuntu1', '1.0-1')).toBe(1);
  });

  it('agrees with dpkg’s verrevcmp on every pair of a mixed set', () => {
    const upstreams = ['1.0', '1.00', '01.0', '1.0a', '1.0a0', '1.0~rc1', '1.0~', '1.0~~', '1.0+b1', '1.0+dfsg', '1.0.1', '1.0-1', '2.0', '10.0', '1.1.0l'];
    const revisions = ['', '-0', '-1', '-01', '-ubuntu1', '-1ubuntu1', '-0ubuntu0.22.04.1', '-1~deb9u1', '-2.2+wheezy3', '-a', '-1+b1', '-1.1~'];
    const versions = ['', '1:'].flatMap((epoch) => upstreams.flatMap((upstream) => revisions.map((revision) => `${epoch}${upstream}${revision}`)));
    let pairs = 0;
    for (const a of versions) {
      for (const b of versions) {
        expect(compareVersions('debian', a, b), `${a} vs ${b}`).toBe(dpkgCompare(a, b));
        pairs++;
      }
    }
    expect(pairs).toBe(versions.length ** 2);
  });

  it('refuses what dpkg would not read', () => {
    for (const garbage of ['', 'abc', 'a1.0', '1.0-', '1.0 beta', 'x:1.0', '1.0_1', ':1.0']) {
      expect(validVersion('debian', garbage), garbage).toBe(false);
      expect(compareVersions('debian', garbage, '1.0'), garbage).toBeUndefined();
    }
  });
});

describe('compareVersions: rubygems (Gem::Version)', () => {
  it('puts pre-releases before the release, ignores trailing zeros, compares numbers numerically', () => {
    expectAscending('rubygems', ['1.0.a', '1.0.a1', '1.0.b1', '1.0.rc1', '1.0', '1.0.1', '1.9', '1.10']);
    expectEqual('rubygems', '1.0', '1.0.0');
    expectEqual('rubygems', '1.0.0-rc1', '1.0.0.pre.rc1');
    expect(compareVersions('rubygems', '1.0.0-rc1', '1.0.0')).toBe(-1);
  });

  it('refuses what Gem::Version would not read', () => {
    for (const garbage of ['a1', '1..0', '1.0 beta', '']) expect(validVersion('rubygems', garbage), garbage).toBe(false);
  });
});

describe('compareVersions: alpine (apk-tools)', () => {
  it('orders suffixes and package revisions', () => {
    // An upstream suffix outranks the package revision: `_p1` is a later upstream version than any `-rN`.
    expectAscending('alpine', ['1.2.3_rc1-r0', '1.2.3-r0', '1.2.3-r1', '1.2.3_p1-r0']);
    expectAscending('alpine', ['1.1_alpha', '1.1_beta', '1.1_pre', '1.1_rc', '1.1', '1.1_cvs', '1.1_svn', '1.1_git', '1.1_hg', '1.1_p1']);
    expectAscending('alpine', ['1.0_p9-r0', '1.0_p10-r0']);
    expectAscending('alpine', ['0.1.0_alpha_pre2', '0.1.0_alpha']);
    expect(compareVersions('alpine', '1.36.1-r27', '1.36.1-r3')).toBe(1);
    expectAscending('alpine', ['2.3.0b-r1', '2.3.0b-r2', '3.10.18-r1']);
  });

  it('reads leading zeros after a dot as apk-tools 2 does', () => {
    // `.0…` is minus the count of zeros, then the rest: `1.05` < `1.5`, `1.00` < `1.0`; and a suffix right after
    // such a zero reads as going on past the release (`1.0_rc1` > `1.0`), as apk-tools 2 and go-apk-version have it.
    expectAscending('alpine', ['1.05', '1.5']);
    expectAscending('alpine', ['1.00', '1.0']);
    expectAscending('alpine', ['1.02.07', '1.02.10-r1']);
    expect(compareVersions('alpine', '1.0_rc1', '1.0')).toBe(1);
    expect(compareVersions('alpine', '1.1_rc1', '1.1')).toBe(-1);
  });

  it('agrees with the vers-spec comparison tests for apk', () => {
    // From package-url/vers-spec tests/alpine_version_cmp_test.json.
    const ascending: [string, string][] = [
      ['0.1.0_alpha', '2.34'],
      ['0.1.0_alpha', '0.1.0_alpha2'],
      ['1.0.4-r3', '1.0.4-r4'],
      ['1.0.4-r4', '1.6'],
      ['0.7-r1', '1.0.0'],
      ['1.1_alpha1', '1.1'],
      ['1.2', '1.2.1'],
      ['1.2', '1.3_alpha'],
      ['0.12', '0.12.3'],
      ['0.9.12', '0.13_beta5'],
      ['0.0.16', '0.6'],
    ];
    for (const pair of ascending) expectAscending('alpine', pair);
    expectEqual('alpine', '0.1.0_alpha', '0.1.0_alpha');
  });

  it('refuses what apk would not read', () => {
    for (const garbage of ['a1', '1.0-1', '1.0_foo', '1.0-r1a', '1.0A', '1.0_rc1.2', '']) expect(validVersion('alpine', garbage), garbage).toBe(false);
  });
});

describe('compareVersions: nuget', () => {
  it('reads four numbers, missing ones as zero', () => {
    expectAscending('nuget', ['1.0.0', '1.0.0.1', '1.0.1', '1.0.10']);
    expectEqual('nuget', '1.0', '1.0.0.0');
    expectEqual('nuget', '1.0.0+build', '1.0.0');
  });

  it('orders pre-releases case-insensitively, numeric labels numerically and first', () => {
    expectAscending('nuget', ['1.0.0-alpha', '1.0.0-alpha.2', '1.0.0-alpha.10', '1.0.0-alpha.beta', '1.0.0-beta2', '1.0.0-RC1', '1.0.0']);
    expectEqual('nuget', '1.0.0-Beta', '1.0.0-beta');
    expect(compareVersions('nuget', '1.0.0-1', '1.0.0-a')).toBe(-1);
    expect(validVersion('nuget', '1.0.0.0.0')).toBe(false);
  });
});

describe('compareVersions: generic (vendor versions)', () => {
  it('compares numeric segments numerically, with or without a letter prefix', () => {
    expectAscending('generic', ['V6.6.0', 'V6.6.1', 'V6.6.1a', 'V6.6.2', 'V6.10']);
    expectAscending('generic', ['R3.09.50', 'R3.9.51']);
    expectEqual('generic', 'R3.09.50', '3.9.50');
    expectEqual('generic', 'v1.10.00.005.', '1.10.0.5');
    expectEqual('generic', '12.0', '12.0.0');
    expectEqual('generic', 'V2.1', 'v2.1');
    expectEqual('generic', '2.1-0', '2.1_0');
    expect(compareVersions('generic', '6.6.1a', '6.6.1')).toBe(1);
    expectAscending('generic', ['1.0', '1.0.a', '1.0.1']);
  });

  it('does not compare two different prefixes, and wants a digit', () => {
    expect(compareVersions('generic', 'R3.1', 'V3.1')).toBeUndefined();
    for (const garbage of ['V', 'firmware', '1..2', '1.0 beta', '', '.1']) expect(validVersion('generic', garbage), garbage).toBe(false);
  });
});

describe('readOsvRange and osvRangeToIntervals', () => {
  it('reads introduced 0 as from the first version, fixed as an exclusive end, last_affected as an inclusive one', () => {
    expect(osvRangeToIntervals([{ introduced: '0' }, { fixed: '1.0.2' }], 'semver')).toEqual([{ to: { version: '1.0.2', inclusive: false } }]);
    expect(osvRangeToIntervals([{ introduced: '1.0.0' }, { last_affected: '2.1.214' }], 'semver')).toEqual([
      { from: { version: '1.0.0', inclusive: true }, to: { version: '2.1.214', inclusive: true } },
    ]);
    expect(osvRangeToIntervals([{ introduced: '0' }], 'npm')).toEqual([{}]);
  });

  it('sorts the events in the ordering before pairing them', () => {
    // In the order given, `introduced 2.0` would be swallowed by the open interval and 2.2 read as not affected.
    const events: OsvEvent[] = [{ introduced: '0' }, { introduced: '2.0' }, { fixed: '1.5' }, { fixed: '2.5' }];
    const read = readOsvRange(events, 'pypi');
    expect(read.unsupported).toBeUndefined();
    expect(read.intervals).toEqual([
      { to: { version: '1.5', inclusive: false } },
      { from: { version: '2.0', inclusive: true }, to: { version: '2.5', inclusive: false } },
    ]);
    const r = range('pypi', { intervals: read.intervals });
    expect([verdict(r, '1.4'), verdict(r, '1.7'), verdict(r, '2.2'), verdict(r, '2.5')]).toEqual(['in', 'out', 'in', 'out']);
  });

  it('sorts by the ecosystem’s order, not the text', () => {
    const intervals = osvRangeToIntervals([{ introduced: '1.10' }, { fixed: '1.11' }, { introduced: '1.9' }, { fixed: '1.9.5' }], 'generic');
    expect(intervals.map((i) => i.from?.version)).toEqual(['1.9', '1.10']);
  });

  it('adds nothing for a second introduced before an end, and ignores limit', () => {
    expect(osvRangeToIntervals([{ introduced: '1.0.0' }, { introduced: '1.2.0' }, { fixed: '2.0.0' }, { limit: '1.5.0' }], 'semver')).toEqual([
      { from: { version: '1.0.0', inclusive: true }, to: { version: '2.0.0', inclusive: false } },
    ]);
  });

  it('keeps the given order and says why when an event is no version in the ordering', () => {
    const read = readOsvRange([{ introduced: '0' }, { fixed: 'abc123' }], 'semver');
    expect(read.intervals).toEqual([{ to: { version: 'abc123', inclusive: false } }]);
    expect(read.unsupported).toMatch(/"abc123" is not a semver version/);
    // A bound that is no version leaves the verdict open, not `out`.
    expect(versionIn(range('semver', { intervals: read.intervals }), '1.0.0')).toEqual({ verdict: 'unknown', reason: expect.stringMatching(/abc123/) });
  });

  it('says so for an event that is not one version string', () => {
    expect(readOsvRange([{ introduced: '0' }, { fixed: 2.3 }], 'pypi').unsupported).toMatch(/not one version string/);
    expect(readOsvRange([{ introduced: '0', fixed: '1.0' }], 'pypi').unsupported).toMatch(/not one version string/);
  });
});

describe('versionIn', () => {
  const interval = range('npm', { intervals: [{ from: { version: '1.0.0', inclusive: true }, to: { version: '1.2.3', inclusive: false } }] });

  it('decides by the intervals, their bounds inclusive or not', () => {
    expect(versionIn(interval, '1.0.0')).toEqual({ verdict: 'in' });
    expect(versionIn(interval, '1.2.2')).toEqual({ verdict: 'in' });
    expect(versionIn(interval, '1.2.3')).toEqual({ verdict: 'out' });
    expect(versionIn(interval, '0.9.9')).toEqual({ verdict: 'out' });
    expect(versionIn(interval, '1.2.3-rc.1')).toEqual({ verdict: 'in' });
  });

  it('is unknown with the reason for an unsupported range or a version the ordering cannot read', () => {
    expect(versionIn(range('generic', { unsupported: 'RPM ordering' }), '1.0')).toEqual({ verdict: 'unknown', reason: 'RPM ordering' });
    expect(versionIn(interval, 'not-a-version')).toEqual({ verdict: 'unknown', reason: '"not-a-version" is not a npm version' });
  });

  it('takes every version of an `all` range, and a listed version by text or by order', () => {
    expect(verdict(range('npm', { all: true }), 'whatever')).toBe('in');
    expect(verdict(range('pypi', { versions: ['0.1dev-r1234'] }), '0.1dev-r1234')).toBe('in');
    expect(verdict(range('pypi', { versions: ['1.0'] }), '1.0.0')).toBe('in');
    expect(verdict(range('generic', { versions: ['V3.1.4'] }), '3.1.4')).toBe('in');
    expect(verdict(range('generic', { versions: ['V3.1.4'] }), '3.1.5')).toBe('out');
  });

  it('finds the version in a readable interval even when another has an unreadable bound', () => {
    const mixed = range('generic', {
      intervals: [{ to: { version: 'R2.0', inclusive: false } }, { from: { version: 'V3.0', inclusive: true }, to: { version: 'V4.0', inclusive: false } }],
    });
    expect(verdict(mixed, 'V3.5')).toBe('in');
    expect(versionIn(mixed, 'V4.5')).toEqual({ verdict: 'unknown', reason: '"V4.5" cannot be compared with (first, R2.0) in generic order' });
    expect(verdict(mixed, 'R1.5')).toBe('in');
    expect(verdict(mixed, '3.5')).toBe('in');
  });
});

describe('orderingOfEcosystem and orderingOfPurlType', () => {
  it('maps the OSV package ecosystems', () => {
    const expected: Record<string, Ordering> = {
      npm: 'npm',
      Go: 'go',
      'crates.io': 'cargo',
      PyPI: 'pypi',
      RubyGems: 'rubygems',
      Maven: 'maven',
      'Maven:https://maven.google.com': 'maven',
      NuGet: 'nuget',
      Packagist: 'nuget',
      Hex: 'semver',
      Pub: 'semver',
    };
    for (const [ecosystem, ordering] of Object.entries(expected)) expect(orderingOfEcosystem(ecosystem), ecosystem).toEqual({ ordering });
  });

  it('reads the distribution release of Debian, Ubuntu and Alpine', () => {
    expect(orderingOfEcosystem('Debian:11')).toEqual({ ordering: 'debian', release: '11' });
    expect(orderingOfEcosystem('Debian')).toEqual({ ordering: 'debian' });
    expect(orderingOfEcosystem('Ubuntu:22.04:LTS')).toEqual({ ordering: 'debian', release: '22.04' });
    expect(orderingOfEcosystem('Ubuntu:Pro:18.04:LTS')).toEqual({ ordering: 'debian', release: '18.04' });
    expect(orderingOfEcosystem('Alpine:v3.17')).toEqual({ ordering: 'alpine', release: '3.17' });
  });

  it('says why RPM distributions, GIT and unknown ecosystems are unsupported', () => {
    for (const ecosystem of [
      'Red Hat:rhel_aus:8.4::appstream',
      'SUSE:Linux Enterprise Server 15 SP5',
      'openSUSE:Tumbleweed',
      'Rocky Linux:9',
      'AlmaLinux:8',
      'Mageia:9',
      'openEuler:22.03-LTS',
    ]) {
      expect(orderingOfEcosystem(ecosystem), ecosystem).toEqual({ unsupported: expect.stringMatching(/RPM/) });
    }
    expect(orderingOfEcosystem('GIT')).toEqual({ unsupported: expect.stringMatching(/commits/) });
    expect(orderingOfEcosystem('Hackage')).toEqual({ unsupported: expect.stringMatching(/"Hackage"/) });
  });

  it('maps PURL types', () => {
    const expected: Record<string, Ordering> = {
      npm: 'npm',
      golang: 'go',
      cargo: 'cargo',
      pypi: 'pypi',
      gem: 'rubygems',
      maven: 'maven',
      nuget: 'nuget',
      deb: 'debian',
      apk: 'alpine',
      composer: 'nuget',
      hex: 'semver',
      pub: 'semver',
    };
    for (const [type, ordering] of Object.entries(expected)) expect(orderingOfPurlType(type), type).toEqual({ ordering });
    expect(orderingOfPurlType('rpm')).toEqual({ unsupported: expect.stringMatching(/RPM/) });
    expect(orderingOfPurlType('conan')).toEqual({ unsupported: expect.stringMatching(/"conan"/) });
  });

  it('reads the release of a PURL’s distro qualifier as OSV names it', () => {
    expect(purlEcosystemRelease({ distro: 'debian-9' })).toBe('9');
    expect(purlEcosystemRelease({ distro: 'debian-11.8' })).toBe('11');
    expect(purlEcosystemRelease({ distro: 'bookworm' })).toBe('12');
    expect(purlEcosystemRelease({ distro: 'ubuntu-22.04' })).toBe('22.04');
    expect(purlEcosystemRelease({ distro: 'jammy' })).toBe('22.04');
    expect(purlEcosystemRelease({ distro: 'alpine-3.17.2' })).toBe('3.17');
    expect(purlEcosystemRelease({ distro: 'rhel-8' })).toBeUndefined();
    expect(purlEcosystemRelease({ arch: 'amd64' })).toBeUndefined();
    expect(purlEcosystemRelease(undefined)).toBeUndefined();
  });
});

describe('parseVersionRange', () => {
  const check = (text: string, ordering: Ordering, outcomes: Record<string, 'in' | 'out' | 'unknown'>) => {
    const parsed = parseVersionRange(text, ordering);
    expect(parsed.unsupported, text).toBeUndefined();
    expect(parsed.text).toBe(text);
    for (const [version, expected] of Object.entries(outcomes)) expect(verdict(parsed, version), `${version} in ${text}`).toBe(expected);
  };

  it('reads the vendor forms of real CSAF advisories', () => {
    check('<V6.6.1', 'generic', { 'V6.6.0': 'in', 'V6.6.1': 'out', '6.6.1a': 'out', 'V6.5.9': 'in' });
    check('<=R3.09.50', 'generic', { 'R3.9.50': 'in', 'R3.09.49': 'in', 'R3.9.51': 'out' });
    check('>=12.0.1|<=12.0.14', 'generic', { '12.0.0': 'out', '12.0.1': 'in', '12.0.14': 'in', '12.0.15': 'out' });
    check('<v1.10.00.005.', 'generic', { 'v1.10.00.004': 'in', '1.10.0.5': 'out' });
    check('1.0 - 1.4', 'generic', { '0.9': 'out', '1.0': 'in', '1.4': 'in', '1.4.1': 'out' });
    check('1.0 to 1.4', 'generic', { '1.4': 'in', '1.5': 'out' });
    check('before 2.3', 'generic', { '2.2.9': 'in', '2.3': 'out' });
    check('prior to 2.3', 'generic', { '2.2': 'in', '2.3.0': 'out' });
    check('All versions < V2.1', 'generic', { 'V2.0': 'in', 'V2.1': 'out' });
    check('V3.1.4', 'generic', { '3.1.4': 'in', 'V3.1.5': 'out' });
    check('>= 2.0, < 2.5', 'generic', { '1.9': 'out', '2.0': 'in', '2.4.9': 'in', '2.5': 'out' });
    check('>=2.0 <2.5', 'generic', { '2.0': 'in', '2.5': 'out' });
    check('2.0 and later', 'generic', { '1.9': 'out', '2.0': 'in' });
    check('<1.0|>=2.0', 'generic', { '0.9': 'in', '1.5': 'out', '2.0': 'in' });
    check('>=1.0 <1.5 || >=2.0 <2.5', 'generic', { '1.2': 'in', '1.7': 'out', '2.1': 'in' });
  });

  it('reads every version for all versions and *', () => {
    for (const text of ['all versions', 'All Versions', '*', 'vers:all/*', 'vers:npm/*']) {
      const parsed = parseVersionRange(text);
      expect(parsed.all, text).toBe(true);
      expect(parsed.unsupported, text).toBeUndefined();
    }
    expect(parseVersionRange('vers:npm/*').ordering).toBe('npm');
  });

  it('reads vers URIs in the scheme’s ordering', () => {
    const npm = parseVersionRange('vers:npm/>=1.0.0|<1.2.3');
    expect(npm).toEqual({
      ordering: 'npm',
      intervals: [{ from: { version: '1.0.0', inclusive: true }, to: { version: '1.2.3', inclusive: false } }],
      versions: [],
      text: 'vers:npm/>=1.0.0|<1.2.3',
    });
    check('vers:pypi/<1.0rc1|>=2.0', 'generic', { '0.9': 'in', '1.0rc1': 'out', '2.0.post1': 'in' });
    check('vers:maven/>=1.0.0-beta1|<=1.7.5|>=7.0.0-M1|<=7.0.7', 'generic', { '1.0.0-alpha': 'out', '1.0.0': 'in', '7.0.0-M2': 'in', '7.0.8': 'out' });
    check('vers:deb/>=1:1.0|<1:2.0', 'generic', { '1:1.5': 'in', '1.5': 'out' });
    check('vers:gem/>=2.2.0|!=2.2.1|<2.3.0', 'generic', { '2.2.0': 'in', '2.2.1': 'out', '2.2.2': 'in', '2.3.0': 'out' });
    check('vers:golang/<v0.23.0', 'generic', { 'v0.22.0': 'in', '0.23.0': 'out' });
    check('vers:apk/<1.36.1-r27', 'generic', { '1.36.1-r3': 'in', '1.36.1-r27': 'out' });
    check('vers:pypi/1.0|2.0', 'generic', { '1.0.0': 'in', '1.5': 'out' });
    check('vers:npm/!=1.0.0', 'generic', { '0.9.0': 'in', '1.0.0': 'out', '2.0.0': 'in' });
    check('vers:npm/>=1.0.0|!=2.0.0|<=3.0.0', 'generic', { '1.9.9': 'in', '2.0.0': 'out', '2.0.1': 'in', '3.0.0': 'in' });
    check('>=1.0, <=2.0, !=2.0', 'generic', { '1.0': 'in', '1.9': 'in', '2.0': 'out' });
    check('vers:npm/>=1.0.0%2Bbuild|<2.0.0', 'generic', { '1.0.0': 'in' });
    // Spaces are not significant, and the constraints are sorted first.
    check('vers:npm/ <2.0.0 | >= 1.0.0 ', 'generic', { '1.5.0': 'in', '2.0.0': 'out', '0.5.0': 'out' });
  });

  it('says why, and keeps the text, for anything else', () => {
    const cases: [string, Ordering, RegExp][] = [
      ['foo bar', 'generic', /cannot read "foo bar"/],
      ['see vendor advisory', 'generic', /cannot read/],
      ['vers:rpm/<1.0-1', 'generic', /"rpm"/],
      ['vers:conan/<1.0', 'generic', /"conan"/],
      ['vers:npm/>=1.0.0|>=2.0.0', 'generic', /alternate/],
      ['vers:npm/<1.0.0|1.0.0', 'generic', /twice/],
      ['vers:npm/*|<1.0.0', 'generic', /stands alone/],
      ['vers:npm', 'generic', /vers:<scheme>/],
      ['vers:none/1.0', 'generic', /only "\*"/],
      ['1.4 - 1.0', 'generic', /1.4 comes after 1.0/],
      ['<1.0 <2.0', 'generic', /more than one/],
      ['=1.0 <2.0', 'generic', /exact version with other bounds/],
      ['<1.x', 'npm', /"1.x" is not a npm version/],
      ['<R2.0|>=V3.0', 'generic', /cannot be compared/],
      ['', 'generic', /empty/],
    ];
    for (const [text, ordering, reason] of cases) {
      const parsed = parseVersionRange(text, ordering);
      expect(parsed.unsupported, text).toMatch(reason);
      expect(parsed.intervals, text).toEqual([]);
      expect(parsed.versions, text).toEqual([]);
      expect(parsed.text, text).toBe(text);
      expect(verdict(parsed, '1.0'), text).toBe('unknown');
    }
    expect(parseVersionRange('vers:rpm/<1.0-1').unsupported).toMatch(/^cannot read "vers:rpm\/<1.0-1": /);
  });

  it('reads vers:none/* as no version', () => {
    const none = parseVersionRange('vers:none/*', 'npm');
    expect(none.unsupported).toBeUndefined();
    expect(verdict(none, '1.0.0')).toBe('out');
  });
});

/** One `affected[]` entry of an OSV record as a VersionRange, the way a matcher reads it. */
interface OsvAffected {
  package: { ecosystem: string; name: string };
  ranges?: { type: string; events: OsvEvent[] }[];
  versions?: string[];
}
function osvRange(affected: OsvAffected, withVersions = true): VersionRange {
  const ecosystem = orderingOfEcosystem(affected.package.ecosystem);
  if (!('ordering' in ecosystem)) return range('generic', { unsupported: ecosystem.unsupported });
  const result = range(ecosystem.ordering, { versions: withVersions ? (affected.versions ?? []) : [] });
  for (const r of affected.ranges ?? []) {
    if (r.type === 'GIT') continue;
    const ordering = r.type === 'SEMVER' ? (ecosystem.ordering === 'go' ? 'go' : 'semver') : ecosystem.ordering;
    const read = readOsvRange(r.events, ordering);
    result.intervals.push(...read.intervals);
    if (read.unsupported) result.unsupported = read.unsupported;
  }
  return result;
}
/** The verdict for a version of the named package over all the record's entries for it: `in` if any says so. */
function osvVerdict(affected: OsvAffected[], name: string, version: string): string {
  const verdicts = affected.filter((a) => a.package.name === name).map((a) => verdict(osvRange(a), version));
  expect(verdicts.length, name).toBeGreaterThan(0);
  return verdicts.includes('in') ? 'in' : verdicts.includes('unknown') ? 'unknown' : 'out';
}
const osvJson = (...parts: string[]): { affected: OsvAffected[] } => JSON.parse(realdataText('osv', ...parts));
const osvYaml = (file: string): { affected: OsvAffected[] } => parseYaml(realdataText('osv', 'pypi-pysec-yaml', file), { schema: 'failsafe' });

describeWithRealdata('real OSV records, evaluated', () => {
  it('GHSA-9wv6-86v2-598j (path-to-regexp): five npm ranges', () => {
    const { affected } = osvJson('npm-ghsa', 'GHSA-9wv6-86v2-598j.json');
    expect(affected).toHaveLength(5);
    const outcomes = Object.fromEntries(
      ['0.1.9', '6.2.2', '0.1.10', '1.9.0', '8.0.0', '3.2.0', '3.3.0'].map((v) => [v, osvVerdict(affected, 'path-to-regexp', v)]),
    );
    expect(outcomes).toEqual({ '0.1.9': 'in', '6.2.2': 'in', '0.1.10': 'out', '1.9.0': 'out', '8.0.0': 'out', '3.2.0': 'in', '3.3.0': 'out' });
  });

  it('GHSA-c2qf-rxjj-qqgw (semver): 7.5.1 affected, 7.5.2 fixed', () => {
    const { affected } = osvJson('npm-ghsa', 'GHSA-c2qf-rxjj-qqgw.json');
    expect(osvVerdict(affected, 'semver', '7.5.1')).toBe('in');
    expect(osvVerdict(affected, 'semver', '7.5.2')).toBe('out');
    expect(osvVerdict(affected, 'semver', '6.3.0')).toBe('in');
    expect(osvVerdict(affected, 'semver', '5.7.2')).toBe('out');
  });

  it('GHSA-rv95-896h-c2vc (express): the pre-release range 5.0.0-alpha.1 to 5.0.0-beta.3', () => {
    const { affected } = osvJson('npm-ghsa', 'GHSA-rv95-896h-c2vc.json');
    expect(osvVerdict(affected, 'express', '4.19.1')).toBe('in');
    expect(osvVerdict(affected, 'express', '4.19.2')).toBe('out');
    expect(osvVerdict(affected, 'express', '5.0.0-alpha.1')).toBe('in');
    expect(osvVerdict(affected, 'express', '5.0.0-beta.2')).toBe('in');
    expect(osvVerdict(affected, 'express', '5.0.0-beta.3')).toBe('out');
    expect(osvVerdict(affected, 'express', '5.0.0')).toBe('out');
  });

  it('DSA-3029-1 (nginx, Debian:7): fixed in 1.2.1-2.2+wheezy3, for Debian 7 only', () => {
    const { affected } = osvJson('debian', 'DSA-3029-1.json');
    expect(orderingOfEcosystem(affected[0]!.package.ecosystem)).toEqual({ ordering: 'debian', release: '7' });
    expect(purlEcosystemRelease({ distro: 'wheezy' })).toBe('7');
    expect(osvVerdict(affected, 'nginx', '1.2.1-2.2+wheezy2')).toBe('in');
    expect(osvVerdict(affected, 'nginx', '1.2.1-2.2')).toBe('in');
    expect(osvVerdict(affected, 'nginx', '1.2.1-2.2+wheezy3')).toBe('out');
    expect(osvVerdict(affected, 'nginx', '1.2.1-2.2+wheezy4')).toBe('out');
    expect(osvVerdict(affected, 'nginx', '1.2.1-2.2+wheezy2+b1')).toBe('in');
  });

  it('GO-2022-0969: stdlib in two branches (1.19.0-0 opens the second) and golang.org/x/net up to a pseudo-version', () => {
    const { affected } = osvJson('go', 'GO-2022-0969.json');
    const stdlib = ['1.18.5', '1.18.6', '1.19.0-rc.1', '1.19.0', '1.19.1', 'v1.20.0'].map((v) => osvVerdict(affected, 'stdlib', v));
    expect(stdlib).toEqual(['in', 'out', 'in', 'in', 'out', 'out']);
    expect(osvVerdict(affected, 'golang.org/x/net', 'v0.0.0-20220826154423-83b083e8dc8b')).toBe('in');
    expect(osvVerdict(affected, 'golang.org/x/net', 'v0.0.0-20220906165146-f3363e06e74c')).toBe('out');
    expect(osvVerdict(affected, 'golang.org/x/net', 'v0.1.0')).toBe('out');
  });

  it('GO-2025-3459 (wazuh): +incompatible versions compare without their build metadata', () => {
    const { affected } = osvJson('go', 'GO-2025-3459.json');
    expect(osvVerdict(affected, 'github.com/wazuh/wazuh', 'v4.9.0+incompatible')).toBe('in');
    expect(osvVerdict(affected, 'github.com/wazuh/wazuh', 'v4.9.1+incompatible')).toBe('out');
    expect(osvVerdict(affected, 'github.com/wazuh/wazuh', 'v4.3.9+incompatible')).toBe('out');
  });

  it('PYSEC-2023-62 (flask): two ECOSYSTEM branches, the GIT range set aside', () => {
    const { affected } = osvYaml('PYSEC-2023-62.yaml');
    const outcomes = ['2.2.4', '2.2.5rc1', '2.2.5', '2.3.0', '2.3.1', '2.3.2', '3.0.0'].map((v) => verdict(osvRange(affected[0]!, false), v));
    expect(outcomes).toEqual(['in', 'in', 'out', 'in', 'in', 'out', 'out']);
  });

  it('PYSEC-2022-236 (pyspark): events out of order, 3.1.1 both fixed and reintroduced', () => {
    const { affected } = osvYaml('PYSEC-2022-236.yaml');
    const r = osvRange(affected[0]!, false);
    expect(r.unsupported).toBeUndefined();
    const outcomes = ['3.1.0', '3.1.1', '3.1.2', '3.1.3', '3.2.0', '3.2.1', '3.2.2'].map((v) => verdict(r, v));
    expect(outcomes).toEqual(['in', 'in', 'in', 'out', 'in', 'in', 'out']);
  });

  it('every version a PYSEC record lists is inside its ECOSYSTEM ranges, and every fixed version outside (unless reintroduced)', () => {
    const files = readdirSync(realdata('osv', 'pypi-pysec-yaml')).filter((file) => file.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    let listed = 0;
    for (const file of files) {
      for (const affected of osvYaml(file).affected) {
        const r = osvRange(affected, false);
        if (!affected.ranges?.some((x) => x.type === 'ECOSYSTEM')) continue;
        for (const version of affected.versions ?? []) {
          expect(verdict(r, version), `${file} ${version}`).toBe('in');
          listed++;
        }
        const events = affected.ranges.flatMap((x) => (x.type === 'ECOSYSTEM' ? x.events : []));
        const introduced = new Set(events.map((e) => e.introduced));
        for (const fixed of events.flatMap((e) => (typeof e.fixed === 'string' && !introduced.has(e.fixed) ? [e.fixed] : []))) {
          expect(verdict(r, fixed), `${file} fixed ${fixed}`).toBe('out');
        }
      }
    }
    expect(listed).toBeGreaterThan(500);
  });
});
