// Conflicts (b): when a change is authorized, the other authorized changes whose windows overlap it on a shared
// asset are flagged on both, and the security officers and the requester told. A consumer of ChangeAuthorized,
// granted the index by asset and window that the bounded check reads (conflicts.ts).
import { defineConsumer } from '@ismf/events/consumers';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal, utcTime } from '@ismf/mail/notification-text';
import { keyedChildren } from '@ismf/store/batch-write';
import { getEntities, getEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { conflictsOf } from './conflicts.ts';
import { changeAssetEntity, changeRequestEntity, type ChangeAssetData, type ChangeRequestData } from './entities.ts';
import { changeAuthorized } from './outcome-events.ts';

/** At most this many other changes are flagged on one change in one go (a transaction holds 100 items). */
const MAX_CONFLICTS = 40;

export const flagChangeConflictsConsumer = defineConsumer({
  name: 'flagChangeConflicts',
  description:
    'Flags, on both changes, every other authorized change whose window overlaps the one just authorized on a shared asset, and tells the security officers.',
  handler: 'functions/change/flag-change-conflicts.ts',
  access: { table: 'write' },
  patterns: [changeAssetEntity.patterns.byAsset],
  subscribes: [{ event: changeAuthorized }],
});

export async function flagChangeConflicts(ctx: WriteContext, tenantId: string, changeId: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const change = await getEntity<ChangeRequestData>(tenantId, changeRequestEntity.type, changeId);
    if (!change || change.data.state !== 'authorized') return [];
    const assets = await keyedChildren<ChangeAssetData>(changeAssetEntity, tenantId, changeId);
    const window = { start: change.data.windowStart, end: change.data.windowEnd };
    const found = (
      await conflictsOf(
        tenantId,
        changeId,
        assets.map((asset) => asset.assetId),
        window,
      )
    ).slice(0, MAX_CONFLICTS);
    const fresh = found.filter((conflict) => !change.data.conflicts.includes(conflict.changeId));
    if (fresh.length === 0) return [];
    const others = await getEntities(
      tenantId,
      fresh.map((conflict) => ({ type: changeRequestEntity.type, id: conflict.changeId })),
    );
    const work = new UnitOfWork({ ...ctx, reason: `authorized changes overlap on shared assets: ${fresh.map((conflict) => conflict.changeId).join(', ')}` });
    work.update(changeRequestEntity, change, { ...change.data, conflicts: [...change.data.conflicts, ...fresh.map((conflict) => conflict.changeId)] });
    for (const conflict of fresh) {
      const other = others<ChangeRequestData>(changeRequestEntity.type, conflict.changeId);
      if (other && !other.data.conflicts.includes(changeId))
        work.update(changeRequestEntity, other, { ...other.data, conflicts: [...other.data.conflicts, changeId] });
    }
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'change-conflict',
        recipients: { roles: ['security-officer'], users: [change.data.requestedBy] },
        title: `Overlapping changes: ${literal(change.data.title)}`,
        text: `The change “${literal(change.data.title)}”, authorized for ${utcTime(window.start)} to ${utcTime(window.end)}, overlaps ${fresh.length} other authorized change(s) on shared assets: ${fresh.map((conflict) => `“${literal(conflict.title)}”`).join(', ')}.`,
        link: `/change-requests/${changeId}`,
      }),
    );
    try {
      await work.commit();
      return fresh;
    } catch (error) {
      // One of the changes moved meanwhile: look again.
      if ((error as { status?: number }).status !== 412) throw error;
    }
  }
  throw new Error(`change ${changeId} kept changing while its conflicts were flagged`);
}
