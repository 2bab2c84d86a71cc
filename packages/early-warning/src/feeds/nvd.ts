// The NVD CVE API 2.0 (https://nvd.nist.gov/developers/vulnerabilities), pulled by last-modified date: the
// windows from the cursor to now (the API takes at most 120 consecutive days per request), the pages of each
// window, one response page checked and read, and the rate schedule every function of ours that calls the API
// shares: NVD allows 5 requests in a rolling 30 s without an API key and 50 with one, counted per key or address,
// not per caller — so the recent request times live in one platform record and each caller asks here when it may
// send. Pure: no network, no clock (the caller passes `now`).
import * as z from 'zod';

export { NVD_CVE_API } from '../feed-rules.ts';
import { NVD_CVE_API } from '../feed-rules.ts';
export const NVD_MAX_WINDOW_DAYS = 120;
export const NVD_MAX_RESULTS_PER_PAGE = 2000;
export const NVD_RATE_WINDOW_MS = 30_000;
export const NVD_REQUESTS_PER_WINDOW = { withoutKey: 5, withKey: 50 } as const;

const DAY_MS = 86_400_000;

/** One request range of `lastModStartDate`..`lastModEndDate` (ISO 8601 in UTC, written with the `+00:00` offset NVD's examples use). */
export interface NvdWindow {
  start: string;
  end: string;
}

/**
 * The windows from `cursor` (the end of the last completed pull) to `now`, each at most 120 days, back to back:
 * one window's end is the next one's start. None when the cursor is not before `now`. Once every page of every
 * window is read, `now` — the last window's end — is the new cursor.
 */
export function nvdWindows(cursor: string | Date, now: string | Date | number): NvdWindow[] {
  const from = toMs(cursor);
  const to = toMs(now);
  const windows: NvdWindow[] = [];
  for (let start = from; start < to; start += NVD_MAX_WINDOW_DAYS * DAY_MS) {
    windows.push({ start: nvdDate(start), end: nvdDate(Math.min(start + NVD_MAX_WINDOW_DAYS * DAY_MS, to)) });
  }
  return windows;
}

/** A time as NVD takes it: `2024-03-29T17:15:21.150+00:00`. */
export function nvdDate(time: string | Date | number): string {
  return new Date(toMs(time)).toISOString().replace(/Z$/, '+00:00');
}

export interface NvdPageRequest {
  window: NvdWindow;
  startIndex?: number;
  resultsPerPage?: number;
}

/** The request URL of one page; the `+` of the offset is percent-encoded (a bare `+` reads as a space), `:` stays as NVD's examples write it. */
export function nvdRequestUrl({ window, startIndex = 0, resultsPerPage = NVD_MAX_RESULTS_PER_PAGE }: NvdPageRequest, base = NVD_CVE_API): string {
  if (toMs(window.end) - toMs(window.start) > NVD_MAX_WINDOW_DAYS * DAY_MS) throw new Error(`an NVD window spans at most ${NVD_MAX_WINDOW_DAYS} days`);
  if (!Number.isInteger(resultsPerPage) || resultsPerPage < 1 || resultsPerPage > NVD_MAX_RESULTS_PER_PAGE) {
    throw new Error(`resultsPerPage must be 1..${NVD_MAX_RESULTS_PER_PAGE}, got ${resultsPerPage}`);
  }
  if (!Number.isInteger(startIndex) || startIndex < 0) throw new Error(`startIndex must be a non-negative integer, got ${startIndex}`);
  const query = [
    ['lastModStartDate', window.start],
    ['lastModEndDate', window.end],
    ['startIndex', String(startIndex)],
    ['resultsPerPage', String(resultsPerPage)],
  ];
  return `${base}?${query.map(([name, value]) => `${name}=${encodeURIComponent(value!).replace(/%3A/gi, ':')}`).join('&')}`;
}

/** The request headers: the key goes in the `apiKey` header (never the URL, which ends up in logs). */
export function nvdRequestHeaders(apiKey?: string): Record<string, string> {
  return apiKey ? { apiKey } : {};
}

