// (e) The daily review job: assets whose review has fallen due (assets.dueBy) are announced with
// AssetReviewDue and a notification to the owner, once per asset and due date — a marker written with
// the events makes a rerun a no-op.
import { assetReviewDue } from './events.ts';
import { notificationRequested } from '@ismf/events/notification-requested';
import { queryPattern } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { assetEntity } from './entities.ts';

export async function announceDueReviews(ctx: WriteContext, tenantId: string, today = new Date().toISOString().slice(0, 10)) {
  let announced = 0;
  let alreadyAnnounced = 0;
  const due = await queryPattern(assetEntity, 'dueBy', tenantId, {}, { upTo: { nextReviewDue: today } });
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
        title: `Review due: ${asset.data.name}`,
        text: `The periodic review of the asset “${asset.data.name}” fell due on ${dueDate}. Confirm or update its entry.`,
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
  return { announced, alreadyAnnounced };
}
