// Accepting a validated document as an advisory: one record per document id and version per tenant (the same
// version twice is stored once), a newer version superseding the older (both kept: the history), and each of
// its vulnerabilities — a CVE id, or for a document without one its aliases — linked across sources, so that
// the fifth source announcing a CVE does not tell anyone anything new.
import { derivedId } from '@ismf/core/ids';
import { getEntities, getEntity } from '@ismf/store/entities';
import { uniqueHolder, uniqueHolders } from '@ismf/store/uniques';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { advisoryAccepted } from './events.ts';
import { knownExploited } from './kev.ts';
import {
  advisoryDocumentEntity,
  advisoryEntity,
  advisoryVulnerabilityEntity,
  vulnerabilityEntity,
  type AdvisoryData,
  type AdvisoryDocumentData,
  type VulnerabilityData,
} from './entities.ts';
import { SEVERITIES, type AdvisorySummary, type Severity } from './documents/summary.ts';

/** A transaction holds 100 items: a document's first vulnerabilities are linked (each costs up to 3 items). */
export const MAX_LINKED_VULNERABILITIES = 20;
/** Aliases claimed per vulnerability (GHSA, OSV, vendor ids): more are kept on the record, not as links. */
/** Another writer got there first: a record created (409) or moved on (412) meanwhile. */
const RACED = [409, 412];
const MAX_CLAIMED_ALIASES = 4;
export const ALIAS = 'vulnerability-alias';
const DOCUMENT_VERSION = 'advisory-document-version';
// Derived ids of records that belong to no moment (a vulnerability, a document across versions): from the epoch's ULID.
const ID_SEED = '00000000000000000000000000';
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

export type StoreOutcome = { outcome: 'accepted' | 'duplicate'; advisoryId: string };

export interface AcceptedDocument {
  sourceId: string;
  deliveryId: string;
  rawKey: string;
  rawSha256: string;
  receivedAt: string;
  summary: AdvisorySummary;
  /** The document's affected products, normalised (products/products.ts) and kept beside the raw bytes. */
  productsKey?: string;
}

const higher = (a: Severity | undefined, b: Severity | undefined) =>
  a === undefined ? b : b === undefined ? a : SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;

/** Whether version `a` of a document is newer than `b`: by its update time, then its version (numerically where numeric). */
export function isNewer(a: { updated?: string; version: string }, b: { updated?: string; version: string }): boolean {
  if (a.updated && b.updated && a.updated !== b.updated) return a.updated > b.updated;
  return a.version.localeCompare(b.version, 'en', { numeric: true }) > 0;
}

/** The vulnerabilities a document names: one per CVE id; aliases join a lone CVE, or stand for it when there is none. */
export function vulnerabilitiesOf(summary: AdvisorySummary): { identifier: string; aliases: string[] }[] {
  const cves = [...new Set(summary.cveIds.filter((id) => CVE_ID.test(id)))];
  const others = [...new Set(summary.aliases.filter((alias) => !CVE_ID.test(alias)))];
  if (cves.length === 1) return [{ identifier: cves[0]!, aliases: others }];
  if (cves.length > 1) return cves.map((identifier) => ({ identifier, aliases: [] }));
  const [first = summary.documentId, ...rest] =
    summary.format === 'osv' ? [summary.documentId, ...others.filter((alias) => alias !== summary.documentId)] : others;
  return [{ identifier: first, aliases: rest }];
}

function advisoryData(input: AcceptedDocument, vulnerabilityIds: string[]): AdvisoryData {
  const { summary } = input;
  return {
    sourceId: input.sourceId,
    deliveryId: input.deliveryId,
    format: summary.format,
    documentId: summary.documentId,
    documentVersion: summary.documentVersion,
    publisher: summary.publisher,
    title: summary.title,
    ...(summary.description ? { description: summary.description } : {}),
    ...(summary.published ? { published: summary.published } : {}),
    ...(summary.updated ? { updated: summary.updated } : {}),
    listedAt: summary.published ?? summary.updated ?? input.receivedAt,
    ...(summary.status ? { documentStatus: summary.status } : {}),
    cveIds: summary.cveIds.slice(0, 200),
    aliases: summary.aliases.slice(0, 100),
    cwes: summary.cwes.slice(0, 50),
    cvss: summary.cvss.slice(0, 50),
    ...(summary.severity ? { severity: summary.severity } : {}),
    references: summary.references.slice(0, 100),
    ...(summary.tlp ? { tlp: summary.tlp } : {}),
    productCount: summary.productCount,
    kev: false,
    state: 'current',
    vulnerabilityIds,
    rawKey: input.rawKey,
    rawSha256: input.rawSha256,
    ...(input.productsKey ? { productsKey: input.productsKey } : {}),
  };
}

/**
 * Stores one accepted document. Idempotent: a document id and version already held answers `duplicate` (or
 * `accepted` when this very delivery stored it: a consumer's retry). A race on a shared vulnerability or the
 * document's versions is retried from fresh reads.
 */
export async function storeAdvisory(ctx: WriteContext, tenantId: string, input: AcceptedDocument): Promise<StoreOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await storeOnce(ctx, tenantId, input);
    } catch (error) {
      if (!RACED.includes((error as { status?: number }).status ?? 0) || attempt >= 4) throw error;
    }
  }
}

