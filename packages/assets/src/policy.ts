// (a) The asset policy of a tenant: protection objectives, classification scheme, handling rules per
// level, the valuation rule and review intervals. One record per tenant, versioned like every entity.
// It changes only through an approved asset policy change (policy-change.ts).
import { DEFAULT_ASSET_POLICY, type AssetPolicy } from './rules.ts';
import { canonicalJson } from '@ismf/core/canonical';
import { assetPolicyChanged } from './events.ts';
import { getEntity } from '@ismf/store/entities';
import type { StoredEntity, UnitOfWork } from '@ismf/store/unit-of-work';
import { assetPolicyEntity } from './entities.ts';

const POLICY = assetPolicyEntity.type;
const CURRENT = 'current';

type StoredPolicy = StoredEntity<AssetPolicy & Record<string, unknown>>;

export interface PolicyView extends AssetPolicy {
  /** 0 while the tenant works with the default policy. */
  version: number;
  updatedAt?: string;
}

export async function currentPolicy(tenantId: string): Promise<{ policy: AssetPolicy; stored?: StoredPolicy }> {
  const stored = await getEntity<AssetPolicy & Record<string, unknown>>(tenantId, POLICY, CURRENT);
  return stored ? { policy: stored.data, stored } : { policy: DEFAULT_ASSET_POLICY };
}

export async function getAssetPolicy(tenantId: string): Promise<PolicyView> {
  const { policy, stored } = await currentPolicy(tenantId);
  return { ...policy, version: stored?.version ?? 0, ...(stored ? { updatedAt: stored.updatedAt } : {}) };
}

/** Puts an approved policy in force in the caller's unit of work; a changed valuation rule re-values every asset. */
export function applyAssetPolicy(work: UnitOfWork, tenantId: string, current: { policy: AssetPolicy; stored?: StoredPolicy }, policy: AssetPolicy): number {
  const data = policy as AssetPolicy & Record<string, unknown>;
  const saved = current.stored ? work.update(assetPolicyEntity, current.stored, data) : work.create(assetPolicyEntity, tenantId, CURRENT, data);
  work.event(
    assetPolicyChanged.of(tenantId, {
      version: saved.version,
      // The rule for what dependents raise is part of valuation: a change re-values the register too.
      valuationChanged:
        canonicalJson(current.policy.valuation) !== canonicalJson(policy.valuation) ||
        (current.policy.importanceFromDependents ?? 'none') !== (policy.importanceFromDependents ?? 'none'),
    }),
  );
  return saved.version;
}
