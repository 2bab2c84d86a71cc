import { raiseImportanceConsumer } from '@ismf/assets/consumers';
import { raiseFromDependents } from '@ismf/assets/dependencies';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(raiseImportanceConsumer, async ({ detail }) => {
  const ctx = { actor: { userId: 'system:raiseImportance', roles: [] }, operation: 'raiseImportance', correlationId: detail.correlationId };
  for (const assetId of (detail.data as { dependencies: string[] }).dependencies) await raiseFromDependents(ctx, detail.tenantId, assetId);
});
