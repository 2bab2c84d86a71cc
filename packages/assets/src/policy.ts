// (a) The asset policy of a tenant: protection objectives, classification scheme, handling rules per
// level, the valuation rule and review intervals. One record per tenant, versioned like every entity.
import { DEFAULT_ASSET_POLICY, type AssetPolicy } from '@ismf/core/assets';
import { canonicalJson } from '@ismf/core/canonical';
import { problems } from '@ismf/core/problems';
import { assetPolicyChanged } from '@ismf/events/catalogue';
import { getEntity } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';

const POLICY = 'asset-policy';
const CURRENT = 'current';

export interface PolicyView extends AssetPolicy {
  /** 0 while the tenant works with the default policy. */
  version: number;
  updatedAt?: string;
}

export async function currentPolicy(tenantId: string): Promise<{ policy: AssetPolicy; stored?: StoredEntity<AssetPolicy & Record<string, unknown>> }> {
  const stored = await getEntity<AssetPolicy & Record<string, unknown>>(tenantId, POLICY, CURRENT);
  return stored ? { policy: stored.data, stored } : { policy: DEFAULT_ASSET_POLICY };
}

export async function getAssetPolicy(tenantId: string): Promise<PolicyView> {
  const { policy, stored } = await currentPolicy(tenantId);
  return { ...policy, version: stored?.version ?? 0, ...(stored ? { updatedAt: stored.updatedAt } : {}) };
}

/** Sets the policy (If-Match "0" replaces the default). A changed valuation rule re-values every asset. */
export async function putAssetPolicy(ctx: WriteContext, tenantId: string, policy: AssetPolicy, expectedVersion: number): Promise<PolicyView> {
  const { policy: before, stored } = await currentPolicy(tenantId);
  const version = stored?.version ?? 0;
  if (version !== expectedVersion) throw problems.stale(`the asset policy is at version ${version}, not ${expectedVersion}`);
  const work = new UnitOfWork(ctx);
  const data = policy as AssetPolicy & Record<string, unknown>;
  const saved = stored ? work.update(stored, data, { listed: false }) : work.create(tenantId, POLICY, CURRENT, data, { listed: false });
  work.event(
    assetPolicyChanged.of(tenantId, { version: saved.version, valuationChanged: canonicalJson(before.valuation) !== canonicalJson(policy.valuation) }),
  );
  await work.commit();
  return { ...saved.data, version: saved.version, updatedAt: saved.updatedAt };
}
