import { flagChangeConflicts, flagChangeConflictsConsumer } from '@ismf/change/conflict-flags';
import { changeAuthorized } from '@ismf/change/outcome-events';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(flagChangeConflictsConsumer, async ({ detail }) => {
  await flagChangeConflicts(
    { actor: { userId: 'system:flagChangeConflicts', roles: [] }, operation: 'flagChangeConflicts', correlationId: detail.correlationId },
    detail.tenantId,
    changeAuthorized.data.parse(detail.data).changeId,
  );
});
