// Which version ordering an OSV ecosystem or a PURL type follows, and the distribution release either names, so
// that an OSV record for `Debian:11` is matched only against packages of Debian 11. An ecosystem without an
// ordering here comes back `unsupported` with the reason: its ranges are listed for review, never guessed.
import type { Ordering } from '../products/affected.ts';

export type EcosystemOrdering = { ordering: Ordering; release?: string } | { unsupported: string };

// Composer (Packagist, PURL `composer`) versions have up to four numbers, an optional `v` and stability suffixes
// compared case-insensitively (`1.0.0-beta2` < `1.0.0-RC1`): the NuGet ordering reads them so, where semver
// would refuse `1.2.3.4` and put `RC1` before `beta2` (ASCII). Not read as Composer does: `-dev` (Composer: before
// alpha) and `-p1`/`-pl1`/`-patch1` (Composer: after the release) are ordered as pre-release labels by name.
const COMPOSER: Ordering = 'nuget';

// The package ecosystems, by the name before any `:` (lower case). Hex and Pub version by SemVer 2 (Pub orders
// build metadata, `1.0.0+1` > `1.0.0`, where semver ignores it); Wolfi and Chainguard are apk distributions.
const PACKAGE_ECOSYSTEMS: Record<string, Ordering> = {
  npm: 'npm',
  go: 'go',
  'crates.io': 'cargo',
  pypi: 'pypi',
  rubygems: 'rubygems',
  maven: 'maven',
  nuget: 'nuget',
  packagist: COMPOSER,
  hex: 'semver',
  pub: 'semver',
  swifturl: 'semver',
  wolfi: 'alpine',
  chainguard: 'alpine',
};

const RPM_ECOSYSTEMS = ['red hat', 'suse', 'opensuse', 'rocky linux', 'almalinux', 'mageia', 'openeuler', 'photon os', 'azure linux', 'openanolis'];

/**
 * The ordering of an OSV `affected[].package.ecosystem` (https://ossf.github.io/osv-schema/#affectedpackage-field),
 * with the distribution release its suffix names: `Debian:11` → debian, release `11` (`Debian` alone: none);
 * `Ubuntu:22.04:LTS`, `Ubuntu:Pro:18.04:LTS` → debian, release `22.04`, `18.04`; `Alpine:v3.17` → alpine, release
 * `3.17`. `Maven:<repository>` and `Packagist:<repository>` are Maven and Packagist. RPM distributions, GIT and
 * anything else are unsupported, with the reason.
 */
export function orderingOfEcosystem(osvEcosystem: string): EcosystemOrdering {
  const text = osvEcosystem.trim();
  const [name = '', ...suffix] = text.split(':');
  const key = name.trim().toLowerCase();
  const known = PACKAGE_ECOSYSTEMS[key];
  if (known) return { ordering: known };
  if (key === 'debian') return withRelease('debian', suffix[0]);
  if (key === 'ubuntu')
    return withRelease(
      'debian',
      suffix.find((part) => /^\d+\.\d+$/.test(part.trim())),
    );
  if (key === 'alpine') return withRelease('alpine', suffix[0]?.trim().replace(/^v/i, ''));
  if (RPM_ECOSYSTEMS.includes(key)) return { unsupported: `${text} packages are versioned by RPM, whose version order is not supported` };
  if (key === 'git') return { unsupported: 'GIT ranges name commits: they need the repository’s history, which is not read' };
  return { unsupported: `the OSV ecosystem "${text}" has no supported version order` };
}

function withRelease(ordering: Ordering, release: string | undefined): EcosystemOrdering {
  const text = release?.trim();
  return text ? { ordering, release: text } : { ordering };
}

const PURL_TYPES: Record<string, Ordering> = {
  npm: 'npm',
  golang: 'go',
  cargo: 'cargo',
  pypi: 'pypi',
  gem: 'rubygems',
  maven: 'maven',
  nuget: 'nuget',
  deb: 'debian',
  apk: 'alpine',
  composer: COMPOSER,
  hex: 'semver',
  pub: 'semver',
  swift: 'semver',
  generic: 'generic',
};

/** The ordering of a PURL type (https://github.com/package-url/purl-spec, PURL-TYPES); `rpm` and the rest are unsupported. */
export function orderingOfPurlType(type: string): EcosystemOrdering {
  const key = type.trim().toLowerCase();
  const known = PURL_TYPES[key];
  if (known) return { ordering: known };
  if (key === 'rpm') return { unsupported: 'rpm packages are versioned by RPM, whose version order is not supported' };
  return { unsupported: `the PURL type "${type}" has no supported version order` };
}

// Code names as the `distro` qualifier may give them (Debian's distro-info-data), to the release OSV names.
const DEBIAN_CODENAMES: Record<string, string> = {
  buzz: '1.1',
  rex: '1.2',
  bo: '1.3',
  hamm: '2.0',
  slink: '2.1',
  potato: '2.2',
  woody: '3.0',
  sarge: '3.1',
  etch: '4',
  lenny: '5',
  squeeze: '6',
  wheezy: '7',
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  duke: '15',
  sid: 'sid',
};
const UBUNTU_CODENAMES: Record<string, string> = {
  precise: '12.04',
  trusty: '14.04',
  xenial: '16.04',
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  kinetic: '22.10',
  lunar: '23.04',
  mantic: '23.10',
  noble: '24.04',
  oracular: '24.10',
  plucky: '25.04',
  questing: '25.10',
};

/**
 * The distribution release a PURL's `distro` qualifier names, in the form OSV's ecosystem suffix uses: Debian's
 * major release (`debian-9`, `debian-11.8` → `9`, `11`; `bookworm`, `debian-bookworm` → `12`; `sid`), Ubuntu's
 * YY.MM (`ubuntu-22.04`, `jammy` → `22.04`), Alpine's major.minor (`alpine-3.17.2` → `3.17`). Undefined without
 * the qualifier or for a value not read here (another distribution, an unknown code name).
 */
export function purlEcosystemRelease(qualifiers: Readonly<Record<string, string>> | undefined): string | undefined {
  const distro = qualifiers?.distro?.trim().toLowerCase();
  if (!distro) return undefined;
  const m = /^(?:([a-z]+)-)?(.+)$/.exec(distro);
  const name = m?.[1];
  const release = m?.[2] ?? '';
  const codename = (name === 'ubuntu' ? undefined : DEBIAN_CODENAMES[release]) ?? (name === 'debian' ? undefined : UBUNTU_CODENAMES[release]);
  if (codename && (name === undefined || name === 'debian' || name === 'ubuntu')) return codename;
  if (name === 'debian') return /^(\d+)(?:\.\d+)*$/.exec(release)?.[1];
  if (name === 'ubuntu') return /^(\d+\.\d+)(?:\.\d+)*$/.exec(release)?.[1];
  if (name === 'alpine') return /^v?(\d+\.\d+)(?:\.\d+)*$/.exec(release)?.[1];
  return undefined;
}
