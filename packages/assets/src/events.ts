// Asset management's events (X.1052 clause 10).
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';

const assetRef = { assetId: z.string(), name: z.string(), type: z.string(), owner: z.string(), importance: z.number().int() };

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
  data: z.strictObject(assetRef),
});

export const assetChanged = defineEvent({
  detailType: 'AssetChanged',
  clauses: ['7.1.1'],
  source: 'ismf.assets',
  description: 'An asset’s register entry changed (by an edit, a review or a re-valuation).',
  data: z.strictObject({ ...assetRef, version: z.number().int(), fields: z.array(z.string()), reason: z.string() }),
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
  data: z.strictObject({ ...assetRef, outcome: z.enum(['confirmed', 'updated']), nextReviewDue: z.string() }),
});

export const assetComponentsReplaced = defineEvent({
  detailType: 'AssetComponentsReplaced',
  clauses: ['7.1.1', '12.6.1'],
  source: 'ismf.assets',
  description: 'A software asset’s component set (from an SBOM) was replaced.',
  data: z.strictObject({ assetId: z.string(), componentSetId: z.string(), count: z.number().int() }),
});
