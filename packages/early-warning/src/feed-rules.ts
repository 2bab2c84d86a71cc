// The public feeds a source may subscribe to (X.1052 12.2.1 a: security announcements of vendors and security
// organizations, as they publish them): a CSAF provider (CSAF 2.0 §7), CISA's KEV catalog, OSV per ecosystem,
// the NVD CVE API 2.0. Each is pulled once for the platform and handed to every subscribed tenant. Pure.
import * as z from 'zod';
import type { AdvisoryFormat } from './documents/summary.ts';

export const FEED_KINDS = ['csaf-provider', 'kev', 'osv', 'nvd'] as const;

// The publishers' own addresses (here, not in feeds/*, whose parsers the console must not load).
export const KEV_CATALOG_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
export const NVD_CVE_API = 'https://services.nvd.nist.gov/rest/json/cves/2.0';
export const OSV_BUCKET_URL = 'https://osv-vulnerabilities.storage.googleapis.com';
export type FeedKind = (typeof FEED_KINDS)[number];

const feedUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('https (a loopback http URL is pulled only where ISMF_OUTBOUND_ALLOW_LOOPBACK=1 allows it: locally, in tests)');

export const feedSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('csaf-provider'), url: feedUrl.describe('the provider’s provider-metadata.json') }),
  z.strictObject({ kind: z.literal('kev'), url: feedUrl.optional().describe(`the catalog (default ${KEV_CATALOG_URL})`) }),
  z.strictObject({
    kind: z.literal('osv'),
    ecosystem: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[\w .:-]+$/, 'an OSV ecosystem name (npm, PyPI, Go, Maven, Debian …)'),
    url: feedUrl.optional().describe(`the export bucket (default ${OSV_BUCKET_URL})`),
  }),
  z.strictObject({ kind: z.literal('nvd'), url: feedUrl.optional().describe(`the CVE API (default ${NVD_CVE_API})`) }),
]);
export type Feed = z.output<typeof feedSchema>;

/** How often each feed is pulled (the job runs every 15 minutes and pulls what is due). */
export const FEED_INTERVAL_MINUTES: Readonly<Record<FeedKind, number>> = { 'csaf-provider': 60, kev: 360, osv: 60, nvd: 120 };

/** The documents a feed brings: KEV brings its catalog (it marks advisories, it is none itself). */
export const FEED_FORMATS: Readonly<Record<FeedKind, readonly AdvisoryFormat[]>> = { 'csaf-provider': ['csaf'], kev: [], osv: ['osv'], nvd: ['nvd'] };

/** The feed as one key: two tenants subscribing to the same feed share one pull. */
export function feedKey(feed: Feed): string {
  const url = feed.url ?? (feed.kind === 'kev' ? KEV_CATALOG_URL : feed.kind === 'osv' ? OSV_BUCKET_URL : feed.kind === 'nvd' ? NVD_CVE_API : '');
  return [feed.kind, url, feed.kind === 'osv' ? feed.ecosystem : ''].join('|');
}
