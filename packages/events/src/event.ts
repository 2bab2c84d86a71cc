// The shape of one event declaration: detail-type, source and the zod schema of its data. Who consumes
// an event is said by the consumer (consumers.ts), so an area can listen to another's events without
// editing them.
import * as z from 'zod';

/** Every event's detail: the envelope, then the event's own data. */
export function envelopeOf<D extends z.ZodType>(data: D) {
  return z.strictObject({
    tenantId: z.string(),
    eventId: z.string(),
    occurredAt: z.iso.datetime(),
    version: z.literal(1),
    correlationId: z.string(),
    data,
  });
}

export interface EventDefinition<D extends z.ZodType = z.ZodType> {
  detailType: string;
  source: string;
  description: string;
  /** The X.1051 (2008) clauses, categories or controls the event serves (GET /controls/{id} lists it there). */
  clauses: readonly string[];
  data: D;
  detail: ReturnType<typeof envelopeOf<D>>;
  /** Builds the event for the outbox, checked against the schema at the point of writing. */
  of(owner: string, data: z.input<D>): { owner: string; source: string; detailType: string; data: Record<string, unknown> };
}

export function defineEvent<D extends z.ZodType>(definition: {
  detailType: string;
  source: string;
  description: string;
  clauses: readonly string[];
  data: D;
}): EventDefinition<D> {
  if (!/^[A-Z][A-Za-z]+$/.test(definition.detailType)) throw new Error(`detail-type ${definition.detailType} is not <Entity><PastVerb>`);
  return {
    ...definition,
    detail: envelopeOf(definition.data),
    of(owner, data) {
      return {
        owner,
        source: definition.source,
        detailType: definition.detailType,
        data: definition.data.parse(data) as Record<string, unknown>,
      };
    },
  };
}

/** The EventBridge pattern of a subscription: the event's source and detail-type, plus its own conditions. */
export function routePattern(event: EventDefinition, pattern?: Record<string, unknown>): Record<string, unknown> {
  return { source: [event.source], 'detail-type': [event.detailType], ...(pattern ?? {}) };
}

/** Finds an event's declaration by source and detail-type (the registry's, passed in). */
export type EventLookup = (source: string, detailType: string) => EventDefinition | undefined;
