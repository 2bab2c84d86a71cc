// Freeze periods: the tenant's times in which no change but an emergency may be made. A window inside one is
// refused (unless emergency), naming the freeze. Ending a freeze early is an audited change of its status,
// so its history shows who ended it; an ended freeze leaves the list and no longer refuses windows.
import { newId } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { entityView, queryPattern, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { personNames } from '@ismf/store/people-names';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { changeFreezeEntity, type ChangeFreezeData } from './entities.ts';
import { instant, normalWindow } from './rules.ts';

const FREEZE = changeFreezeEntity.type;

export interface FreezeInput {
  name: string;
  start: string;
  end: string;
  reason: string;
}

export async function freezeViews(tenantId: string, freezes: readonly StoredEntity<ChangeFreezeData>[]) {
  const names = await personNames(tenantId, { subjects: freezes.flatMap((freeze) => [freeze.data.createdBy, freeze.data.cancelledBy]) });
  return freezes.map((freeze) => ({
    ...entityView(freeze),
    createdByPerson: names.subject(freeze.data.createdBy),
    ...(freeze.data.cancelledBy ? { cancelledByPerson: names.subject(freeze.data.cancelledBy) } : {}),
  }));
}

export async function createFreeze(ctx: WriteContext, tenantId: string, input: FreezeInput, idempotency?: IdempotencyRequest) {
  return commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
    const work = new UnitOfWork(ctx);
    const freeze = work.create(changeFreezeEntity, tenantId, newId(), {
      ...input,
      start: instant(input.start),
      end: instant(input.end),
      createdBy: ctx.actor.userId,
      status: 'active',
    });
    return { work, response: (await freezeViews(tenantId, [freeze]))[0]! };
  });
}

export async function getFreeze(tenantId: string, id: string) {
  const freeze = await requireEntity<ChangeFreezeData>(tenantId, FREEZE, id, `change freeze ${id}`);
  return (await freezeViews(tenantId, [freeze]))[0]!;
}

/** Ends a freeze (its status `cancelled`, with who and when): it no longer refuses windows, and leaves the list. */
export async function cancelFreeze(ctx: WriteContext, tenantId: string, id: string, expectedVersion: number, reason: string) {
  const before = await requireEntity<ChangeFreezeData>(tenantId, FREEZE, id, `change freeze ${id}`);
  if (before.version !== expectedVersion) throw problems.stale(`change freeze ${id} is at version ${before.version}, not ${expectedVersion}`);
  if (before.data.status === 'cancelled') throw problems.conflict('this freeze was already ended');
  const work = new UnitOfWork({ ...ctx, reason });
  const after = work.update(changeFreezeEntity, before, { ...before.data, status: 'cancelled', cancelledBy: ctx.actor.userId, cancelledAt: work.at });
  await work.commit();
  return (await freezeViews(tenantId, [after]))[0]!;
}

/** Active freezes that end at or after `from` (all of them, without), soonest end first. */
export async function listFreezes(tenantId: string, from: string | undefined, page: PageRequest) {
  const result = await queryPatternPage(changeFreezeEntity, 'byEnd', tenantId, {}, { ...(from ? { from: { end: instant(from) } } : {}), page });
  return { items: await freezeViews(tenantId, result.items), ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}

/**
 * The first active freeze the window overlaps, if any: one query of the freezes that end after the window
 * starts (the index by end: no scan), kept when they start before it ends.
 */
export async function freezeAt(tenantId: string, window: { start: string; end: string }): Promise<StoredEntity<ChangeFreezeData> | undefined> {
  const { start, end } = normalWindow(window);
  const ending = await queryPattern(changeFreezeEntity, 'byEnd', tenantId, {}, { from: { end: start } });
  return ending.find((freeze) => freeze.data.end > start && freeze.data.start < end);
}
