// The `advisory-pull` job and the feed subscriptions. Public feeds are pulled once for the platform: each feed is
// one record under the platform id, on an index by when it is due; the first tenant's run that finds a feed due
// claims it (a version-checked update), pulls it, and hands each delivery to every subscribed tenant — the raw
// bytes under that tenant's prefix, a delivery and AdvisoryReceived in that tenant's partition, so each tenant's
// own consumer validates and stores it as it does a webhook's. A platform writer into tenant partitions: the
// catalogue's crossTenant exception, with its reason. The run then looks at its own tenant's sources that have
// been silent for longer than expected, and says so once per silence.
import { createHash } from 'node:crypto';
import { newId, PLATFORM_ID } from '@ismf/core/ids';
import { defineConsumer } from '@ismf/events/consumers';
import { notificationRequested } from '@ismf/events/notification-requested';
import { defineJob } from '@ismf/events/schedules';
import { literal } from '@ismf/mail/notification-text';
import { outboundPolicyFromEnvironment } from '@ismf/outbound/safe-fetch';
import { blobStore, objectKey } from '@ismf/store/blob-store';
import { keyedChildren } from '@ismf/store/batch-write';
import { countOnce } from '@ismf/store/counters';
import { getEntities, getEntity, queryPattern } from '@ismf/store/entities';
import { openSecret } from '@ismf/store/sealed-secrets';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { secretRecord } from './sources.ts';
import type { TableAccess } from '@ismf/core/access';
import {
  advisoryDeliveryEntity,
  advisorySourceEntity,
  advisorySourceHealthEntity,
  type AdvisorySourceData,
  type AdvisorySourceHealthData,
} from './entities.ts';
import { advisoryFeedSubscription, advisoryReceived } from './events.ts';
import { advisoryFeedEntity, advisoryFeedSubscriberEntity, feedIdOf, type AdvisoryFeedData, type AdvisoryFeedSubscriberData } from './feed-entities.ts';
import { pullFeed, type PulledDelivery } from './feed-pulls.ts';
import { FEED_INTERVAL_MINUTES, feedKey, type Feed } from './feed-rules.ts';

/** Another writer got there first: a record created (409) or moved on (412) meanwhile. */
const RACED = [409, 412];
const CROSS_TENANT =
  'public feeds are pulled once for the platform: the feeds’ records live under the platform id, and what a pull brings is written into every subscribed tenant’s partition';

export const subscribeAdvisoryFeedConsumer = defineConsumer({
  name: 'subscribeAdvisoryFeed',
  description: 'Adds a pull source to (or removes it from) the subscribers of its public feed, kept under the platform’s record of the feed.',
  handler: 'functions/early-warning/subscribe-advisory-feed.ts',
  access: { table: 'write', crossTenant: CROSS_TENANT },
  subscribes: [{ event: advisoryFeedSubscription }],
});

export const advisoryPullJob = defineJob({
  name: 'advisory-pull',
  expression: 'rate(15 minutes)',
  description:
    'Pulls the public feeds that are due (once for the platform: the first run to find a feed due claims it) with conditional requests and a cursor per feed, and hands what they bring to every subscribed tenant; then announces the tenant’s sources silent for longer than expected.',
  handler: 'functions/early-warning/pull-advisories.ts',
  // `secrets: open`: a private feed is pulled with its source's sealed credentials.
  access: { table: 'write', objects: 'write', secrets: 'open', crossTenant: CROSS_TENANT },
  patterns: [advisoryFeedEntity.patterns.due, advisorySourceEntity.patterns.list],
  clauses: ['13.1.1'],
});

const subscriberKey = (tenantId: string, sourceId: string) => `${tenantId}~${sourceId}`;

