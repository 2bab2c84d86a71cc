import { recommendationsApproved } from '@ismf/early-warning/events';
import { consumerHandler } from '@ismf/events/consumer-handler';
import { identifyPatchRequirementsConsumer as consumer } from '@ismf/patches/consumers';
import { identifyFromEarlyWarning } from '@ismf/patches/requirements';

export const handler = consumerHandler(consumer, async ({ detail }) => {
  const data = recommendationsApproved.data.parse(detail.data);
  const patches = data.recommendations.filter((recommendation) => recommendation.kind === 'patch').map((recommendation) => recommendation.id);
  if (!patches.length) return;
  await identifyFromEarlyWarning(
    { actor: { userId: `system:${consumer.name}`, roles: [] }, operation: consumer.name, correlationId: detail.correlationId },
    detail.tenantId,
    data.earlyWarningId,
    patches,
  );
});
