// (e) The daily review job: assets whose review has fallen due (assets.dueBy) are announced with
// AssetReviewDue and a notification to the owner, once per asset and due date — a marker written with
// the events makes a rerun a no-op. It then recounts the register summary's review states for the day
// (they change with the calendar), from the same read of the due list.
import { assetReviewDue } from './events.ts';
import { notificationRequested } from '@ismf/events/notification-requested';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { dueSoon, recountReviewStates, summaryRecord } from './summary.ts';
import { literal } from '@ismf/mail/notification-text';

export async function announceDueReviews(ctx: WriteContext, tenantId: string, today = new Date().toISOString().slice(0, 10)) {
  let announced = 0;
  let alreadyAnnounced = 0;
  // The summary first, then the due list: a change counted after the summary was read moves its version.
  const summary = await summaryRecord(tenantId);
  const soon = await dueSoon(tenantId, today);
  const due = soon.filter((asset) => asset.data.nextReviewDue <= today);
  for (const asset of due) {
    const dueDate = asset.data.nextReviewDue;
    const work = new UnitOfWork(ctx);
    work.unique(tenantId, 'asset-review-due', `${asset.id}#${dueDate}`, 'asset', asset.id);
    work.event(
      assetReviewDue.of(tenantId, {
        assetId: asset.id,
        name: asset.data.name,
        type: asset.data.type,
        owner: asset.data.owner,
        importance: asset.data.importance,
        dueDate,
      }),
    );
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'asset-review-due',
        recipients: { members: [asset.data.owner] },
        // An asset's name is free text: it never poses as a mention of a person.
        title: `Review due: ${literal(asset.data.name)}`,
        text: `The periodic review of the asset “${literal(asset.data.name)}” fell due on ${dueDate} (UTC). Confirm or update its entry.`,
        link: `/assets/${asset.id}/reviews`,
      }),
    );
    try {
      await work.commit();
      announced++;
    } catch (error) {
      if ((error as { status?: number }).status !== 409) throw error;
      alreadyAnnounced++;
    }
  }
  await recountReviewStates(ctx, tenantId, today, { summary, dueSoon: soon });
  return { announced, alreadyAnnounced };
}
