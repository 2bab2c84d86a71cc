// An OSV record's affected packages: one AffectedProduct per `affected[i]`, status affected, named by the
// package as an SBOM's PURL would name it. `database_specific` and `ecosystem_specific` (Go's symbols, GHSA's
// CWEs) are not read: they say nothing of which versions are affected.
import { formatPurl, parsePurl, purlPackage } from '@ismf/core/purl';
import type { Purl } from '@ismf/core/purl';
import { asList, asRecord, asText } from '../documents/delivery-documents.ts';
import { orderingOfEcosystem } from '../versions/ecosystems.ts';
import { readOsvRange } from '../versions/range.ts';
import type { AdvisoryProducts, AffectedProduct, Interval, Ordering, ProductIdentifier, Unresolved, VersionRange } from './affected.ts';
import { normaliseName } from './names.ts';

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/** How an ecosystem's package name becomes a PURL (type, namespace, name), where the ecosystem has a PURL type. */
type PurlOf = (name: string, ecosystem: string) => Purl | undefined;

/** A name split at its last '/': namespace and name (Go modules, Packagist, npm scopes). */
function splitLast(type: string, path: string): Purl {
  const slash = path.lastIndexOf('/');
  return slash > 0 ? { type, namespace: path.slice(0, slash), name: path.slice(slash + 1) } : { type, name: path };
}

// Debian, Ubuntu and Alpine releases as SBOM tools write the distro qualifier (syft: `distro=debian-12`), from
// the release orderingOfEcosystem reads out of the ecosystem (`Debian:7` → 7, `Ubuntu:Pro:18.04:LTS` → 18.04,
// `Alpine:v3.18` → 3.18), so that purlEcosystemRelease reads the same release back.
function distro(distribution: string, ecosystem: string): Record<string, string> | undefined {
  const known = orderingOfEcosystem(ecosystem);
  return 'release' in known && known.release ? { distro: `${distribution}-${known.release}` } : undefined;
}

/** OSV ecosystems (compared in lower case, without the release after ':') and their PURL types. */
const ECOSYSTEM_PURLS: Record<string, PurlOf> = {
  npm: (name) => splitLast('npm', name),
  pypi: (name) => ({ type: 'pypi', name }),
  go: (name) => splitLast('golang', name),
  maven: (name) => {
    const [group, artifact, ...rest] = name.split(':');
    return group && artifact && rest.length === 0 ? { type: 'maven', namespace: group, name: artifact } : undefined;
  },
  rubygems: (name) => ({ type: 'gem', name }),
  'crates.io': (name) => ({ type: 'cargo', name }),
  nuget: (name) => ({ type: 'nuget', name }),
  packagist: (name) => splitLast('composer', name),
  hex: (name) => ({ type: 'hex', name }),
  pub: (name) => ({ type: 'pub', name }),
  hackage: (name) => ({ type: 'hackage', name }),
  debian: (name, ecosystem) => ({ type: 'deb', namespace: 'debian', name, qualifiers: distro('debian', ecosystem) }),
  ubuntu: (name, ecosystem) => ({ type: 'deb', namespace: 'ubuntu', name, qualifiers: distro('ubuntu', ecosystem) }),
  alpine: (name, ecosystem) => ({ type: 'apk', namespace: 'alpine', name, qualifiers: distro('alpine', ecosystem) }),
  'red hat': (name) => ({ type: 'rpm', namespace: 'redhat', name }),
};

