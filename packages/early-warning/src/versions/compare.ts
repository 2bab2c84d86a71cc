// Version ordering per ecosystem, to decide whether an installed version falls in an advisory's range. Each
// ordering says which strings are versions at all: a comparison with a string that is not one is `undefined`,
// never a guess, so the caller can list the candidate for review instead of dropping it.
import { compare as pep440Compare, valid as pep440Valid } from '@renovatebot/pep440';
import dpkgCompare from 'deb-version-compare';
import mvncmp from 'mvncmp';
import semver from 'semver';
import type { Ordering } from '../products/affected.ts';

const mavenCompare = mvncmp.compare;

/** Negative, 0 or positive as `a` sorts before, with or after `b`; `undefined` when either is not a version in this ordering. */
export function compareVersions(ordering: Ordering, a: string, b: string): number | undefined {
  const left = a.trim();
  const right = b.trim();
  if (!validVersion(ordering, left) || !validVersion(ordering, right)) return undefined;
  const order = ORDERS[ordering](left, right);
  return order === undefined ? undefined : Math.sign(order);
}

/** Whether `v` is a version in this ordering. */
export function validVersion(ordering: Ordering, v: string): boolean {
  const version = v.trim();
  return version !== '' && VALID[ordering](version);
}

type Order = (a: string, b: string) => number | undefined;

const semverValid = (v: string) => semver.valid(v) !== null;
// Go module versions are semver with a `v` (pseudo-versions are semver pre-releases): either spelling is taken.
const goVersion = (v: string) => (/^v\d/.test(v) ? v.slice(1) : v);

const VALID: Record<Ordering, (v: string) => boolean> = {
  semver: semverValid,
  npm: semverValid,
  cargo: semverValid,
  go: (v) => /^v?\d/.test(v) && semverValid(goVersion(v)),
  pypi: (v) => pep440Valid(v) !== null,
  // ComparableVersion reads any string (unknown words are qualifiers after the release).
  maven: () => true,
  debian: (v) => parseDebian(v) !== undefined,
  rubygems: (v) => GEM_VERSION.test(v),
  alpine: (v) => apkTokens(v) !== undefined,
  nuget: (v) => parseNuget(v) !== undefined,
  generic: (v) => parseGeneric(v) !== undefined,
};

const ORDERS: Record<Ordering, Order> = {
  semver: (a, b) => semver.compare(a, b),
  npm: (a, b) => semver.compare(a, b),
  cargo: (a, b) => semver.compare(a, b),
  go: (a, b) => semver.compare(goVersion(a), goVersion(b)),
  pypi: (a, b) => pep440Compare(a, b),
  maven: (a, b) => mavenCompare(a, b),
  debian: compareDebian,
  rubygems: compareGem,
  alpine: compareApk,
  nuget: compareNuget,
  generic: compareGeneric,
};

