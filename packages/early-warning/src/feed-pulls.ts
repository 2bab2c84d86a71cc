// Pulling the public feeds (X.1052 12.2.1 a): a CSAF provider (provider-metadata.json → its TLP:WHITE ROLIE feeds
// or directory changes.csv, CSAF 2.0 §7), CISA's KEV catalog, OSV per ecosystem (incrementally through
// modified_id.csv, never an ecosystem's zip) and the NVD CVE API 2.0 (by lastModified windows, its rate limit
// honoured). Each fetch is conditional (ETag / Last-Modified) and each feed keeps a cursor, so nothing is fetched
// twice; every request goes through the SSRF-safe fetcher. What a pull brings is a list of deliveries; the job
// (pull-job.ts) hands each to every subscriber. Reads and writes nothing of the table itself.
import { createHash } from 'node:crypto';
import { OutboundRefused, safeFetch, type SafeFetchResult } from '@ismf/outbound/safe-fetch';
import { documentsToFetch, parseChangesCsv, parseProviderMetadata, parseRolieFeed, type CsafDocumentEntry, type CsafFeed } from './feeds/csaf-provider.ts';
import { nextRequestAllowedAt, nvdNextStartIndex, nvdRequestUrl, nvdWindows, parseNvdPage, recentRequestTimes } from './feeds/nvd.ts';
import { osvChangesSince, osvExportEcosystem, osvModifiedCsvUrl, osvRecordUrl, type OsvCursor } from './feeds/osv-modified.ts';
import type { AdvisoryFeedData } from './feed-entities.ts';
import { feedKey, type Feed } from './feed-rules.ts';

/** Documents fetched per feed and run at most: a large backlog is worked off over the next runs. */
export const MAX_DOCUMENTS_PER_PULL = 200;
/** OSV records handed on together, as one JSON array. */
const OSV_RECORDS_PER_DELIVERY = 100;
/** NVD: wait this long for the shared rate window at most; longer, and the rest waits for the next run. */
const NVD_MAX_WAIT_MS = 6_000;

export interface PulledDelivery {
  bytes: Buffer;
  mediaType: string;
  url: string;
}

export interface PullOutcome {
  deliveries: PulledDelivery[];
  /** A KEV catalog: for the subscribers that have none yet, even when it did not change. */
  kevCatalog?: PulledDelivery;
  state: Pick<AdvisoryFeedData, 'cursor' | 'validators' | 'lastSha256' | 'recentRequests'>;
}

export interface PullContext {
  allowLoopback: boolean;
  now: number;
  /** A subscriber has nothing yet (KEV: the whole catalog goes to it). */
  newSubscriber: boolean;
  /** NVD: an API key raises the rate limit (NVD_API_KEY). */
  nvdApiKey?: string;
  /** A private feed: the header carrying the tenant's credentials, sent with every request of the pull. */
  credentials?: Record<string, string>;
}

type Validators = NonNullable<AdvisoryFeedData['validators']>;

/** One GET through the SSRF-safe fetcher, conditional on what the feed holds for that URL. */
async function fetchConditional(url: string, validators: Validators, context: PullContext, conditional = true, headers: Record<string, string> = {}) {
  const held = conditional ? validators[url] : undefined;
  const answer: SafeFetchResult = await safeFetch(url, {
    allowLoopback: context.allowLoopback,
    headers: { accept: 'application/json, text/csv, text/plain;q=0.9', ...context.credentials, ...headers },
    ...(held?.etag ? { etag: held.etag } : {}),
    ...(held?.lastModified ? { lastModified: held.lastModified } : {}),
  });
  if (!answer.notModified && (answer.status < 200 || answer.status >= 300)) {
    throw new OutboundRefused('status', `answered ${answer.status}${answer.retryAfterSeconds ? `, retry after ${answer.retryAfterSeconds} s` : ''}`, url);
  }
  if (answer.etag || answer.lastModified) {
    validators[url] = { ...(answer.etag ? { etag: answer.etag } : {}), ...(answer.lastModified ? { lastModified: answer.lastModified } : {}) };
  }
  return answer;
}

const text = (answer: SafeFetchResult) => (answer.body ?? Buffer.alloc(0)).toString('utf8');

interface CsafCursor {
  feeds?: CsafFeed[];
  updated?: string | null;
}

async function pullCsafProvider(feed: Extract<Feed, { kind: 'csaf-provider' }>, record: AdvisoryFeedData, context: PullContext): Promise<PullOutcome> {
  const validators: Validators = { ...record.validators };
  const cursor = (record.cursor ?? {}) as CsafCursor;
  const metadata = await fetchConditional(feed.url, validators, context);
  // Every feed the provider names, each with whether it is pulled without credentials.
  const feeds = metadata.notModified && cursor.feeds ? cursor.feeds : parseProviderMetadata(text(metadata)).feeds;
  const canonicalUrl = feed.url;
  const entries: CsafDocumentEntry[] = [];
  // A provider offers ROLIE or a directory: ROLIE first, as §7.3 says; only feeds pulled without credentials.
  // With the tenant's credentials, its TLP:GREEN, AMBER and RED feeds are pulled too (never one over plain http).
  const pulled = feeds.filter((candidate) => candidate.pullable || (context.credentials && candidate.reason?.startsWith('TLP:')));
  for (const source of pulled) {
    const listing = await fetchConditional(source.kind === 'rolie' ? source.url : new URL('changes.csv', source.url).href, validators, context);
    if (listing.notModified) continue;
    const context_ = { feedUrl: source.url, canonicalUrl, tlp: source.tlp };
    entries.push(...(source.kind === 'rolie' ? parseRolieFeed(text(listing), context_) : parseChangesCsv(text(listing), context_)).entries);
  }
  const due = documentsToFetch(entries, cursor.updated ?? null);
  const taken = due.documents.slice(0, MAX_DOCUMENTS_PER_PULL);
  const deliveries: PulledDelivery[] = [];
  for (const entry of taken) {
    const document = await fetchConditional(entry.url, validators, context, false);
    if (document.body) deliveries.push({ bytes: document.body, mediaType: 'application/json', url: entry.url });
  }
  // Cut short by the cap: the cursor stops at the last document taken, and the rest follow next time.
  const updated = taken.length < due.documents.length ? taken.at(-1)!.updated : due.cursor;
  return { deliveries, state: { cursor: { feeds, updated }, validators } };
}

