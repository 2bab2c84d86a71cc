// What the scheduled jobs tell people (X.1052 12.2.4 f, and the owners' notice of b): reviews that fall due
// or are overdue — an overdue emergency change to the security officers as well — and, ahead of a window,
// the owners of the assets it affects. Each notice goes once: a marker (a unique value) is written with it.
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal, utcTime } from '@ismf/mail/notification-text';
import { keyedChildren } from '@ismf/store/batch-write';
import { queryPattern } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { ownerNotice } from './change-kind.ts';
import { changeAssetEntity, changeRequestEntity, type ChangeAssetData, type ChangeRequestData } from './entities.ts';
import { changeSettings } from './settings.ts';

/** The owners one notice names at most. */
const MAX_OWNERS = 100;

async function once(work: UnitOfWork): Promise<boolean> {
  try {
    await work.commit();
    return true;
  } catch (error) {
    // The marker is there: this notice went already.
    if ((error as { status?: number }).status !== 409) throw error;
    return false;
  }
}

const reviewers = (change: ChangeRequestData) => (change.reviewer ? { members: [change.reviewer] } : { roles: ['security-officer'] });

/** Daily: each review due by the end of today is announced once; once overdue, again, and an emergency change's to the security officers. */
export async function announceChangeReviews(ctx: WriteContext, tenantId: string, now = new Date()) {
  const endOfDay = `${now.toISOString().slice(0, 10)}T23:59:59.999Z`;
  const at = now.toISOString();
  const owed = await queryPattern(changeRequestEntity, 'reviewOwed', tenantId, {}, { upTo: { reviewDueAt: endOfDay } });
  let announced = 0;
  for (const change of owed) {
    const data = change.data;
    const overdue = data.reviewDueAt! < at;
    const work = new UnitOfWork(ctx);
    work.unique(tenantId, 'change-review-notice', `${change.id}#${overdue ? 'overdue' : 'due'}`, 'change-request', change.id);
    const emergency = data.class === 'emergency';
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'change-review-due',
        recipients: overdue && emergency ? { ...reviewers(data), roles: ['security-officer'] } : reviewers(data),
        title: `${overdue ? 'Overdue' : 'Due'}: the review of the change “${literal(data.title)}”`,
        text: `The post-implementation review of the ${data.class} change “${literal(data.title)}” ${overdue ? 'was due' : 'is due'} on ${utcTime(data.reviewDueAt!)}: was it effective, and did it cause any negative impact?${emergency ? ' An emergency change is also tested after the fact with its review.' : ''}`,
        link: `/change-requests/${change.id}`,
      }),
    );
    if (await once(work)) announced++;
  }
  return { announced };
}

/** Hourly: the owners of the assets of each authorized change whose window opens within the notice period, told once. */
export async function announceChangeWindows(ctx: WriteContext, tenantId: string, now = new Date()) {
  const { ownerNoticeHours } = await changeSettings(tenantId);
  const from = now.toISOString();
  const until = new Date(now.getTime() + ownerNoticeHours * 3_600_000).toISOString();
  const opening = await queryPattern(changeRequestEntity, 'calendar', tenantId, {}, { from: { windowStart: from }, upTo: { windowStart: until } });
  let notified = 0;
  for (const change of opening.filter((each) => each.data.state === 'authorized' && !each.data.ownersNotifiedAt)) {
    if (await noticeOwners(ctx, tenantId, change, from)) notified++;
  }
  return { notified };
}

async function noticeOwners(ctx: WriteContext, tenantId: string, change: StoredEntity<ChangeRequestData>, at: string): Promise<boolean> {
  const assets = await keyedChildren<ChangeAssetData>(changeAssetEntity, tenantId, change.id);
  const owners = [...new Set(assets.map((asset) => asset.owner))].slice(0, MAX_OWNERS);
  const work = new UnitOfWork({ ...ctx, reason: 'the affected assets’ owners told that the window opens' });
  work.update(changeRequestEntity, change, { ...change.data, ownersNotifiedAt: at });
  if (owners.length) work.event(ownerNotice(tenantId, change.id, change.data, owners));
  try {
    await work.commit();
    return true;
  } catch (error) {
    // The change moved on meanwhile (implemented, or told by its authorization): the next run looks again.
    if ((error as { status?: number }).status !== 412) throw error;
    return false;
  }
}