/** Two strings of digits as numbers (of any length). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
}

// --- Debian (dpkg) ---------------------------------------------------------------------------------------------
// [epoch:]upstream[-revision]: the epoch digits, the upstream starting with a digit and made of alphanumerics and
// `. + ~ -` (a hyphen only when a revision follows), the revision (after the last hyphen) of alphanumerics and
// `. + ~`. deb-version-compare orders them, but reads three cases unlike dpkg: a missing revision equals any
// revision (`1.0` = `1.0-1`), a digit run with leading zeros differs (`1.0` < `1.00`), and a part starting with a
// letter or ending with one is misaligned (`1.0-ubuntu1` < `1.0-1`). Each part is therefore handed over in a form
// dpkg orders the same way: revision `0` when absent (dpkg's own rule), leading zeros dropped, a `0` after a
// trailing non-digit (a missing digit run is 0) and a `.` in front of both (a common prefix changes nothing).
function parseDebian(v: string): { epoch: string; upstream: string; revision: string } | undefined {
  const m = /^(?:(\d+):)?(.*)$/.exec(v);
  const rest = m?.[2] ?? '';
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen === -1 ? rest : rest.slice(0, hyphen);
  const revision = hyphen === -1 ? '0' : rest.slice(hyphen + 1);
  if (!/^[0-9][A-Za-z0-9.+~-]*$/.test(upstream) || !/^[A-Za-z0-9.+~]+$/.test(revision)) return undefined;
  return { epoch: m?.[1] ?? '0', upstream, revision };
}

function dpkgPart(part: string): string {
  const stripped = part.replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, ''));
  return `.${stripped}${/\d$/.test(stripped) ? '' : '0'}`;
}

function compareDebian(a: string, b: string): number | undefined {
  const x = parseDebian(a);
  const y = parseDebian(b);
  if (!x || !y) return undefined;
  const epochs = compareDigits(x.epoch, y.epoch);
  if (epochs !== 0) return epochs;
  return dpkgCompare(`0:${dpkgPart(x.upstream)}-${dpkgPart(x.revision)}`, `0:${dpkgPart(y.upstream)}-${dpkgPart(y.revision)}`);
}

// --- RubyGems (Gem::Version) -----------------------------------------------------------------------------------
// As rubygems/version.rb: a version is digits, then `.`-separated alphanumeric parts, optionally `-` and a
// pre-release (read as `.pre.`). Segments are the digit runs and letter runs (`1.0.b1` → 1, 0, "b", 1); a version
// with any letter is a pre-release. Trailing zero segments are dropped from the release part and from the
// pre-release part, then segments compare pairwise (a missing one is 0): numbers numerically, strings bytewise,
// a string before a number. So `1.0.a` < `1.0` = `1.0.0` < `1.0.1`, and `1.10` > `1.9`.
const GEM_VERSION = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function gemSegments(v: string): (number | string)[] {
  const segments = (v.replace(/-/g, '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^\d/.test(s) ? Number(s) : s));
  const firstString = segments.findIndex((s) => typeof s === 'string');
  const release = firstString === -1 ? segments : segments.slice(0, firstString);
  const prerelease = firstString === -1 ? [] : segments.slice(firstString);
  const trim = (list: (number | string)[]) => {
    let end = list.length;
    while (end > 0 && list[end - 1] === 0) end--;
    return list.slice(0, end);
  };
  return [...trim(release), ...trim(prerelease)];
}

function compareGem(a: string, b: string): number {
  const x = gemSegments(a);
  const y = gemSegments(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const l = x[i] ?? 0;
    const r = y[i] ?? 0;
    if (l === r) continue;
    if (typeof l === 'string' && typeof r === 'number') return -1;
    if (typeof l === 'number' && typeof r === 'string') return 1;
    return l < r ? -1 : 1;
  }
  return 0;
}

// --- Alpine (apk-tools version.c) ------------------------------------------------------------------------------
// `digits{.digits}...{letter}{_suffix{digits}}...{-r digits}`, read as apk-tools 2 does: a token stream of
// numbers (a part after `.` with leading zeros reads as minus their count, then the rest: `1.05` < `1.5`), one
// lower-case letter after the digits, suffixes `_alpha` < `_beta` < `_pre` < `_rc` (before the release) and
// `_cvs` < `_svn` < `_git` < `_hg` < `_p` (after it), each with an optional number, and the package revision `-rN`.
// Tokens compare pairwise by value; when one version goes on and the other stops (or goes on with another kind of
// token), the one going on is later, unless it goes on with a pre-release suffix, and a kind earlier in
// digit < letter < suffix < revision is later (`1.2.3_p1` > `1.2.3-r9`: upstream parts outrank the revision).
// Faithfully odd: a suffix right after a zero part goes on past the release (`1.0_rc1` > `1.0`, where
// `1.1_rc1` < `1.1`), as apk-tools 2 and go-apk-version (Trivy) have it. A version starts with a digit here
// (apk-tools 2 itself lets a lone letter through); `~hash` suffixes of apk-tools 3 are not read.
// Token kinds, in apk-tools' order (the order matters: see above).
const Tok = { Invalid: -1, DigitOrZero: 0, Digit: 1, Letter: 2, Suffix: 3, SuffixNo: 4, RevisionNo: 5, End: 6 } as const;
type Tok = (typeof Tok)[keyof typeof Tok];

const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'];
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'];

interface ApkCursor {
  s: string;
  i: number;
  type: Tok;
}

const isDigitAt = (c: ApkCursor, at: number) => at < c.s.length && c.s.charCodeAt(at) >= 48 && c.s.charCodeAt(at) <= 57;

function apkNextToken(c: ApkCursor): void {
  let n: Tok = Tok.Invalid;
  const ch = c.s[c.i];
  if (ch === undefined) n = Tok.End;
  else if ((c.type === Tok.Digit || c.type === Tok.DigitOrZero) && /[a-z]/.test(ch)) n = Tok.Letter;
  else if (c.type === Tok.Letter && isDigitAt(c, c.i)) n = Tok.Digit;
  else if (c.type === Tok.Suffix && isDigitAt(c, c.i)) n = Tok.SuffixNo;
  else {
    if (ch === '.') n = Tok.DigitOrZero;
    else if (ch === '_') n = Tok.Suffix;
    else if (ch === '-' && c.s[c.i + 1] === 'r') {
      n = Tok.RevisionNo;
      c.i++;
    }
    c.i++;
  }
  if (n < c.type) {
    const allowed =
      (n === Tok.DigitOrZero && c.type === Tok.Digit) || (n === Tok.Suffix && c.type === Tok.SuffixNo) || (n === Tok.Digit && c.type === Tok.Letter);
    if (!allowed) n = Tok.Invalid;
  }
  c.type = n;
}

function apkGetToken(c: ApkCursor): number {
  if (c.i >= c.s.length) {
    c.type = Tok.End;
    return 0;
  }
  const read = apkTokenValue(c.type, c.s.slice(c.i));
  if (!read) {
    c.type = Tok.Invalid;
    return -1;
  }
  c.i += read.length;
  if (c.i >= c.s.length) c.type = Tok.End;
  else if (read.next !== undefined) c.type = read.next;
  else apkNextToken(c);
  return read.value;
}

/** The value of the token of this kind at the start of `rest`, its length, and the kind after it if fixed. */
function apkTokenValue(type: Tok, rest: string): { value: number; length: number; next?: Tok } | undefined {
  if (type === Tok.DigitOrZero && rest[0] === '0') {
    // Leading zeros after a dot: minus their count, and the digits after them a token of their own.
    const zeros = /^0+/.exec(rest)?.[0].length ?? 0;
    return { value: -zeros, length: zeros, next: Tok.Digit };
  }
  if (type === Tok.DigitOrZero || type === Tok.Digit || type === Tok.SuffixNo || type === Tok.RevisionNo) {
    const digits = /^\d*/.exec(rest)?.[0] ?? '';
    return { value: digits ? Number(digits) : 0, length: digits.length };
  }
  if (type === Tok.Letter) return { value: rest.charCodeAt(0), length: 1 };
  if (type === Tok.Suffix) {
    const pre = PRE_SUFFIXES.find((s) => rest.startsWith(s));
    if (pre) return { value: PRE_SUFFIXES.indexOf(pre) - PRE_SUFFIXES.length, length: pre.length };
    const post = POST_SUFFIXES.find((s) => rest.startsWith(s));
    if (post) return { value: POST_SUFFIXES.indexOf(post), length: post.length };
  }
  return undefined;
}

