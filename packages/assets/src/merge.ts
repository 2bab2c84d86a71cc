// Duplicates in the register: one asset merged into another of the tenant. The survivor takes the
// merged asset's components (when it has none), what it depends on, its external id (when it has none),
// and what depended on the merged asset now depends on the survivor. The merged asset keeps its record
// and history, answers 410 with `mergedInto`; the survivor's history names it (`mergedFrom`), while each
// hash chain stays the entity's own. It runs as a job: components and dependents may be many.
import * as z from 'zod';
import { derivedId, ulidSchema } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { childSetPage, deleteChildSet, putChildSet } from '@ismf/store/batch-write';
import { getEntity, queryPattern } from '@ismf/store/entities';
import { uniqueHolders } from '@ismf/store/uniques';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import type { ChunkOutcome, ChunkWork } from '@ismf/jobs/chunk';
import { JobRefused } from '@ismf/jobs/plan';
import { assetEntity, componentEntity, dependencyEntity } from './entities.ts';
import { ASSET, changedEvent, EXTERNAL_ID } from './register.ts';
import { statusOf, type AssetData } from './rules.ts';
import { SBOM_PACKAGE, type ComponentSet } from './sbom.ts';

export const mergeSchema = z.strictObject({
  into: ulidSchema.describe('the asset that survives: another asset of the tenant, neither disposed of nor merged'),
  reason: z.string().trim().min(1).max(1000).describe('why these are one asset; kept in both histories'),
});

/** The checks both the operation (at once) and the job (when it runs) make. */
export async function mergeable(tenantId: string, sourceId: string, intoId: string) {
  if (sourceId === intoId) throw problems.unprocessable('an asset is not merged into itself', [{ path: 'body.into', message: 'another asset' }]);
  const [source, into] = await Promise.all([getEntity<AssetData>(tenantId, ASSET, sourceId), getEntity<AssetData>(tenantId, ASSET, intoId)]);
  if (!source) throw problems.notFound(`asset ${sourceId}`);
  if (!into) throw problems.unprocessable('into names no asset of this tenant', [{ path: 'body.into', message: 'no asset of this tenant has this id' }]);
  const already = source.data.mergedInto;
  if (already && already !== intoId)
    throw problems.gone(`asset ${sourceId} was merged into asset ${already}`, { member: 'mergedInto', id: already, location: `/assets/${already}` });
  if (!already && statusOf(source.data) === 'disposed') throw problems.conflict(`asset ${sourceId} was disposed of: it takes no changes`);
  if (['disposed', 'merged'].includes(statusOf(into.data))) {
    throw problems.unprocessable(`asset ${intoId} is ${statusOf(into.data)}: it takes nothing in`, [
      { path: 'body.into', message: 'an active or retired asset' },
    ]);
  }
  const theirs = source.data.componentSet as ComponentSet | undefined;
  const ours = into.data.componentSet as ComponentSet | undefined;
  if (!already && theirs && ours) {
    throw problems.conflict('both assets have SBOM components: import the right SBOM into the survivor, or merge the other way round');
  }
  return { source, into };
}

const without = (ids: readonly string[] | undefined, ...gone: string[]) => (ids ?? []).filter((id) => !gone.includes(id));

/** A dependent of the merged asset now depends on the survivor (the dependency on the merged one goes). */
async function repoint(
  ctx: WriteContext,
  tenantId: string,
  dependentId: string,
  source: StoredEntity<AssetData>,
  into: StoredEntity<AssetData>,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const dependent = await getEntity<AssetData>(tenantId, ASSET, dependentId);
    if (!dependent || !(dependent.data.dependsOn ?? []).includes(source.id)) return false;
    // The survivor itself drops the dependency (it would depend on itself); another keeps its place in the list.
    const next =
      dependent.id === into.id
        ? without(dependent.data.dependsOn, source.id)
        : [...new Set(dependent.data.dependsOn!.map((id) => (id === source.id ? into.id : id)))];
    const { dependsOn: _old, ...rest } = dependent.data;
    const reason = `${source.data.name} was merged into ${into.data.name}`;
    const work = new UnitOfWork({ ...ctx, reason });
    const after = work.update(assetEntity, dependent, (next.length ? { ...rest, dependsOn: next } : rest) as AssetData);
    work.child(dependencyEntity, tenantId, dependent.id, source.id);
    if (dependent.id !== into.id && !(dependent.data.dependsOn ?? []).includes(into.id))
      work.child(dependencyEntity, tenantId, dependent.id, into.id, { assetId: dependent.id, dependsOn: into.id });
    work.event(changedEvent(tenantId, dependent.data, after, ['dependsOn'], reason, [source.id, into.id]));
    try {
      await work.commit();
      return true;
    } catch (error) {
      if ((error as { status?: number }).status !== 412 || attempt >= 3) throw error;
    }
  }
}

