// The shape of an event consumer: a function that receives the events it subscribes to. Each is
// idempotent: an event id it has seen is a no-op. Areas declare their consumers; the registry routes.
import type { DeclaredAccess } from '@ismf/core/access';
import { accessFor, type AccessPattern } from '@ismf/store/entity-model';
import type { EventDefinition } from './event.ts';

export interface Subscription {
  /** The event, of this area or another. */
  event: EventDefinition;
  /** Extra conditions on top of source and detail-type, as an EventBridge pattern. */
  pattern?: Record<string, unknown>;
}

export interface ConsumerDefinition {
  name: string;
  description: string;
  /** The handler module, relative to the repository root. */
  handler: string;
  /** DeclaredAccess: consumers alone may also reach EventBridge Scheduler. `indexes` follows from `patterns`. */
  access: DeclaredAccess;
  /** The access patterns the consumer reads: its indexes are theirs. */
  patterns?: readonly AccessPattern[];
  subscribes: readonly Subscription[];
}

export function defineConsumer(consumer: ConsumerDefinition): ConsumerDefinition {
  if (consumer.subscribes.length === 0) throw new Error(`consumer ${consumer.name} subscribes to no event`);
  return { ...consumer, access: accessFor(`consumer ${consumer.name}`, consumer.access, consumer.patterns) };
}
