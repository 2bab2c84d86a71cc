// What a CVE record says for its summary: a CVE JSON 5 record (the CNA's container and the ADPs', e.g. CISA's)
// or an NVD API 2.0 CVE item (NVD's own analysis: CPE configurations, NVD and CNA scores).
import { asList, asRecord, asText } from './delivery-documents.ts';
import type { AdvisoryDraft, StatedScore } from './summarise.ts';
import type { AdvisoryReference } from './summary.ts';

const CWE_AT_START = /^(CWE-\d+)\b[\s:.-]*(.*)$/s;
// GitHub's advisory ids: three groups of four from a 20-character alphabet.
const GHSA_ID = /GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}/;
const TITLE_LIMIT = 120;

/** The English text of a `[{ lang, value }]` list, else its first. */
function englishText(list: readonly unknown[]): string | undefined {
  let first: string | undefined;
  for (const item of list) {
    const record = asRecord(item);
    const value = asText(record?.value);
    if (!value) continue;
    if (asText(record?.lang)?.toLowerCase().startsWith('en')) return value;
    first ??= value;
  }
  return first;
}

/** A title made from a description: its first sentence, or its start cut at a word, within 120 characters. */
export function headline(description: string | undefined): string | undefined {
  if (!description) return undefined;
  // Only the head is looked at: a description may be long, and every CVE item of a feed has one.
  const head = description
    .slice(0, TITLE_LIMIT + 1)
    .replace(/\s+/g, ' ')
    .trim();
  // A sentence ends at ". " past its first words (not "e.g. " or an initial at the start).
  const sentence = head.indexOf('. ', 20);
  if (sentence > 0) return head.slice(0, sentence + 1);
  if (head.length <= TITLE_LIMIT && description.length <= TITLE_LIMIT + 1) return head;
  const space = head.lastIndexOf(' ', TITLE_LIMIT - 1);
  return `${head.slice(0, space > TITLE_LIMIT / 2 ? space : TITLE_LIMIT - 1)}…`;
}

/** A CWE from a problem-type text such as "CWE-79 Cross-site Scripting" or "CWE-665: Improper Initialization". */
function cweOf(id: string | undefined, text: string | undefined): { id: string; name?: string } | undefined {
  const match = text ? CWE_AT_START.exec(text) : null;
  const cweId = id ?? match?.[1];
  if (!cweId || !/^CWE-\d+$/.test(cweId)) return undefined;
  // The name is what follows the id; a text that is only the id, or another id's, names nothing.
  const name = match && match[1] === cweId ? match[2]?.trim() : !match ? text?.trim() : undefined;
  return name ? { id: cweId, name } : { id: cweId };
}

function addReference(into: AdvisoryReference[], ghsaLinks: Set<string>, item: unknown): void {
  const record = asRecord(item);
  const url = asText(record?.url);
  if (!record || !url) return;
  const reference: AdvisoryReference = { url };
  // The CVE Program's own tags (x_transferred …) say where a reference came from, not what it is.
  let category = '';
  for (const tag of asList(record.tags)) {
    if (typeof tag === 'string' && !tag.startsWith('x_')) category = category ? `${category}, ${tag}` : tag;
  }
  if (category) reference.category = category;
  // CVE 5 may name a reference; NVD's `source` says who added it, which is no summary of it.
  const summary = asText(record.name);
  if (summary && summary !== url) reference.summary = summary;
  into.push(reference);
  const ghsa = url.includes('GHSA-') ? GHSA_ID.exec(url)?.[0] : undefined;
  if (ghsa) ghsaLinks.add(ghsa);
}

/**
 * The GitHub advisory a record links to is the same vulnerability under its GHSA id, when it links to one.
 * A record linking several (CVE-2024-47177 links the four advisories of a chain) does not say which is its own.
 */
function addGhsaAlias(aliases: string[], ghsaLinks: Set<string>): void {
  if (ghsaLinks.size === 1) aliases.push(...ghsaLinks);
}

// CVE JSON 5 metric keys, newest first.
const CVE_METRICS: readonly string[] = ['cvssV4_0', 'cvssV3_1', 'cvssV3_0', 'cvssV2_0'];

function addCveScores(into: StatedScore[], metrics: unknown, source: string | undefined): void {
  for (const item of asList(metrics)) {
    const metric = asRecord(item);
    if (!metric) continue;
    for (const key of CVE_METRICS) {
      const cvss = asRecord(metric[key]);
      const vector = asText(cvss?.vectorString);
      if (!vector) continue;
      const score: StatedScore = { vector };
      if (typeof cvss?.baseScore === 'number') score.statedScore = cvss.baseScore;
      if (source) score.source = source;
      into.push(score);
    }
  }
}

function addProblemTypes(into: AdvisoryDraft['cwes'], problemTypes: unknown): void {
  for (const problemType of asList(problemTypes)) {
    for (const item of asList(asRecord(problemType)?.descriptions)) {
      const description = asRecord(item);
      const cwe = cweOf(asText(description?.cweId), asText(description?.description));
      if (cwe) into.push(cwe);
    }
  }
}

