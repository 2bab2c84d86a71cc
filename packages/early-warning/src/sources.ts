// Advisory sources (X.1052 12.2.1 a): who announces, in which formats, and the webhook they push to. A source's
// signing secret is made here, sealed with the platform key, shown once in the answer that makes it, and
// rotated with an overlap: the previous secret verifies for ROTATION_OVERLAP_HOURS more, so a sender switches
// without losing a delivery.
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { applyMergePatch } from '@ismf/core/merge-patch';
import { entityView, getEntities, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { personNames } from '@ismf/store/people-names';
import { sealSecret } from '@ismf/store/sealed-secrets';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import {
  advisorySourceEntity,
  advisorySourceHealthEntity,
  type AdvisorySourceData,
  type AdvisorySourceHealthData,
  type SealedWebhookSecret,
} from './entities.ts';
import { ROTATION_OVERLAP_HOURS, type AdvisorySourceInput } from './rules.ts';
import { advisoryFeedSubscription } from './events.ts';
import { FEED_FORMATS } from './feed-rules.ts';
import { feedIdOf } from './feed-entities.ts';
import { newWebhookSecret } from './webhook-signature.ts';

const SOURCE = advisorySourceEntity.type;
const EMPTY_HEALTH: AdvisorySourceHealthData = { deliveries: 0, accepted: 0, rejected: 0, duplicates: 0 };

/** The record a secret is sealed for: a sealed secret copied to another source does not open there. */
export const secretRecord = (sourceId: string) => `${SOURCE}:${sourceId}`;

export const webhookPath = (tenantId: string, sourceId: string) => `/webhooks/${tenantId}/${sourceId}`;

async function sealedSecret(tenantId: string, sourceId: string, generation: number, at: string) {
  const secret = newWebhookSecret();
  const sealed: SealedWebhookSecret = { sealed: await sealSecret(secret.key, { tenantId, record: secretRecord(sourceId) }), generation, createdAt: at };
  return { text: secret.text, sealed };
}

/** A source as the API shows it: never a secret, sealed or not; its webhook's path and its health. */
export async function sourceViews(tenantId: string, sources: readonly StoredEntity<AdvisorySourceData>[]) {
  const [names, healths] = await Promise.all([
    personNames(tenantId, { subjects: sources.map((source) => source.data.createdBy) }),
    getEntities(
      tenantId,
      sources.map((source) => ({ type: advisorySourceHealthEntity.type, id: source.id })),
    ),
  ]);
  return sources.map((source) => {
    const { secrets, credentials, ...data } = source.data;
    const health = healths<AdvisorySourceHealthData>(advisorySourceHealthEntity.type, source.id)?.data;
    const { feedId: _feedId, ...shown } = data;
    return {
      ...entityView({ ...source, data: shown }),
      createdByPerson: names.subject(source.data.createdBy),
      ...(credentials ? { credentials: { header: credentials.header } } : {}),
      ...(secrets
        ? {
            webhookPath: webhookPath(tenantId, source.id),
            secretGeneration: secrets.current.generation,
            ...(secrets.previous?.validUntil ? { previousSecretValidUntil: secrets.previous.validUntil } : {}),
          }
        : {}),
      health: { ...EMPTY_HEALTH, ...health },
    };
  });
}

export async function createSource(ctx: WriteContext, tenantId: string, input: AdvisorySourceInput, idempotency?: IdempotencyRequest) {
  const id = newId();
  const at = new Date().toISOString();
  const secret = input.arrival === 'push' ? await sealedSecret(tenantId, id, 1, at) : undefined;
  const credentials = input.credentials
    ? { header: input.credentials.header, sealed: await sealSecret(Buffer.from(input.credentials.value, 'utf8'), { tenantId, record: secretRecord(id) }) }
    : undefined;
  const privateTo = credentials ? { tenantId, sourceId: id } : undefined;
  const created = await commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
    const work = new UnitOfWork(ctx);
    const { feed, credentials: _plain, ...rest } = input;
    const source = work.create(advisorySourceEntity, tenantId, id, {
      ...rest,
      ...(feed ? { feed, feedId: feedIdOf(feed, privateTo), formats: [...FEED_FORMATS[feed.kind]] } : {}),
      ...(credentials ? { credentials } : {}),
      status: 'active',
      createdBy: ctx.actor.userId,
      ...(secret ? { secrets: { current: secret.sealed } } : {}),
    });
    work.create(advisorySourceHealthEntity, tenantId, id, EMPTY_HEALTH);
    if (feed) work.event(advisoryFeedSubscription.of(tenantId, { sourceId: id, feed, subscribed: true, ...(privateTo ? { private: true } : {}) }));
    const [view] = await sourceViews(tenantId, [source]);
    // The idempotency record keeps the answer without the secret: nothing holds it in the clear.
    return { work, response: { ...view!, health: EMPTY_HEALTH } };
  });
  return created.replayed || !secret ? created : { ...created, response: { ...created.response, webhookSecret: secret.text } };
}

