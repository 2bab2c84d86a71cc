// Version ranges as vendor advisories and CSAF `product_version_range` branches write them, read into intervals.
// Text outside the grammar below comes back `unsupported` with the reason, never as a range that matches nothing.
//
// The text is trimmed, white space runs read as one space, keywords are case-insensitive, and every version must
// be a version in the ordering (else the whole text is unsupported):
//
//   range       := "vers:" scheme "/" constraints                 a vers URI (below)
//                | "*" | "all" | "all versions"                    every version
//                | "all versions" S? alternative                  `All versions < V2.1`: the same as the alternative
//                | alternative ( "||" alternative )*              the union of the alternatives
//   alternative := group ( "|" group )*                           one group; several: read the vers way (sorted and
//                                                                 paired: `>=12.0.1|<=12.0.14` is one interval,
//                                                                 `<1.0|>=2.0` two) when each is one constraint or
//                                                                 one version, else the union of the groups
//   group       := version S ( "-" | "–" | "to" | "through" ) S version     both ends included (`1.0 - 1.4`; the
//                                                                 hyphen needs spaces: `1.0-1.4` is one version)
//                | ( "before" | "prior to" | "earlier than" | "below" ) S version               below it
//                | version S ( "and" | "or" ) S ( "later" | "above" | "higher" | "newer" )      it and above
//                | version S ( "and" | "or" ) S ( "earlier" | "below" | "lower" | "prior" | "older" )   it and below
//                | constraint ( ( "," | "&&" | " and " | S ) constraint )*   all of them: at most one lower bound
//                                                                 (`>`, `>=`), at most one upper bound (`<`, `<=`)
//                                                                 or a single `=`, and any `!=` (`>= 2.0, < 2.5`,
//                                                                 `>=2.0 <2.5`, `<V6.6.1`); `!=` alone: all but these
//                | version                                        that version only (`V3.1.4`)
//   constraint  := ( "<" | "<=" | ">" | ">=" | "=" | "==" | "!=" | "≤" | "≥" ) S? version
//   version     := one or more characters other than white space and `,|<>=!≤≥`
//
// vers (https://github.com/package-url/purl-spec/blob/master/VERSION-RANGE-SPEC.rst): spaces removed, the scheme
// chooses the ordering (a PURL type as orderingOfPurlType reads it: npm, pypi, maven, deb, gem, golang, cargo,
// nuget, apk, composer, hex, pub, swift, generic; besides those `alpine` as apk, `semver`, and `intdot` as
// generic); an unknown scheme or `rpm` is unsupported rather than guessed. `vers:<scheme>/*` and `vers:all/*` (in
// the caller's ordering) are every version, `vers:none/*` none. Constraints are `|`-separated `=` (or no
// comparator), `!=`, `<`, `<=`, `>`, `>=` and a version (percent-decoded); by the vers containment rules they are
// sorted by version (each version once), `=` versions listed, the rest must alternate lower and upper bounds, each
// lower bound paired with the upper bound after it (a leading upper bound: from the first version, a trailing
// lower bound: to the last one), and a `!=` version is cut out of the interval holding it (`>=1.0|!=1.2|<2.0` →
// [1.0, 1.2) and (1.2, 2.0)); `!=` alone is every version but these.
import type { Interval, Ordering, VersionRange } from '../products/affected.ts';
import { compareVersions, validVersion } from './compare.ts';
import { orderingOfPurlType } from './ecosystems.ts';

type Op = '<' | '<=' | '>' | '>=' | '=' | '!=';
interface Constraint {
  op: Op;
  version: string;
}

/** Why the text cannot be read; caught once, at the top. */
class Unreadable extends Error {}

/** The range the text states, in the ordering (a vers URI's scheme chooses its own). */
export function parseVersionRange(text: string, ordering: Ordering = 'generic'): VersionRange {
  const normal = text.trim().replace(/\s+/g, ' ');
  let chosen = ordering;
  try {
    if (/^vers:/i.test(normal)) {
      const vers = versParts(normal, ordering);
      chosen = vers.ordering;
      return { ...readVers(vers.scheme, vers.body, vers.ordering), text };
    }
    if (/^(\*|all|all versions)$/i.test(normal)) return { ordering, all: true, intervals: [], versions: [], text };
    const rest = /^all versions (.+)$/i.exec(normal)?.[1] ?? normal;
    const read = new Reader(ordering);
    const parts = rest.split('||').map((alternative) => read.alternative(alternative.trim()));
    return { ordering, intervals: parts.flatMap((part) => part.intervals), versions: parts.flatMap((part) => part.versions), text };
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    return { ordering: chosen, intervals: [], versions: [], unsupported: `cannot read "${text}": ${error.message}`, text };
  }
}

