// (e) Each affected asset's history shows the change: when ChangeImplemented arrives, the change is recorded
// on every asset it affected (read from the request's child items, not from the event's capped list), one
// audited update per asset, each entry naming the change.
import { recordChangeOnAsset } from '@ismf/assets/change-record';
import { defineConsumer } from '@ismf/events/consumers';
import { keyedChildren } from '@ismf/store/batch-write';
import { getEntity } from '@ismf/store/entities';
import type { WriteContext } from '@ismf/store/unit-of-work';
import { changeAssetEntity, changeRequestEntity, type ChangeAssetData, type ChangeRequestData } from './entities.ts';
import { changeImplemented } from './outcome-events.ts';

export const recordChangeOnAssetsConsumer = defineConsumer({
  name: 'recordChangeOnAssets',
  description: 'Records an implemented change on each asset it affected: the asset’s last change, and an entry in its history naming the change.',
  handler: 'functions/change/record-change-on-assets.ts',
  access: { table: 'write' },
  subscribes: [{ event: changeImplemented }],
});

export async function recordChangeOnAssets(ctx: WriteContext, tenantId: string, data: { changeId: string; outcome: string; end: string }) {
  const change = await getEntity<ChangeRequestData>(tenantId, changeRequestEntity.type, data.changeId);
  if (!change) return { recorded: 0 };
  const assets = await keyedChildren<ChangeAssetData>(changeAssetEntity, tenantId, data.changeId);
  const recorded = { changeId: data.changeId, title: change.data.title, outcome: data.outcome, at: data.end };
  const reason = `change request ${data.changeId} “${change.data.title}”: ${data.outcome} on ${data.end}`;
  let count = 0;
  for (const asset of assets) {
    if ((await recordChangeOnAsset(ctx, tenantId, asset.assetId, recorded, reason)) === 'recorded') count++;
  }
  return { recorded: count };
}
