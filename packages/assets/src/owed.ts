// What asset management owes people on /me/tasks: the reviews of the assets they own that have fallen due.
import { queryPattern } from '@ismf/store/entities';
import { defineOwedSource, type OwedItem } from '@ismf/flows/my-tasks';
import { assetEntity } from './entities.ts';

const ASSET = assetEntity.type;

export const assetReviewsOwed = defineOwedSource([assetEntity.patterns.byOwner], async (tenantId, caller, at) => {
  if (!caller.memberId) return [];
  const today = at.slice(0, 10);
  const assets = await queryPattern(assetEntity, 'byOwner', tenantId, { owner: caller.memberId });
  return assets
    .filter((asset) => asset.data.nextReviewDue <= today)
    .map((asset): OwedItem => ({
      kind: 'asset-review',
      id: asset.id,
      title: `Review the asset “${asset.data.name}”`,
      subject: { type: ASSET, id: asset.id },
      link: `/assets/${asset.id}/reviews`,
      dueAt: `${asset.data.nextReviewDue}T00:00:00.000Z`,
      overdue: asset.data.nextReviewDue < today,
    }));
});