async function pullKev(feed: Extract<Feed, { kind: 'kev' }>, record: AdvisoryFeedData, context: PullContext): Promise<PullOutcome> {
  const validators: Validators = { ...record.validators };
  const url = feedKey(feed).split('|')[1]!;
  // A new subscriber needs the catalog even when it did not change since the last pull.
  const answer = await fetchConditional(url, validators, context, !context.newSubscriber);
  if (answer.notModified || !answer.body) return { deliveries: [], state: { validators } };
  const sha256 = createHash('sha256').update(answer.body).digest('hex');
  const catalog = { bytes: answer.body, mediaType: 'application/json', url };
  return { deliveries: sha256 === record.lastSha256 ? [] : [catalog], kevCatalog: catalog, state: { validators, lastSha256: sha256 } };
}

async function pullOsv(feed: Extract<Feed, { kind: 'osv' }>, record: AdvisoryFeedData, context: PullContext): Promise<PullOutcome> {
  const validators: Validators = { ...record.validators };
  const base = feedKey(feed).split('|')[1]!;
  const ecosystem = osvExportEcosystem(feed.ecosystem);
  const list = await fetchConditional(osvModifiedCsvUrl(ecosystem, base), validators, context);
  if (list.notModified) return { deliveries: [], state: { validators, cursor: record.cursor } };
  // A new feed starts from now: an ecosystem's history is not every subscriber's news.
  const cursor = (record.cursor as OsvCursor | undefined) ?? { modified: new Date(context.now).toISOString(), id: '' };
  const changes = osvChangesSince(text(list), cursor, MAX_DOCUMENTS_PER_PULL);
  const records: Buffer[] = [];
  for (const { id } of changes.ids) {
    const answer = await fetchConditional(osvRecordUrl(ecosystem, id, base), validators, context, false);
    if (answer.body) records.push(answer.body);
  }
  const deliveries: PulledDelivery[] = [];
  for (let start = 0; start < records.length; start += OSV_RECORDS_PER_DELIVERY) {
    const batch = records.slice(start, start + OSV_RECORDS_PER_DELIVERY);
    deliveries.push({
      bytes: Buffer.concat([Buffer.from('['), ...batch.flatMap((bytes, index) => (index ? [Buffer.from(','), bytes] : [bytes])), Buffer.from(']')]),
      mediaType: 'application/json',
      url: osvModifiedCsvUrl(ecosystem, base),
    });
  }
  // With more left, the next run must not take the list as unchanged.
  if (changes.more) delete validators[osvModifiedCsvUrl(ecosystem, base)];
  return { deliveries, state: { validators, cursor: changes.cursor ?? cursor } };
}

async function pullNvd(feed: Extract<Feed, { kind: 'nvd' }>, record: AdvisoryFeedData, context: PullContext): Promise<PullOutcome> {
  const base = feedKey(feed).split('|')[1]!;
  // A new feed starts a day back: the CVEs changed since yesterday.
  const from = (record.cursor as string | undefined) ?? new Date(context.now - 86_400_000).toISOString();
  let requests = recentRequestTimes(record.recentRequests ?? [], context.now);
  const deliveries: PulledDelivery[] = [];
  let cursor = from;
  const headers: Record<string, string> = context.nvdApiKey ? { apiKey: context.nvdApiKey } : {};
  windows: for (const window of nvdWindows(from, context.now)) {
    let startIndex: number | null = 0;
    while (startIndex !== null) {
      const allowedAt = nextRequestAllowedAt(requests, Date.now(), Boolean(context.nvdApiKey));
      if (allowedAt - Date.now() > NVD_MAX_WAIT_MS) break windows;
      if (allowedAt > Date.now()) await new Promise((done) => setTimeout(done, allowedAt - Date.now()));
      requests = [...recentRequestTimes(requests, Date.now()), Date.now()];
      const url = nvdRequestUrl({ window, startIndex }, base);
      const answer = await fetchConditional(url, {}, context, false, headers);
      const page = parseNvdPage(text(answer));
      if (page.vulnerabilities.length) deliveries.push({ bytes: answer.body!, mediaType: 'application/json', url });
      startIndex = nvdNextStartIndex(page);
    }
    cursor = window.end;
  }
  return { deliveries, state: { cursor, recentRequests: requests } };
}

/** Pulls one feed: what it brings, and the state to keep (cursor, validators). Throws OutboundRefused and parse errors. */
export function pullFeed(record: AdvisoryFeedData, context: PullContext): Promise<PullOutcome> {
  const feed = record.feed;
  switch (feed.kind) {
    case 'csaf-provider':
      return pullCsafProvider(feed, record, context);
    case 'kev':
      return pullKev(feed, record, context);
    case 'osv':
      return pullOsv(feed, record, context);
    case 'nvd':
      return pullNvd(feed, record, context);
  }
}
