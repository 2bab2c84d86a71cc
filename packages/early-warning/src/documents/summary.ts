// What the register keeps of an accepted advisory, whatever format it arrived in (CSAF 2.0, OSV, CVE JSON 5,
// an NVD API 2.0 record): the fields a security officer filters and reads by. The raw document stays beside it.

export const ADVISORY_FORMATS = ['csaf', 'osv', 'cve', 'nvd'] as const;
export type AdvisoryFormat = (typeof ADVISORY_FORMATS)[number];
/** What an advisory record came from: a document of one of the formats, or an entry by hand (`POST /advisories`, a triaged weakness report). */
export const ADVISORY_RECORD_FORMATS = [...ADVISORY_FORMATS, 'manual'] as const;
export type AdvisoryRecordFormat = (typeof ADVISORY_RECORD_FORMATS)[number];

export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** CSAF 2.0 `document.distribution.tlp.label` (TLP 1.0 words; TLP 2.0 CLEAR is read as WHITE). */
export const TLP_LABELS = ['WHITE', 'GREEN', 'AMBER', 'RED'] as const;
export type TlpLabel = (typeof TLP_LABELS)[number];

export interface CvssScore {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  /** The base score computed from the vector (ae-cvss-calculator for 3.x and 4.0). */
  baseScore: number;
  severity: Severity;
  /** The base score the document states, where it states one that differs from the computed score. */
  statedScore?: number;
  /** Whose score: the CNA, NVD, a CSAF product group … where the document says. */
  source?: string;
}

export interface AdvisoryReference {
  url: string;
  category?: string;
  summary?: string;
}

export interface AdvisorySummary {
  format: AdvisoryRecordFormat;
  /** CSAF `tracking.id`, OSV `id`, the CVE id. */
  documentId: string;
  /** CSAF `tracking.version`, OSV `modified`, CVE `dateUpdated` (else `datePublished`): the same id and version is one advisory. */
  documentVersion: string;
  publisher: { name: string; namespace?: string; category?: string };
  title: string;
  /** A short description (the first summary or description note), at most 2,000 characters. */
  description?: string;
  published?: string;
  updated?: string;
  /** CSAF `tracking.status`; `withdrawn` for an OSV record with `withdrawn` or a rejected CVE. */
  status?: 'draft' | 'interim' | 'final' | 'withdrawn' | 'rejected';
  cveIds: string[];
  /** Other ids of the same vulnerability (OSV `aliases`, GHSA ids, CSAF `ids`): they link advisories of many sources. */
  aliases: string[];
  cwes: { id: string; name?: string }[];
  cvss: CvssScore[];
  /** The highest severity among the scores; `undefined` when the document carries no score. */
  severity?: Severity;
  references: AdvisoryReference[];
  tlp?: TlpLabel;
  /** How many products or packages the document names (W2.11 matches them to assets). */
  productCount: number;
}
