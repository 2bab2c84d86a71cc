// (b) The scope of impact of a change: the affected assets with their importance, the business processes
// they serve and the assets that depend on them — read from the asset register and its dependency index,
// never typed in. Each affected asset is a keyed child item of the request (a firmware rollout touches
// thousands: no list in the request item, which holds at most 400 KB), indexed by asset and window.
//
// The request's impact summary is grown in the same transaction as the child items it counts, chunk by
// chunk as assets are added. That incremental sum replaces "a job computes the summary when large": the
// summary is exact after every transaction, and adding 10,000 assets costs the same per asset as adding 10.
import { inFlight } from '@ismf/core/in-flight';
import { statusOf, type AssetData } from '@ismf/assets/rules';
import { dependencyEntity } from '@ismf/assets/entities';
import { problems, type FieldError } from '@ismf/core/problems';
import { existingKeyedChildren, keyedChildPage, keyedChildren, putKeyedChildren } from '@ismf/store/batch-write';
import { getEntities, queryPattern, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { personNames } from '@ismf/store/people-names';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { changeAssetEntity, changeRequestEntity, type ChangeAssetData, type ChangeRequestData, type ImpactSummary } from './entities.ts';

const ASSET = 'asset';
/** Affected assets per transaction: their child items, the request's next version and its audit entry (and, in the first, the event) stay under DynamoDB's 100 items. */
export const ASSETS_PER_TRANSACTION = 90;
/** Business processes the summary names at most. */
const MAX_PROCESSES = 50;
/** Dependents named per affected asset in a page of them. */
const DEPENDENTS_SHOWN = 10;
/** Dependency queries in flight at once. */
const QUERIES_IN_FLIGHT = 8;

export const EMPTY_IMPACT: ImpactSummary = {
  assets: 0,
  byImportance: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
  maxImportance: 0,
  businessProcesses: [],
  dependents: 0,
};

/** The summary grown by these affected assets. */
export function addToImpact(impact: ImpactSummary, items: readonly ChangeAssetData[]): ImpactSummary {
  const byImportance = { ...impact.byImportance };
  const processes = new Set(impact.businessProcesses);
  let { maxImportance, dependents } = impact;
  for (const item of items) {
    const level = String(Math.min(5, Math.max(1, item.importance))) as keyof ImpactSummary['byImportance'];
    byImportance[level] += 1;
    maxImportance = Math.max(maxImportance, item.importance);
    dependents += item.dependents;
    if (item.businessProcess && processes.size < MAX_PROCESSES) processes.add(item.businessProcess);
  }
  return { assets: impact.assets + items.length, byImportance, maxImportance, businessProcesses: [...processes], dependents };
}

/** How many assets depend on each of these (one query of the dependency index per asset). */
export async function dependentCounts(tenantId: string, assetIds: readonly string[]): Promise<Map<string, number>> {
  const counts = await inFlight(
    assetIds,
    QUERIES_IN_FLIGHT,
    async (id) => (await queryPattern(dependencyEntity, 'dependents', tenantId, { dependsOn: id })).length,
  );
  return new Map(assetIds.map((id, at) => [id, counts[at]!]));
}

/**
 * The assets a request names, read from the register: each must be an asset of the tenant that is neither
 * disposed of nor merged into another. Answers them, or the errors naming `<path>.<index>` (another tenant's
 * asset cannot be addressed: it is missing here).
 */
export async function affectedAssets(
  tenantId: string,
  ids: readonly string[],
  path = 'body.assets',
): Promise<{ assets: StoredEntity<AssetData>[]; errors: FieldError[] }> {
  const found = await getEntities(
    tenantId,
    ids.map((id) => ({ type: ASSET, id })),
  );
  const assets: StoredEntity<AssetData>[] = [];
  const errors: FieldError[] = [];
  ids.forEach((id, index) => {
    const asset = found<AssetData>(ASSET, id);
    if (!asset) errors.push({ path: `${path}.${index}`, message: 'no asset of this tenant has this id' });
    else if (statusOf(asset.data) === 'disposed') errors.push({ path: `${path}.${index}`, message: 'disposed of: it can no longer change' });
    else if (statusOf(asset.data) === 'merged') errors.push({ path: `${path}.${index}`, message: `merged into asset ${asset.data.mergedInto}: name that one` });
    else assets.push(asset);
  });
  return { assets, errors };
}

/** The same, refusing with a 422 naming each bad entry. */
export async function requireAffectedAssets(tenantId: string, ids: readonly string[], path = 'body.assets'): Promise<StoredEntity<AssetData>[]> {
  const { assets, errors } = await affectedAssets(tenantId, ids, path);
  if (errors.length) throw problems.unprocessable('the request names assets that cannot be changed', errors);
  return assets;
}

/** The child items of these assets for a change with this window: importance, business process, owner and dependents as they are now. */
export async function changeAssetItems(
  tenantId: string,
  changeId: string,
  window: { start: string; end: string },
  assets: readonly StoredEntity<AssetData>[],
): Promise<ChangeAssetData[]> {
  const dependents = await dependentCounts(
    tenantId,
    assets.map((asset) => asset.id),
  );
  return assets.map((asset) => ({
    changeId,
    assetId: asset.id,
    assetName: asset.data.name,
    type: asset.data.type,
    importance: asset.data.importance,
    ...(asset.data.businessProcess ? { businessProcess: asset.data.businessProcess } : {}),
    owner: asset.data.owner,
    dependents: dependents.get(asset.id) ?? 0,
    windowStart: window.start,
    windowEnd: window.end,
  }));
}

/** Puts these child items into the unit of work and answers the request's data with its count and summary grown by them. */
export function withAssets(
  work: UnitOfWork,
  tenantId: string,
  changeId: string,
  data: ChangeRequestData,
  items: readonly ChangeAssetData[],
): ChangeRequestData {
  for (const item of items) work.child(changeAssetEntity, tenantId, changeId, item.assetId, item);
  return { ...data, assetCount: data.assetCount + items.length, impact: addToImpact(data.impact, items) };
}

export function chunks<T>(items: readonly T[], size = ASSETS_PER_TRANSACTION): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * Adds affected assets to a request, a transaction per chunk: each writes the chunk's child items and the
 * request's next version with its summary grown by exactly them (an asset already affected is skipped, so a
 * retry after a failure part-way completes the set without counting twice). Answers the request as written.
 */