export function cveDraft(record: unknown): AdvisoryDraft {
  const root = asRecord(record) ?? {};
  const metadata = asRecord(root.cveMetadata) ?? {};
  const containers = asRecord(root.containers) ?? {};
  const cna = asRecord(containers.cna) ?? {};
  const adps = asList(containers.adp);
  const cveId = asText(metadata.cveId);
  const rejected = metadata.state === 'REJECTED';
  const cnaName = asText(asRecord(cna.providerMetadata)?.shortName) ?? asText(metadata.assignerShortName);
  const description = englishText(asList(rejected ? cna.rejectedReasons : cna.descriptions));

  const draft: AdvisoryDraft = {
    documentId: cveId,
    documentVersion: asText(metadata.dateUpdated) ?? asText(metadata.datePublished) ?? asText(metadata.dateRejected),
    publisher: { name: cnaName ?? 'unknown CNA' },
    title: asText(cna.title) ?? headline(description),
    description,
    published: asText(metadata.datePublished),
    updated: asText(metadata.dateUpdated) ?? asText(metadata.dateRejected),
    cveIds: cveId ? [cveId] : [],
    aliases: [],
    cwes: [],
    scores: [],
    references: [],
    productCount: asList(cna.affected).length,
  };
  if (rejected) draft.status = 'rejected';
  // GitHub as CNA names its advisory in `source.advisory`.
  const advisory = asText(asRecord(cna.source)?.advisory);
  const namesAdvisory = advisory !== undefined && GHSA_ID.test(advisory);
  if (namesAdvisory) draft.aliases.push(advisory);

  // The CNA first: its score and references name a vector or a link before an ADP repeats it.
  addCveScores(draft.scores, cna.metrics, cnaName);
  addProblemTypes(draft.cwes, cna.problemTypes);
  const ghsaLinks = new Set<string>();
  for (const reference of asList(cna.references)) addReference(draft.references, ghsaLinks, reference);
  for (const item of adps) {
    const adp = asRecord(item);
    if (!adp) continue;
    addCveScores(draft.scores, adp.metrics, asText(asRecord(adp.providerMetadata)?.shortName));
    addProblemTypes(draft.cwes, adp.problemTypes);
    for (const reference of asList(adp.references)) addReference(draft.references, ghsaLinks, reference);
  }
  if (!namesAdvisory) addGhsaAlias(draft.aliases, ghsaLinks);
  return draft;
}

// NVD API 2.0 metric keys, newest first.
const NVD_METRICS: readonly string[] = ['cvssMetricV40', 'cvssMetricV31', 'cvssMetricV30', 'cvssMetricV2'];

function addNvdScores(into: StatedScore[], metrics: Record<string, unknown>): void {
  for (const key of NVD_METRICS) {
    const list = asList(metrics[key]);
    // NVD's primary score (its own) before a secondary (the CNA's) with the same vector.
    for (const primary of [true, false]) {
      for (const item of list) {
        const metric = asRecord(item);
        if (!metric || (metric.type === 'Primary') !== primary) continue;
        const cvss = asRecord(metric.cvssData);
        const vector = asText(cvss?.vectorString);
        if (!vector) continue;
        const score: StatedScore = { vector };
        if (typeof cvss?.baseScore === 'number') score.statedScore = cvss.baseScore;
        const source = asText(metric.source);
        if (source) score.source = source;
        into.push(score);
      }
    }
  }
}

/** The CPE matches of NVD's configurations, however deep their nodes. */
function cpeMatchCount(configurations: unknown): number {
  let count = 0;
  for (const configuration of asList(configurations)) {
    for (const node of asList(asRecord(configuration)?.nodes)) count += asList(asRecord(node)?.cpeMatch).length;
  }
  return count;
}

/** An NVD API 2.0 CVE item: `{ cve: {…} }` as the response lists it, or the `cve` object itself. */
export function nvdDraft(item: unknown): AdvisoryDraft {
  const root = asRecord(item) ?? {};
  const cve = asRecord(root.cve) ?? root;
  const id = asText(cve.id);
  const description = englishText(asList(cve.descriptions));

  const draft: AdvisoryDraft = {
    documentId: id,
    documentVersion: asText(cve.lastModified),
    publisher: { name: 'NVD', namespace: 'https://nvd.nist.gov' },
    title: headline(description),
    description,
    published: asText(cve.published),
    updated: asText(cve.lastModified),
    cveIds: id ? [id] : [],
    aliases: [],
    cwes: [],
    scores: [],
    references: [],
    productCount: cpeMatchCount(cve.configurations),
  };
  if (cve.vulnStatus === 'Rejected') draft.status = 'rejected';
  addNvdScores(draft.scores, asRecord(cve.metrics) ?? {});
  for (const weakness of asList(cve.weaknesses)) {
    for (const item of asList(asRecord(weakness)?.description)) {
      // NVD-CWE-noinfo and NVD-CWE-Other say there is no CWE to name.
      const cwe = cweOf(undefined, asText(asRecord(item)?.value));
      if (cwe) draft.cwes.push({ id: cwe.id });
    }
  }
  const ghsaLinks = new Set<string>();
  for (const reference of asList(cve.references)) addReference(draft.references, ghsaLinks, reference);
  addGhsaAlias(draft.aliases, ghsaLinks);
  return draft;
}
