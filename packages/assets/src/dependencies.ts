// Dependencies between assets: a service depends on systems, a system on network elements and sites.
// The dependent asset lists what it depends on; each dependency is also a child item of it, indexed by
// the asset depended on, so that "what depends on this" is one query. What depends on an asset may raise
// its importance (the asset policy's importanceFromDependents), with the reason shown on the asset; a
// change of importance travels along the dependencies as AssetChanged events. Impact analysis in later
// areas (changes, early warnings, incidents) reads the same two directions.
import * as z from 'zod';
import { canonicalJson } from '@ismf/core/canonical';
import { ulidSchema } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { getEntities, getEntity, queryPattern, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { assetEntity, dependencyEntity } from './entities.ts';
import { currentPolicy } from './policy.ts';
import { ASSET, changedEvent, mayChange, requireNotDisposed, requireNotMerged, revalued, reviewedSince } from './register.ts';
import { importanceOf, raisedImportance, statusOf, type AssetData, type ImportanceRaise } from './rules.ts';

/** At most this many per asset: its dependencies change in one transaction with it. */
export const MAX_DEPENDENCIES = 40;
/** How far a cycle is looked for: a chain longer than this is refused rather than followed. */
const MAX_CHAIN_ASSETS = 2_000;

export const dependenciesSchema = z.strictObject({
  dependsOn: z
    .array(ulidSchema)
    .max(MAX_DEPENDENCIES)
    .refine((ids) => new Set(ids).size === ids.length, 'each asset once')
    .describe('the assets this one depends on (all of them: the list replaces the one before)'),
  reason: z.string().trim().min(1).max(1000).describe('kept in the history'),
});

export type AssetSummary = ReturnType<typeof summary>;

function summary(asset: StoredEntity<AssetData>) {
  return {
    id: asset.id,
    name: asset.data.name,
    type: asset.data.type,
    status: statusOf(asset.data),
    importance: asset.data.importance,
    ...(asset.data.businessProcess ? { businessProcess: asset.data.businessProcess } : {}),
  };
}

/** The asset whose chain of dependencies leads back to `self`, as the index of the new dependency it starts from. */
async function cycleFrom(tenantId: string, self: string, targets: readonly string[]): Promise<number | undefined> {
  const origin = new Map<string, number>(targets.map((id, index) => [id, index]));
  let frontier = [...targets];
  while (frontier.length) {
    const found = await getEntities(
      tenantId,
      frontier.map((id) => ({ type: ASSET, id })),
    );
    const next: string[] = [];
    for (const id of frontier) {
      for (const further of found<AssetData>(ASSET, id)?.data.dependsOn ?? []) {
        if (further === self) return origin.get(id);
        if (!origin.has(further)) {
          origin.set(further, origin.get(id)!);
          next.push(further);
        }
      }
    }
    if (origin.size > MAX_CHAIN_ASSETS)
      throw problems.unprocessable('the chain of dependencies is too long to check', [
        { path: 'body.dependsOn', message: `more than ${MAX_CHAIN_ASSETS} assets` },
      ]);
    frontier = next;
  }
  return undefined;
}

/** Replaces what an asset depends on: each an active or retired asset of the tenant, none itself, no cycle. */
export async function setDependencies(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  expectedVersion: number,
  input: z.infer<typeof dependenciesSchema>,
  caller: { roles: string[]; memberId?: string },
) {
  const before = await requireEntity<AssetData>(tenantId, ASSET, id, `asset ${id}`);
  requireNotMerged(before);
  if (!mayChange(before, caller)) throw problems.forbidden('an asset owner may change only the assets they own');
  if (before.version !== expectedVersion) throw problems.stale(`asset ${id} is at version ${before.version}, not ${expectedVersion}`);
  requireNotDisposed(before);
  const next = input.dependsOn;
  const self = next.indexOf(id);
  if (self >= 0) throw problems.unprocessable('an asset does not depend on itself', [{ path: `body.dependsOn.${self}`, message: 'this asset itself' }]);
  const found = await getEntities(
    tenantId,
    next.map((target) => ({ type: ASSET, id: target })),
  );
  const errors = next.flatMap((target, index) => {
    const asset = found<AssetData>(ASSET, target);
    if (!asset) return [{ path: `body.dependsOn.${index}`, message: 'no asset of this tenant has this id' }];
    if (statusOf(asset.data) === 'disposed') return [{ path: `body.dependsOn.${index}`, message: 'disposed of' }];
    return [];
  });
  if (errors.length) throw problems.unprocessable('dependsOn names assets that cannot be depended on', errors);
  const cycle = await cycleFrom(tenantId, id, next);
  if (cycle !== undefined) {
    throw problems.unprocessable('the dependencies would go round in a circle', [
      { path: `body.dependsOn.${cycle}`, message: 'depends, directly or not, on this asset' },
    ]);
  }
  const previous = before.data.dependsOn ?? [];
  const { dependsOn: _old, ...rest } = before.data;
  const data: AssetData = next.length ? { ...rest, dependsOn: next } : (rest as AssetData);
  const work = new UnitOfWork({ ...ctx, reason: input.reason });
  const after = work.update(assetEntity, before, data);
  for (const target of next.filter((target) => !previous.includes(target)))
    work.child(dependencyEntity, tenantId, id, target, { assetId: id, dependsOn: target });
  for (const target of previous.filter((target) => !next.includes(target))) work.child(dependencyEntity, tenantId, id, target);
  work.event(changedEvent(tenantId, before.data, after, ['dependsOn'], input.reason, [...new Set([...previous, ...next])]));
  await work.commit();
  return dependenciesOf(tenantId, id, { limit: 100 });
}

/** Both directions: what the asset depends on (all), and one page of what depends on it. */
export async function dependenciesOf(tenantId: string, id: string, page: PageRequest) {
  const asset = await requireEntity<AssetData>(tenantId, ASSET, id, `asset ${id}`);
  const edges = await queryPatternPage(dependencyEntity, 'dependents', tenantId, { dependsOn: id }, { page });
  const wanted = [...(asset.data.dependsOn ?? []), ...edges.items.map((edge) => edge.data.assetId)];
  const found = await getEntities(
    tenantId,
    wanted.map((target) => ({ type: ASSET, id: target })),
  );
  const summaries = (ids: readonly string[]) =>
    ids.flatMap((target) => {
      const entity = found<AssetData>(ASSET, target);
      return entity ? [summary(entity)] : [];
    });
  return {
    assetId: id,
    version: asset.version,
    dependsOn: summaries(asset.data.dependsOn ?? []),
    dependents: summaries(edges.items.map((edge) => edge.data.assetId)),
    ...(edges.nextCursor ? { nextCursor: edges.nextCursor } : {}),
  };
}

/**
 * Recomputes what an asset's dependents raise its importance to, by the policy's rule, from its active
 * dependents. A change is a version of the asset with its reason; when its importance changed, the
 * event names what it depends on in turn, so that the raise travels down the chain.
 */
export async function raiseFromDependents(ctx: WriteContext, tenantId: string, id: string): Promise<'changed' | 'unchanged'> {
  for (let attempt = 1; ; attempt++) {
    const asset = await getEntity<AssetData>(tenantId, ASSET, id);
    if (!asset || statusOf(asset.data) === 'disposed') return 'unchanged';
    const { policy } = await currentPolicy(tenantId);
    const rule = policy.importanceFromDependents ?? 'none';
    const edges = await queryPattern(dependencyEntity, 'dependents', tenantId, { dependsOn: id });
    const found = await getEntities(
      tenantId,
      edges.map((edge) => ({ type: ASSET, id: edge.data.assetId })),
    );
    const dependents = edges.flatMap((edge) => {
      const dependent = found<AssetData>(ASSET, edge.data.assetId);
      return dependent && statusOf(dependent.data) === 'active' ? [dependent] : [];
    });
    const level = raisedImportance(
      dependents.map((dependent) => dependent.data),
      rule,
    );
    const own = importanceOf(asset.data, policy.valuation);
    const top = dependents.reduce<StoredEntity<AssetData> | undefined>(
      (best, dependent) => (!best || dependent.data.importance > best.data.importance ? dependent : best),
      undefined,
    );
    // Recorded only where it raises: an asset important enough on its own needs no reason from elsewhere.
    const raise: ImportanceRaise | undefined =
      level && level > own && top ? { importance: level, by: { assetId: top.id, name: top.data.name, importance: top.data.importance }, rule } : undefined;
    if (canonicalJson(raise ?? null) === canonicalJson(asset.data.importanceRaise ?? null)) return 'unchanged';
    const { importanceRaise: _old, ...rest } = asset.data;
    const data = revalued((raise ? { ...rest, importanceRaise: raise } : rest) as AssetData, policy, reviewedSince(asset));
    const reason = raise
      ? `importance raised to ${raise.importance} because ${raise.by.name} (importance ${raise.by.importance}) depends on it (rule: ${rule})`
      : 'importance no longer raised by what depends on it';
    const work = new UnitOfWork({ ...ctx, reason });
    const after = work.update(assetEntity, asset, data);
    const importanceChanged = data.importance !== asset.data.importance;
    work.event(changedEvent(tenantId, asset.data, after, importanceChanged ? ['importance', 'importanceRaise', 'nextReviewDue'] : ['importanceRaise'], reason));
    try {
      await work.commit();
      return 'changed';
    } catch (error) {
      // Changed meanwhile (an edit, another raise): read it again and recompute.
      if ((error as { status?: number }).status !== 412 || attempt >= 3) throw error;
    }
  }
}