async function storeOnce(ctx: WriteContext, tenantId: string, input: AcceptedDocument): Promise<StoreOutcome> {
  const { summary } = input;
  const versionKey = `${summary.format}#${summary.documentId}#${summary.documentVersion}`;
  const held = await uniqueHolder(tenantId, DOCUMENT_VERSION, versionKey);
  if (held) {
    const existing = await getEntity<AdvisoryData>(tenantId, advisoryEntity.type, held);
    return { outcome: existing?.data.deliveryId === input.deliveryId ? 'accepted' : 'duplicate', advisoryId: held };
  }

  const named = vulnerabilitiesOf(summary).slice(0, MAX_LINKED_VULNERABILITIES);
  const identifiers = named.flatMap((vulnerability) => [vulnerability.identifier, ...vulnerability.aliases.slice(0, MAX_CLAIMED_ALIASES)]);
  const holders = await uniqueHolders(tenantId, ALIAS, identifiers);
  const ids = named.map(
    (vulnerability) =>
      [vulnerability.identifier, ...vulnerability.aliases].map((alias) => holders.get(alias)).find(Boolean) ??
      derivedId(ID_SEED, 'vulnerability', tenantId, vulnerability.identifier),
  );
  const documentId = derivedId(ID_SEED, 'advisory-document', summary.format, summary.documentId);
  const found = await getEntities(tenantId, [
    ...ids.map((id) => ({ type: vulnerabilityEntity.type, id })),
    { type: advisoryDocumentEntity.type, id: documentId },
  ]);
  const head = found<AdvisoryDocumentData>(advisoryDocumentEntity.type, documentId);
  const kev = (await knownExploited(tenantId, summary.cveIds.slice(0, 100))).size > 0;

  const work = new UnitOfWork(ctx);
  const advisoryId = derivedId(input.deliveryId, 'advisory', versionKey);
  const data = { ...advisoryData(input, [...new Set(ids)]), ...(kev ? { kev: true, kevListed: 'yes' as const } : {}) };
  const incoming = { updated: summary.updated, version: summary.documentVersion };
  const newest = !head || isNewer(incoming, { updated: head.data.updated, version: head.data.version });
  let supersedes: string | undefined;
  if (head && newest) {
    const older = await getEntity<AdvisoryData>(tenantId, advisoryEntity.type, head.data.advisoryId);
    if (older && older.data.state === 'current') {
      work.update(advisoryEntity, older, { ...older.data, state: 'superseded', supersededBy: advisoryId });
      supersedes = older.id;
    }
  }
  const advisory = work.create(advisoryEntity, tenantId, advisoryId, newest ? data : { ...data, state: 'superseded', supersededBy: head!.data.advisoryId });
  work.unique(tenantId, DOCUMENT_VERSION, versionKey, 'documentVersion', advisoryId);
  const headData: AdvisoryDocumentData = {
    format: summary.format,
    documentId: summary.documentId,
    versions: (head?.data.versions ?? 0) + 1,
    ...(newest
      ? { advisoryId, version: summary.documentVersion, ...(summary.updated ? { updated: summary.updated } : {}) }
      : { advisoryId: head!.data.advisoryId, version: head!.data.version, ...(head!.data.updated ? { updated: head!.data.updated } : {}) }),
  };
  if (head) work.update(advisoryDocumentEntity, head, headData);
  else work.create(advisoryDocumentEntity, tenantId, documentId, headData);

  let firstOfVulnerability = false;
  const linked = new Set<string>();
  named.forEach((vulnerability, index) => {
    const id = ids[index]!;
    if (linked.has(id)) return;
    linked.add(id);
    const before = found<VulnerabilityData>(vulnerabilityEntity.type, id);
    const aliases = [...new Set([...(before?.data.aliases ?? []), vulnerability.identifier, ...vulnerability.aliases])].slice(0, 50);
    const next: VulnerabilityData = {
      identifier: before?.data.identifier ?? vulnerability.identifier,
      aliases,
      title: before?.data.title ?? summary.title,
      advisories: (before?.data.advisories ?? 0) + 1,
      sources: [...new Set([...(before?.data.sources ?? []), input.sourceId])].slice(0, 50),
      ...(higher(before?.data.severity, summary.severity) ? { severity: higher(before?.data.severity, summary.severity)! } : {}),
      kev: (before?.data.kev ?? false) || kev,
      firstSeenAt: before?.data.firstSeenAt ?? work.at,
      lastAdvisoryAt: work.at,
    };
    if (before) work.update(vulnerabilityEntity, before, next);
    else {
      firstOfVulnerability = true;
      work.create(vulnerabilityEntity, tenantId, id, next);
    }
    for (const alias of [vulnerability.identifier, ...vulnerability.aliases.slice(0, MAX_CLAIMED_ALIASES)]) {
      if (!holders.has(alias)) work.unique(tenantId, ALIAS, alias, 'aliases', id);
    }
    work.child(advisoryVulnerabilityEntity, tenantId, advisoryId, id, { advisoryId, vulnerabilityId: id, listedAt: advisory.data.listedAt });
  });

  if (newest) {
    work.event(
      advisoryAccepted.of(tenantId, {
        advisoryId,
        sourceId: input.sourceId,
        format: summary.format,
        documentId: summary.documentId,
        documentVersion: summary.documentVersion,
        title: summary.title.slice(0, 500),
        publisher: summary.publisher.name,
        cveIds: summary.cveIds.slice(0, 100),
        ...(summary.severity ? { severity: summary.severity } : {}),
        kev,
        ...(summary.tlp ? { tlp: summary.tlp } : {}),
        vulnerabilityIds: [...linked],
        firstOfVulnerability,
        ...(supersedes ? { supersedes } : {}),
      }),
    );
  }
  await work.commit();
  return { outcome: 'accepted', advisoryId };
}