export async function appendAssets(
  ctx: WriteContext,
  tenantId: string,
  before: StoredEntity<ChangeRequestData>,
  items: readonly ChangeAssetData[],
): Promise<StoredEntity<ChangeRequestData>> {
  const present = await existingKeyedChildren(
    changeAssetEntity,
    tenantId,
    before.id,
    items.map((item) => item.assetId),
  );
  let current = before;
  for (const chunk of chunks(items.filter((item) => !present.has(item.assetId)))) {
    const work = new UnitOfWork(ctx);
    current = work.update(changeRequestEntity, current, withAssets(work, tenantId, current.id, current.data, chunk));
    await work.commit();
  }
  return current;
}

/**
 * Moves every affected asset's copy of the window to the request's (after a plan changed it): derived items, in
 * bulk. Answers the affected assets as they now stand, so that a caller needs no second read of them.
 */
export async function moveWindow(tenantId: string, changeId: string, window: { start: string; end: string }): Promise<ChangeAssetData[]> {
  const items = await keyedChildren<ChangeAssetData>(changeAssetEntity, tenantId, changeId);
  const moved = items.filter((item) => item.windowStart !== window.start || item.windowEnd !== window.end);
  await putKeyedChildren(
    changeAssetEntity,
    tenantId,
    changeId,
    moved.map((item) => ({ key: item.assetId, record: { ...item, windowStart: window.start, windowEnd: window.end } })),
  );
  return items.map((item) => ({ ...item, windowStart: window.start, windowEnd: window.end }));
}

/**
 * One page of a request's affected assets in asset-id order, each with its importance, business process,
 * owner and the assets that depend on it (how many, and the first few named: one query of the dependency
 * index per asset of the page, one BatchGet for their names).
 */
export async function affectedAssetsPage(tenantId: string, changeId: string, page: PageRequest) {
  await requireEntity(tenantId, changeRequestEntity.type, changeId, `change request ${changeId}`);
  const { items, nextCursor } = await keyedChildPage<ChangeAssetData>(changeAssetEntity, tenantId, changeId, page);
  const edges = await inFlight(items, QUERIES_IN_FLIGHT, async (item) =>
    (await queryPatternPage(dependencyEntity, 'dependents', tenantId, { dependsOn: item.assetId }, { page: { limit: DEPENDENTS_SHOWN } })).items.map(
      (edge) => edge.data.assetId,
    ),
  );
  const found = await getEntities(
    tenantId,
    [...new Set(edges.flat())].map((id) => ({ type: ASSET, id })),
  );
  const names = await personNames(tenantId, { users: items.map((item) => item.owner) });
  return {
    items: items.map((item, at) => ({
      ...item,
      ownerPerson: names.user(item.owner),
      dependentAssets: edges[at]!.map((id) => ({ id, name: found<AssetData>(ASSET, id)?.data.name ?? id })),
    })),
    ...(nextCursor ? { nextCursor } : {}),
  };
}
