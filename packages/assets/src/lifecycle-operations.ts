// The asset lifecycle's operations (X.1051 7.1.3, 9.2.6, 9.2.7): retirement, disposal, removal off site
// and return, and the rules for the acceptable use of an asset.
import * as z from 'zod';
import { defineOperation } from '@ismf/catalogue/operation';
import { EXAMPLE_TIME } from '@ismf/catalogue/common';
import { disposalSchema, offSiteRemovalSchema, offSiteReturnSchema, retirementSchema } from './lifecycle.ts';
import { assetPath, assetSchema, exampleAsset, OWNER_ID, policyKeepers, readers, registrars } from './asset-schema.ts';
import { ASSET_TYPES } from './rules.ts';

const AUTHORISER_ID = '01JDQ8R6Z8W4X3N2K1M0P9Q7RW';
const EVIDENCE_ID = '01JDQ8R6Z8W4X3N2K1M0P9Q7RX';
const retired = {
  ...exampleAsset,
  status: 'retired' as const,
  retirement: { on: '2026-11-30', reason: 'replaced by the new billing cluster', recordedAt: EXAMPLE_TIME },
  version: 2,
};

export const retireAsset = defineOperation({
  name: 'retireAsset',
  area: 'assets',
  method: 'POST',
  path: '/assets/{assetId}/retirement',
  summary: 'Retire an asset',
  description:
    'Takes an active asset out of service with a reason: it stays in the register for its history (lists show it with `status=retired`), is no longer due for review, and can then be disposed of. An asset off site returns first (409). Needs If-Match.',
  handler: 'functions/assets/retire-asset.ts',
  callers: registrars,
  clauses: ['7.1.1', '9.2.6'],
  access: { table: 'write' },
  params: assetPath,
  body: retirementSchema,
  response: assetSchema,
  successStatus: 200,
  problems: [410, 422], // merged; retiredOn in the future
  versioned: true,
  examples: { body: { reason: 'replaced by the new billing cluster', retiredOn: '2026-11-30' }, response: retired },
});

export const disposeAsset = defineOperation({
  name: 'disposeAsset',
  area: 'assets',
  method: 'POST',
  path: '/assets/{assetId}/disposal',
  summary: 'Record the secure disposal or re-use of an asset',
  description:
    'Records how a retired asset was disposed of or re-used, when, by whom and why (X.1051 9.2.6). An information, software or physical asset needs `sanitisation` with an evidence record (uploaded, about this asset or about nothing in particular) of what was done to its media. A disposed asset is kept as a record and refuses every change (409). An active asset is retired first (409). Needs If-Match.',
  handler: 'functions/assets/dispose-asset.ts',
  callers: policyKeepers,
  clauses: ['9.2.6'],
  access: { table: 'write' },
  params: assetPath,
  body: disposalSchema,
  response: assetSchema,
  successStatus: 200,
  problems: [410, 422], // merged; sanitisation evidence missing, not uploaded or about another record; a date in the future
  versioned: true,
  examples: {
    body: {
      method: 'destruction',
      disposedOn: '2026-12-01',
      performedBy: 'SecureShred Ltd.',
      reason: 'end of life',
      sanitisation: { technique: 'disks shredded to 2 mm (NIST SP 800-88 destroy)', verifiedBy: 'Dana Weiss', evidenceId: EVIDENCE_ID },
    },
    response: {
      ...retired,
      status: 'disposed' as const,
      disposal: {
        method: 'destruction',
        on: '2026-12-01',
        performedBy: 'SecureShred Ltd.',
        reason: 'end of life',
        sanitisation: { technique: 'disks shredded to 2 mm (NIST SP 800-88 destroy)', verifiedBy: 'Dana Weiss', evidenceId: EVIDENCE_ID },
        recordedAt: EXAMPLE_TIME,
      },
      version: 3,
    },
  },
});

const offSite = {
  destination: 'Vendor lab, Espoo',
  purpose: 'hardware repair under warranty',
  takenBy: OWNER_ID,
  authorizedBy: AUTHORISER_ID,
  removedOn: '2026-12-01',
  expectedReturnOn: '2026-12-15',
};

export const removeAssetOffSite = defineOperation({
  name: 'removeAssetOffSite',
  area: 'assets',
  method: 'POST',
  path: '/assets/{assetId}/off-site-removal',
  summary: 'Record that an asset is taken off site',
  description:
    'Equipment, information or software leaves the site only with an authorisation (X.1051 9.2.7): who takes it, where, why, until when, and who authorised it — a manager, security officer or administrator other than the one taking it (by id or e-mail). The asset shows `offSite` until its return is recorded. Needs If-Match.',
  handler: 'functions/assets/remove-asset-off-site.ts',
  callers: registrars,
  clauses: ['9.2.7', '9.2.5'],
  access: { table: 'write' },
  params: assetPath,
  body: offSiteRemovalSchema,
  response: assetSchema,
  successStatus: 200,
  problems: [410, 422], // merged; not equipment, information or software; no such authoriser or one without the role; dates
  versioned: true,
  examples: { body: offSite, response: { ...exampleAsset, offSite: { ...offSite, authorizedAt: EXAMPLE_TIME }, version: 2 } },
});

export const returnAssetOnSite = defineOperation({
  name: 'returnAssetOnSite',
  area: 'assets',
  method: 'POST',
  path: '/assets/{assetId}/off-site-return',
  summary: 'Record that an asset is back on site',
  description: 'Ends the asset’s time off site; the removal and the return stay in its history. An asset not off site answers 409. Needs If-Match.',
  handler: 'functions/assets/return-asset-on-site.ts',
  callers: registrars,
  clauses: ['9.2.7'],
  access: { table: 'write' },
  params: assetPath,
  body: offSiteReturnSchema,
  response: assetSchema,
  successStatus: 200,
  problems: [410, 422], // merged; returnedOn before it left, or in the future
  versioned: true,
  examples: { body: { returnedOn: '2026-12-12', note: 'repaired, seals intact' }, response: { ...exampleAsset, version: 3 } },
});

const ruleSchema = z.object({
  scope: z.enum(['asset', 'category', 'type']).describe('where the rule is set: the asset itself, the asset policy for its category, or for its type'),
  title: z.string(),
  rules: z.string(),
  policyVersion: z.number().int().optional().describe('the asset policy version the rule is from'),
});

export const getAssetAcceptableUse = defineOperation({
  name: 'getAssetAcceptableUse',
  area: 'assets',
  method: 'GET',
  path: '/assets/{assetId}/acceptable-use',
  summary: 'The rules for the acceptable use of an asset',
  description:
    'The rules that apply to using this asset (X.1051 7.1.3): its own (`acceptableUse` on the asset), then the asset policy’s for its category, then for its type. Acknowledgement by users comes with policy management.',
  handler: 'functions/assets/get-asset-acceptable-use.ts',
  callers: readers,
  clauses: ['7.1.3'],
  access: { table: 'read' },
  params: assetPath,
  response: z.object({ assetId: z.string(), type: z.enum(ASSET_TYPES), category: z.string().optional(), rules: z.array(ruleSchema) }),
  successStatus: 200,
  examples: {
    response: {
      assetId: exampleAsset.id,
      type: 'information',
      rules: [
        { scope: 'asset', title: 'Subscriber billing database', rules: 'Queries only through the billing application; no exports to personal devices.' },
        { scope: 'type', title: 'Information assets', rules: 'Handle by the classification’s rules; report loss at once.', policyVersion: 3 },
      ],
    },
  },
});