const VERSION = '[^\\s,|<>=!≤≥]+';
const CONSTRAINT = new RegExp(`^(<=|>=|==|!=|<|>|=|≤|≥) ?(${VERSION})`);
const SINGLE = new RegExp(`^(?:(<=|>=|==|!=|<|>|=|≤|≥) ?)?(${VERSION})$`);
const BETWEEN = new RegExp(`^(${VERSION}) (?:-|–|to|through) (${VERSION})$`, 'i');
const BELOW = new RegExp(`^(?:before|prior to|earlier than|below) (${VERSION})$`, 'i');
const AND_ABOVE = new RegExp(`^(${VERSION}) (?:and|or) (?:later|above|higher|newer)$`, 'i');
const AND_BELOW = new RegExp(`^(${VERSION}) (?:and|or) (?:earlier|below|lower|prior|older)$`, 'i');

const OPS: Record<string, Op> = { '<': '<', '<=': '<=', '≤': '<=', '>': '>', '>=': '>=', '≥': '>=', '=': '=', '==': '=', '!=': '!=' };
const isLower = (op: Op) => op === '>' || op === '>=';
const isUpper = (op: Op) => op === '<' || op === '<=';

class Reader {
  constructor(readonly ordering: Ordering) {}

  /** A version of the text, checked against the ordering. */
  version(text: string): string {
    if (!validVersion(this.ordering, text)) throw new Unreadable(`"${text}" is not a ${this.ordering} version`);
    return text;
  }

  compare(a: string, b: string): number {
    const order = compareVersions(this.ordering, a, b);
    if (order === undefined) throw new Unreadable(`"${a}" and "${b}" cannot be compared in ${this.ordering} order`);
    return order;
  }

  alternative(text: string): { intervals: Interval[]; versions: string[] } {
    if (!text) throw new Unreadable('an alternative is empty');
    const groups = text.split('|').map((group) => group.trim());
    if (groups.length === 1) return this.group(text);
    const singles = groups.map((group) => SINGLE.exec(group));
    if (singles.every((single) => single !== null)) {
      return this.constraints(singles.map((single) => ({ op: OPS[single?.[1] ?? '='] ?? '=', version: this.version(single?.[2] ?? '') })));
    }
    const parts = groups.map((group) => this.group(group));
    return { intervals: parts.flatMap((part) => part.intervals), versions: parts.flatMap((part) => part.versions) };
  }

  group(text: string): { intervals: Interval[]; versions: string[] } {
    if (!text) throw new Unreadable('a part is empty');
    // The worded forms first: `prior to 2.3` would otherwise read as the range `prior` to `2.3`.
    const below = BELOW.exec(text);
    if (below) return { intervals: [{ to: { version: this.version(below[1] ?? ''), inclusive: false } }], versions: [] };
    const andAbove = AND_ABOVE.exec(text);
    if (andAbove) return { intervals: [{ from: { version: this.version(andAbove[1] ?? ''), inclusive: true } }], versions: [] };
    const andBelow = AND_BELOW.exec(text);
    if (andBelow) return { intervals: [{ to: { version: this.version(andBelow[1] ?? ''), inclusive: true } }], versions: [] };
    const between = BETWEEN.exec(text);
    if (between) {
      const from = this.version(between[1] ?? '');
      const to = this.version(between[2] ?? '');
      if (this.compare(from, to) > 0) throw new Unreadable(`${from} comes after ${to}`);
      return { intervals: [{ from: { version: from, inclusive: true }, to: { version: to, inclusive: true } }], versions: [] };
    }
    if (/^(<|>|=|!=|≤|≥)/.test(text)) return this.conjunction(text);
    if (new RegExp(`^${VERSION}$`).test(text)) return { intervals: [], versions: [this.version(text)] };
    throw new Unreadable('it is not a version, a comparison or a range this reader knows');
  }

  /** Constraints that must all hold (`>= 2.0, < 2.5`, `>=2.0 <2.5`, `>=1 && <2`). */
  conjunction(text: string): { intervals: Interval[]; versions: string[] } {
    const constraints: Constraint[] = [];
    let rest = text;
    while (rest) {
      const m = CONSTRAINT.exec(rest);
      if (!m) throw new Unreadable(`"${rest}" is not a comparison such as "<2.0"`);
      constraints.push({ op: OPS[m[1] ?? ''] ?? '=', version: this.version(m[2] ?? '') });
      rest = rest.slice(m[0].length).replace(/^(?: ?(?:,|&&) ?| and | )/i, '');
    }
    const lower = constraints.filter((c) => isLower(c.op));
    const upper = constraints.filter((c) => isUpper(c.op));
    const equal = constraints.filter((c) => c.op === '=');
    const excluded = constraints.filter((c) => c.op === '!=').map((c) => c.version);
    if (lower.length > 1 || upper.length > 1) throw new Unreadable('more than one lower or upper bound');
    if (equal.length && (equal.length > 1 || lower.length || upper.length)) throw new Unreadable('an exact version with other bounds');
    const exact = equal[0];
    if (exact) return { intervals: [], versions: excluded.some((v) => this.compare(v, exact.version) === 0) ? [] : [exact.version] };
    const from = lower[0];
    const to = upper[0];
    if (from && to && this.compare(from.version, to.version) > 0) throw new Unreadable(`${from.version} comes after ${to.version}`);
    const interval: Interval = {};
    if (from) interval.from = { version: from.version, inclusive: from.op === '>=' };
    if (to) interval.to = { version: to.version, inclusive: to.op === '<=' };
    return { intervals: excluded.reduce((intervals, version) => this.exclude(intervals, version), [interval]), versions: [] };
  }

