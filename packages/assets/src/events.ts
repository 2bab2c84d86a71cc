// Asset management's events (X.1052 clause 10).
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';
import { ASSET_STATUSES } from './rules.ts';

const dependencies = z
  .array(z.string())
  .optional()
  .describe('when what it depends on or its importance changed: the assets it depends on (before and after), whose importance may follow');

const assetRef = { assetId: z.string(), name: z.string(), type: z.string(), owner: z.string(), importance: z.number().int() };

/** What the register summary (GET /assets/summary) counts an asset by, beside type and importance: optional, older events lack it. */
const counted = { classification: z.string().optional(), status: z.enum(ASSET_STATUSES).optional(), nextReviewDue: z.string().optional() };
const previous = z
  .strictObject({ type: z.string(), importance: z.number().int(), classification: z.string(), status: z.enum(ASSET_STATUSES), nextReviewDue: z.string() })
  .optional()
  .describe('present when a counted field changed: those fields before the change, so that the register summary counts it without reading the asset');

export const assetPolicyChanged = defineEvent({
  detailType: 'AssetPolicyChanged',
  clauses: ['7.2.1'],
  source: 'ismf.assets',
  description: 'The tenant’s asset policy was set or changed; when the valuation rule changed, every asset is re-valued.',
  data: z.strictObject({ version: z.number().int(), valuationChanged: z.boolean() }),
});

export const assetRegistered = defineEvent({
  detailType: 'AssetRegistered',
  clauses: ['7.1.1', '7.1.2'],
  source: 'ismf.assets',
  description: 'An asset was identified, classified and entered in the register.',
  data: z.strictObject({
    ...assetRef,
    ...counted,
    countedWith: z
      .string()
      .optional()
      .describe('an import counted its rows into the register summary together, under this id: the summary consumer skips the event'),
  }),
});

export const assetChanged = defineEvent({
  detailType: 'AssetChanged',
  clauses: ['7.1.1'],
  source: 'ismf.assets',
  description: 'An asset’s register entry changed (by an edit, a review or a re-valuation).',
  data: z.strictObject({
    ...assetRef,
    version: z.number().int(),
    fields: z.array(z.string()),
    reason: z.string(),
    dependencies,
    ...counted,
    previous,
  }),
});

export const assetReviewDue = defineEvent({
  detailType: 'AssetReviewDue',
  clauses: ['7.1.1'],
  source: 'ismf.assets',
  description: 'An asset’s periodic review fell due.',
  data: z.strictObject({ ...assetRef, dueDate: z.string() }),
});

export const assetReviewed = defineEvent({
  detailType: 'AssetReviewed',
  clauses: ['7.1.1', '7.1.2'],
  source: 'ismf.assets',
  description: 'An asset’s owner confirmed or updated its entry; the next review date is set.',
  data: z.strictObject({ ...assetRef, outcome: z.enum(['confirmed', 'updated']), ...counted, nextReviewDue: z.string(), dependencies, previous }),
});

export const assetComponentsReplaced = defineEvent({
  detailType: 'AssetComponentsReplaced',
  clauses: ['7.1.1', '12.6.1'],
  source: 'ismf.assets',
  description: 'A software asset’s component set (from an SBOM) was replaced.',
  data: z.strictObject({ assetId: z.string(), componentSetId: z.string(), count: z.number().int() }),
});

export const assetVexImported = defineEvent({
  detailType: 'AssetVexImported',
  clauses: ['7.1.1', '12.6.1'],
  source: 'ismf.assets',
  description: 'A VEX document beside a software asset’s SBOM stated what of its components is (not) exploitable: advisory matching honours it.',
  data: z.strictObject({ assetId: z.string(), statements: z.number().int(), components: z.number().int().describe('the components it named') }),
});
