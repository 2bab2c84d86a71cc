// A vendor's webhook (X.1052 12.2.1 a): accept fast. The signature authenticates (no user token): verified
// against the source's secrets (the previous one too, during its overlap), the raw bytes kept under the
// tenant's prefix, the delivery recorded with AdvisoryReceived in one transaction, and 202 answered; the
// documents are validated and stored from the event. A replay (a seen `webhook-id`, validly signed) answers the
// first delivery again: senders retry, and a 4xx would make them disable the endpoint.
import { createHash } from 'node:crypto';
import { isTenantId, newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { enterTenant } from '@ismf/handler/instrumented-handler';
import { callerAccess } from '@ismf/store/access';
import { blobStore, objectKey } from '@ismf/store/blob-store';
import { getEntity } from '@ismf/store/entities';
import { openSecret } from '@ismf/store/sealed-secrets';
import { uniqueHolder } from '@ismf/store/uniques';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import type { TableAccess } from '@ismf/core/access';
import { advisoryDeliveryEntity, advisorySourceEntity, type AdvisoryDeliveryData, type AdvisorySourceData, type SealedWebhookSecret } from './entities.ts';
import { advisoryReceived } from './events.ts';
import { secretRecord } from './sources.ts';
import { verifyWebhook } from './webhook-signature.ts';

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** One answer for every endpoint that cannot take this delivery: an unknown tenant or source tells nothing apart. */
const NOT_VERIFIED = 'no signature of this delivery verifies with the source’s secret';

/** Opened secrets, kept a few minutes: a burst of deliveries costs one KMS call per secret, not one each. */
const OPENED_TTL_MS = 5 * 60_000;
const opened = new Map<string, { key: Buffer; until: number }>();

async function keyOf(tenantId: string, sourceId: string, secret: SealedWebhookSecret): Promise<{ key: Buffer; generation: number }> {
  const cacheKey = `${tenantId}/${sourceId}/${secret.generation}/${secret.createdAt}`;
  const cached = opened.get(cacheKey);
  if (cached && cached.until > Date.now()) return { key: cached.key, generation: secret.generation };
  const key = await openSecret(secret.sealed, { tenantId, record: secretRecord(sourceId) });
  opened.set(cacheKey, { key, until: Date.now() + OPENED_TTL_MS });
  return { key, generation: secret.generation };
}

/** The secrets that verify now: the current one, and the previous one until its overlap ends. */
async function verifyingKeys(tenantId: string, source: StoredEntity<AdvisorySourceData>, now: number) {
  if (!source.data.secrets) return [];
  const { current, previous } = source.data.secrets;
  const secrets = [current, ...(previous?.validUntil && Date.parse(previous.validUntil) > now ? [previous] : [])];
  return Promise.all(secrets.map((secret) => keyOf(tenantId, source.id, secret)));
}

export interface ReceivedBody {
  mediaType: string;
  bytes: Buffer;
}

const answer = (delivery: StoredEntity<AdvisoryDeliveryData>, replayed: boolean) => ({
  id: delivery.id,
  sourceId: delivery.data.sourceId,
  state: delivery.data.state,
  receivedAt: delivery.data.receivedAt,
  bytes: delivery.data.bytes,
  replayed,
});

export async function receiveWebhook(
  operation: { name: string; access: TableAccess; requestId?: string },
  params: { tenantId: string; sourceId: string },
  headers: WebhookHeaders,
  body: ReceivedBody,
) {
  const { tenantId, sourceId } = params;
  if (!isTenantId(tenantId)) throw problems.unauthorized(NOT_VERIFIED);
  enterTenant(tenantId, { sourceId });
  const now = Date.now();
  const [source, access] = await Promise.all([
    getEntity<AdvisorySourceData>(tenantId, advisorySourceEntity.type, sourceId),
    callerAccess(tenantId, `webhook:${sourceId}`),
  ]);
  if (!source || source.data.status !== 'active' || access.tenantStatus !== 'active') throw problems.unauthorized(NOT_VERIFIED);
  const verdict = verifyWebhook(
    await verifyingKeys(tenantId, source, now),
    { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'] },
    body.bytes,
    now,
  );
  if (!verdict.valid) {
    throw problems.unauthorized(
      verdict.reason === 'stale' ? 'the webhook-timestamp is more than 5 minutes from now: a stale or replayed delivery' : NOT_VERIFIED,
    );
  }

  const replayOf = async () => {
    const holder = await uniqueHolder(tenantId, 'webhook-id', `${sourceId}#${headers['webhook-id']}`);
    const first = holder ? await getEntity<AdvisoryDeliveryData>(tenantId, advisoryDeliveryEntity.type, holder) : undefined;
    return first ? { status: 202, body: answer(first, true), location: `/advisory-deliveries/${first.id}` } : undefined;
  };
  const replay = await replayOf();
  if (replay) return replay;

  const id = newId(now);
  const rawKey = objectKey(tenantId, 'advisory-deliveries', id);
  await blobStore(tenantId, operation.access).put(rawKey, body.bytes, body.mediaType);
  const ctx: WriteContext = {
    actor: { userId: `webhook:${sourceId}`, roles: [] },
    operation: operation.name,
    ...(operation.requestId ? { requestId: operation.requestId } : {}),
  };
  const work = new UnitOfWork(ctx);
  const delivery = work.create(advisoryDeliveryEntity, tenantId, id, {
    sourceId,
    webhookId: headers['webhook-id'],
    mediaType: body.mediaType,
    bytes: body.bytes.length,
    sha256: createHash('sha256').update(body.bytes).digest('hex'),
    rawKey,
    receivedAt: new Date(now).toISOString(),
    state: 'received',
  });
  work.unique(tenantId, 'webhook-id', `${sourceId}#${headers['webhook-id']}`, 'header.webhook-id', id);
  work.event(advisoryReceived.of(tenantId, { deliveryId: id, sourceId, bytes: body.bytes.length }));
  try {
    await work.commit();
  } catch (error) {
    // The same delivery, sent twice at once: the other one was recorded first.
    if ((error as { status?: number }).status === 409) {
      const raced = await replayOf();
      if (raced) return raced;
    }
    throw error;
  }
  return { status: 202, body: answer(delivery, false), location: `/advisory-deliveries/${id}` };
}
