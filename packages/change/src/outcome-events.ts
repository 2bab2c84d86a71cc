// What became of a change (X.1052 12.2.4 d–f), for the areas that asked for it and those that watch it: it
// was authorized, it was implemented (with the affected assets), it caused negative impact. Like every
// change event, each carries a reference and at most MAX_EVENT_ASSETS asset ids.
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';
import { MAX_EVENT_ASSETS } from './events.ts';
import { CHANGE_CLASSES } from './rules.ts';
import { IMPLEMENTATION_OUTCOMES } from './step-rules.ts';

const affected = {
  assetCount: z.number().int(),
  assets: z.array(z.string()).max(MAX_EVENT_ASSETS).describe(`the affected assets’ ids, the first ${MAX_EVENT_ASSETS}`),
  assetsTruncated: z.boolean().describe('there are more: read them from GET /change-requests/{id}/affected-assets'),
};
const windowSchema = z.strictObject({ start: z.string(), end: z.string() });

export const changeAuthorized = defineEvent({
  detailType: 'ChangeAuthorized',
  clauses: ['12.5.1', '10.1.2'],
  source: 'ismf.change',
  description: 'Management in charge of operations authorized a change (or a standard change followed its approved template): it may be made in its window.',
  data: z.strictObject({
    changeId: z.string(),
    class: z.enum(CHANGE_CLASSES),
    window: windowSchema,
    ...affected,
  }),
});

export const changeImplemented = defineEvent({
  detailType: 'ChangeImplemented',
  clauses: ['12.5.1', '10.1.2'],
  source: 'ismf.change',
  description: 'The implementer recorded a change as implemented, rolled back or partly implemented; each affected asset’s history shows it.',
  data: z.strictObject({
    changeId: z.string(),
    title: z.string(),
    class: z.enum(CHANGE_CLASSES),
    outcome: z.enum(IMPLEMENTATION_OUTCOMES),
    start: z.string(),
    end: z.string(),
    outsideWindow: z.boolean(),
    ...affected,
  }),
});

export const changeCausedNegativeImpact = defineEvent({
  detailType: 'ChangeCausedNegativeImpact',
  clauses: ['12.5.1', '12.5.2'],
  source: 'ismf.change',
  description:
    'A post-implementation review found that a change degraded the operations security of systems or network (risk and incident management watch this).',
  data: z.strictObject({
    changeId: z.string(),
    title: z.string(),
    degradations: z.string(),
    incidentRefs: z.array(z.string()),
    effective: z.boolean(),
    ...affected,
  }),
});
