// Overdue patches (c): an outstanding requirement past its due date is told to its asset's owner — one message per
// owner, however many — and the security officers get one summary; each requirement is marked, so that it is told
// once.
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal } from '@ismf/mail/notification-text';
import { queryPattern } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { patchRequirementEntity, type PatchRequirementData } from './entities.ts';

const CHUNK = 40;

export async function announceOverduePatches(ctx: WriteContext, tenantId: string, now = new Date().toISOString()) {
  const due = await queryPattern(patchRequirementEntity, 'due', tenantId, {}, { before: { dueAt: now } });
  const fresh = due.filter((requirement) => !requirement.data.overdueNotifiedAt);
  if (!fresh.length) return { told: 0 };
  const byOwner = new Map<string, StoredEntity<PatchRequirementData>[]>();
  for (const requirement of fresh) byOwner.set(requirement.data.owner, [...(byOwner.get(requirement.data.owner) ?? []), requirement]);
  for (let start = 0; start < fresh.length; start += CHUNK) {
    const work = new UnitOfWork({ ...ctx, reason: 'overdue: told the owner' });
    for (const requirement of fresh.slice(start, start + CHUNK))
      work.update(patchRequirementEntity, requirement, { ...requirement.data, overdueNotifiedAt: now });
    await work.commit();
  }
  const work = new UnitOfWork(ctx);
  for (const [owner, owned] of byOwner) {
    const first = owned[0]!;
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'patch-overdue',
        recipients: { members: [owner] },
        title: owned.length === 1 ? `Overdue patch: ${literal(first.data.summary)}` : `${owned.length} overdue patches on your assets`,
        text: `${literal(first.data.summary)} on ${literal(first.data.assetName)} (${first.data.priority}) was due on ${first.data.dueAt.slice(0, 10)} and is ${first.data.state}${owned.length > 1 ? `; ${owned.length - 1} more of your assets’ patches are overdue too` : ''}.`,
        link: owned.length === 1 ? `/patch-requirements/${first.id}` : '/patch-requirements?overdue=true',
      }),
    );
  }
  const critical = fresh.filter((requirement) => requirement.data.priority === 'critical').length;
  work.event(
    notificationRequested.of(tenantId, {
      kind: 'patch-overdue',
      recipients: { roles: ['security-officer'] },
      title: `${fresh.length} patch requirement${fresh.length === 1 ? ' is' : 's are'} newly overdue`,
      text: `${fresh.length} patch requirement${fresh.length === 1 ? '' : 's'} on ${byOwner.size} owner${byOwner.size === 1 ? '’s' : 's’'} assets passed the due date${critical ? `, ${critical} of them critical` : ''}.`,
      link: '/patch-requirements?overdue=true',
    }),
  );
  await work.commit();
  return { told: fresh.length };
}
