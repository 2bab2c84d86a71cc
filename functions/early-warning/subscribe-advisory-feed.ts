import { advisoryFeedSubscription } from '@ismf/early-warning/events';
import { subscribeAdvisoryFeedConsumer as consumer, subscribeFeed } from '@ismf/early-warning/pull-job';
import { consumerHandler } from '@ismf/events/consumer-handler';

export const handler = consumerHandler(consumer, async ({ detail }) => {
  const { sourceId, feed, subscribed, private: isPrivate } = advisoryFeedSubscription.data.parse(detail.data);
  await subscribeFeed(
    { actor: { userId: 'system:subscribeAdvisoryFeed', roles: [] }, operation: consumer.name, correlationId: detail.correlationId },
    detail.tenantId,
    sourceId,
    feed,
    subscribed,
    isPrivate ?? false,
  );
});
