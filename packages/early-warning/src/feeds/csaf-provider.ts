// A CSAF 2.0 provider (CSAF 2.0 §7): its provider-metadata.json (requirement 7, checked against the required
// fields of provider_json_schema.json), the ROLIE feeds it lists (requirement 15, with the hash and signature
// links of requirements 18 and 19) or its directory distribution (`changes.csv` and `index.txt`, requirements
// 12 and 13), and the cursor that makes a pull hand on each document version once. Pure: the fetcher downloads,
// this reads.
//
// What a pull may fetch:
// - Only TLP:WHITE feeds (TLP:CLEAR in TLP 2.0 words) are pulled without credentials. GREEN, AMBER, RED and
//   unlabeled ROLIE feeds are listed with their label and not pulled. A 2.0 directory distribution carries no
//   label: it is the public path (requirement 5 puts AMBER and RED behind access control on another path), so
//   it is pulled and each document's own `distribution.tlp.label` decides on acceptance (`isPublicTlp`).
// - Where a provider offers ROLIE and a directory, ROLIE is used (§7.3.2: "the ROLIE information SHOULD be
//   preferred").
// - Hosts: a document (and its hash and signature files) must be on the host of the feed that lists it or on
//   the host of the provider's canonical provider-metadata.json, over https. Feeds themselves may be on another
//   host than the metadata (Red Hat serves its directory from security.access.redhat.com, its metadata from
//   access.redhat.com): the provider names them in its own metadata. An entry pointing anywhere else is refused
//   and reported, so a tampered or careless feed cannot send the job to arbitrary hosts.
import { parse } from 'csv-parse/sync';
import * as z from 'zod';

/** `tlp_label` of a ROLIE feed in provider-metadata.json (CSAF 2.0). */
export const CSAF_FEED_TLP_LABELS = ['UNLABELED', 'WHITE', 'GREEN', 'AMBER', 'RED'] as const;
export type CsafFeedTlp = (typeof CSAF_FEED_TLP_LABELS)[number];

/** Whether a TLP label may be pulled without credentials and shown to every tenant: WHITE, or CLEAR (TLP 2.0). */
export function isPublicTlp(label: string | undefined): boolean {
  return label === 'WHITE' || label === 'CLEAR';
}

const datetime = z.iso.datetime({ offset: true });
const jsonUrl = z.url().regex(/\.json$/, 'a URL of a JSON file');

const publisherSchema = z.object({
  category: z.enum(['coordinator', 'discoverer', 'other', 'translator', 'user', 'vendor']),
  name: z.string().min(1),
  namespace: z.url(),
  contact_details: z.string().min(1).optional(),
  issuing_authority: z.string().min(1).optional(),
});

export const providerMetadataSchema = z.object({
  canonical_url: z.url().regex(/\/provider-metadata\.json$/, 'the URL of a provider-metadata.json'),
  distributions: z
    .array(
      z
        .object({
          directory_url: z.url().optional(),
          rolie: z
            .object({
              categories: z.array(jsonUrl).min(1).optional(),
              feeds: z.array(z.object({ summary: z.string().optional(), tlp_label: z.enum(CSAF_FEED_TLP_LABELS), url: jsonUrl })).min(1),
              services: z.array(jsonUrl).min(1).optional(),
            })
            .optional(),
        })
        .refine(
          (distribution) => distribution.directory_url !== undefined || distribution.rolie !== undefined,
          'a distribution names a directory or ROLIE feeds',
        ),
    )
    .min(1)
    .optional(),
  last_updated: datetime,
  list_on_CSAF_aggregators: z.boolean(),
  metadata_version: z.literal('2.0'),
  mirror_on_CSAF_aggregators: z.boolean(),
  public_openpgp_keys: z
    .array(
      z.object({
        fingerprint: z
          .string()
          .regex(/^[0-9a-fA-F]{40,}$/)
          .optional(),
        url: z.url(),
      }),
    )
    .optional(),
  publisher: publisherSchema,
  role: z.enum(['csaf_publisher', 'csaf_provider', 'csaf_trusted_provider']),
});
export type ProviderMetadata = z.infer<typeof providerMetadataSchema>;

export interface CsafFeed {
  kind: 'rolie' | 'directory';
  /** The ROLIE feed document, or the directory (ending in `/`) that holds changes.csv, index.txt and the year folders. */
  url: string;
  /** The feed's label; a 2.0 directory has none (`UNLABELED`). */
  tlp: CsafFeedTlp;
  summary?: string;
  /** Whether the job pulls it (without credentials). */
  pullable: boolean;
  /** Why not, when it is not pulled. */
  reason?: string;
}

