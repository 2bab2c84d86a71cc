// (X.1051 7.1.3) Acceptable use of assets: the rules that apply to one asset — its own, then the asset
// policy's for its category, then for its type — so that a user sees every rule in one place.
import { requireEntity } from '@ismf/store/entities';
import { currentPolicy } from './policy.ts';
import { ASSET } from './register.ts';
import type { AssetData } from './rules.ts';

export async function acceptableUseOf(tenantId: string, id: string) {
  const asset = await requireEntity<AssetData>(tenantId, ASSET, id, `asset ${id}`);
  const { policy, stored } = await currentPolicy(tenantId);
  const policyVersion = stored?.version ?? 0;
  const { type, category } = asset.data;
  // Policies approved before acceptable use existed carry no rules.
  const rules = policy.acceptableUse ?? [];
  return {
    assetId: asset.id,
    type,
    ...(category ? { category } : {}),
    rules: [
      ...(asset.data.acceptableUse ? [{ scope: 'asset' as const, title: asset.data.name, rules: asset.data.acceptableUse }] : []),
      ...rules
        .filter((rule) => rule.type === type && category !== undefined && rule.category === category)
        .map((rule) => ({ scope: 'category' as const, title: rule.title, rules: rule.rules, policyVersion })),
      ...rules
        .filter((rule) => rule.type === type && rule.category === undefined)
        .map((rule) => ({ scope: 'type' as const, title: rule.title, rules: rule.rules, policyVersion })),
    ],
  };
}
