// How an event consumer is made: the detail checked against the catalogue, then the work once per
// event id (a redelivered event is a no-op), with the Powertools logger carrying tenant and event ids.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { logger } from '@ismf/http/logger';
import { withDataScope } from '@ismf/store/client';
import { alreadyConsumed, markConsumed } from '@ismf/store/consumed';
import { enterTenantScope, isTenantFacing } from '@ismf/store/tenant-access';
import { eventDefinition } from './catalogue.ts';
import type { ConsumerDefinition } from './consumers.ts';
import type { BusEntry } from './outbox.ts';

export interface ConsumedEvent {
  source: string;
  detailType: string;
  detail: BusEntry['detail'];
}

export type BusEvent = EventBridgeEvent<string, unknown>;

export function consumerHandler(consumer: ConsumerDefinition, work: (event: ConsumedEvent) => Promise<void>) {
  const handler = middyHandler(consumer, work);
  return (event: BusEvent, context: Context) =>
    withDataScope({ label: consumer.name, tenantOnly: isTenantFacing(consumer.access), access: consumer.access }, () => handler(event, context));
}

function middyHandler(consumer: ConsumerDefinition, work: (event: ConsumedEvent) => Promise<void>) {
  return middy<BusEvent, void, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const definition = eventDefinition(event.source, event['detail-type']);
      if (!definition) throw new Error(`${consumer.name} received an event the catalogue does not know: ${event['detail-type']}`);
      const detail = definition.detail.parse(event.detail) as BusEntry['detail'];
      logger.appendKeys({ consumer: consumer.name, tenantId: detail.tenantId, eventId: detail.eventId, correlationId: detail.correlationId });
      if (isTenantFacing(consumer.access)) enterTenantScope(detail.tenantId, consumer.access);
      if (await alreadyConsumed(detail.tenantId, consumer.name, detail.eventId)) {
        logger.info('event already handled: skipped');
        return;
      }
      await work({ source: event.source, detailType: event['detail-type'], detail });
      await markConsumed(detail.tenantId, consumer.name, detail.eventId, event['detail-type']);
    });
}
