// (b–e) The asset register: identification and registration, valuation, change management with a
// reason, the history of every version, and lists filtered by what the register is asked about.
import {
  IMPORTANCE_NAMES,
  importanceOf,
  nextReviewDue,
  policyViolations,
  type AssetData,
  type AssetInput,
  type AssetPatch,
  type AssetPolicy,
} from './rules.ts';
import { newId, ULID_PATTERN } from '@ismf/core/ids';
import { uniqueHolder } from '@ismf/store/uniques';
import { applyMergePatch } from '@ismf/core/merge-patch';
import { problems } from '@ismf/core/problems';
import type { UserData } from '@ismf/directory/tenancy';
import { assetChanged, assetRegistered } from './events.ts';
import { listAuditEntries } from '@ismf/store/audit';
import { entityView, getEntity, queryPatternPage, requireEntity, type PageRequest, type PatternFilter } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { assetEntity } from './entities.ts';
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

export type AssetView = ReturnType<typeof assetView>;
export const assetView = (entity: StoredEntity<AssetData>) => entityView(entity);

/** Valued and dated by the policy: importance from C, I, A; the next review from importance. */
export function valued(input: AssetInput & Partial<AssetData>, policy: AssetPolicy, now: Date, keepDue?: string): AssetData {
  const importance = importanceOf(input, policy.valuation);
  return {
    ...input,
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

/** An existing entry after a change: importance anew from C, I, A; its review date and history kept. */
export function revalued(data: AssetData, policy: AssetPolicy): AssetData {
  return valued(ownFields(data), policy, new Date(), data.nextReviewDue);
}

export async function requireActiveUser(tenantId: string, userId: string, field: string): Promise<void> {
  const user = await getEntity<UserData>(tenantId, 'user', userId);
  if (!user || user.data.status !== 'active') {
    throw problems.unprocessable(`${field} must name an active user of the tenant`, [{ path: field, message: 'no active user with this id' }]);
  }
}

/** The checks and the entity of one new asset, written into the caller's unit of work. */
export function registerInto(work: UnitOfWork, tenantId: string, input: AssetInput, policy: AssetPolicy, path = 'body'): StoredEntity<AssetData> {
  const violations = policyViolations(input, policy, path);
  if (violations.length) throw problems.unprocessable('the asset does not fit the tenant’s asset policy', violations);
  const id = newId();
  const data = valued(input, policy, new Date(work.at));
  const asset = work.create(assetEntity, tenantId, id, data);
  moveExternalId(work, tenantId, id, undefined, data.externalId, `${path}.externalId`);
  work.event(assetRegistered.of(tenantId, { assetId: id, name: data.name, type: data.type, owner: data.owner, importance: data.importance }));
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
    return { work, response: assetView(asset) };
  });
}

export async function getAsset(tenantId: string, id: string) {
  return assetView(await requireEntity<AssetData>(tenantId, ASSET, id, `asset ${id}`));
}

export interface AssetFilters {
  type?: string;
  category?: string;
  classification?: string;
  importance?: number;
  owner?: string;
  reviewState?: 'overdue' | 'due' | 'current';
}

/**
 * Lists read one pattern: by review date (`dueBy`, for due and overdue), by owner (`byOwner`), else the
 * register in creation order (`list`); the other filters narrow the page.
 */
export async function listAssets(tenantId: string, filters: AssetFilters, page: PageRequest, today = new Date().toISOString().slice(0, 10)) {
  const where: Record<string, string | number> = {};
  if (filters.type) where.type = filters.type;
  if (filters.category) where.category = filters.category;
  if (filters.classification) where.classification = filters.classification;
  if (filters.importance) where.importance = filters.importance;
  const filter: PatternFilter = { where, ...(filters.reviewState === 'current' ? { atLeast: { nextReviewDue: today } } : {}) };
  let result;
  if (filters.reviewState === 'overdue' || filters.reviewState === 'due') {
    if (filters.owner) where.owner = filters.owner;
    // Overdue: due before today; due: up to and including today.
    const range = filters.reviewState === 'overdue' ? { before: { nextReviewDue: today } } : { upTo: { nextReviewDue: today } };
    result = await queryPatternPage(assetEntity, 'dueBy', tenantId, {}, { ...range, ...filter, page });
  } else if (filters.owner) {
    result = await queryPatternPage(assetEntity, 'byOwner', tenantId, { owner: filters.owner }, { ...filter, page });
  } else {
    result = await queryPatternPage(assetEntity, 'list', tenantId, {}, { ...filter, page });
  }
  return { items: result.items.map(assetView), nextCursor: result.nextCursor };
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
  if (!mayChange(before, caller)) throw problems.forbidden('an asset owner may change only the assets they own');
  if (before.version !== expectedVersion) throw problems.stale(`asset ${id} is at version ${before.version}, not ${expectedVersion}`);
  const { reason, ...given } = patch;
  const changes = given.owner ? { ...given, owner: await resolveOwner(tenantId, given.owner, 'body.owner', before.data.owner) } : given;
  const merged = applyMergePatch(before.data as AssetInput, changes) as AssetInput;
  const { policy } = await currentPolicy(tenantId);
  const violations = policyViolations(merged, policy);
  if (violations.length) throw problems.unprocessable('the asset does not fit the tenant’s asset policy', violations);
  const data = revalued(merged as AssetData, policy);
  const work = new UnitOfWork({ ...ctx, reason });
  const after = work.update(assetEntity, before, data);
  moveExternalId(work, tenantId, id, before.data.externalId, data.externalId, 'body.externalId');
  const fields = Object.keys(changes).filter((field) => JSON.stringify(before.data[field]) !== JSON.stringify(data[field]));
  work.event(
    assetChanged.of(tenantId, {
      assetId: id,
      name: data.name,
      type: data.type,
      owner: data.owner,
      importance: data.importance,
      version: after.version,
      fields,
      reason,
    }),
  );
  await work.commit();
  return assetView(after);
}

/** Every version of an asset: who, when, why, and what changed. */
export async function assetHistory(tenantId: string, id: string, page: PageRequest) {
  await requireEntity<AssetData>(tenantId, ASSET, id, `asset ${id}`);
  const entries = await listAuditEntries(tenantId, ASSET, id, page);
  return {
    items: entries.items.map((entry) => ({
      version: entry.seq,
      at: entry.at,
      by: entry.actor,
      operation: entry.operation,
      ...(entry.reason ? { reason: entry.reason } : {}),
      changes: entry.changes ?? [],
    })),
    nextCursor: entries.nextCursor,
  };
}
