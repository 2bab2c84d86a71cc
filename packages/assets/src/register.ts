// (b–e) The asset register: identification and registration, valuation, change management with a
// reason, the history of every version, and lists filtered by what the register is asked about.
import {
  IMPORTANCE_NAMES,
  importanceOf,
  nextReviewDue,
  cascadeTo,
  policyViolations,
  statusOf,
  type AssetData,
  type AssetSort,
  type Importance,
  type AssetStatus,
  type AssetInput,
  type AssetPatch,
  type AssetPolicy,
} from './rules.ts';
import { newId, ULID_PATTERN } from '@ismf/core/ids';
import { uniqueHolder } from '@ismf/store/uniques';
import { applyMergePatch } from '@ismf/core/merge-patch';
import { problems } from '@ismf/core/problems';
import type { UserData } from '@ismf/directory/rules';
import { assetChanged, assetRegistered } from './events.ts';
import { countedChange } from './summary.ts';
import { listAuditEntries } from '@ismf/store/audit';
import { entityView, getEntity, queryPatternPage, requireEntity, type PageRequest, type PatternFilter } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { assetEntity } from './entities.ts';
import { personNames } from '@ismf/store/people-names';
import { currentPolicy } from './policy.ts';

export const ASSET = assetEntity.type;
/** The unique name under which an asset claims its external id: one asset per external id in a tenant. */
export const EXTERNAL_ID = 'asset-external-id';

/** Claims the external id a write gives an asset and gives up the one it had: in the asset's own unit of work. */
export function moveExternalId(work: UnitOfWork, tenantId: string, id: string, before: string | undefined, after: string | undefined, field: string): void {
  if (before === after) return;
  if (before) work.release(tenantId, EXTERNAL_ID, before, id);
  if (after) work.unique(tenantId, EXTERNAL_ID, after, field, id);
}

/**
 * The AssetChanged event of a new version: the asset as it is now, what the register's summary counts
 * (as it was, when that changed), and where a change of importance travels (what it depends on) —
 * unless the caller names the assets to revisit itself (a change of dependencies).
 */
export function changedEvent(tenantId: string, before: AssetData, after: StoredEntity<AssetData>, fields: string[], reason: string, dependencies?: string[]) {
  const { data } = after;
  const revisit = dependencies ?? cascadeTo(before.importance, data).dependencies;
  return assetChanged.of(tenantId, {
    assetId: after.id,
    name: data.name,
    type: data.type,
    owner: data.owner,
    importance: data.importance,
    version: after.version,
    fields,
    reason,
    ...(revisit?.length ? { dependencies: revisit } : {}),
    ...countedChange(data, before),
  });
}

/** Assets as the API shows them: each with its owner named (one directory read for the page). */
export async function assetViews(tenantId: string, entities: readonly StoredEntity<AssetData>[]) {
  const names = await personNames(tenantId, { users: entities.map((entity) => entity.data.owner) });
  return entities.map((entity) => ({ ...entityView(entity), status: statusOf(entity.data), ownerPerson: names.user(entity.data.owner) }));
}

export const assetView = async (tenantId: string, entity: StoredEntity<AssetData>) => (await assetViews(tenantId, [entity]))[0]!;
export type AssetView = Awaited<ReturnType<typeof assetView>>;

/** Valued and dated by the policy: importance from C, I, A; the next review from importance. */
export function valued(input: AssetInput & Partial<AssetData>, policy: AssetPolicy, now: Date, keepDue?: string): AssetData {
  // What depends on it may raise it (the policy's importanceFromDependents), never lower it.
  const importance = Math.max(importanceOf(input, policy.valuation), input.importanceRaise?.importance ?? 1) as Importance;
  return {
    ...input,
    status: statusOf(input),
    importance,
    importanceName: IMPORTANCE_NAMES[importance],
    nextReviewDue: keepDue ?? nextReviewDue(now, importance, policy),
  };
}

/** An entry's own fields: everything but what valuation derives from them. */
export function ownFields(data: AssetData): AssetInput {
  const { importance: _i, importanceName: _n, nextReviewDue: _d, ...own } = data;
  return own as AssetInput;
}

/**
 * An existing entry after a change: importance anew from C, I, A (and what raises it); its review date
 * kept, but brought forward when the importance rose to one reviewed more often: to what the new
 * importance requires since the last review (`since`), never later than it was.
 */
export function revalued(data: AssetData, policy: AssetPolicy, since?: string): AssetData {
  const next = valued(ownFields(data), policy, new Date(), data.nextReviewDue);
  if (since && data.importance !== undefined && next.importance > data.importance) {
    const required = nextReviewDue(new Date(since), next.importance, policy);
    if (required < next.nextReviewDue) next.nextReviewDue = required;
  }
  return next;
}

/** When the review clock of an entry last started: its last review, else its registration. */
export const reviewedSince = (asset: StoredEntity<AssetData>) => asset.data.lastReviewedAt ?? asset.createdAt;