/** Joins or leaves a feed's subscribers; the feed's record is made with its first subscriber, due at once. */
export async function subscribeFeed(ctx: WriteContext, tenantId: string, sourceId: string, feed: Feed, subscribed: boolean, isPrivate = false) {
  const privateTo = isPrivate ? { tenantId, sourceId } : undefined;
  const feedId = feedIdOf(feed, privateTo);
  for (let attempt = 0; ; attempt++) {
    const record = await getEntity<AdvisoryFeedData>(PLATFORM_ID, advisoryFeedEntity.type, feedId);
    const subscribers = record ? await keyedChildren<AdvisoryFeedSubscriberData>(advisoryFeedSubscriberEntity, PLATFORM_ID, feedId) : [];
    const holds = subscribers.some((subscriber) => subscriber.tenantId === tenantId && subscriber.sourceId === sourceId);
    if (holds === subscribed) return;
    const work = new UnitOfWork(ctx);
    const count = subscribers.length + (subscribed ? 1 : -1);
    const now = new Date().toISOString();
    if (record) work.update(advisoryFeedEntity, record, { ...record.data, subscribers: count, ...(record.data.subscribers === 0 ? { nextPullAt: now } : {}) });
    else
      work.create(advisoryFeedEntity, PLATFORM_ID, feedId, {
        feed,
        feedKey: privateTo ? `${feedKey(feed)}|private|${tenantId}|${sourceId}` : feedKey(feed),
        ...(privateTo ? { privateTo } : {}),
        subscribers: 1,
        nextPullAt: now,
        documents: 0,
      });
    work.child(
      advisoryFeedSubscriberEntity,
      PLATFORM_ID,
      feedId,
      subscriberKey(tenantId, sourceId),
      subscribed ? { tenantId, sourceId, initialized: false } : undefined,
    );
    try {
      await work.commit();
      return;
    } catch (error) {
      // Another subscription of the same feed moved it meanwhile: read again.
      if (!RACED.includes((error as { status?: number }).status ?? 0) || attempt >= 5) throw error;
    }
  }
}

/** Hands one pulled delivery to one subscriber: kept raw under its prefix, recorded, and announced to its consumer. */
async function deliverTo(ctx: WriteContext, access: TableAccess, subscriber: AdvisoryFeedSubscriberData, feed: Feed, pulled: PulledDelivery) {
  const id = newId();
  const rawKey = objectKey(subscriber.tenantId, 'advisory-deliveries', id);
  await blobStore(subscriber.tenantId, access).put(rawKey, pulled.bytes, pulled.mediaType);
  const work = new UnitOfWork(ctx);
  work.create(advisoryDeliveryEntity, subscriber.tenantId, id, {
    sourceId: subscriber.sourceId,
    pulled: { feedKind: feed.kind, url: pulled.url },
    mediaType: pulled.mediaType,
    bytes: pulled.bytes.length,
    sha256: createHash('sha256').update(pulled.bytes).digest('hex'),
    rawKey,
    receivedAt: work.at,
    state: 'received',
  });
  work.event(advisoryReceived.of(subscriber.tenantId, { deliveryId: id, sourceId: subscriber.sourceId, bytes: pulled.bytes.length }));
  await work.commit();
}

/** A failed pull shows on every subscriber's source (its health), as a failed delivery would. */
async function recordFailure(subscribers: readonly AdvisoryFeedSubscriberData[], failure: string, at: string) {
  for (const subscriber of subscribers) {
    await countOnce(advisorySourceHealthEntity, subscriber.tenantId, subscriber.sourceId, {
      increments: [{ path: ['pullFailures'], by: 1 }],
      set: { lastFailureAt: at, lastFailure: failure.slice(0, 500) },
    });
  }
}

/** A private feed's credentials, opened from its source (sealed for that tenant and source alone). */
async function credentialsOf(owner: { tenantId: string; sourceId: string }): Promise<Record<string, string>> {
  const source = await getEntity<AdvisorySourceData>(owner.tenantId, advisorySourceEntity.type, owner.sourceId);
  if (!source?.data.credentials) throw new Error(`the private feed's source ${owner.sourceId} holds no credentials`);
  const value = await openSecret(source.data.credentials.sealed, { tenantId: owner.tenantId, record: secretRecord(owner.sourceId) });
  return { [source.data.credentials.header.toLowerCase()]: value.toString('utf8') };
}

