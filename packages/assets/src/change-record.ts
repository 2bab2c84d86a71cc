// A change implemented on an asset (security change management, X.1052 12.2.4 e): the asset keeps the last one
// and its history (the audit trail) every one, each entry naming the change. The change area calls this for
// each affected asset when ChangeImplemented arrives; a change already recorded is not recorded twice.
import { getEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { assetEntity } from './entities.ts';
import { statusOf, type AssetData, type RecordedChange } from './rules.ts';

/** Records the change on the asset: `recorded`, `already` (this change is its last), or `skipped` (missing, merged or disposed). */
export async function recordChangeOnAsset(ctx: WriteContext, tenantId: string, assetId: string, change: RecordedChange, reason: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const asset = await getEntity<AssetData>(tenantId, assetEntity.type, assetId);
    if (!asset || asset.data.mergedInto || statusOf(asset.data) === 'disposed') return 'skipped' as const;
    if (asset.data.lastChange?.changeId === change.changeId) return 'already' as const;
    const work = new UnitOfWork({ ...ctx, reason });
    work.update(assetEntity, asset, { ...asset.data, lastChange: change });
    try {
      await work.commit();
      return 'recorded' as const;
    } catch (error) {
      // Someone changed the asset meanwhile: read it again.
      if ((error as { status?: number }).status !== 412) throw error;
    }
  }
  throw new Error(`asset ${assetId} kept changing while change ${change.changeId} was recorded on it`);
}