/** The `startIndex` of the page after `page`, or null when `page` was the last of its window. */
export function nvdNextStartIndex(page: Pick<NvdPage, 'startIndex' | 'resultsPerPage' | 'totalResults'> & { vulnerabilities?: unknown[] }): number | null {
  // A page that says 0 results per page yet leaves results over would loop forever: step by what it returned.
  const step = Math.max(page.resultsPerPage, page.vulnerabilities?.length ?? 0);
  const next = page.startIndex + step;
  return step > 0 && next < page.totalResults ? next : null;
}

/** Every `startIndex` still to request in a window after its first page. */
export function nvdRemainingStartIndexes(firstPage: Pick<NvdPage, 'startIndex' | 'resultsPerPage' | 'totalResults'>): number[] {
  const indexes: number[] = [];
  if (firstPage.resultsPerPage < 1) return indexes;
  for (let next = firstPage.startIndex + firstPage.resultsPerPage; next < firstPage.totalResults; next += firstPage.resultsPerPage) indexes.push(next);
  return indexes;
}

// NVD writes its times without a zone (UTC): `2024-03-29T17:15:21.150`; a few samples carry `Z`.
const nvdTime = z.iso.datetime({ local: true, offset: true });

const nvdCveSchema = z.looseObject({
  id: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
  sourceIdentifier: z.string().optional(),
  published: nvdTime,
  lastModified: nvdTime,
  vulnStatus: z.string().optional(),
});
export type NvdCve = z.infer<typeof nvdCveSchema>;

export const nvdPageSchema = z.object({
  resultsPerPage: z.int().nonnegative(),
  startIndex: z.int().nonnegative(),
  totalResults: z.int().nonnegative(),
  format: z.literal('NVD_CVE'),
  version: z.literal('2.0'),
  timestamp: nvdTime,
  vulnerabilities: z.array(z.object({ cve: nvdCveSchema })),
});
export type NvdPage = z.infer<typeof nvdPageSchema>;

/** Checks and reads one response page (JSON text or the parsed value); throws a ZodError when it is not an NVD CVE 2.0 page. */
export function parseNvdPage(input: string | unknown): NvdPage {
  return nvdPageSchema.parse(typeof input === 'string' ? JSON.parse(input) : input);
}

/** An NVD time as ISO 8601 with its zone: NVD's zoneless times are UTC. */
export function nvdTimeToIso(time: string): string {
  return /(?:Z|[+-]\d{2}:\d{2})$/i.test(time) ? time : `${time}Z`;
}

/**
 * When the next request may go out: `now` if fewer than the allowed requests (5, or 50 with a key) fall in the
 * 30 s before it, else the moment the oldest of the counted ones leaves that window. `previousRequestTimes` are
 * epoch milliseconds in any order, as kept in the shared record; times in the future (another caller's clock
 * running ahead) count as in the window.
 */
export function nextRequestAllowedAt(previousRequestTimes: number[], now: number, withKey: boolean): number {
  const limit = withKey ? NVD_REQUESTS_PER_WINDOW.withKey : NVD_REQUESTS_PER_WINDOW.withoutKey;
  const inWindow = recentRequestTimes(previousRequestTimes, now);
  if (inWindow.length < limit) return now;
  // A request at t counts until t + 30 s; the next one may go when only limit - 1 remain counted.
  return Math.max(now, inWindow[inWindow.length - limit]! + NVD_RATE_WINDOW_MS);
}

/** The request times that still count at `now`, oldest first: what the shared record needs to keep. */
export function recentRequestTimes(previousRequestTimes: number[], now: number): number[] {
  return previousRequestTimes.filter((time) => Number.isFinite(time) && time > now - NVD_RATE_WINDOW_MS).sort((a, b) => a - b);
}

function toMs(time: string | Date | number): number {
  // A zoneless date-time is UTC here, as in NVD's own output (Date.parse would read it as local time).
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time.includes('T') ? nvdTimeToIso(time) : time);
  if (Number.isNaN(ms)) throw new Error(`not a time: ${String(time)}`);
  return ms;
}