/** Copies the merged asset's component set to the survivor under a set id of the job's (a retry writes the same items). */
async function copyComponents(
  tenantId: string,
  jobId: string,
  source: StoredEntity<AssetData>,
  into: StoredEntity<AssetData>,
): Promise<ComponentSet | undefined> {
  const set = source.data.componentSet as ComponentSet | undefined;
  if (!set) return undefined;
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await childSetPage(componentEntity, tenantId, source.id, set.id, { page: { limit: 1000, ...(cursor ? { cursor } : {}) } });
    items.push(...page.items.map(({ setId: _set, index: _index, ...item }) => ({ ...item, assetId: into.id })));
    cursor = page.nextCursor;
  } while (cursor);
  const setId = derivedId(jobId, 'components');
  await putChildSet(componentEntity, tenantId, into.id, setId, items);
  return { ...set, id: setId };
}

export async function mergeAssetsChunk({ tenantId, job, write }: ChunkWork): Promise<ChunkOutcome> {
  const { source: sourceId, into: intoId, reason } = job.data.parameters as { source: string; into: string; reason: string };
  let checked;
  try {
    checked = await mergeable(tenantId, sourceId, intoId);
  } catch (error) {
    JobRefused.from(error);
  }
  const { source, into } = checked!;
  if (source.data.mergedInto === intoId) return { rows: 1, counts: { merged: 0 }, failed: [] };
  const ctx = { ...write, reason };
  // What depended on the merged asset depends on the survivor from now on.
  const edges = await queryPattern(dependencyEntity, 'dependents', tenantId, { dependsOn: source.id });
  let repointed = 0;
  for (const edge of edges) if (await repoint(ctx, tenantId, edge.data.assetId, source, into)) repointed++;
  const survivor = (await getEntity<AssetData>(tenantId, ASSET, into.id))!;
  const components = await copyComponents(tenantId, job.id, source, survivor);

  // Both records change in one transaction: the survivor takes over, the merged one points at it.
  const takenDependencies = without(source.data.dependsOn, survivor.id, source.id).filter((id) => !(survivor.data.dependsOn ?? []).includes(id));
  const dependsOn = [...(survivor.data.dependsOn ?? []), ...takenDependencies];
  const externalId = survivor.data.externalId ?? source.data.externalId;
  // Both records change in one transaction: never a survivor without its merged record pointing at it, or the reverse.
  const work = new UnitOfWork({ ...ctx, reason: `${source.data.name} (${source.id}) merged into ${survivor.data.name} (${survivor.id}): ${reason}` });
  const survivorData: AssetData = {
    ...survivor.data,
    ...(dependsOn.length ? { dependsOn } : {}),
    ...(components ? { componentSet: components } : {}),
    ...(externalId ? { externalId } : {}),
    mergedFrom: [...(survivor.data.mergedFrom ?? []), source.id],
  };
  const survived = work.update(assetEntity, survivor, survivorData);
  for (const target of takenDependencies) work.child(dependencyEntity, tenantId, survivor.id, target, { assetId: survivor.id, dependsOn: target });
  // The external id and the SBOM's package claim follow the record that now holds them.
  if (source.data.externalId) {
    if (externalId === source.data.externalId) work.transfer(tenantId, EXTERNAL_ID, externalId, source.id, survivor.id);
    else work.release(tenantId, EXTERNAL_ID, source.data.externalId, source.id);
  }
  const described = components?.describes?.package;
  if (described && (await uniqueHolders(tenantId, SBOM_PACKAGE, [described])).get(described) === source.id)
    work.transfer(tenantId, SBOM_PACKAGE, described, source.id, survivor.id);
  const { dependsOn: _gone, componentSet: _moved, externalId: _id, ...sourceRest } = source.data;
  const mergedAfter = work.update(assetEntity, source, { ...sourceRest, status: 'merged', mergedInto: survivor.id } as AssetData);
  for (const target of source.data.dependsOn ?? []) work.child(dependencyEntity, tenantId, source.id, target);
  const taken = ['mergedFrom', ...(takenDependencies.length ? ['dependsOn'] : []), ...(components ? ['componentSet'] : [])];
  work.event(changedEvent(tenantId, survivor.data, survived, taken, reason, takenDependencies));
  // The register's summary counts it as merged from now on; what it depended on is raised by it no more.
  work.event(changedEvent(tenantId, source.data, mergedAfter, ['status', 'mergedInto'], reason, source.data.dependsOn ?? []));
  await work.commit();
  if (source.data.componentSet) await deleteChildSet(componentEntity, tenantId, source.id, (source.data.componentSet as ComponentSet).id);
  return { rows: 1, counts: { merged: 1, dependentsMoved: repointed, components: components?.count ?? 0 }, failed: [] };
}
