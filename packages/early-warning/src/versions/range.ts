// Whether a version is in a range, and OSV's events read into intervals. A verdict the ordering cannot give (an
// unsupported range, a version or bound that is no version in the ordering) is `unknown` with the reason, so the
// candidate is listed for review rather than silently dropped.
import type { Bound, Interval, Ordering, VersionRange } from '../products/affected.ts';
import { compareVersions, validVersion } from './compare.ts';

export interface RangeVerdict {
  verdict: 'in' | 'out' | 'unknown';
  reason?: string;
}

/**
 * Whether `version` is in `range`: `unknown` for an unsupported range or a version the ordering cannot read, `in`
 * for every version of an `all` range or one equal to a listed version (the same text, or equal in the ordering),
 * else by the intervals. A listed version that is no version in the ordering matches by its text only (OSV lists
 * old releases that predate the ecosystem's current syntax); an interval bound that is none makes the verdict
 * `unknown` unless another interval holds the version.
 */
export function versionIn(range: VersionRange, version: string): RangeVerdict {
  if (range.unsupported) return { verdict: 'unknown', reason: range.unsupported };
  if (range.all) return { verdict: 'in' };
  const wanted = version.trim();
  if (range.versions.some((listed) => listed.trim() === wanted)) return { verdict: 'in' };
  if (!validVersion(range.ordering, wanted)) return { verdict: 'unknown', reason: `"${version}" is not a ${range.ordering} version` };
  if (range.versions.some((listed) => compareVersions(range.ordering, listed, wanted) === 0)) return { verdict: 'in' };
  let unreadable: string | undefined;
  for (const interval of range.intervals) {
    const inside = within(range.ordering, interval, wanted);
    if (inside === true) return { verdict: 'in' };
    if (inside === undefined) unreadable ??= describeInterval(interval);
  }
  if (unreadable) return { verdict: 'unknown', reason: `"${version}" cannot be compared with ${unreadable} in ${range.ordering} order` };
  return { verdict: 'out' };
}

/** Whether the version is inside the interval; undefined when a bound cannot be compared with it. */
function within(ordering: Ordering, interval: Interval, version: string): boolean | undefined {
  const above = interval.from ? beyond(ordering, version, interval.from, 1) : true;
  const below = interval.to ? beyond(ordering, version, interval.to, -1) : true;
  if (above === false || below === false) return false;
  return above === undefined || below === undefined ? undefined : true;
}

/** Whether the version is on the inner side of the bound (`side` 1: above a lower bound, -1: below an upper one). */
function beyond(ordering: Ordering, version: string, bound: Bound, side: 1 | -1): boolean | undefined {
  const order = compareVersions(ordering, version, bound.version);
  if (order === undefined) return undefined;
  return order === 0 ? bound.inclusive : order * side > 0;
}

/** An interval as text, for a reason (`[1.0, 2.0)`). */
export function describeInterval(interval: Interval): string {
  const from = interval.from ? `${interval.from.inclusive ? '[' : '('}${interval.from.version}` : '(first';
  const to = interval.to ? `${interval.to.version}${interval.to.inclusive ? ']' : ')'}` : 'last)';
  return `${from}, ${to}`;
}

/** One OSV range event (`affected[].ranges[].events[]`): exactly one of these, a version string. */
export interface OsvEvent {
  introduced?: unknown;
  fixed?: unknown;
  last_affected?: unknown;
  limit?: unknown;
}

const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;
type EventKind = (typeof EVENT_KINDS)[number];

/**
 * An ECOSYSTEM or SEMVER range's events as intervals, by the OSV schema's evaluation: the events sorted by
 * version in the range's ordering (`introduced: "0"` first: it stands before every version), a version affected
 * when the last event it has reached is an `introduced` (reached: at or above it) rather than a `fixed` (at or
 * above) or a `last_affected` (above). So each `introduced` that opens starts an interval ([introduced, …), later
 * `introduced` before an end add nothing), the next `fixed` ends it exclusively and a `last_affected`
 * inclusively, and one left open runs to the last version. `limit` events are not read: the schema keeps them for
 * GIT ranges (its BeforeLimits would cap the range below the highest limit; osv-scanner ignores them for these
 * types too), so a linear range with one is read wider, never narrower.
 *
 * `unsupported` says why the events could not be read as given: an event without exactly one version string, or
 * a version that is not one in the ordering, in which case the events stay in the order given (the order the
 * schema recommends for records), and the intervals built from them are kept to show.
 */
export function readOsvRange(events: readonly OsvEvent[], ordering: Ordering): { intervals: Interval[]; unsupported?: string } {
  const read: { kind: EventKind; version: string }[] = [];
  const problems: string[] = [];
  for (const event of events) {
    const kinds = EVENT_KINDS.filter((kind) => event[kind] !== undefined);
    const kind = kinds[0];
    const version = kind ? event[kind] : undefined;
    if (kinds.length !== 1 || kind === undefined || typeof version !== 'string') {
      problems.push(`an event is not one version string (${JSON.stringify(event)})`);
      continue;
    }
    if (kind !== 'limit') read.push({ kind, version: version.trim() });
  }
  const start = (event: { kind: EventKind; version: string }) => event.kind === 'introduced' && event.version === '0';
  const invalid = read.find((event) => !start(event) && !validVersion(ordering, event.version));
  if (invalid) problems.push(`the events cannot be put in ${ordering} order: "${invalid.version}" is not a ${ordering} version, so they are read as given`);
  // Array.prototype.sort is stable: events at the same version keep the record's order.
  const sorted = invalid
    ? read
    : [...read].sort((a, b) => (start(a) ? (start(b) ? 0 : -1) : start(b) ? 1 : (compareVersions(ordering, a.version, b.version) ?? 0)));

  const intervals: Interval[] = [];
  let open: Interval | undefined;
  for (const event of sorted) {
    if (event.kind === 'introduced') {
      open ??= start(event) ? {} : { from: { version: event.version, inclusive: true } };
    } else if (open) {
      intervals.push({ ...open, to: { version: event.version, inclusive: event.kind === 'last_affected' } });
      open = undefined;
    }
  }
  if (open) intervals.push(open);
  return problems.length ? { intervals, unsupported: problems.join('; ') } : { intervals };
}

/** The intervals of `readOsvRange`, for a caller that takes its reason elsewhere (an unreadable bound is `unknown` in `versionIn`). */
export function osvRangeToIntervals(events: readonly OsvEvent[], ordering: Ordering): Interval[] {
  return readOsvRange(events, ordering).intervals;
}
