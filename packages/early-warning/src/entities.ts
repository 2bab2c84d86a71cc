// Early warning's records (X.1052 12.2.1 a; X.1051 13.1): the sources advisories come from (with their sealed
// webhook secrets and their health), the deliveries as they arrived, the advisories accepted from them, and the
// vulnerabilities that link advisories of many sources about the same CVE.
import { defineEntity } from '@ismf/store/entity-model';
import type { AdvisoryFormat, AdvisoryRecordFormat, AdvisorySummary, Severity } from './documents/summary.ts';
import type { ValidationReason } from './documents/validation.ts';
import type { Feed } from './feed-rules.ts';
import type { DeliveryState, EarlyWarningSettings } from './rules.ts';

// Reporting information security events (13.1.1) and weaknesses (13.1.2): what arrives to be acted on.
const CONTROLS = ['13.1.1', '13.1.2'];

/** A sealed signing secret (store/sealed-secrets.ts): the value is never stored in the clear, never answered. */
export interface SealedWebhookSecret {
  [key: string]: unknown;
  sealed: string;
  /** 1, 2 …: which secret signed (the answer to a rotation says which is new). */
  generation: number;
  createdAt: string;
  /** The previous secret only: until when it still verifies. */
  validUntil?: string;
}

export interface AdvisorySourceData {
  [key: string]: unknown;
  name: string;
  kind: string;
  arrival: 'push' | 'pull';
  /** A pull source's public feed, and the platform's record of it. */
  feed?: Feed;
  feedId?: string;
  formats: AdvisoryFormat[];
  vendor?: string;
  expectedIntervalHours?: number;
  status: 'active' | 'disabled';
  createdBy: string;
  /** A private pull source's credentials: the header in the clear, its value sealed (never answered). */
  credentials?: { header: string; sealed: string };
  /** A push source's webhook secrets (a pull source has none). */
  secrets?: { current: SealedWebhookSecret; previous?: SealedWebhookSecret };
}

export const advisorySourceEntity = defineEntity<AdvisorySourceData>()({
  type: 'advisory-source',
  description: 'A source of security advisories of the tenant (a vendor PSIRT, a CERT, the organization itself), with how its documents arrive.',
  audited: true,
  // The sealed secrets are kept out of the audit trail's values (their digests only).
  sensitive: ['secrets', 'credentials'],
  controls: CONTROLS,
  label: (source) => source.name,
  link: (id) => `/advisory-sources/${id}`,
});

/** A source's health, counted as deliveries are processed (in place: many deliveries never contend). */
export interface AdvisorySourceHealthData {
  [key: string]: unknown;
  deliveries: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  lastDeliveryAt?: string;
  lastSuccessAt?: string;
  lastFailureAt?: string;
  lastFailure?: string;
  /** Pulls of the source's feed that failed (unreachable, refused, unreadable). */
  pullFailures?: number;
}

export const advisorySourceHealthEntity = defineEntity<AdvisorySourceHealthData>()({
  type: 'advisory-source-health',
  description: 'A source’s health: deliveries, documents accepted, rejected and repeated, the last success and failure.',
  audited: false,
  listed: false,
});

/** That a delivery was counted in its source's health: counted once however often its event comes. */
export const advisorySourceHealthMarkEntity = defineEntity<{ [key: string]: unknown; deliveryId: string }>()({
  type: 'advisory-source-health-mark',
  description: 'That a delivery was counted in its source’s health (kept a week: redeliveries are counted once).',
  audited: false,
  listed: false,
});

export interface DocumentOutcome {
  [key: string]: unknown;
  index: number;
  outcome: 'accepted' | 'duplicate' | 'rejected';
  format?: AdvisoryFormat;
  documentId?: string;
  documentVersion?: string;
  advisoryId?: string;
  reasons?: ValidationReason[];
  /** A KEV catalog: the CVEs new to the tenant and the advisories it marked known exploited. */
  kev?: { catalogVersion: string; added: number; advisoriesMarked: number };
}

export interface AdvisoryDeliveryData {
  [key: string]: unknown;
  sourceId: string;
  /** The sender's `webhook-id`: a second delivery with it is the first one's replay. */
  webhookId?: string;
  /** A pulled delivery: the feed it came from and what was fetched. */
  pulled?: { feedKind: string; url: string };
  mediaType: string;
  bytes: number;
  sha256: string;
  /** The raw bytes, under the tenant's prefix of the data bucket. */
  rawKey: string;
  receivedAt: string;
  state: DeliveryState;
  processedAt?: string;
  documents?: number;
  counts?: { accepted: number; duplicate: number; rejected: number };
  /** Per document (the first 100). */
  outcomes?: DocumentOutcome[];
}

