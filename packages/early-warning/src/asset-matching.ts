// (b) When an asset changes — registered, its vendor product or exposure or value edited, a new SBOM — its
// identity is indexed again and it is re-matched against the advisories of the last 90 days that name any of
// its products, found through the advisories' product index (never a scan of the advisories).
import { parseCpe, cpeText } from '@ismf/core/cpe';
import type { TableAccess } from '@ismf/core/access';
import type { AssetData, ProductIdentity } from '@ismf/assets/rules';
import { assetEntity, componentEntity } from '@ismf/assets/entities';
import { childItemsOn, childSetPage, deleteKeyedChildren, keyedChildren, putKeyedChildren } from '@ismf/store/batch-write';
import { getEntities, getEntity } from '@ismf/store/entities';
import type { WriteContext } from '@ismf/store/unit-of-work';
import { matchAdvisory, type EarlyWarningData } from './early-warnings.ts';
import { lookupKeyText, type LookupKey } from './matching.ts';
import { advisoryProductEntity, assetIdentityEntity, earlyWarningEntity, earlyWarningFindingEntity, type AssetIdentityItem } from './match-entities.ts';
import { normaliseModel, normaliseName, productAndModel } from './products/names.ts';

/** How far back a changed asset is re-matched. */
export const REMATCH_DAYS = 90;
const IDENTITY = 'identity';
const COMPONENT_PAGE = 1000;

/** The index entry of an asset's vendor product: vendor:product normalised, the model (given, or in the product's parentheses), the CPE's vendor:product. */
export function identityItem(assetId: string, identity: ProductIdentity): AssetIdentityItem {
  const split = productAndModel(identity.product);
  const model = identity.model ?? split.models[0];
  const cpe = identity.cpe ? parseCpe(identity.cpe) : undefined;
  const cpeVendor = cpe?.ok ? cpeText(cpe.cpe.vendor) : undefined;
  const cpeProduct = cpe?.ok ? cpeText(cpe.cpe.product) : undefined;
  return {
    assetId,
    vendor: identity.vendor,
    product: identity.product,
    ...(model ? { model } : {}),
    version: identity.version,
    ...(identity.cpe ? { cpe: identity.cpe } : {}),
    productKey: `${normaliseName(identity.vendor)}:${split.product}`,
    ...(model ? { modelKey: normaliseModel(model) } : {}),
    ...(cpeVendor && cpeProduct ? { cpeKey: `${cpeVendor.toLowerCase()}:${cpeProduct.toLowerCase()}` } : {}),
  };
}

/** Keeps the asset's identity item as its register entry says (none for an asset without one, or out of service). */
async function indexIdentity(tenantId: string, assetId: string, asset: AssetData | undefined): Promise<AssetIdentityItem | undefined> {
  const identity = asset && (asset.status ?? 'active') === 'active' ? (asset.identity as ProductIdentity | undefined) : undefined;
  const [stored] = await keyedChildren<AssetIdentityItem>(assetIdentityEntity, tenantId, assetId);
  if (!identity) {
    if (stored) await deleteKeyedChildren(assetIdentityEntity, tenantId, assetId, [IDENTITY]);
    return undefined;
  }
  const item = identityItem(assetId, identity);
  if (JSON.stringify(stored) !== JSON.stringify(item)) await putKeyedChildren(assetIdentityEntity, tenantId, assetId, [{ key: IDENTITY, record: item }]);
  return item;
}

/** The packages of the asset's current component set. */
async function componentPackages(tenantId: string, assetId: string, setId: string): Promise<string[]> {
  const packages = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await childSetPage(componentEntity, tenantId, assetId, setId, { page: { limit: COMPONENT_PAGE, ...(cursor ? { cursor } : {}) } });
    for (const item of page.items) if (typeof item.package === 'string') packages.add(item.package);
    cursor = page.nextCursor;
  } while (cursor);
  return [...packages];
}

/** Re-indexes an asset and re-matches it against the recent advisories naming its products; answers the advisories re-matched. */
export async function rematchAsset(ctx: WriteContext, tenantId: string, assetId: string, access: TableAccess, now = new Date()): Promise<string[]> {
  const asset = await getEntity<AssetData>(tenantId, assetEntity.type, assetId);
  const identity = await indexIdentity(tenantId, assetId, asset?.data);
  const keys: LookupKey[] = [];
  if (identity) {
    keys.push({ index: 'product', value: identity.productKey });
    if (identity.modelKey) keys.push({ index: 'model', value: identity.modelKey });
    if (identity.cpeKey) keys.push({ index: 'cpe', value: identity.cpeKey });
  }
  const setId = (asset?.data.componentSet as { id?: string } | undefined)?.id;
  if (setId) for (const pkg of await componentPackages(tenantId, assetId, setId)) keys.push({ index: 'package', value: pkg });

  const since = new Date(now.getTime() - REMATCH_DAYS * 86_400_000).toISOString();
  const advisories = new Set<string>();
  for (const key of keys) {
    const { items } = await childItemsOn(advisoryProductEntity, 'byProduct', tenantId, { key: lookupKeyText(key) }, { from: { arrivedAt: since } });
    for (const item of items) advisories.add(item.advisoryId as string);
  }
  // The early warnings that name it now: an asset whose product changed, or that left service, drops out of them.
  const { items: findings } = await childItemsOn(earlyWarningFindingEntity, 'byAsset', tenantId, { assetId });
  const warnings = await getEntities(
    tenantId,
    [...new Set(findings.map((finding) => finding.earlyWarningId as string))].map((id) => ({ type: earlyWarningEntity.type, id })),
  );
  for (const id of new Set(findings.map((finding) => finding.earlyWarningId as string))) {
    const warning = warnings<EarlyWarningData>(earlyWarningEntity.type, id);
    if (warning) advisories.add(warning.data.advisoryId);
  }
  for (const advisoryId of advisories) await matchAdvisory(ctx, tenantId, advisoryId, access);
  return [...advisories];
}