/** Claims a due feed (only one run wins it), pulls it and hands what it brought to its subscribers. */
async function pullOne(ctx: WriteContext, access: TableAccess, due: StoredEntity<AdvisoryFeedData>, now: Date) {
  const at = now.toISOString();
  const claim = new UnitOfWork(ctx);
  const claimed = claim.update(advisoryFeedEntity, due, {
    ...due.data,
    lastPullAt: at,
    nextPullAt: new Date(now.getTime() + FEED_INTERVAL_MINUTES[due.data.feed.kind] * 60_000).toISOString(),
  });
  try {
    await claim.commit();
  } catch (error) {
    if (RACED.includes((error as { status?: number }).status ?? 0)) return { feed: due.data.feedKey, claimed: false };
    throw error;
  }
  const subscribers = await keyedChildren<AdvisoryFeedSubscriberData>(advisoryFeedSubscriberEntity, PLATFORM_ID, due.id);
  const fresh = subscribers.filter((subscriber) => !subscriber.initialized);
  try {
    const credentials = claimed.data.privateTo ? await credentialsOf(claimed.data.privateTo) : undefined;
    const outcome = await pullFeed(claimed.data, {
      ...(credentials ? { credentials } : {}),
      allowLoopback: outboundPolicyFromEnvironment().allowLoopback,
      now: now.getTime(),
      newSubscriber: fresh.length > 0,
      ...(process.env.NVD_API_KEY ? { nvdApiKey: process.env.NVD_API_KEY } : {}),
    });
    for (const subscriber of subscribers) {
      const forIt = !subscriber.initialized && outcome.kevCatalog && !outcome.deliveries.length ? [outcome.kevCatalog] : outcome.deliveries;
      for (const pulled of forIt) await deliverTo(ctx, access, subscriber, claimed.data.feed, pulled);
    }
    const done = new UnitOfWork(ctx);
    done.update(advisoryFeedEntity, claimed, {
      ...claimed.data,
      ...outcome.state,
      lastSuccessAt: at,
      documents: claimed.data.documents + outcome.deliveries.length,
    });
    for (const subscriber of fresh)
      done.child(advisoryFeedSubscriberEntity, PLATFORM_ID, due.id, subscriberKey(subscriber.tenantId, subscriber.sourceId), {
        ...subscriber,
        initialized: true,
      });
    await done.commit();
    return { feed: claimed.data.feedKey, claimed: true, deliveries: outcome.deliveries.length, subscribers: subscribers.length };
  } catch (error) {
    const failure = `${(error as { reason?: string }).reason ? `${(error as { reason: string }).reason}: ` : ''}${(error as Error).message}`;
    const failed = new UnitOfWork(ctx);
    failed.update(advisoryFeedEntity, claimed, { ...claimed.data, lastFailureAt: at, lastFailure: failure.slice(0, 500) });
    await failed.commit();
    await recordFailure(subscribers, failure, at);
    return { feed: claimed.data.feedKey, claimed: true, failure };
  }
}

/** Tells the security officers of each of the tenant's sources silent for longer than it is expected to be, once per silence. */
async function announceSilentSources(ctx: WriteContext, tenantId: string, now: Date) {
  const sources = (await queryPattern(advisorySourceEntity, 'list', tenantId, {})).filter(
    (source) => source.data.status === 'active' && source.data.expectedIntervalHours !== undefined,
  );
  const healths = await getEntities(
    tenantId,
    sources.map((source) => ({ type: advisorySourceHealthEntity.type, id: source.id })),
  );
  let announced = 0;
  for (const source of sources as StoredEntity<AdvisorySourceData>[]) {
    const last = healths<AdvisorySourceHealthData>(advisorySourceHealthEntity.type, source.id)?.data.lastDeliveryAt ?? source.createdAt;
    if (now.getTime() - Date.parse(last) <= source.data.expectedIntervalHours! * 3_600_000) continue;
    const work = new UnitOfWork(ctx);
    work.unique(tenantId, 'advisory-source-silence', `${source.id}#${last}`, 'source', source.id);
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'advisory-source-silent',
        recipients: { roles: ['security-officer'] },
        title: `The advisory source “${literal(source.data.name)}” has gone silent`,
        text: `Nothing has arrived from “${literal(source.data.name)}” since ${last}; it is expected every ${source.data.expectedIntervalHours} hours. Check the sender’s webhook, or the feed.`,
        link: `/advisory-sources/${source.id}`,
      }),
    );
    try {
      await work.commit();
      announced++;
    } catch (error) {
      if ((error as { status?: number }).status !== 409) throw error;
    }
  }
  return announced;
}

export async function pullAdvisories(ctx: WriteContext, tenantId: string, access: TableAccess, now = new Date()) {
  const due = await queryPattern(advisoryFeedEntity, 'due', PLATFORM_ID, {}, { upTo: { nextPullAt: now.toISOString() } });
  const feeds = [];
  for (const feed of due) feeds.push(await pullOne(ctx, access, feed, now));
  return { feeds, silentSources: await announceSilentSources(ctx, tenantId, now) };
}
