// What a CSAF 2.0 document says for its summary (CSAF 2.1's cvss_v4 and cwes are read where present).
import { asList, asRecord, asText } from './delivery-documents.ts';
import type { AdvisoryDraft, StatedScore } from './summarise.ts';
import type { AdvisoryReference, AdvisorySummary, TlpLabel } from './summary.ts';

const STATUSES = new Set(['draft', 'interim', 'final']);

// TLP 2.0 words in TLP 1.0's: CLEAR is WHITE. AMBER+STRICT has no TLP 1.0 word; it is read as RED, the stricter
// neighbour, so the register never shares it wider than the publisher allowed.
const TLP: Record<string, TlpLabel> = {
  WHITE: 'WHITE',
  CLEAR: 'WHITE',
  GREEN: 'GREEN',
  AMBER: 'AMBER',
  'AMBER+STRICT': 'RED',
  RED: 'RED',
};

function tlpOf(document: Record<string, unknown>): TlpLabel | undefined {
  const label = asText(asRecord(asRecord(document.distribution)?.tlp)?.label);
  return label ? TLP[label.toUpperCase()] : undefined;
}

/** The first note of the first category that has one: the summary, else the description. */
function descriptionOf(notes: readonly unknown[]): string | undefined {
  for (const category of ['summary', 'description']) {
    for (const note of notes) {
      const record = asRecord(note);
      if (record?.category === category && asText(record.text)) return record.text as string;
    }
  }
  return undefined;
}

function addReferences(into: AdvisoryReference[], references: unknown): void {
  for (const item of asList(references)) {
    const record = asRecord(item);
    const url = asText(record?.url);
    if (!record || !url) continue;
    const reference: AdvisoryReference = { url };
    const category = asText(record.category);
    if (category) reference.category = category;
    const summary = asText(record.summary);
    if (summary && summary !== url) reference.summary = summary; // Red Hat repeats the URL as its summary
    into.push(reference);
  }
}

function addCwe(into: AdvisoryDraft['cwes'], value: unknown): void {
  const record = asRecord(value);
  const id = asText(record?.id);
  if (!id) return;
  const name = asText(record?.name);
  into.push(name ? { id, name } : { id });
}

function addScores(into: StatedScore[], scores: unknown): void {
  for (const item of asList(scores)) {
    const record = asRecord(item);
    if (!record) continue;
    for (const key of ['cvss_v4', 'cvss_v3', 'cvss_v2']) {
      const cvss = asRecord(record[key]);
      const vector = asText(cvss?.vectorString);
      if (!vector) continue;
      const baseScore = cvss?.baseScore;
      into.push(typeof baseScore === 'number' ? { vector, statedScore: baseScore } : { vector });
    }
  }
}

/**
 * How many full product names the product tree gives: its own list, every branch's product and every
 * relationship's. Counted by product id (CSAF makes them unique); the branches are walked without recursion.
 */
export function csafProductCount(productTree: unknown): number {
  const tree = asRecord(productTree);
  if (!tree) return 0;
  const ids = new Set<string>();
  let withoutId = 0;
  const count = (value: unknown) => {
    const product = asRecord(value);
    if (!product) return;
    const id = asText(product.product_id);
    if (id) ids.add(id);
    else withoutId++;
  };
  for (const product of asList(tree.full_product_names)) count(product);
  for (const relationship of asList(tree.relationships)) count(asRecord(relationship)?.full_product_name);
  const branches: unknown[] = [];
  for (const branch of asList(tree.branches)) branches.push(branch);
  for (let branch = branches.pop(); branch !== undefined; branch = branches.pop()) {
    const record = asRecord(branch);
    if (!record) continue;
    count(record.product);
    for (const child of asList(record.branches)) branches.push(child);
  }
  return ids.size + withoutId;
}

export function csafDraft(csaf: unknown): AdvisoryDraft {
  const root = asRecord(csaf) ?? {};
  const document = asRecord(root.document) ?? {};
  const tracking = asRecord(document.tracking) ?? {};
  const publisher = asRecord(document.publisher) ?? {};

  const draft: AdvisoryDraft = {
    documentId: asText(tracking.id),
    // The schema makes the version a string; a number slips through some generators.
    documentVersion: typeof tracking.version === 'number' ? String(tracking.version) : asText(tracking.version),
    publisher: { name: asText(publisher.name) ?? 'unknown publisher' },
    title: asText(document.title),
    description: descriptionOf(asList(document.notes)),
    published: asText(tracking.initial_release_date),
    updated: asText(tracking.current_release_date),
    cveIds: [],
    aliases: [],
    cwes: [],
    scores: [],
    references: [],
    tlp: tlpOf(document),
    productCount: csafProductCount(root.product_tree),
  };
  const namespace = asText(publisher.namespace);
  if (namespace) draft.publisher.namespace = namespace;
  const category = asText(publisher.category);
  if (category) draft.publisher.category = category;
  const status = asText(tracking.status);
  if (status && STATUSES.has(status)) draft.status = status as AdvisorySummary['status'];

  addReferences(draft.references, document.references);
  for (const item of asList(root.vulnerabilities)) {
    const vulnerability = asRecord(item);
    if (!vulnerability) continue;
    const cve = asText(vulnerability.cve);
    if (cve) draft.cveIds.push(cve);
    for (const id of asList(vulnerability.ids)) {
      const text = asText(asRecord(id)?.text);
      if (text) draft.aliases.push(text);
    }
    addCwe(draft.cwes, vulnerability.cwe);
    for (const cwe of asList(vulnerability.cwes)) addCwe(draft.cwes, cwe);
    addScores(draft.scores, vulnerability.scores);
    addReferences(draft.references, vulnerability.references);
  }
  return draft;
}