export async function requireActiveUser(tenantId: string, userId: string, field: string): Promise<void> {
  const user = await getEntity<UserData>(tenantId, 'user', userId);
  if (!user || user.data.status !== 'active') {
    throw problems.unprocessable(`${field} must name an active user of the tenant`, [{ path: field, message: 'no active user with this id' }]);
  }
}

/** The checks and the entity of one new asset, written into the caller's unit of work. */
export function registerInto(
  work: UnitOfWork,
  tenantId: string,
  input: AssetInput,
  policy: AssetPolicy,
  path = 'body',
  /** When it was last reviewed (an imported row's): its next review falls due from then. */
  reviewedAt?: string,
): StoredEntity<AssetData> {
  const violations = policyViolations(input, policy, path);
  if (violations.length) throw problems.unprocessable('the asset does not fit the tenant’s asset policy', violations);
  const id = newId();
  const data = reviewedAt ? { ...valued(input, policy, new Date(reviewedAt)), lastReviewedAt: reviewedAt } : valued(input, policy, new Date(work.at));
  const asset = work.create(assetEntity, tenantId, id, data);
  moveExternalId(work, tenantId, id, undefined, data.externalId, `${path}.externalId`);
  work.event(
    assetRegistered.of(tenantId, { assetId: id, name: data.name, type: data.type, owner: data.owner, importance: data.importance, ...countedChange(data) }),
  );
  return asset;
}

/** The owner a request names, by id or by e-mail address: the id of an active user of the tenant, or a 422 naming the field. */
export async function resolveOwner(tenantId: string, owner: string, field: string, current?: string): Promise<string> {
  // The owner an asset has already stays, even once disabled: a change of other fields names it again.
  if (owner === current) return owner;
  if (ULID_PATTERN.test(owner)) {
    await requireActiveUser(tenantId, owner, field);
    return owner;
  }
  const holder = await uniqueHolder(tenantId, 'user-email', owner.toLowerCase());
  if (!holder)
    throw problems.unprocessable(`${field} must name an active user of the tenant`, [
      { path: field, message: 'no user of the tenant has this e-mail address' },
    ]);
  await requireActiveUser(tenantId, holder, field);
  return holder;
}

const manages = (caller: { roles: readonly string[] }) => caller.roles.includes('admin') || caller.roles.includes('security-officer');

export async function registerAsset(
  ctx: WriteContext,
  tenantId: string,
  given: AssetInput,
  caller: { roles: readonly string[]; memberId?: string },
  idempotency?: IdempotencyRequest,
) {
  return commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
    const { policy } = await currentPolicy(tenantId);
    const input = { ...given, owner: await resolveOwner(tenantId, given.owner, 'body.owner') };
    // Checked on the owner resolved: an asset owner may name themself by id or by e-mail.
    if (!manages(caller) && input.owner !== caller.memberId) throw problems.forbidden('an asset owner registers only assets they own themself');
    const work = new UnitOfWork(ctx);
    const asset = registerInto(work, tenantId, input, policy);
    return { work, response: await assetView(tenantId, asset) };
  });
}

export async function getAsset(tenantId: string, id: string) {
  const asset = await requireEntity<AssetData>(tenantId, ASSET, id, `asset ${id}`);
  requireNotMerged(asset);
  return assetView(tenantId, asset);
}

export interface AssetFilters {
  status?: AssetStatus | 'all';
  q?: string;
  sort?: AssetSort;
  type?: string;
  category?: string;
  classification?: string;
  businessProcess?: string;
  label?: string;
  importance?: number;
  owner?: string;
  reviewState?: 'overdue' | 'due' | 'current';
}

const refuse = (path: string, message: string) => problems.invalid(message, [{ path, message }]);

/**
 * Each list reads one index: the name search and the name sort by name (per status), the importance
 * sort by importance (per status), due and overdue reviews and the review sort by review date (active
 * assets only), one owner's assets by owner, else the register in registration order. The other filters
 * narrow what that index reads, so their pages may come back short, with a cursor.
 */
