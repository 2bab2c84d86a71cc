// OSV's incremental export (https://google.github.io/osv.dev/data/#downloading-recent-changes): each ecosystem
// directory of the osv-vulnerabilities bucket holds `modified_id.csv`, lines `<ISO modified time>,<id>` newest
// first, and the records themselves at `<ecosystem>/<id>.json`. We read the list and fetch single records —
// never an ecosystem's all.zip. A pull takes at most `limit` ids, oldest first, and its cursor (time and id of the
// last one taken) lets the next pull continue exactly there, even inside a run of ids sharing one timestamp.
import { parse } from 'csv-parse/sync';

export { OSV_BUCKET_URL } from '../feed-rules.ts';
import { OSV_BUCKET_URL } from '../feed-rules.ts';

export interface OsvModified {
  /** The timestamp as the file gives it. */
  modified: string;
  id: string;
}

/** The last id handed on: the next pull starts after it. An empty `id` means "everything at `modified` and later". */
export interface OsvCursor {
  modified: string;
  id: string;
}

export interface OsvChanges {
  /** The ids to fetch, oldest first (ties by id). */
  ids: OsvModified[];
  /** Unchanged when nothing was taken. */
  cursor: OsvCursor | null;
  /** Whether more ids after the cursor were left for the next pull. */
  more: boolean;
}

/** The URL of an ecosystem's `modified_id.csv` (its name URL-encoded: `Red Hat`, `Debian:11`). */
export function osvModifiedCsvUrl(ecosystem: string, base = OSV_BUCKET_URL): string {
  return `${base}/${encodeURIComponent(ecosystem)}/modified_id.csv`;
}

/** The URL of one record, `<ecosystem>/<id>.json`, both parts URL-encoded (Red Hat ids carry a colon: `RHSA-2024:4546`). */
export function osvRecordUrl(ecosystem: string, id: string, base = OSV_BUCKET_URL): string {
  return `${base}/${encodeURIComponent(ecosystem)}/${encodeURIComponent(id)}.json`;
}

/**
 * The export directory that holds an ecosystem: OSV no longer exports the `:`-suffixed variants (`Debian:11`,
 * `Alpine:v3.17`); all their records are under the bare name.
 */
export function osvExportEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

/** Parses `modified_id.csv`; a line that is not `<timestamp>,<id>` throws, naming the line. */
export function parseOsvModifiedCsv(text: string): OsvModified[] {
  // csv-parse's types do not follow `info: true`, which wraps each record with the line it starts on.
  const records: { record: string[]; info: { lines: number } }[] = parse(text, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return records.map(({ record, info }) => {
    const [modified = '', id = ''] = record;
    if (record.length !== 2 || !id || instantKey(modified) === null)
      throw new Error(`modified_id.csv line ${info.lines}: expected "<timestamp>,<id>", got ${JSON.stringify(record.join(','))}`);
    return { modified, id };
  });
}

/** The ids modified after `cursor` (all of them without one), oldest first, at most `limit`, and the cursor to keep. */
export function osvChangesSince(csvText: string, cursor: OsvCursor | null, limit: number): OsvChanges {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be a positive integer, got ${limit}`);
  const after = cursor ? { key: requireKey(cursor.modified), id: cursor.id } : null;
  // One line per id is what OSV writes; should an id appear twice, its latest time is the one that counts.
  const latest = new Map<string, { entry: OsvModified; key: bigint }>();
  for (const entry of parseOsvModifiedCsv(csvText)) {
    const key = requireKey(entry.modified);
    const known = latest.get(entry.id);
    if (!known || key > known.key) latest.set(entry.id, { entry, key });
  }
  const pending = [...latest.values()]
    .filter(({ entry, key }) => !after || key > after.key || (key === after.key && entry.id > after.id))
    .sort((a, b) => (a.key === b.key ? (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0) : a.key < b.key ? -1 : 1));
  const ids = pending.slice(0, limit).map(({ entry }) => entry);
  const last = ids.at(-1);
  return { ids, cursor: last ? { modified: last.modified, id: last.id } : cursor, more: pending.length > ids.length };
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A timestamp as nanoseconds since the epoch. OSV writes RFC 3339 with up to nine fractional digits, so neither
 * comparing the strings (`…:00Z` sorts after `…:00.5Z`) nor Date.parse (milliseconds only) orders them exactly.
 */
function instantKey(timestamp: string): bigint | null {
  const match = TIMESTAMP.exec(timestamp);
  if (!match) return null;
  const [, seconds = '', fraction = '', zone = 'Z'] = match;
  const epochMs = Date.parse(`${seconds}${zone.toUpperCase()}`);
  if (Number.isNaN(epochMs)) return null;
  return BigInt(epochMs) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
}

function requireKey(timestamp: string): bigint {
  const key = instantKey(timestamp);
  if (key === null) throw new Error(`not an RFC 3339 timestamp: ${JSON.stringify(timestamp)}`);
  return key;
}
