// The outbox relay's one enrichment function: the EventBridge Pipe (AWS) and the local relay both call it
// with a batch of stream records (outbox inserts) and put what it returns on the bus, each event checked
// against its area's declaration.
import { currentRegistry } from '@ismf/app/areas';
import { toBusEntry, type BusEntry, type StreamRecord } from '@ismf/events/outbox';
import { logger } from '@ismf/handler/logger';

export const handler = async (records: StreamRecord[]): Promise<BusEntry[]> => {
  const entries = records.map((record) => toBusEntry(record, currentRegistry().event));
  logger.debug('relaying outbox events', { count: entries.length });
  return entries;
};