export interface CsafProvider {
  canonicalUrl: string;
  publisher: ProviderMetadata['publisher'];
  role: ProviderMetadata['role'];
  lastUpdated: string;
  listOnAggregators: boolean;
  mirrorOnAggregators: boolean;
  publicOpenpgpKeys: { url: string; fingerprint?: string }[];
  /** Every feed and directory the metadata names, each with its TLP and whether it is pulled. */
  feeds: CsafFeed[];
}

/** Reads provider-metadata.json (JSON text or the parsed value); throws a ZodError when a required field is missing or wrong. */
export function parseProviderMetadata(input: string | unknown): CsafProvider {
  const metadata = providerMetadataSchema.parse(typeof input === 'string' ? JSON.parse(input) : input);
  const feeds: CsafFeed[] = [];
  for (const distribution of metadata.distributions ?? []) {
    for (const feed of distribution.rolie?.feeds ?? []) {
      const reason = !isHttps(feed.url)
        ? 'not served over https (requirement 3)'
        : !isPublicTlp(feed.tlp_label)
          ? `TLP:${feed.tlp_label} is not pulled without credentials`
          : undefined;
      feeds.push({
        kind: 'rolie',
        url: feed.url,
        tlp: feed.tlp_label,
        ...(feed.summary ? { summary: feed.summary } : {}),
        pullable: !reason,
        ...(reason ? { reason } : {}),
      });
    }
    if (distribution.directory_url) {
      const url = directoryUrl(distribution.directory_url);
      const reason = isHttps(url) ? undefined : 'not served over https (requirement 3)';
      feeds.push({ kind: 'directory', url, tlp: 'UNLABELED', pullable: !reason, ...(reason ? { reason } : {}) });
    }
  }
  // ROLIE is preferred where both are offered: the directory is then listed but not pulled.
  if (feeds.some((feed) => feed.kind === 'rolie')) {
    for (const feed of feeds)
      if (feed.kind === 'directory' && feed.pullable)
        Object.assign(feed, { pullable: false, reason: 'the provider also offers ROLIE feeds, which are preferred' });
  }
  return {
    canonicalUrl: metadata.canonical_url,
    publisher: metadata.publisher,
    role: metadata.role,
    lastUpdated: metadata.last_updated,
    listOnAggregators: metadata.list_on_CSAF_aggregators,
    mirrorOnAggregators: metadata.mirror_on_CSAF_aggregators,
    publicOpenpgpKeys: (metadata.public_openpgp_keys ?? []).map((key) => ({ url: key.url, ...(key.fingerprint ? { fingerprint: key.fingerprint } : {}) })),
    feeds,
  };
}

/** The feeds a pull reads. */
export function feedsToPull(provider: CsafProvider): CsafFeed[] {
  return provider.feeds.filter((feed) => feed.pullable);
}

export interface CsafHashLink {
  algorithm: 'sha256' | 'sha512';
  url: string;
}

/** One document version a feed offers. */
export interface CsafDocumentEntry {
  /** The ROLIE entry id, or the path in the directory. */
  id: string;
  title?: string;
  /** The document's absolute URL. */
  url: string;
  /** When this version was released (ROLIE `updated`, changes.csv's timestamp). */
  updated: string;
  hashes: CsafHashLink[];
  signatureUrl?: string;
  /**
   * `listed`: the feed names the hash and signature files (ROLIE). `conventional`: a directory names none, so
   * these are the requirement 18/19 names (`<document>.sha256`, `.sha512`, `.asc`), which may not exist.
   */
  sidecars: 'listed' | 'conventional';
  /** The label of the feed it came from. */
  tlp: CsafFeedTlp;
}

export interface RefusedEntry {
  id: string;
  url?: string;
  reason: string;
}

export interface CsafEntries {
  entries: CsafDocumentEntry[];
  refused: RefusedEntry[];
}

export interface FeedContext {
  /** The feed document's URL (ROLIE) or the directory URL. */
  feedUrl: string;
  /** The provider's canonical provider-metadata.json URL. */
  canonicalUrl: string;
  tlp?: CsafFeedTlp;
}

