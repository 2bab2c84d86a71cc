// Advisories entered by hand (X.1052 12.2.1 a): an announcement a security officer read elsewhere — a vendor's
// mail, a CERT's page, a call — or a weakness report triaged into one. It is checked as a parsed document is
// (CVSS vectors scored, the source the tenant's), its entry kept as its raw document under the tenant's prefix,
// and stored through the same storeAdvisory as a delivered document: one per document id and version, linked
// to every source's advisories of its vulnerabilities, announced with AdvisoryAccepted.
import type { TableAccess } from '@ismf/core/access';
import { sha256Hex } from '@ismf/core/canonical';
import { newId } from '@ismf/core/ids';
import { problems, type FieldError } from '@ismf/core/problems';
import { blobStore, objectKey, type BlobStore } from '@ismf/store/blob-store';
import { entityView, getEntity, requireEntity } from '@ismf/store/entities';
import { runIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { storeAdvisory } from './advisories.ts';
import { highestSeverity, scoreOf } from './documents/cvss.ts';
import type { AdvisorySummary, CvssScore } from './documents/summary.ts';
import { advisoryEntity, advisorySourceEntity, type AdvisoryData } from './entities.ts';
import type { ManualAdvisoryInput, TriageAdvisoryInput } from './entry-rules.ts';
import { enteredProductErrors, enteredProducts } from './products/manual-products.ts';

/** The source of an advisory entered by hand without one. */
export const MANUAL_SOURCE = 'manual';
/** Where the entries are kept as raw documents: `<tenant>/advisory-entries/<entry or report id>`. */
const ENTRIES = 'advisory-entries';
/** The unique value that tells which of concurrent retries under one Idempotency-Key made the entry. */
const ENTRY_CLAIM = 'advisory-entry';

export interface CheckedEntry {
  input: TriageAdvisoryInput & { documentId?: string };
  cvss: CvssScore[];
}

/**
 * Checks an entry before anything is written: each CVSS vector must score (400 naming its index), a named
 * source must be the tenant's (422), an update cannot precede the publication (400).
 */
export async function checkManualAdvisory(tenantId: string, input: CheckedEntry['input'], path = 'body'): Promise<CheckedEntry> {
  const cvss: CvssScore[] = [];
  const invalid: FieldError[] = [];
  (input.cvssVectors ?? []).forEach((vector, index) => {
    const score = scoreOf(vector);
    if (score) cvss.push(score);
    else invalid.push({ path: `${path}.cvssVectors.${index}`, message: 'not a complete, valid CVSS 2.0, 3.0, 3.1 or 4.0 vector: it has no score' });
  });
  invalid.push(...enteredProductErrors(input.products ?? [], path));
  if (input.published && input.updated && Date.parse(input.updated) < Date.parse(input.published)) {
    invalid.push({ path: `${path}.updated`, message: 'earlier than published' });
  }
  if (invalid.length) throw problems.invalid('the advisory cannot be taken as entered', invalid);
  if (input.sourceId && !(await getEntity(tenantId, advisorySourceEntity.type, input.sourceId))) {
    throw problems.unprocessable('the advisory names a source the tenant does not have', [
      { path: `${path}.sourceId`, message: 'no advisory source of this tenant has this id' },
    ]);
  }
  return { input, cvss };
}

const utc = (time: string | undefined) => (time ? new Date(time).toISOString() : undefined);

function summaryOf({ input, cvss }: CheckedEntry, documentId: string): AdvisorySummary {
  const severity = highestSeverity(cvss);
  const published = utc(input.published);
  const updated = utc(input.updated);
  return {
    format: 'manual',
    documentId,
    documentVersion: input.documentVersion ?? '1',
    publisher: input.publisher,
    title: input.title,
    ...(input.description ? { description: input.description } : {}),
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
    cveIds: input.cveIds ?? [],
    aliases: [...new Set(input.aliases ?? [])],
    cwes: input.cwes ?? [],
    cvss,
    ...(severity ? { severity } : {}),
    references: input.references ?? [],
    ...(input.tlp ? { tlp: input.tlp } : {}),
    productCount: input.products?.length ?? 0,
  };
}

/** Keeps the entry's bytes once: a retry finds them there (S3 refuses an overwrite; locally nothing is rewritten). */
async function keepRaw(store: BlobStore, key: string, bytes: Buffer): Promise<void> {
  if (await store.stat(key)) return;
  try {
    await store.put(key, bytes, 'application/json');
  } catch (error) {
    // A concurrent retry wrote them first.
    if (!(await store.stat(key))) throw error;
  }
}

export interface EntryToStore {
  /** The entry's id (a manual entry's, or the weakness report's): the advisory's delivery. */
  entryId: string;
  documentId: string;
  checked: CheckedEntry;
  /** The raw document: what was entered, by whom. The same on a retry, so that its digest holds. */
  raw: Record<string, unknown>;
  path?: string;
}

/** Stores a checked entry as an advisory; the same document id and version entered before by another entry is a 409. */
export async function storeManualAdvisory(ctx: WriteContext, tenantId: string, entry: EntryToStore, access: TableAccess): Promise<string> {
  const summary = summaryOf(entry.checked, entry.documentId);
  const key = objectKey(tenantId, ENTRIES, entry.entryId);
  const bytes = Buffer.from(JSON.stringify(entry.raw));
  const store = blobStore(tenantId, access);
  await keepRaw(store, key, bytes);
  // The entered products, normalised as a delivered document's are: matching reads them the same way.
  const entered = entry.checked.input.products ?? [];
  const productsKey = entered.length ? objectKey(tenantId, 'advisory-products', `${entry.entryId}.json`) : undefined;
  if (productsKey) {
    const vulnerabilities = summary.cveIds.length ? summary.cveIds : [summary.documentId];
    await keepRaw(store, productsKey, Buffer.from(JSON.stringify(enteredProducts(entered, vulnerabilities))));
  }
  const stored = await storeAdvisory(ctx, tenantId, {
    ...(productsKey ? { productsKey } : {}),
    sourceId: entry.checked.input.sourceId ?? MANUAL_SOURCE,
    deliveryId: entry.entryId,
    rawKey: key,
    rawSha256: sha256Hex(bytes),
    receivedAt: new Date().toISOString(),
    summary,
  });
  if (stored.outcome === 'duplicate') {
    throw problems.conflict(
      `${summary.documentId} version ${summary.documentVersion} was entered already (advisory ${stored.advisoryId}): a higher documentVersion supersedes it`,
      [{ path: `${entry.path ?? 'body'}.documentVersion`, message: 'this document id and version is held already' }],
    );
  }
  return stored.advisoryId;
}

/** An advisory as the API shows it (GET /advisories/{id} adds the raw document's link). */
export async function advisoryAnswer(tenantId: string, advisoryId: string) {
  const advisory = await requireEntity<AdvisoryData>(tenantId, advisoryEntity.type, advisoryId, `advisory ${advisoryId}`);
  const { kevListed: _kevListed, rawKey: _rawKey, ...data } = advisory.data;
  return entityView({ ...advisory, data });
}

/** Whether this call made the entry: of concurrent retries under one key, the one whose claim of the entry id lands. */
async function claimEntry(ctx: WriteContext, tenantId: string, entryId: string): Promise<boolean> {
  const work = new UnitOfWork(ctx);
  work.unique(tenantId, ENTRY_CLAIM, entryId, 'header.idempotency-key', entryId);
  try {
    await work.commit();
    return true;
  } catch (error) {
    if ((error as { status?: number }).status !== 409) throw error;
    return false;
  }
}

/**
 * POST /advisories. Checked before the Idempotency-Key is claimed (a refused entry leaves the key free for the
 * corrected one); the entry's id derives from the key's claim, so a retry — concurrent or after a failure part-way —
 * stores the very same advisory (storeAdvisory knows its own delivery's document), and only the call that made it
 * answers 201.
 */
export async function createManualAdvisory(
  ctx: WriteContext,
  tenantId: string,
  input: ManualAdvisoryInput,
  access: TableAccess,
  idempotency?: IdempotencyRequest,
) {
  const checked = await checkManualAdvisory(tenantId, input);
  let creator = true;
  const result = await runIdempotent(tenantId, ctx.operation, idempotency, async (base) => {
    const entryId = base ?? newId();
    if (base) creator = await claimEntry(ctx, tenantId, entryId);
    const advisoryId = await storeManualAdvisory(
      ctx,
      tenantId,
      {
        entryId,
        documentId: input.documentId ?? entryId,
        checked,
        raw: { entryId, enteredBy: ctx.actor.userId, advisory: input },
      },
      access,
    );
    return advisoryAnswer(tenantId, advisoryId);
  });
  return { response: result.response, replayed: result.replayed || !creator };
}