export async function getSource(tenantId: string, id: string) {
  const source = await requireEntity<AdvisorySourceData>(tenantId, SOURCE, id, `advisory source ${id}`);
  return (await sourceViews(tenantId, [source]))[0]!;
}

export async function listSources(tenantId: string, page: PageRequest) {
  const result = await queryPatternPage(advisorySourceEntity, 'list', tenantId, {}, { page });
  return { items: await sourceViews(tenantId, result.items), ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}

export interface SourcePatch {
  name?: string;
  formats?: AdvisorySourceData['formats'];
  vendor?: string | null;
  expectedIntervalHours?: number | null;
  status?: 'active' | 'disabled';
}

export async function changeSource(ctx: WriteContext, tenantId: string, id: string, expectedVersion: number, patch: SourcePatch) {
  const before = await requireEntity<AdvisorySourceData>(tenantId, SOURCE, id, `advisory source ${id}`);
  if (before.version !== expectedVersion) throw problems.stale(`advisory source ${id} is at version ${before.version}, not ${expectedVersion}`);
  const work = new UnitOfWork(ctx);
  const after = work.update(advisorySourceEntity, before, applyMergePatch(before.data, patch) as AdvisorySourceData);
  // A pull source that stops or starts again leaves or joins its feed's subscribers.
  if (before.data.feed && patch.status && patch.status !== before.data.status) {
    work.event(
      advisoryFeedSubscription.of(tenantId, {
        sourceId: id,
        feed: before.data.feed,
        subscribed: patch.status === 'active',
        ...(before.data.credentials ? { private: true } : {}),
      }),
    );
  }
  await work.commit();
  return (await sourceViews(tenantId, [after]))[0]!;
}

/**
 * A new signing secret, shown once: the current one becomes the previous, valid for ROTATION_OVERLAP_HOURS
 * more (a previous one still in its overlap is dropped: two rotations in a day leave the newest two).
 */
export async function rotateSecret(ctx: WriteContext, tenantId: string, id: string, expectedVersion: number) {
  const before = await requireEntity<AdvisorySourceData>(tenantId, SOURCE, id, `advisory source ${id}`);
  if (before.version !== expectedVersion) throw problems.stale(`advisory source ${id} is at version ${before.version}, not ${expectedVersion}`);
  if (!before.data.secrets) throw problems.conflict('a pull source has no webhook secret to rotate');
  const at = new Date();
  const secret = await sealedSecret(tenantId, id, before.data.secrets.current.generation + 1, at.toISOString());
  const validUntil = new Date(at.getTime() + ROTATION_OVERLAP_HOURS * 3_600_000).toISOString();
  const work = new UnitOfWork({ ...ctx, reason: 'webhook secret rotated' });
  const after = work.update(advisorySourceEntity, before, {
    ...before.data,
    secrets: { current: secret.sealed, previous: { ...before.data.secrets.current, validUntil } },
  });
  await work.commit();
  return { ...(await sourceViews(tenantId, [after]))[0]!, webhookSecret: secret.text };
}
