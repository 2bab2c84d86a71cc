// The register in figures (X.1052 10.2 c–e; X.1051 7.1.1, 7.2.1): one read of the tenant's summary record.
import * as z from 'zod';
import { defineOperation } from '@ismf/catalogue/operation';
import { nameSchema } from '@ismf/catalogue/common';
import { readers } from './asset-schema.ts';
import { ASSET_STATUSES } from './rules.ts';

const count = z.number().int();
const counts = z.record(z.string(), count);

const breakdownSchema = z.object({
  count,
  byType: counts.describe('per asset type (information, software, physical, service, people, intangible)'),
  byImportance: counts.describe('per importance level, "1" (minimal) to "5" (critical)'),
  byClassification: counts.describe('per classification level of the asset policy'),
});

const recountSchema = z.object({
  at: z.iso.datetime(),
  examined: count.describe('assets read'),
  differences: count.describe('figures that were off'),
  drift: z
    .array(z.object({ figure: z.string().describe('a JSON Pointer into this summary'), stored: count, counted: count }))
    .describe('the figures that were off (the first 50): as the summary had them, and as the recount found them'),
  corrected: z.boolean().describe('figures were off, and the recount set them right'),
});

export const assetSummarySchema = z.object({
  total: count.describe('every asset of the register, whatever its status'),
  statuses: z
    .object(Object.fromEntries(ASSET_STATUSES.map((status) => [status, breakdownSchema])) as Record<(typeof ASSET_STATUSES)[number], typeof breakdownSchema>)
    .describe('per status: how many, and how many of each type, importance and classification (a value no asset has is left out)'),
  reviewStates: z
    .object({
      overdue: count.describe('due before the day'),
      dueWithin30Days: count.describe('due on the day or within the 30 days after it'),
      current: count.describe('due later'),
    })
    .optional()
    .describe('active assets by their next review, as of asOf.reviewStates'),
  uncounted: count.describe('changes since the last recount that could not be counted: figures may be off by as many until the next recount'),
  asOf: z.object({
    lastChange: z
      .object({ occurredAt: z.iso.datetime(), countedAt: z.iso.datetime() })
      .optional()
      .describe('the change counted last (changes are counted within seconds, in any order)'),
    reviewStates: z.iso.date().optional().describe('the day (UTC) the review states are as of: the daily review job’s, or the recount’s'),
    recount: recountSchema.optional().describe('the last nightly recount, with the drift it found and corrected'),
  }),
});
nameSchema(assetSummarySchema, 'AssetSummary', 'The register in figures.');

const breakdown = (count: number, byType: Record<string, number>, byImportance: Record<string, number>, byClassification: Record<string, number>) => ({
  count,
  byType,
  byImportance,
  byClassification,
});

const example = {
  total: 1287,
  statuses: Object.fromEntries(
    ASSET_STATUSES.map((status) => [
      status,
      {
        active: breakdown(
          1204,
          { information: 310, software: 402, physical: 377, service: 115 },
          { '1': 96, '2': 301, '3': 512, '4': 219, '5': 76 },
          { public: 88, internal: 701, confidential: 389, secret: 26 },
        ),
        retired: breakdown(61, { software: 24, physical: 37 }, { '2': 30, '3': 31 }, { internal: 50, confidential: 11 }),
        disposed: breakdown(22, { physical: 22 }, { '2': 12, '3': 10 }, { internal: 22 }),
      }[status as string] ?? breakdown(0, {}, {}, {}),
    ]),
  ) as Record<(typeof ASSET_STATUSES)[number], ReturnType<typeof breakdown>>,
  reviewStates: { overdue: 17, dueWithin30Days: 64, current: 1123 },
  uncounted: 0,
  asOf: {
    lastChange: { occurredAt: '2026-11-29T10:14:03.000Z', countedAt: '2026-11-29T10:14:03.412Z' },
    reviewStates: '2026-11-29',
    recount: { at: '2026-11-29T02:30:41.000Z', examined: 1285, differences: 0, drift: [], corrected: false },
  },
};

export const getAssetSummary = defineOperation({
  name: 'getAssetSummary',
  area: 'assets',
  method: 'GET',
  path: '/assets/summary',
  summary: 'The register in figures',
  description:
    'How many assets the register holds per status, and within each status per type, importance and classification; how many active assets are overdue for review, due within 30 days, or current. One read of an aggregate, whatever the size of the register: changes are counted from the asset events within seconds, the review states are recounted daily by the review job, and a nightly recount corrects any drift and reports it here (`asOf.recount`) and to security officers.',
  handler: 'functions/assets/get-asset-summary.ts',
  callers: readers,
  clauses: ['7.1.1', '7.2.1'],
  access: { table: 'read' },
  response: assetSummarySchema,
  successStatus: 200,
  examples: { response: example },
});
