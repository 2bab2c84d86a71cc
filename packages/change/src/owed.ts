// What change management owes people on /me/tasks: the post-implementation reviews of the changes their
// reports implemented (the implementer's manager), or, where the implementer has no manager in the
// directory, the security officers'.
import { defineOwedSource, type OwedItem } from '@ismf/flows/my-tasks';
import { queryPattern } from '@ismf/store/entities';
import { changeRequestEntity } from './entities.ts';

export const changeReviewsOwed = defineOwedSource([changeRequestEntity.patterns.reviewOwed], async (tenantId, caller, at) => {
  const mine = (reviewer: unknown) => (reviewer ? reviewer === caller.memberId : caller.roles.includes('security-officer'));
  if (!caller.memberId && !caller.roles.includes('security-officer')) return [];
  const owed = await queryPattern(changeRequestEntity, 'reviewOwed', tenantId, {});
  return owed
    .filter((change) => mine(change.data.reviewer))
    .map((change): OwedItem => ({
      kind: 'change-review',
      id: change.id,
      title: `Review the implemented change “${change.data.title}”`,
      subject: { type: changeRequestEntity.type, id: change.id },
      link: `/change-requests/${change.id}`,
      dueAt: change.data.reviewDueAt!,
      overdue: change.data.reviewDueAt! < at,
    }));
});
