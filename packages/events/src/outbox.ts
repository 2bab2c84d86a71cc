// From the table's stream to the bus: the Pipe's filter (outbox inserts only) and the enrichment that
// turns a stream record (DynamoDB's typed JSON) into the bus entry, checked against the event catalogue.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { EventLookup } from './event.ts';

/** The EventBridge Pipe filter, also applied by the local relay: new outbox items, nothing else. */
export const OUTBOX_FILTER = { eventName: ['INSERT'], dynamodb: { NewImage: { kind: { S: ['outbox'] } } } } as const;

export interface StreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, AttributeValue>; SequenceNumber?: string };
}

export interface BusEntry {
  source: string;
  detailType: string;
  time: string;
  detail: { tenantId: string; eventId: string; occurredAt: string; version: 1; correlationId: string; data: Record<string, unknown> };
}

export function toBusEntry(record: StreamRecord, eventDefinition: EventLookup): BusEntry {
  const image = record.dynamodb?.NewImage;
  if (!image) throw new Error(`stream record ${record.eventID} has no new image`);
  const item = unmarshall(image);
  const definition = eventDefinition(item.source, item.detailType);
  if (!definition) throw new Error(`outbox item ${item.pk} holds an event the catalogue does not know: ${item.source} ${item.detailType}`);
  const detail = definition.detail.parse(item.detail) as BusEntry['detail'];
  return { source: definition.source, detailType: definition.detailType, time: detail.occurredAt, detail };
}