/** The package identifier of an OSV package: its own PURL, else one built from ecosystem and name. */
function packageOf(ecosystem: string, name: string, purl: string | undefined): ProductIdentifier | string {
  let text = purl;
  if (!text) {
    const colon = ecosystem.indexOf(':');
    const base = (colon < 0 ? ecosystem : ecosystem.slice(0, colon)).toLowerCase();
    const build = ECOSYSTEM_PURLS[base];
    if (!build) return `ecosystem ${ecosystem} has no PURL type here`;
    const built = build(name, ecosystem);
    if (!built) return `${name} is no ${ecosystem} package name`;
    if (!built.qualifiers) delete built.qualifiers;
    try {
      text = formatPurl(built);
    } catch (error) {
      return `no PURL for ${name}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  // Through purlPackage, as the SBOM side goes: both write the package the same way (case, PyPI's '_').
  const named = purlPackage(text);
  const parsed = parsePurl(text);
  if (!named || !parsed.ok) return `the PURL ${text} cannot be read`;
  const identifier: ProductIdentifier = { kind: 'package', package: named.package, purl: text, ecosystem };
  if (parsed.purl.qualifiers) identifier.qualifiers = { ...parsed.purl.qualifiers };
  return identifier;
}

interface OsvRange {
  ordering: Ordering;
  unsupported?: string;
}

/** The ordering a range's versions follow: SEMVER (Go's own for Go), the ecosystem's, or why there is none. */
function orderingOf(type: string | undefined, ecosystem: string): OsvRange {
  if (type === 'SEMVER') return { ordering: ecosystem.toLowerCase() === 'go' ? 'go' : 'semver' };
  if (type === 'ECOSYSTEM') {
    const known = orderingOfEcosystem(ecosystem);
    return 'ordering' in known ? { ordering: known.ordering } : { ordering: 'generic', unsupported: known.unsupported };
  }
  return { ordering: 'generic', unsupported: `${type ?? 'a range without type'} ranges are not read` };
}

/** The versions of one `affected[i]`: its ranges (GIT ranges set aside) and its explicit versions. */
function rangeOf(affected: Record<string, unknown>, ecosystem: string): { range: VersionRange; fixed: string[] } {
  const intervals: Interval[] = [];
  const fixed: string[] = [];
  const versions = asList(affected.versions).filter((version): version is string => typeof version === 'string');
  let ordering: Ordering | undefined;
  let unsupported: string | undefined;
  let gitOnly = false;
  for (const item of asList(affected.ranges)) {
    const range = asRecord(item);
    if (!range) continue;
    const type = asText(range.type);
    // GIT ranges name commits: the explicit versions (which OSV derives from them) or another range stand for them.
    if (type === 'GIT') {
      gitOnly = ordering === undefined;
      continue;
    }
    gitOnly = false;
    const read = orderingOf(type, ecosystem);
    ordering ??= read.ordering;
    unsupported ??= read.unsupported;
    const events = asList(range.events)
      .map(asRecord)
      .filter((event): event is Record<string, unknown> => !!event);
    const intervalsOf = readOsvRange(events, read.ordering);
    intervals.push(...intervalsOf.intervals);
    unsupported ??= intervalsOf.unsupported;
    for (const event of events) {
      const version = asText(event.fixed);
      if (version && !fixed.includes(version)) fixed.push(version);
    }
  }
  if (ordering === undefined && versions.length > 0) {
    const known = orderingOfEcosystem(ecosystem);
    ordering = 'ordering' in known ? known.ordering : 'generic';
  }
  const range: VersionRange = { ordering: ordering ?? 'generic', intervals, versions };
  if (gitOnly && versions.length === 0) range.unsupported = 'only GIT ranges (commits), no versions';
  else if (unsupported) range.unsupported = unsupported;
  // `introduced: 0` and no end, or no ranges and no versions at all: every version.
  const open = intervals.length === 1 && !intervals[0]!.from && !intervals[0]!.to;
  if (!range.unsupported && versions.length === 0 && (open || intervals.length === 0)) {
    range.all = true;
    range.intervals = [];
  }
  return { range, fixed };
}

/** The CVE ids of the record (its id, its aliases; Red Hat's records name them as `upstream`), else its id. */
function vulnerabilityIds(record: Record<string, unknown>, id: string): string[] {
  const strings = (value: unknown) => asList(value).filter((text): text is string => typeof text === 'string');
  const cves = [id, ...strings(record.aliases)].filter((text) => CVE_ID.test(text));
  if (cves.length === 0) cves.push(...strings(record.upstream).filter((text) => CVE_ID.test(text)));
  return cves.length > 0 ? [...new Set(cves)] : [id];
}

export function osvProducts(document: unknown): AdvisoryProducts {
  const record = asRecord(document) ?? {};
  const products: AffectedProduct[] = [];
  const unresolved: Unresolved[] = [];
  if (record.withdrawn) return { products, unresolved };
  const id = asText(record.id) ?? 'OSV record';
  const vulnerabilities = vulnerabilityIds(record, id);

  asList(record.affected).forEach((item, index) => {
    const ref = `affected[${index}]`;
    const affected = asRecord(item);
    const pkg = asRecord(affected?.package);
    const name = asText(pkg?.name);
    const ecosystem = asText(pkg?.ecosystem) ?? '';
    const purl = asText(pkg?.purl);
    if (!affected || (!name && !purl)) {
      unresolved.push({ ref, text: JSON.stringify(pkg ?? null), reason: 'names no package' });
      return;
    }
    const identifiers: ProductIdentifier[] = [];
    const identifier = packageOf(ecosystem, name ?? '', purl);
    if (typeof identifier === 'string') {
      unresolved.push({ ref, text: `${ecosystem} ${name ?? purl}`, reason: identifier });
      // Still named, by name: an asset may carry the product without its ecosystem.
      identifiers.push({ kind: 'name', vendor: '', product: normaliseName(name ?? purl ?? '') });
    } else identifiers.push(identifier);

    const { range, fixed } = rangeOf(affected, ecosystem);
    if (range.unsupported) unresolved.push({ ref, text: `${ecosystem} ${name ?? purl}`, reason: range.unsupported });
    products.push({
      ref,
      label: `${name ?? purl} (${ecosystem || 'no ecosystem'})`,
      identifiers,
      status: 'affected',
      range,
      fixedVersions: fixed,
      vulnerabilities,
      remediations: fixed.map((version) => ({ category: 'vendor_fix', details: `Fixed in ${version}.`, fixedVersion: version })),
    });
  });
  return { products, unresolved };
}