const linkSchema = z.object({ rel: z.string().min(1), href: z.string().min(1) });
const rolieEntrySchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  link: z.array(linkSchema).min(1),
  published: datetime.optional(),
  updated: datetime,
  summary: z.object({ content: z.string() }).optional(),
  content: z.object({ type: z.string().optional(), src: z.string().min(1) }),
  format: z.object({ schema: z.string(), version: z.string() }).optional(),
});
const rolieFeedSchema = z.object({
  feed: z.object({
    id: z.string().min(1),
    title: z.string(),
    link: z.array(linkSchema).optional(),
    updated: datetime,
    // An empty feed may leave `entry` out (RFC 8322 over Atom); each entry is checked on its own below.
    entry: z.array(z.unknown()).default([]),
  }),
});

/**
 * Reads a ROLIE feed (JSON text or the parsed value). The feed's envelope must be right or this throws; an entry
 * that is malformed, has no document link, or points off the allowed hosts is refused with its reason.
 */
export function parseRolieFeed(input: string | unknown, context: FeedContext): CsafEntries {
  const { feed } = rolieFeedSchema.parse(typeof input === 'string' ? JSON.parse(input) : input);
  const allowed = allowedHosts(context);
  const entries: CsafDocumentEntry[] = [];
  const refused: RefusedEntry[] = [];
  feed.entry.forEach((raw, index) => {
    const parsed = rolieEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : `entry ${index}`;
      refused.push({
        id,
        reason: `malformed entry: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`).join('; ')}`,
      });
      return;
    }
    const entry = parsed.data;
    const self = entry.link.find((link) => link.rel === 'self')?.href ?? entry.content.src;
    const url = resolve(self, context.feedUrl);
    const problem = url ? hostProblem(url, allowed) : 'its document link is not a URL';
    if (!url || problem) return void refused.push({ id: entry.id, ...(url ? { url } : {}), reason: problem ?? 'its document link is not a URL' });
    const hashes: CsafHashLink[] = [];
    let signatureUrl: string | undefined;
    for (const link of entry.link) {
      const href = resolve(link.href, context.feedUrl);
      if (!href || (link.rel !== 'hash' && link.rel !== 'signature')) continue;
      const sidecarProblem = hostProblem(href, allowed);
      if (sidecarProblem) return void refused.push({ id: entry.id, url, reason: `its ${link.rel} link ${sidecarProblem}` });
      if (link.rel === 'hash' && /\.sha256$/i.test(href)) hashes.push({ algorithm: 'sha256', url: href });
      else if (link.rel === 'hash' && /\.sha512$/i.test(href)) hashes.push({ algorithm: 'sha512', url: href });
      else if (link.rel === 'signature' && /\.asc$/i.test(href)) signatureUrl = href;
    }
    entries.push({
      id: entry.id,
      title: entry.title,
      url,
      updated: entry.updated,
      hashes,
      ...(signatureUrl ? { signatureUrl } : {}),
      sidecars: 'listed',
      tlp: context.tlp ?? 'UNLABELED',
    });
  });
  return { entries, refused };
}

/**
 * Reads a directory distribution's changes.csv: rows `path,timestamp` without a heading, newest first (CSAF 2.0
 * quotes both fields, 2.1 neither: the CSV parser takes both). A path listed more than once (each new version
 * of a document adds a row) counts once, with its latest time.
 */
export function parseChangesCsv(text: string, context: FeedContext): CsafEntries {
  const directory = directoryUrl(context.feedUrl);
  const allowed = allowedHosts({ ...context, feedUrl: directory });
  // csv-parse's types do not follow `info: true`, which wraps each record with the line it starts on.
  const rows: { record: string[]; info: { lines: number } }[] = parse(text, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const latest = new Map<string, CsafDocumentEntry>();
  const refused: RefusedEntry[] = [];
  for (const { record, info } of rows) {
    const [path = '', updated = ''] = record;
    if (record.length !== 2 || !path || !datetime.safeParse(updated).success) {
      refused.push({ id: `line ${info.lines}`, reason: `expected "path","timestamp", got ${JSON.stringify(record.join(','))}` });
      continue;
    }
    const located = locateInDirectory(path, directory, allowed);
    if ('reason' in located) {
      refused.push({ id: path, ...(located.url ? { url: located.url } : {}), reason: located.reason });
      continue;
    }
    const known = latest.get(located.url);
    if (known && Date.parse(known.updated) >= Date.parse(updated)) continue;
    latest.set(located.url, {
      id: path,
      url: located.url,
      updated,
      hashes: [
        { algorithm: 'sha256', url: `${located.url}.sha256` },
        { algorithm: 'sha512', url: `${located.url}.sha512` },
      ],
      signatureUrl: `${located.url}.asc`,
      sidecars: 'conventional',
      tlp: context.tlp ?? 'UNLABELED',
    });
  }
  return { entries: [...latest.values()], refused };
}

/** Reads a directory distribution's index.txt: every document path, one a line, resolved against the directory. */
export function parseIndexTxt(text: string, context: FeedContext): { documents: { path: string; url: string }[]; refused: RefusedEntry[] } {
  const directory = directoryUrl(context.feedUrl);
  const allowed = allowedHosts({ ...context, feedUrl: directory });
  const documents: { path: string; url: string }[] = [];
  const refused: RefusedEntry[] = [];
  for (const line of text.replace(/^\ufeff/, '').split(/\r?\n/)) {
    const path = line.trim();
    if (!path) continue;
    const located = locateInDirectory(path, directory, allowed);
    if ('reason' in located) refused.push({ id: path, ...(located.url ? { url: located.url } : {}), reason: located.reason });
    else documents.push({ path, url: located.url });
  }
  return { documents, refused };
}

export interface DocumentsToFetch<T> {
  /** The entries released after the cursor, oldest first (ties by URL). */
  documents: T[];
  /** The latest release time among them; the old cursor when there is nothing new. */
  cursor: string | null;
}

/**
 * The entries updated after `cursor` (an ISO time; all of them without one), oldest first, and the cursor to
 * keep: a second pull over the same feed hands on nothing. Times are compared as instants, whatever their offset.
 */
export function documentsToFetch<T extends { url: string; updated: string }>(entries: T[], cursor: string | null): DocumentsToFetch<T> {
  const after = cursor === null ? -Infinity : Date.parse(cursor);
  if (Number.isNaN(after)) throw new Error(`the cursor is not a time: ${JSON.stringify(cursor)}`);
  const newest = new Map<string, { entry: T; at: number }>();
  for (const entry of entries) {
    const at = Date.parse(entry.updated);
    if (Number.isNaN(at) || at <= after) continue;
    const known = newest.get(entry.url);
    if (!known || at > known.at) newest.set(entry.url, { entry, at });
  }
  const sorted = [...newest.values()].sort((a, b) => a.at - b.at || (a.entry.url < b.entry.url ? -1 : a.entry.url > b.entry.url ? 1 : 0));
  const last = sorted.at(-1);
  return { documents: sorted.map(({ entry }) => entry), cursor: last ? last.entry.updated : cursor };
}

function allowedHosts({ feedUrl, canonicalUrl }: FeedContext): Set<string> {
  const hosts = new Set<string>();
  for (const url of [feedUrl, canonicalUrl]) {
    const parsed = URL.parse(url);
    if (parsed) hosts.add(parsed.host.toLowerCase());
  }
  return hosts;
}

function hostProblem(url: string, allowed: Set<string>): string | undefined {
  const parsed = URL.parse(url);
  if (!parsed) return 'is not a URL';
  if (!isHttps(url)) return 'is not https (requirement 3)';
  if (!allowed.has(parsed.host.toLowerCase())) return `leaves the provider's hosts (${[...allowed].join(', ')})`;
  return undefined;
}

/** A path of changes.csv or index.txt as a URL: on an allowed host and inside the directory (no `../` out of it). */
function locateInDirectory(path: string, directory: string, allowed: Set<string>): { url: string } | { url?: string; reason: string } {
  const url = resolve(path, directory);
  if (!url) return { reason: 'not a path' };
  const problem = hostProblem(url, allowed);
  if (problem) return { url, reason: problem };
  if (!url.startsWith(directory)) return { url, reason: 'leaves the directory' };
  return { url };
}

function resolve(href: string, base: string): string | undefined {
  return URL.parse(href, base)?.href;
}

/** The directory as a normalised URL ending in `/`, so that relative paths resolve inside it. */
function directoryUrl(url: string): string {
  return new URL(withTrailingSlash(url)).href;
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * https (requirement 3) — or plain http on a loopback host: no real provider is one, and the fetcher refuses
 * loopback unless the local runtime's ISMF_OUTBOUND_ALLOW_LOOPBACK lets its tests serve a provider locally.
 */
function isHttps(url: string): boolean {
  const parsed = URL.parse(url);
  return parsed?.protocol === 'https:' || (parsed?.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname));
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
