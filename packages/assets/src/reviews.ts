// (e) Periodic review: the owner confirms the entry or updates it; either sets the next due date.
import { cascadeTo, nextReviewDue, statusOf, type AssetData, type AssetInput, type AssetPatch } from './rules.ts';
import { applyMergePatch } from '@ismf/core/merge-patch';
import { problems } from '@ismf/core/problems';
import { assetReviewed } from './events.ts';
import { countedChange } from './summary.ts';
import { requireEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { currentPolicy } from './policy.ts';
import { assetEntity } from './entities.ts';
import { ASSET, assetView, mayChange, ownFields, requireNotDisposed, resolveOwner, valued } from './register.ts';

export interface ReviewInput {
  outcome: 'confirmed' | 'updated';
  notes?: string;
  changes?: Omit<AssetPatch, 'reason'>;
}

export async function reviewAsset(ctx: WriteContext, tenantId: string, id: string, review: ReviewInput, caller: { roles: string[]; memberId?: string }) {
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
  await work.commit();
  return assetView(tenantId, after);
}
