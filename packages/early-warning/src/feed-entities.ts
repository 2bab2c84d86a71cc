// The platform's records of the public feeds (under the platform id: one record per feed, however many tenants
// subscribe), each subscriber a keyed child item; and each tenant's copy of CISA's KEV catalog, one item per CVE,
// read by key when an advisory is accepted.
import { derivedId } from '@ismf/core/ids';
import { defineEntity } from '@ismf/store/entity-model';
import { feedKey, type Feed } from './feed-rules.ts';

/** Records that belong to no moment (a feed, a KEV entry) take derived ids from the epoch's ULID. */
const EPOCH = '00000000000000000000000000';

/** A public feed is one record for every tenant; a private one (pulled with a tenant's credentials) is the source's own. */
export const feedIdOf = (feed: Feed, privateTo?: PrivateFeedOwner) =>
  derivedId(EPOCH, 'advisory-feed', feedKey(feed), ...(privateTo ? [privateTo.tenantId, privateTo.sourceId] : []));

/** Whose credentials a private feed is pulled with: a tenant's pull source (its sealed credentials). */
export interface PrivateFeedOwner {
  [key: string]: unknown;
  tenantId: string;
  sourceId: string;
}
export const kevEntryIdOf = (cveId: string) => derivedId(EPOCH, 'kev', cveId);

export interface AdvisoryFeedData {
  [key: string]: unknown;
  feed: Feed;
  feedKey: string;
  /** A private feed: the source whose credentials it is pulled with (its only subscriber). */
  privateTo?: PrivateFeedOwner;
  subscribers: number;
  /** When the pull job takes it next: on the due index while anyone subscribes. */
  nextPullAt: string;
  /** Where the last pull stopped (per kind: a time, an OSV id, a KEV release): nothing is fetched twice. */
  cursor?: unknown;
  /** Validators of conditional requests, per URL fetched. */
  validators?: Record<string, { etag?: string; lastModified?: string }>;
  /** The digest of the last KEV catalog handed on: an unchanged catalog goes to nobody again. */
  lastSha256?: string;
  /** NVD: the times of recent requests (the shared rate window of every function). */
  recentRequests?: number[];
  lastPullAt?: string;
  lastSuccessAt?: string;
  lastFailureAt?: string;
  lastFailure?: string;
  /** Documents handed on, since the feed was first pulled. */
  documents: number;
}

export const advisoryFeedEntity = defineEntity<AdvisoryFeedData>()({
  type: 'advisory-feed',
  description: 'A public advisory feed as the platform pulls it (once for every subscribed tenant): its cursor, validators and health.',
  audited: false,
  listed: false,
  patterns: {
    /** The feeds due, soonest first: what the pull job reads (never one schedule per feed). */
    due: { index: 'GSI4', partition: [], sort: ['nextPullAt', 'id'], when: (feed) => feed.subscribers > 0 },
  },
});

export interface AdvisoryFeedSubscriberData {
  [key: string]: unknown;
  tenantId: string;
  sourceId: string;
  /** False until the tenant's first pull: a KEV subscriber gets the whole catalog once. */
  initialized: boolean;
}

/** That a tenant's pull source subscribes to a feed: a keyed child item of the feed (key: tenant and source). */
export const advisoryFeedSubscriberEntity = defineEntity<AdvisoryFeedSubscriberData>()({
  type: 'advisory-feed-subscriber',
  description: 'That a tenant’s pull source subscribes to a public feed: kept under the platform’s feed record.',
  audited: false,
  childOf: 'advisory-feed',
});

export interface KevEntryData {
  [key: string]: unknown;
  cveId: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  dateAdded: string;
  dueDate: string;
  requiredAction: string;
  knownRansomwareCampaignUse: string;
}

export const kevEntryEntity = defineEntity<KevEntryData>()({
  type: 'kev-entry',
  description: 'A CVE in CISA’s catalog of known exploited vulnerabilities, as the tenant’s KEV source last handed it on.',
  audited: false,
  listed: false,
});
