// The summary of an advisory document, whatever its format. Each format's module reads what its document says
// into a draft; what all formats share is done here once: scores computed from their vectors and deduplicated,
// dates written as ISO, lists deduplicated, the description and the references capped.
import { highestSeverity, scoreOf } from './cvss.ts';
import { csafDraft } from './summarise-csaf.ts';
import { cveDraft, nvdDraft } from './summarise-cve.ts';
import { osvDraft } from './summarise-osv.ts';
import type { AdvisoryFormat, AdvisoryReference, AdvisorySummary, CvssScore, TlpLabel } from './summary.ts';

/** A CVSS vector as a document gives it, before it is scored. */
export interface StatedScore {
  vector: string;
  statedScore?: number;
  source?: string;
}

/** What a format's reader takes from a document: raw values, repeats allowed, nothing capped yet. */
export interface AdvisoryDraft {
  documentId?: string;
  documentVersion?: string;
  publisher: AdvisorySummary['publisher'];
  title?: string;
  description?: string;
  /** As the document writes it: finishing makes it ISO. */
  published?: string;
  updated?: string;
  status?: AdvisorySummary['status'];
  cveIds: string[];
  aliases: string[];
  cwes: { id: string; name?: string }[];
  scores: StatedScore[];
  references: AdvisoryReference[];
  tlp?: TlpLabel;
  productCount: number;
}

/** A document that has no id or version to file it under. */
export class UnreadableAdvisory extends Error {}

export const DESCRIPTION_LIMIT = 2_000;
export const REFERENCE_LIMIT = 100;

const DRAFTS: Record<AdvisoryFormat, (document: unknown) => AdvisoryDraft> = {
  csaf: csafDraft,
  osv: osvDraft,
  cve: cveDraft,
  nvd: nvdDraft,
};

// Where each format keeps what the register files an advisory under, for the message when it is missing.
const ID_PATHS: Record<AdvisoryFormat, [id: string, version: string]> = {
  csaf: ['document.tracking.id', 'document.tracking.version'],
  osv: ['id', 'modified'],
  cve: ['cveMetadata.cveId', 'cveMetadata.dateUpdated or datePublished'],
  nvd: ['cve.id', 'cve.lastModified'],
};

/** The text cut to `limit` characters (an ellipsis marks the cut), never inside a surrogate pair. */
export function shorten(text: string, limit: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= limit) return trimmed;
  let cut = limit - 1;
  const last = trimmed.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${trimmed.slice(0, cut).trimEnd()}…`;
}

// A UTC time as NVD, CVE 5, OSV and CSAF write it: with Z, +00:00 or (NVD, early CVE 5) no zone at all.
const UTC_TIME = /^(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)(?:\.(\d+))?(?:Z|[+-]00:00)?$/;

/**
 * A date as ISO 8601 in UTC (milliseconds, Z), or undefined when it is none. A time without a zone is UTC, as
 * NVD and early CVE 5 records mean it (Date would read it as local time). Go's zero time (year 1) means "not
 * known" in the Go vulnerability database.
 */
export function isoDate(value: string | undefined): string | undefined {
  if (!value || value.startsWith('0001-01-01')) return undefined;
  // The common case is rewritten without Date: a feed has thousands of them.
  const utc = UTC_TIME.exec(value);
  if (utc) return `${utc[1]}.${(utc[2] ?? '').slice(0, 3).padEnd(3, '0')}Z`;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed) seen.add(trimmed);
  }
  return [...seen];
}

function uniqueCwes(cwes: AdvisoryDraft['cwes']): AdvisorySummary['cwes'] {
  const byId = new Map<string, { id: string; name?: string }>();
  for (const cwe of cwes) {
    const known = byId.get(cwe.id);
    if (!known) byId.set(cwe.id, cwe.name ? { id: cwe.id, name: cwe.name } : { id: cwe.id });
    else if (!known.name && cwe.name) known.name = cwe.name;
  }
  return [...byId.values()];
}

// One entry per vector: the first to give it (the CNA before an ADP, NVD's primary before a secondary) names it.
function scored(stated: readonly StatedScore[]): CvssScore[] {
  const vectors = new Set<string>();
  const scores: CvssScore[] = [];
  for (const { vector, statedScore, source } of stated) {
    const key = vector.trim();
    if (vectors.has(key)) continue;
    vectors.add(key);
    const score = scoreOf(key, statedScore, source);
    if (score) scores.push(score);
  }
  return scores;
}

// The drafts' reference objects are fresh (built by the readers, never the document's own): kept as they are.
// Deduplicated by URL, at most REFERENCE_LIMIT: the Set holds no more than that.
function cappedReferences(references: readonly AdvisoryReference[]): AdvisoryReference[] {
  const urls = new Set<string>();
  const kept: AdvisoryReference[] = [];
  for (const reference of references) {
    if (kept.length >= REFERENCE_LIMIT) break;
    if (urls.has(reference.url)) continue;
    urls.add(reference.url);
    kept.push(reference);
  }
  return kept;
}

/** The summary of a draft: what every format shares. Throws UnreadableAdvisory without an id or a version. */
export function finishSummary(format: AdvisoryFormat, draft: AdvisoryDraft): AdvisorySummary {
  const [idPath, versionPath] = ID_PATHS[format];
  const documentId = draft.documentId?.trim();
  if (!documentId) throw new UnreadableAdvisory(`a ${format} document without ${idPath}`);
  const documentVersion = draft.documentVersion?.trim();
  if (!documentVersion) throw new UnreadableAdvisory(`${format} document ${documentId} has no ${versionPath}`);

  const cvss = scored(draft.scores);
  const summary: AdvisorySummary = {
    format,
    documentId,
    documentVersion,
    publisher: draft.publisher,
    title: draft.title?.trim() || documentId,
    cveIds: unique(draft.cveIds),
    aliases: unique(draft.aliases),
    cwes: uniqueCwes(draft.cwes),
    cvss,
    references: cappedReferences(draft.references),
    productCount: draft.productCount,
  };
  // Optional fields are left out rather than set to undefined: the summary is stored as it is.
  const description = draft.description && shorten(draft.description, DESCRIPTION_LIMIT);
  if (description) summary.description = description;
  const published = isoDate(draft.published);
  if (published) summary.published = published;
  const updated = isoDate(draft.updated);
  if (updated) summary.updated = updated;
  if (draft.status) summary.status = draft.status;
  const severity = highestSeverity(cvss);
  if (severity) summary.severity = severity;
  if (draft.tlp) summary.tlp = draft.tlp;
  return summary;
}

/** The summary of one advisory document of the given format (as `documentsOf` detected it). */
export function summarise(format: AdvisoryFormat, document: unknown): AdvisorySummary {
  return finishSummary(format, DRAFTS[format](document));
}
