// How an event consumer is made, on the instrumented handler: the detail checked against the catalogue,
// then the work once per event id (a redelivered event is a no-op), with the logger carrying tenant and
// event ids. A failure is rethrown, so that EventBridge retries it (and counted as a Failure).
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { enterTenant, instrumentedHandler } from '@ismf/handler/instrumented-handler';
import { logger } from '@ismf/handler/logger';
import { alreadyConsumed, markConsumed } from '@ismf/store/consumed';
import type { ConsumerDefinition } from './consumers.ts';
import type { BusEntry } from './outbox.ts';

export interface ConsumedEvent {
  source: string;
  detailType: string;
  detail: BusEntry['detail'];
}

export type BusEvent = EventBridgeEvent<string, unknown>;

export function consumerHandler(consumer: ConsumerDefinition, work: (event: ConsumedEvent) => Promise<void>) {
  return instrumentedHandler<BusEvent, void, Context>({
    kind: 'consumer',
    name: consumer.name,
    access: consumer.access,
    work: async (event) => {
      const definition = consumer.subscribes.find(
        ({ event: subscribed }) => subscribed.source === event.source && subscribed.detailType === event['detail-type'],
      )?.event;
      if (!definition) throw new Error(`${consumer.name} received an event it does not subscribe to: ${event['detail-type']}`);
      const detail = definition.detail.parse(event.detail) as BusEntry['detail'];
      enterTenant(detail.tenantId, { eventId: detail.eventId, correlationId: detail.correlationId });
      if (await alreadyConsumed(detail.tenantId, consumer.name, detail.eventId)) {
        logger.info('event already handled: skipped');
        return;
      }
      await work({ source: event.source, detailType: event['detail-type'], detail });
      await markConsumed(detail.tenantId, consumer.name, detail.eventId, event['detail-type']);
    },
  });
}