  /** Constraints read the vers way: sorted by version, `=` listed, bounds paired, `!=` cut out. */
  constraints(list: Constraint[]): { intervals: Interval[]; versions: string[] } {
    const sorted = [...list].sort((a, b) => this.compare(a.version, b.version));
    sorted.forEach((c, i) => {
      const next = sorted[i + 1];
      if (next && this.compare(c.version, next.version) === 0) throw new Unreadable(`${next.version} appears twice`);
    });
    const versions = sorted.filter((c) => c.op === '=').map((c) => c.version);
    const excluded = sorted.filter((c) => c.op === '!=').map((c) => c.version);
    const bounds = sorted.filter((c) => c.op !== '=' && c.op !== '!=');
    const intervals: Interval[] = [];
    let i = 0;
    const first = bounds[0];
    if (first && isUpper(first.op)) {
      intervals.push({ to: { version: first.version, inclusive: first.op === '<=' } });
      i = 1;
    }
    for (; i < bounds.length; i += 2) {
      const from = bounds[i];
      const to = bounds[i + 1];
      if (!from || !isLower(from.op) || (to && !isUpper(to.op))) throw new Unreadable('the bounds do not alternate lower, upper');
      const interval: Interval = { from: { version: from.version, inclusive: from.op === '>=' } };
      if (to) interval.to = { version: to.version, inclusive: to.op === '<=' };
      intervals.push(interval);
    }
    // Only `!=`: every version but these.
    const base = !bounds.length && !versions.length && excluded.length ? [{}] : intervals;
    return { intervals: excluded.reduce((kept, version) => this.exclude(kept, version), base), versions };
  }

  /** The intervals without one version: the interval holding it split in two (or its bound made exclusive). */
  exclude(intervals: Interval[], version: string): Interval[] {
    return intervals.flatMap((interval): Interval[] => {
      const lo = interval.from ? this.compare(version, interval.from.version) : 1;
      const hi = interval.to ? this.compare(version, interval.to.version) : -1;
      const outside = lo < 0 || hi > 0 || (lo === 0 && !interval.from?.inclusive) || (hi === 0 && !interval.to?.inclusive);
      if (outside) return [interval];
      if (lo === 0 && hi === 0) return [];
      const cut = { version, inclusive: false };
      if (lo === 0) return [{ ...interval, from: cut }];
      if (hi === 0) return [{ ...interval, to: cut }];
      return [
        { ...interval, to: cut },
        { ...interval, from: cut },
      ];
    });
  }
}

// vers schemes that are not PURL types (a PURL type is read by orderingOfPurlType).
const VERS_SCHEMES: Record<string, Ordering> = { alpine: 'alpine', semver: 'semver', intdot: 'generic', generic: 'generic' };

/** A vers URI's ordering (its scheme's; `vers:all` and `vers:none` keep the caller's) and its constraints text. */
function versParts(text: string, ordering: Ordering): { ordering: Ordering; scheme: string; body: string } {
  const m = /^vers:([^/]*)\/(.*)$/i.exec(text.replace(/[ \t]/g, ''));
  if (!m) throw new Unreadable('a vers URI is `vers:<scheme>/<constraints>`');
  const scheme = (m[1] ?? '').toLowerCase();
  const body = m[2] ?? '';
  if (scheme === 'all' || scheme === 'none') return { ordering, scheme, body };
  const known = VERS_SCHEMES[scheme] ?? orderingOfPurlType(scheme);
  if (typeof known !== 'string' && !('ordering' in known)) throw new Unreadable(`the vers scheme "${scheme}" has no supported version order`);
  return { ordering: typeof known === 'string' ? known : known.ordering, scheme, body };
}

function readVers(scheme: string, body: string, ordering: Ordering): Omit<VersionRange, 'text'> {
  if (scheme === 'all' || scheme === 'none') {
    if (body !== '*') throw new Unreadable(`vers:${scheme} takes only "*"`);
    return scheme === 'all' ? { ordering, all: true, intervals: [], versions: [] } : { ordering, intervals: [], versions: [] };
  }
  if (body === '*') return { ordering, all: true, intervals: [], versions: [] };
  const parts = body.split('|').filter((part) => part !== '');
  if (!parts.length) throw new Unreadable('no constraints');
  const read = new Reader(ordering);
  const list = parts.map((part): Constraint => {
    const op = /^(<=|>=|!=|<|>|=)/.exec(part)?.[1] ?? '=';
    const raw = part.startsWith(op) ? part.slice(op.length) : part;
    if (!raw || raw.includes('*')) throw new Unreadable(`"${part}" has no version ("*" stands alone)`);
    let version: string;
    try {
      version = raw.includes('%') ? decodeURIComponent(raw) : raw;
    } catch {
      throw new Unreadable(`"${raw}" is not percent-encoded correctly`);
    }
    return { op: op as Op, version: read.version(version) };
  });
  return { ordering, ...read.constraints(list) };
}
