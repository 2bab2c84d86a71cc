// Work on many assets at once, run as jobs (GET /jobs/{jobId} follows them): merging a duplicate into
// another asset, and one change applied to many.
import { defineOperation } from '@ismf/catalogue/operation';
import { EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME } from '@ismf/catalogue/common';
import { jobSchema } from '@ismf/jobs/operations';
import { bulkChangeSchema } from './bulk-change.ts';
import { mergeSchema } from './merge.ts';
import { assetPath, policyKeepers } from './asset-schema.ts';

const SURVIVOR = '01JDQ8R6Z8W4X3N2K1M0P9Q7S4';

const acceptedJob = (kind: string, parameters: Record<string, unknown>) => ({
  id: '01JDQ8R6Z8W4X3N2K1M0P9Q7S5',
  kind,
  queue: 'import',
  state: 'queued' as const,
  parameters,
  startedBy: EXAMPLE_PERSON.id,
  startedByPerson: EXAMPLE_PERSON,
  progress: { rowsDone: 0, chunksDone: 0 },
  cursor: 0,
  rowsDone: 0,
  execution: 0,
  counts: {},
  failedRows: 0,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
});

export const mergeAsset = defineOperation({
  name: 'mergeAsset',
  area: 'assets',
  method: 'POST',
  path: '/assets/{assetId}/merge',
  summary: 'Merge a duplicate into another asset',
  description:
    'Starts a job (202, Location: the job) that merges this asset into `into`, another asset of the tenant: what depended on it depends on the survivor; the survivor takes its SBOM components, what it depends on and its external id where it has none, and lists it in `mergedFrom`. The merged asset then answers 410 with `mergedInto` and a Location; its history stays readable and each hash chain its own. Checked at once: another tenant’s or a missing asset (404/422), an asset already merged (410), both with SBOM components or a disposed one (409). Accepts Idempotency-Key.',
  handler: 'functions/assets/merge-asset.ts',
  callers: policyKeepers,
  clauses: ['7.1.1'],
  access: { table: 'write', objects: 'write' },
  params: assetPath,
  body: mergeSchema,
  response: jobSchema,
  successStatus: 202,
  idempotent: true,
  problems: [410, 422],
  examples: {
    body: { into: SURVIVOR, reason: 'the CMDB and the network inventory both registered this router' },
    response: acceptedJob('asset-merge', { source: EXAMPLE_ID, into: SURVIVOR, reason: 'the CMDB and the network inventory both registered this router' }),
  },
});

export const bulkChangeAssets = defineOperation({
  name: 'bulkChangeAssets',
  area: 'assets',
  method: 'POST',
  path: '/assets/bulk-changes',
  summary: 'Change many assets at once',
  description:
    'Starts a job (202, Location: the job) that applies one JSON merge patch with one reason to the assets named by `ids` (at most 2,000; each optionally `{ id, version }`, a version the asset must still be at) or by `filter` (as GET /assets filters). Each asset changes in its own audited version, as PATCH /assets/{assetId} would; the job’s result file lists per asset: changed, unchanged, conflict (changed meanwhile) or refused (the policy, a disposed or merged asset), with why. Accepts Idempotency-Key.',
  handler: 'functions/assets/bulk-change-assets.ts',
  callers: policyKeepers,
  clauses: ['7.1.1', '7.2.1'],
  access: { table: 'write', objects: 'write' },
  body: bulkChangeSchema,
  response: jobSchema,
  successStatus: 202,
  idempotent: true,
  examples: {
    body: { filter: { label: 'PCI' }, patch: { classification: 'confidential' }, reason: 'PCI scope is confidential from 2027' },
    response: acceptedJob('asset-bulk-change', {
      filter: { label: 'PCI' },
      patch: { classification: 'confidential' },
      reason: 'PCI scope is confidential from 2027',
    }),
  },
});