/** The version's tokens when apk-tools reads it to the end, else undefined. */
function apkTokens(v: string): { value: number; type: Tok }[] | undefined {
  if (!/^\d/.test(v)) return undefined;
  const c: ApkCursor = { s: v, i: 0, type: Tok.Digit };
  const tokens: { value: number; type: Tok }[] = [];
  while (c.type !== Tok.End && c.type !== Tok.Invalid) {
    const type = c.type;
    tokens.push({ value: apkGetToken(c), type });
  }
  return c.type === Tok.End ? tokens : undefined;
}

function compareApk(a: string, b: string): number | undefined {
  const x: ApkCursor = { s: a, i: 0, type: Tok.Digit };
  const y: ApkCursor = { s: b, i: 0, type: Tok.Digit };
  let av = 0;
  let bv = 0;
  while (x.type === y.type && x.type !== Tok.End && x.type !== Tok.Invalid && av === bv) {
    av = apkGetToken(x);
    bv = apkGetToken(y);
  }
  if (av !== bv) return av < bv ? -1 : 1;
  if (x.type === y.type) return 0;
  // One goes on: later, unless with a pre-release suffix; else the earlier kind of token is the later version.
  if (x.type === Tok.Suffix && apkGetToken({ ...x }) < 0) return -1;
  if (y.type === Tok.Suffix && apkGetToken({ ...y }) < 0) return 1;
  if (x.type > y.type) return -1;
  if (y.type > x.type) return 1;
  return 0;
}

