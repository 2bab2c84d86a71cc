// What a delivery became (X.1052 12.2.1 a): its documents read from the raw bytes, each validated (CSAF's
// schema and mandatory tests, OSV's schema, CVE structure) before it is accepted; a rejected one is kept on the
// delivery with its reasons and announced. The source's health counts each delivery once.
import { countOnce } from '@ismf/store/counters';
import { entityView, getEntity, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { blobStore, objectKey, readObject, type BlobStore } from '@ismf/store/blob-store';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { ZodError } from 'zod';
import { takeKevCatalog } from './kev.ts';
import type { TableAccess } from '@ismf/core/access';
import { storeAdvisory } from './advisories.ts';
import { documentsOf } from './documents/delivery-documents.ts';
import { summarise } from './documents/summarise.ts';
import type { AdvisoryFormat } from './documents/summary.ts';
import { productsOf } from './products/products.ts';
import { validateAdvisory, type ValidationReason } from './documents/validation.ts';
import {
  advisoryDeliveryEntity,
  advisorySourceEntity,
  advisorySourceHealthEntity,
  advisorySourceHealthMarkEntity,
  type AdvisoryDeliveryData,
  type AdvisorySourceData,
  type DocumentOutcome,
} from './entities.ts';
import { advisoryRejected } from './events.ts';
import type { DeliveryState } from './rules.ts';

/** Outcomes kept on the delivery, and rejections announced, per delivery (a batch may hold thousands). */
const KEPT_OUTCOMES = 100;
const ANNOUNCED_REJECTIONS = 20;
const MARK_SECONDS = 8 * 86_400;

function stateOf(counts: { accepted: number; duplicate: number; rejected: number }): DeliveryState {
  if (counts.rejected === 0) return 'accepted';
  return counts.accepted + counts.duplicate > 0 ? 'partly-accepted' : 'rejected';
}

/** Validates and stores each document of a received delivery; a delivery already processed is left as it is. */
export async function processDelivery(ctx: WriteContext, tenantId: string, deliveryId: string, access: TableAccess) {
  const delivery = await getEntity<AdvisoryDeliveryData>(tenantId, advisoryDeliveryEntity.type, deliveryId);
  if (!delivery || delivery.data.state !== 'received') return undefined;
  const source = await getEntity<AdvisorySourceData>(tenantId, advisorySourceEntity.type, delivery.data.sourceId);
  const formats = source?.data.formats ?? [];
  const store = blobStore(tenantId, access);
  const bytes = await readObject(store, delivery.data.rawKey);
  if (delivery.data.pulled?.feedKind === 'kev') return settle(ctx, tenantId, delivery, await kevOutcomes(ctx, tenantId, bytes));
  const { documents, errors } = documentsOf(bytes, delivery.data.mediaType);

  const outcomes: DocumentOutcome[] = errors.map((error) => ({
    index: error.index,
    outcome: 'rejected',
    reasons: [{ path: `[${error.index}]`, message: error.message }],
  }));
  for (const { index, format, document } of documents) {
    let reasons: ValidationReason[] | undefined;
    if (!formats.includes(format)) reasons = [{ path: '', message: `this source sends ${formats.join(', ') || 'nothing'}, not ${format}` }];
    else {
      const verdict = await validateAdvisory(format, document);
      if (!verdict.valid) reasons = verdict.reasons;
    }
    if (reasons) {
      outcomes.push({ index, format, outcome: 'rejected', reasons });
      continue;
    }
    const summary = summarise(format, document);
    const productsKey = await keepProducts(store, tenantId, delivery.data.sha256, index, format, document);
    const stored = await storeAdvisory(ctx, tenantId, {
      productsKey,
      sourceId: delivery.data.sourceId,
      deliveryId,
      rawKey: delivery.data.rawKey,
      rawSha256: delivery.data.sha256,
      receivedAt: delivery.data.receivedAt,
      summary,
    });
    outcomes.push({
      index,
      format,
      outcome: stored.outcome,
      documentId: summary.documentId,
      documentVersion: summary.documentVersion,
      advisoryId: stored.advisoryId,
    });
  }
  return settle(ctx, tenantId, delivery, outcomes);
}

/**
 * The document's affected products, normalised once on acceptance and kept beside the raw bytes: matching
 * (and every re-match) reads them without parsing the delivery again. Keyed by the delivery's digest and the
 * document's place in it, so that a retry writes the same object.
 */
async function keepProducts(store: BlobStore, tenantId: string, sha256: string, index: number, format: AdvisoryFormat, document: unknown) {
  const key = objectKey(tenantId, 'advisory-products', `${sha256}-${index}.json`);
  if (!(await store.stat(key))) await store.put(key, Buffer.from(JSON.stringify(productsOf(format, document))), 'application/json');
  return key;
}

/** A KEV catalog is one document: accepted (its new CVEs kept, advisories marked) or rejected with the reason. */
async function kevOutcomes(ctx: WriteContext, tenantId: string, bytes: Buffer): Promise<DocumentOutcome[]> {
  try {
    const taken = await takeKevCatalog(ctx, tenantId, bytes);
    return [{ index: 0, outcome: 'accepted', documentId: `KEV ${taken.catalogVersion}`, documentVersion: taken.catalogVersion, kev: taken }];
  } catch (error) {
    if (!(error instanceof ZodError) && !(error instanceof SyntaxError)) throw error;
    return [{ index: 0, outcome: 'rejected', reasons: [{ test: 'schema', path: '', message: `not a KEV catalog: ${error.message.slice(0, 300)}` }] }];
  }
}

async function settle(ctx: WriteContext, tenantId: string, delivery: StoredEntity<AdvisoryDeliveryData>, outcomes: DocumentOutcome[]) {
  const deliveryId = delivery.id;
  outcomes.sort((a, b) => a.index - b.index);
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  for (const outcome of outcomes) counts[outcome.outcome]++;

  const work = new UnitOfWork(ctx);
  const state = stateOf(counts);
  work.update(advisoryDeliveryEntity, delivery, {
    ...delivery.data,
    state,
    processedAt: work.at,
    documents: outcomes.length,
    counts,
    outcomes: outcomes.slice(0, KEPT_OUTCOMES),
  });
  for (const rejected of outcomes.filter((outcome) => outcome.outcome === 'rejected').slice(0, ANNOUNCED_REJECTIONS)) {
    work.event(
      advisoryRejected.of(tenantId, { deliveryId, sourceId: delivery.data.sourceId, index: rejected.index, reasons: (rejected.reasons ?? []).slice(0, 10) }),
    );
  }
  await work.commit();

  const firstFailure = outcomes.find((outcome) => outcome.outcome === 'rejected')?.reasons?.[0];
  await countOnce(advisorySourceHealthEntity, tenantId, delivery.data.sourceId, {
    increments: [
      { path: ['deliveries'], by: 1 },
      { path: ['accepted'], by: counts.accepted },
      { path: ['rejected'], by: counts.rejected },
      { path: ['duplicates'], by: counts.duplicate },
    ],
    set: {
      lastDeliveryAt: delivery.data.receivedAt,
      ...(counts.accepted + counts.duplicate > 0 ? { lastSuccessAt: work.at } : {}),
      ...(firstFailure
        ? { lastFailureAt: work.at, lastFailure: `${firstFailure.test ? `${firstFailure.test}: ` : ''}${firstFailure.message}`.slice(0, 500) }
        : {}),
    },
    markers: { model: advisorySourceHealthMarkEntity, ids: [deliveryId], ttlSeconds: MARK_SECONDS, data: () => ({ deliveryId }) },
  });
  return { state, counts };
}

export async function getDelivery(tenantId: string, id: string) {
  return entityView(await requireEntity<AdvisoryDeliveryData>(tenantId, advisoryDeliveryEntity.type, id, `advisory delivery ${id}`));
}

/** Deliveries newest first: of one state (`rejected`), of one source, or all. */
export async function listDeliveries(tenantId: string, filter: { state?: DeliveryState; sourceId?: string }, page: PageRequest) {
  const options = { page, descending: true };
  const result = filter.state
    ? await queryPatternPage(
        advisoryDeliveryEntity,
        'byState',
        tenantId,
        { state: filter.state },
        { ...options, ...(filter.sourceId ? { where: { sourceId: filter.sourceId } } : {}) },
      )
    : filter.sourceId
      ? await queryPatternPage(advisoryDeliveryEntity, 'bySource', tenantId, { sourceId: filter.sourceId }, options)
      : await queryPatternPage(advisoryDeliveryEntity, 'list', tenantId, {}, options);
  return { items: result.items.map((item) => entityView(item)), ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}
