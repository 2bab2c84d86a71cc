// Security change management's events (X.1052 12.2.4). ChangeRequested is how another area (configuration,
// patches, interconnection, acquisition, early warning) asks for a change; ChangeRequestOpened announces a
// request. Events carry a reference and a capped list of asset ids, never the whole list (EventBridge takes
// 256 KB per event).
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';
import { CHANGE_CLASSES, MAX_ASSETS_PER_CALL, MAX_COMPONENTS } from './rules.ts';

/** The most asset ids an event carries; `assetsTruncated` says when there were more. */
export const MAX_EVENT_ASSETS = 100;

const originSchema = z.strictObject({
  area: z.string().min(1).max(40).describe('the area that asks (`configuration`, `patches` …)'),
  type: z.string().min(1).max(60).describe('the kind of its record (`configuration-item`, `patch-requirement` …)'),
  id: z.string().min(1).max(100).describe('the record'),
});

// The event is checked against this schema before the consumer runs, and an event that fails it goes to the
// dead-letter queue. What is bad data rather than a broken producer — an asset that is not the tenant's, a
// window that ends before it starts — passes it, and the consumer records the request as refused.
export const changeRequested = defineEvent({
  detailType: 'ChangeRequested',
  clauses: ['12.5.1', '10.1.2'],
  source: 'ismf.change',
  description:
    'Another area asks for a change of the affected assets (its origin names the area and record): the change area opens a draft request, or records a refused one with the reason.',
  data: z.strictObject({
    origin: originSchema,
    title: z.string().min(1).max(200),
    reason: z.string().min(1).max(2000),
    class: z.enum(CHANGE_CLASSES).describe('standard needs templateId'),
    templateId: z.string().max(40).optional(),
    assets: z.array(z.string().max(40)).min(1).max(MAX_ASSETS_PER_CALL).describe('the affected assets’ ids'),
    components: z
      .array(z.strictObject({ assetId: z.string().max(40), component: z.string().min(1).max(300) }))
      .max(MAX_COMPONENTS)
      .optional(),
    requestedWindow: z.strictObject({ start: z.string().max(40), end: z.string().max(40) }).describe('ISO 8601 UTC datetimes, the end after the start'),
    requestedBy: z.string().max(200).optional().describe('who asked, when a person did (a token subject); else the area'),
  }),
});

export const changeRequestOpened = defineEvent({
  detailType: 'ChangeRequestOpened',
  clauses: ['12.5.1'],
  source: 'ismf.change',
  description: 'A change request was opened (a draft), or, from a ChangeRequested event with bad data, recorded as refused.',
  data: z.strictObject({
    changeId: z.string(),
    class: z.enum(CHANGE_CLASSES),
    state: z.enum(['draft', 'refused']),
    origin: z.union([originSchema, z.strictObject({ person: z.string() })]),
    originKey: z.string(),
    assetCount: z.number().int(),
    assets: z.array(z.string()).max(MAX_EVENT_ASSETS).describe(`the affected assets’ ids, the first ${MAX_EVENT_ASSETS}`),
    assetsTruncated: z.boolean().describe('there are more affected assets than the list holds: read them from the request'),
  }),
});
