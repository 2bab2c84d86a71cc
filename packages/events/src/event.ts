// The shape of one event declaration: detail-type, source, the zod schema of its data, and its routes.
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

export interface Route {
  /** The consumer (see consumers.ts) that receives the event. */
  consumer: string;
  /** Extra conditions on top of source and detail-type, as an EventBridge pattern. */
  pattern?: Record<string, unknown>;
}

export interface EventDefinition<D extends z.ZodType = z.ZodType> {
  detailType: string;
  source: string;
  description: string;
  data: D;
  detail: ReturnType<typeof envelopeOf<D>>;
  routes: readonly Route[];
  /** Builds the event for the outbox, checked against the schema at the point of writing. */
  of(owner: string, data: z.input<D>): { owner: string; source: string; detailType: string; data: Record<string, unknown> };
}

export function defineEvent<D extends z.ZodType>(definition: {
  detailType: string;
  source: string;
  description: string;
  data: D;
  routes?: readonly Route[];
}): EventDefinition<D> {
  if (!/^[A-Z][A-Za-z]+$/.test(definition.detailType)) throw new Error(`detail-type ${definition.detailType} is not <Entity><PastVerb>`);
  return {
    ...definition,
    routes: definition.routes ?? [],
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

/** The EventBridge pattern of a route: the event's source and detail-type, plus the route's own conditions. */
export function routePattern(event: EventDefinition, route: Route): Record<string, unknown> {
  return { source: [event.source], 'detail-type': [event.detailType], ...(route.pattern ?? {}) };
}