export const advisoryDeliveryEntity = defineEntity<AdvisoryDeliveryData>()({
  type: 'advisory-delivery',
  description:
    'A delivery of advisory documents as it arrived (its raw bytes kept), and what became of each document: accepted, repeated or rejected with reasons.',
  audited: true,
  controls: CONTROLS,
  label: (delivery) => `delivery of ${delivery.receivedAt}`,
  link: (id) => `/advisory-deliveries/${id}`,
  patterns: {
    /** The deliveries in one state (`rejected`: what needs a look), newest first by id. */
    byState: { index: 'GSI3', partition: ['state'], sort: ['id'] },
    /** One source's deliveries. */
    bySource: { index: 'GSI4', partition: ['sourceId'], sort: ['id'] },
  },
});

/** An advisory as the register keeps it: the document's summary (its status as `documentStatus`), and where it stands. */
export interface AdvisoryData extends Omit<AdvisorySummary, 'status'> {
  [key: string]: unknown;
  sourceId: string;
  deliveryId: string;
  /** What the register sorts by: published, else updated, else when it arrived. */
  listedAt: string;
  documentStatus?: string;
  /** In CISA's catalog of known exploited vulnerabilities (set when a KEV source is present). */
  kev: boolean;
  /** `yes` while kev: the sparse index of KEV advisories. */
  kevListed?: 'yes';
  state: 'current' | 'superseded';
  supersededBy?: string;
  /** The vulnerabilities it names (each CVE id, else its aliases): they link the advisories of many sources. */
  vulnerabilityIds: string[];
  rawKey: string;
  rawSha256: string;
  /** Its affected products, normalised on acceptance (an object beside the raw bytes): what matching reads. */
  productsKey?: string;
}

export const advisoryEntity = defineEntity<AdvisoryData>()({
  type: 'advisory',
  description:
    'A security advisory accepted from a source: one per document id and version, with its publisher, vulnerabilities, weaknesses, CVSS scores and references; a newer version supersedes it.',
  audited: true,
  controls: [...CONTROLS, '12.6.1'],
  label: (advisory) => `${advisory.documentId} ${advisory.title}`,
  link: (id) => `/advisories/${id}`,
  patterns: {
    /** The register, newest first by publication. */
    byPublished: { index: 'GSI2', partition: [], sort: ['listedAt', 'id'] },
    /** One source's advisories. */
    bySource: { index: 'GSI3', partition: ['sourceId'], sort: ['listedAt', 'id'] },
    /** By severity (the highest CVSS base score's). */
    bySeverity: { index: 'GSI4', partition: ['severity'], sort: ['listedAt', 'id'] },
    /** Those in CISA's KEV catalog. */
    known: { index: 'GSI5', partition: ['kevListed'], sort: ['listedAt', 'id'] },
  },
});

/** That an advisory names a vulnerability: a keyed child item of the advisory (key: the vulnerability id), indexed by vulnerability. */
export const advisoryVulnerabilityEntity = defineEntity<{ [key: string]: unknown; advisoryId: string; vulnerabilityId: string; listedAt: string }>()({
  type: 'advisory-vulnerability',
  description: 'That an advisory names a vulnerability: kept under the advisory, read by vulnerability (the CVE filter).',
  audited: false,
  childOf: 'advisory',
  patterns: {
    /** The advisories of one vulnerability, every source's and version, newest first by publication. */
    byVulnerability: { index: 'GSI6', partition: ['vulnerabilityId'], sort: ['listedAt', 'advisoryId'] },
  },
});

/** The versions of one document (a CSAF tracking id, an OSV id, a CVE id): which advisory is current. */
export interface AdvisoryDocumentData {
  [key: string]: unknown;
  format: AdvisoryRecordFormat;
  documentId: string;
  /** The current version's advisory. */
  advisoryId: string;
  version: string;
  updated?: string;
  versions: number;
}

export const advisoryDocumentEntity = defineEntity<AdvisoryDocumentData>()({
  type: 'advisory-document',
  description: 'One advisory document across its versions: which version is current (the others are superseded).',
  audited: false,
  listed: false,
});

export interface VulnerabilityData {
  [key: string]: unknown;
  /** The CVE id, else the first alias (a GHSA or OSV id) it was first seen under. */
  identifier: string;
  aliases: string[];
  title: string;
  /** How many advisories (every version) and sources name it. */
  advisories: number;
  sources: string[];
  severity?: Severity;
  kev: boolean;
  /** FIRST's EPSS score, where the tenant scores by EPSS: the probability of exploitation in 30 days (0–1), its percentile, FIRST's date. */
  epss?: { probability: number; percentile: number; date: string };
  firstSeenAt: string;
  lastAdvisoryAt: string;
}

export const vulnerabilityEntity = defineEntity<VulnerabilityData>()({
  type: 'vulnerability',
  description: 'A vulnerability as the advisories of many sources name it (a CVE id and its aliases): told once, however many sources announce it.',
  audited: false,
  controls: ['12.6.1'],
  label: (vulnerability) => vulnerability.identifier,
});

export const earlyWarningSettingsEntity = defineEntity<EarlyWarningSettings & Record<string, unknown>>()({
  type: 'early-warning-settings',
  description: 'The tenant’s early-warning settings: the roles that see TLP:AMBER and TLP:RED advisories.',
  audited: true,
  controls: CONTROLS,
  listed: false,
  singleton: 'current',
});