// --- NuGet (SemVer 2 with a fourth number) ---------------------------------------------------------------------
// Major[.Minor[.Patch[.Revision]]][-label{.label}][+metadata], numbers compared numerically with missing ones 0
// (`1.0` = `1.0.0.0`), a pre-release before its release, labels pairwise: numeric ones numerically and before
// alphanumeric ones, which compare case-insensitively; fewer labels first when all shared ones are equal;
// metadata ignored. A leading `v` is taken too (Composer tags, which Packagist ranges are ordered by).
const NUGET = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/i;

function parseNuget(v: string): { numbers: string[]; labels: string[] } | undefined {
  const m = NUGET.exec(v);
  if (!m) return undefined;
  return { numbers: [m[1], m[2], m[3], m[4]].map((n) => n ?? '0'), labels: m[5] ? m[5].split('.') : [] };
}

function compareNuget(a: string, b: string): number | undefined {
  const x = parseNuget(a);
  const y = parseNuget(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < 4; i++) {
    const order = compareDigits(x.numbers[i] ?? '0', y.numbers[i] ?? '0');
    if (order !== 0) return order;
  }
  if (!x.labels.length || !y.labels.length) return y.labels.length - x.labels.length;
  for (let i = 0; i < Math.min(x.labels.length, y.labels.length); i++) {
    const l = x.labels[i] ?? '';
    const r = y.labels[i] ?? '';
    const lNumeric = /^\d+$/.test(l);
    const rNumeric = /^\d+$/.test(r);
    const order =
      lNumeric && rNumeric
        ? compareDigits(l, r)
        : lNumeric
          ? -1
          : rNumeric
            ? 1
            : l.toLowerCase() < r.toLowerCase()
              ? -1
              : l.toLowerCase() > r.toLowerCase()
                ? 1
                : 0;
    if (order !== 0) return order;
  }
  return x.labels.length - y.labels.length;
}

// --- generic (vendor firmware and appliance versions) ----------------------------------------------------------
// [prefix]segment{sep segment}[sep]: an optional run of letters directly before the first digit (`V6.6.1`,
// `R3.09.50`), segments of letters and digits separated by `.`, `-` or `_`, one trailing separator ignored
// (`v1.10.00.005.`). Each segment is its runs of digits and letters (`1a` → 1, "a"). Versions compare segment by
// segment after dropping trailing zero segments (`12.0` = `12.0.0`), missing segments empty; within a segment run
// by run: numbers numerically (`3.09` = `3.9`), letters case-insensitively, nothing < letters < a number (so
// `6.6.1` < `6.6.1a` < `6.6.2`, `1.0` < `1.0.a` < `1.0.1`). The prefix is ignored when one side lacks it or both
// have the same one; two different prefixes (`R3.1` against `V3.1`) are not comparable. At least one digit.
type Run = number | string;

function parseGeneric(v: string): { prefix: string; segments: Run[][] } | undefined {
  const m = /^([A-Za-z]*)(\d[A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)*)[._-]?$/.exec(v);
  if (!m) return undefined;
  const segments = (m[2] ?? '')
    .split(/[._-]/)
    .map((segment) => (segment.match(/\d+|[A-Za-z]+/g) ?? []).map((run) => (/^\d/.test(run) ? Number(run) : run.toLowerCase())));
  while (segments.length > 1 && isZeroSegment(segments[segments.length - 1])) segments.pop();
  return { prefix: (m[1] ?? '').toLowerCase(), segments };
}

const isZeroSegment = (segment: Run[] | undefined) => segment !== undefined && segment.length === 1 && segment[0] === 0;

function compareRuns(l: Run | undefined, r: Run | undefined): number {
  if (l === r) return 0;
  if (l === undefined) return -1;
  if (r === undefined) return 1;
  if (typeof l === 'number' && typeof r === 'number') return l - r;
  if (typeof l === 'string' && typeof r === 'string') return l < r ? -1 : 1;
  return typeof l === 'number' ? 1 : -1;
}

function compareGeneric(a: string, b: string): number | undefined {
  const x = parseGeneric(a);
  const y = parseGeneric(b);
  if (!x || !y) return undefined;
  if (x.prefix && y.prefix && x.prefix !== y.prefix) return undefined;
  for (let i = 0; i < Math.max(x.segments.length, y.segments.length); i++) {
    const l = x.segments[i] ?? [];
    const r = y.segments[i] ?? [];
    for (let j = 0; j < Math.max(l.length, r.length); j++) {
      const order = compareRuns(l[j], r[j]);
      if (order !== 0) return order;
    }
  }
  return 0;
}
