// What asset management owes people on /me/tasks: the reviews of the assets they own that have fallen due.
import { entityFromItem } from '@ismf/store/entities';
import { keys } from '@ismf/store/keys';
import { queryIndex } from '@ismf/store/query';
import type { OwedItem, OwedSource } from '@ismf/flows/my-tasks';
import { ASSET } from './register.ts';

export const assetReviewsOwed: OwedSource = async (tenantId, caller, at) => {
  if (!caller.memberId) return [];
  const today = at.slice(0, 10);
  const assets = (await queryIndex('GSI3', keys.entityBy(tenantId, ASSET, 'owner', caller.memberId))).map((item) =>
    entityFromItem<{ name: string; nextReviewDue: string }>(item),
  );
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
};