export async function listAssets(tenantId: string, filters: AssetFilters, page: PageRequest, today = new Date().toISOString().slice(0, 10)) {
  const status = filters.status ?? 'active';
  const sort = filters.sort ?? (filters.q ? 'name' : 'registered');
  const where: Record<string, string | number> = {};
  if (filters.type) where.type = filters.type;
  if (filters.category) where.category = filters.category;
  if (filters.classification) where.classification = filters.classification;
  if (filters.businessProcess) where.businessProcess = filters.businessProcess;
  if (filters.importance) where.importance = filters.importance;
  const filter: PatternFilter = {
    where,
    ...(filters.label ? { contains: { labels: filters.label } } : {}),
    ...(filters.reviewState === 'current' ? { atLeast: { nextReviewDue: today } } : {}),
  };
  const reviewed = filters.reviewState === 'overdue' || filters.reviewState === 'due' || sort === 'nextReview';
  if (reviewed && status !== 'active') throw refuse('query.status', 'only active assets are reviewed: due, overdue and the review sort take status=active');
  if (filters.q && !sort.endsWith('name')) throw refuse('query.sort', 'a name search is sorted by name (name or -name)');
  const byStatus = status === 'all' ? undefined : status;
  if ((sort !== 'registered' || filters.q) && !byStatus && !reviewed)
    throw refuse('query.status', 'sorted lists and the name search are per status: active, retired or disposed');
  // The owner is a partition of its own in registration order (byOwner); on the other indexes, a filter.
  if (filters.owner && (reviewed || sort !== 'registered')) where.owner = filters.owner;
  let result;
  if (reviewed) {
    // Overdue: due before today; due: up to and including today.
    const range =
      filters.reviewState === 'overdue' ? { before: { nextReviewDue: today } } : filters.reviewState === 'due' ? { upTo: { nextReviewDue: today } } : {};
    result = await queryPatternPage(assetEntity, 'dueBy', tenantId, {}, { ...range, ...filter, page });
  } else if (sort === 'name' || sort === '-name') {
    result = await queryPatternPage(
      assetEntity,
      'byName',
      tenantId,
      { status: byStatus! },
      {
        ...filter,
        ...(filters.q ? { prefix: { name: filters.q } } : {}),
        ...(sort === '-name' ? { descending: true } : {}),
        page,
      },
    );
  } else if (sort === 'importance' || sort === '-importance') {
    // `-importance`: the most important first.
    result = await queryPatternPage(
      assetEntity,
      'byImportance',
      tenantId,
      { status: byStatus! },
      { ...filter, ...(sort === '-importance' ? { descending: true } : {}), page },
    );
  } else {
    if (byStatus) where.status = byStatus;
    result = filters.owner
      ? await queryPatternPage(assetEntity, 'byOwner', tenantId, { owner: filters.owner }, { ...filter, page })
      : await queryPatternPage(assetEntity, 'list', tenantId, {}, { ...filter, page });
  }
  return { items: await assetViews(tenantId, result.items), nextCursor: result.nextCursor };
}

/** The refusal every change of a disposed asset gets: it is kept as a record, and changes no more. */
export function requireNotDisposed(asset: StoredEntity<AssetData>): void {
  requireNotMerged(asset);
  if (statusOf(asset.data) === 'disposed') throw problems.conflict(`asset ${asset.id} was disposed of: it takes no changes`);
}

/** A merged asset lives on in another: every request about it is pointed there (410 with `mergedInto` and Location). */
export function requireNotMerged(asset: StoredEntity<AssetData>): void {
  const into = asset.data.mergedInto;
  if (into) throw problems.gone(`asset ${asset.id} was merged into asset ${into}`, { member: 'mergedInto', id: into, location: `/assets/${into}` });
}

/** Whether the caller may change this asset: managers of the register, or its own owner. */
export function mayChange(asset: StoredEntity<AssetData>, caller: { roles: string[]; memberId?: string }): boolean {
  if (manages(caller)) return true;
  return caller.roles.includes('asset-owner') && asset.data.owner === caller.memberId;
}

export async function changeAsset(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  expectedVersion: number,
  patch: AssetPatch,
  caller: { roles: string[]; memberId?: string },
) {
  const before = await requireEntity<AssetData>(tenantId, ASSET, id, `asset ${id}`);
  requireNotMerged(before);
  if (!mayChange(before, caller)) throw problems.forbidden('an asset owner may change only the assets they own');
  if (before.version !== expectedVersion) throw problems.stale(`asset ${id} is at version ${before.version}, not ${expectedVersion}`);
  requireNotDisposed(before);
  const { reason, ...given } = patch;
  const changes = given.owner ? { ...given, owner: await resolveOwner(tenantId, given.owner, 'body.owner', before.data.owner) } : given;
  const merged = applyMergePatch(before.data as AssetInput, changes) as AssetInput;
  const { policy } = await currentPolicy(tenantId);
  const violations = policyViolations(merged, policy);
  if (violations.length) throw problems.unprocessable('the asset does not fit the tenant’s asset policy', violations);
  const data = revalued(merged as AssetData, policy, reviewedSince(before));
  const work = new UnitOfWork({ ...ctx, reason });
  const after = work.update(assetEntity, before, data);
  moveExternalId(work, tenantId, id, before.data.externalId, data.externalId, 'body.externalId');
  const fields = Object.keys(changes).filter((field) => JSON.stringify(before.data[field]) !== JSON.stringify(data[field]));
  work.event(changedEvent(tenantId, before.data, after, fields, reason));
  await work.commit();
  return assetView(tenantId, after);
}

/** Every version of an asset: who, when, why, and what changed. */
export async function assetHistory(tenantId: string, id: string, page: PageRequest) {
  await requireEntity<AssetData>(tenantId, ASSET, id, `asset ${id}`);
  const entries = await listAuditEntries(tenantId, ASSET, id, page);
  const names = await personNames(tenantId, { subjects: entries.items.map((entry) => entry.actor.userId) });
  return {
    items: entries.items.map((entry) => ({
      version: entry.seq,
      at: entry.at,
      by: entry.actor,
      byPerson: names.subject(entry.actor.userId),
      operation: entry.operation,
      ...(entry.reason ? { reason: entry.reason } : {}),
      changes: entry.changes ?? [],
    })),
    nextCursor: entries.nextCursor,
  };
}
