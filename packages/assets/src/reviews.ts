// (e) Periodic review: the owner confirms the entry or updates it; either sets the next due date.
import { cascadeTo, nextReviewDue, statusOf, type AssetData, type AssetInput, type AssetPatch } from './rules.ts';
import { applyMergePatch } from '@ismf/core/merge-patch';
import { giveUpAfter, pause, STORE_BACKOFF } from '@ismf/core/backoff';
import { Problem, problems } from '@ismf/core/problems';
import { assetReviewed } from './events.ts';
import { countedChange } from './summary.ts';
import { requireEntity } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { currentPolicy } from './policy.ts';
import { assetEntity } from './entities.ts';
import { ASSET, assetView, mayChange, ownFields, requireNotDisposed, resolveOwner, valued } from './register.ts';

export interface ReviewInput {
  outcome: 'confirmed' | 'updated';
  notes?: string;
  changes?: Omit<AssetPatch, 'reason'>;
}

/** A review; with an Idempotency-Key, a retry answers the review it repeats instead of recording a second one. */
export async function reviewAsset(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  review: ReviewInput,
  caller: { roles: string[]; memberId?: string },
  idempotency?: IdempotencyRequest,
) {
  // A review confirms the entry as it stands: one that met a concurrent change (or a concurrent retry of itself)
  // reads the asset again and goes on; a retry that finds its key's answer replays it.
  for (let attempt = 1; ; attempt++) {
    try {
      return (await commitIdempotent(tenantId, ctx.operation, idempotency, () => reviewed(ctx, tenantId, id, review, caller))).response;
    } catch (error) {
      if (!(error instanceof Problem && error.status === 412)) throw error;
      giveUpAfter(STORE_BACKOFF, attempt, () => `asset ${id} kept changing during its review`);
      await pause(STORE_BACKOFF, attempt);
    }
  }
}

async function reviewed(ctx: WriteContext, tenantId: string, id: string, review: ReviewInput, caller: { roles: string[]; memberId?: string }) {
  const before = await requireEntity<AssetData>(tenantId, ASSET, id, `asset ${id}`);
  if (!mayChange(before, caller)) throw problems.forbidden('an asset owner may review only the assets they own');
  requireNotDisposed(before);
  if (statusOf(before.data) !== 'active') throw problems.conflict(`asset ${id} is retired: it is no longer reviewed`);
  if (review.outcome === 'confirmed' && review.changes && Object.keys(review.changes).length) {
    throw problems.invalid('a confirmed review changes nothing: use outcome "updated"', [{ path: 'body.changes', message: 'not allowed when confirmed' }]);
  }
  if (review.outcome === 'updated' && !(review.changes && Object.keys(review.changes).length)) {
    throw problems.invalid('an updated review names its changes', [{ path: 'body.changes', message: 'required when updated' }]);
  }
  const { policy } = await currentPolicy(tenantId);
  const given = review.changes ?? {};
  // An owner named by e-mail is stored as the user's id.
  const changes = given.owner ? { ...given, owner: await resolveOwner(tenantId, given.owner, 'body.changes.owner', before.data.owner) } : given;
  const merged = applyMergePatch(before.data as AssetInput, changes) as AssetData;
  const now = new Date();
  const current = valued(ownFields(merged), policy, now);
  const data: AssetData = { ...current, nextReviewDue: nextReviewDue(now, current.importance, policy), lastReviewedAt: now.toISOString() };
  const work = new UnitOfWork({ ...ctx, reason: review.notes ?? `review: ${review.outcome}` });
  const after = work.update(assetEntity, before, data);
  work.event(
    assetReviewed.of(tenantId, {
      assetId: id,
      name: data.name,
      type: data.type,
      owner: data.owner,
      importance: data.importance,
      ...countedChange(data, before.data),
      outcome: review.outcome,
      nextReviewDue: data.nextReviewDue,
      ...cascadeTo(before.data.importance, data),
    }),
  );
  return { work, response: await assetView(tenantId, after) };
}
