// Asset management (X.1052 clause 10.2 a–e; X.1051 7.1, 7.2, 9.1, 9.2).
import * as z from 'zod';
import {
  ASSET_SORTS,
  ASSET_STATUSES,
  ASSET_TYPES,
  POLICY_CHANGE_SORTS,
  assetInputSchema,
  assetPatchSchema,
  assetPolicySchema,
  DEFAULT_ASSET_POLICY,
} from './rules.ts';
import { ulidSchema } from '@ismf/core/ids';
import { defineOperation } from '@ismf/catalogue/operation';
import { entityMeta, EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME, nameSchema, pageOf, pageQuery, personRefSchema } from '@ismf/catalogue/common';
import { assetEntity, assetPolicyChangeEntity } from './entities.ts';
import { assetPath, assetSchema, exampleAsset, exampleInput, OWNER_ID, policyKeepers, readers, registrars } from './asset-schema.ts';

export { assetSchema } from './asset-schema.ts';

export const getAssetPolicy = defineOperation({
  name: 'getAssetPolicy',
  area: 'assets',
  method: 'GET',
  path: '/asset-policy',
  summary: 'Get the asset policy',
  description:
    'Protection objectives, the classification scheme, handling rules per level, the valuation rule and review intervals. Version 0 is the default policy.',
  handler: 'functions/assets/get-asset-policy.ts',
  callers: readers,
  clauses: ['7.1', '7.2.1', '7.2.2'],
  access: { table: 'read' },
  response: assetPolicySchema.and(z.object({ version: z.number().int().min(0), updatedAt: z.iso.datetime().optional() })),
  successStatus: 200,
  examples: { response: { ...DEFAULT_ASSET_POLICY, version: 0 } },
});

const changePath = z.strictObject({ changeId: ulidSchema });
const REQUESTER = '6f1c2b7e-0a55-4c1e-9a43-2d1f3e4a5b6c';

nameSchema(
  assetPolicySchema,
  'AssetPolicy',
  'The tenant’s asset policy: what is protected, the categories, the classification levels and how assets are valued.',
);
const policyChangeSchema = z.object({
  ...entityMeta,
  policy: assetPolicySchema,
  basedOnVersion: z.number().int().describe('the policy version the change was written against'),
  reason: z.string(),
  status: z.enum(['pending-approval', 'returned', 'approved', 'rejected', 'superseded', 'expired', 'interrupted', 'withdrawn']),
  requestedBy: z.string(),
  requestedByPerson: personRefSchema.describe('the requester, named'),
  author: z.string().describe('who wrote the current version (the requester, or the reviser)'),
  authorPerson: personRefSchema.describe('the author of the current version, named'),
  flowId: z.string(),
  appliedVersion: z.number().int().optional().describe('the policy version it became, once approved'),
  returnReason: z.string().optional(),
  rejectionReason: z.string().optional(),
  revisionNote: z.string().optional(),
  withdrawalReason: z.string().optional(),
});
nameSchema(policyChangeSchema, 'AssetPolicyChange', 'A proposed change of the asset policy, through its approval flow.');

const exampleChange = {
  id: EXAMPLE_ID,
  policy: { ...DEFAULT_ASSET_POLICY, businessProcesses: ['Billing', 'Network operations'] },
  basedOnVersion: 0,
  reason: 'name the business processes the classification serves',
  status: 'pending-approval' as const,
  requestedBy: REQUESTER,
  requestedByPerson: EXAMPLE_PERSON,
  author: REQUESTER,
  authorPerson: EXAMPLE_PERSON,
  flowId: '01JDQ8R6Z8W4X3N2K1M0P9Q7RV',
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};

export const createAssetPolicyChange = defineOperation({
  name: 'createAssetPolicyChange',
  area: 'assets',
  method: 'POST',
  path: '/asset-policy-changes',
  summary: 'Propose an asset policy change',
  description:
    'Submits a new asset policy for decision: a security officer checks it, then a manager approves it (each step escalates to an administrator after three days). It takes effect — and a changed valuation rule re-values every asset — only when approved; a returned change is revised by its author through a work task. Accepts Idempotency-Key.',
  handler: 'functions/assets/create-asset-policy-change.ts',
  callers: policyKeepers,
  clauses: ['7.1', '7.2.1', '7.2.2'],
  access: { table: 'write' },
  body: z.strictObject({ policy: assetPolicySchema, reason: z.string().trim().min(1).max(2000).describe('why the policy should change') }),
  response: policyChangeSchema,
  successStatus: 201,
  idempotent: true,
  examples: { body: { policy: exampleChange.policy, reason: exampleChange.reason }, response: exampleChange },
});

export const withdrawAssetPolicyChange = defineOperation({
  name: 'withdrawAssetPolicyChange',
  area: 'assets',
  method: 'POST',
  path: '/asset-policy-changes/{changeId}/withdrawal',
  summary: 'Withdraw an asset policy change',
  description:
    'The requester (or an administrator) withdraws a change still under decision, with a reason: its open approval or revision ends (deciding it answers 409) and its flow stops. A change already decided answers 409.',
  handler: 'functions/assets/withdraw-asset-policy-change.ts',
  callers: policyKeepers,
  clauses: ['7.1', '7.2.1'],
  access: { table: 'write' },
  params: changePath,
  body: z.strictObject({ reason: z.string().trim().min(1).max(2000).describe('why the change is withdrawn; kept in the audit trail') }),
  response: policyChangeSchema,
  successStatus: 200,
  examples: {
    body: { reason: 'superseded by the annual policy review' },
    response: { ...exampleChange, status: 'withdrawn', withdrawalReason: 'superseded by the annual policy review', version: 2 },
  },
});

export const getAssetPolicyChange = defineOperation({
  name: 'getAssetPolicyChange',
  area: 'assets',
  method: 'GET',
  path: '/asset-policy-changes/{changeId}',
  summary: 'Get an asset policy change',
  description:
    'A proposed change and where its decisions stand: pending approval, returned, approved (with the policy version it became), rejected, superseded, expired or interrupted.',
  handler: 'functions/assets/get-asset-policy-change.ts',
  callers: readers,
  clauses: ['7.1', '7.2.1'],
  access: { table: 'read' },
  params: changePath,
  response: policyChangeSchema,
  successStatus: 200,
  examples: { response: exampleChange },
});

export const listAssetPolicyChanges = defineOperation({
  name: 'listAssetPolicyChanges',
  area: 'assets',
  method: 'GET',
  path: '/asset-policy-changes',
  summary: 'List asset policy changes',
  description: 'Every proposed change of the asset policy, oldest first; `sort=-submitted` newest first (the latest decisions).',
  handler: 'functions/assets/list-asset-policy-changes.ts',
  callers: readers,
  clauses: ['7.1', '7.2.1'],
  access: { table: 'read' },
  patterns: [assetPolicyChangeEntity.patterns.list],
  query: pageQuery.extend({
    sort: z.enum(POLICY_CHANGE_SORTS).default('submitted').describe('`submitted`: oldest first; `-submitted`: newest first'),
  }),
  response: pageOf(policyChangeSchema),
  successStatus: 200,
  sort: 'by submission (change id), oldest or newest first',
  examples: { response: { items: [exampleChange] } },
});

export const createAsset = defineOperation({
  name: 'createAsset',
  area: 'assets',
  method: 'POST',
  path: '/assets',
  summary: 'Register an asset',
  description:
    'Identifies, classifies and registers an asset. Importance follows from confidentiality, integrity and availability by the policy’s rule; the first review date from the importance. An asset owner registers only assets they own. Accepts Idempotency-Key.',
  handler: 'functions/assets/create-asset.ts',
  callers: registrars,
  clauses: ['7.1.1', '7.1.2', '7.2.1', '9.1', '9.2'],
  access: { table: 'write' },
  body: assetInputSchema,
  response: assetSchema,
  successStatus: 201,
  idempotent: true,
  examples: { body: exampleInput, response: exampleAsset },
});

export const listAssets = defineOperation({
  name: 'listAssets',
  area: 'assets',
  method: 'GET',
  path: '/assets',
  summary: 'List and search the asset register',
  description:
    'Active assets unless `status` says otherwise (`retired`, `disposed`, or `all` in registration order). `q` finds assets whose name begins with it, without case. `sort`: `registered` (default), `name`, `-name`, `importance`, `-importance` (most important first) or `nextReview` (soonest first, active assets). Filters: type, category, classification, businessProcess, label, importance, owner, reviewState (overdue: due before today; due: due by today, overdue included; current). The search, each sort, the owner and the review state read an index of their own; the other filters narrow what it reads, so a page may hold fewer items than `limit` — even none — while `nextCursor` says more may follow (DynamoDB’s filter semantics): follow the cursor until it is absent.',
  handler: 'functions/assets/list-assets.ts',
  callers: readers,
  clauses: ['7.1.1'],
  access: { table: 'read' },
  patterns: [
    assetEntity.patterns.list,
    assetEntity.patterns.byOwner,
    assetEntity.patterns.dueBy,
    assetEntity.patterns.byName,
    assetEntity.patterns.byImportance,
  ],
  query: pageQuery.extend({
    status: z
      .enum([...ASSET_STATUSES, 'all'])
      .optional()
      .describe('default active'),
    q: z.string().trim().min(1).max(200).optional().describe('the beginning of the name, any case'),
    sort: z.enum(ASSET_SORTS).optional(),
    type: z.enum(ASSET_TYPES).optional(),
    category: z.string().min(1).max(100).optional(),
    classification: z.string().min(1).max(60).optional(),
    businessProcess: z.string().min(1).max(200).optional(),
    label: z.string().min(1).max(60).optional(),
    importance: z.coerce.number().int().min(1).max(5).optional(),
    owner: ulidSchema.optional(),
    reviewState: z.enum(['overdue', 'due', 'current']).optional(),
  }),
  response: pageOf(assetSchema),
  successStatus: 200,
  sort: 'by registration (asset id) unless sort says otherwise; by owner likewise; by review state by due date',
  examples: { response: { items: [exampleAsset] } },
});

export const getAsset = defineOperation({
  name: 'getAsset',
  area: 'assets',
  method: 'GET',
  path: '/assets/{assetId}',
  summary: 'Get an asset',
  description: 'One register entry. The ETag is the version a PATCH must name.',
  handler: 'functions/assets/get-asset.ts',
  callers: readers,
  clauses: ['7.1.1'],
  access: { table: 'read' },
  params: assetPath,
  response: assetSchema,
  successStatus: 200,
  problems: [410], // merged into another asset
  examples: { response: exampleAsset },
});

export const updateAsset = defineOperation({
  name: 'updateAsset',
  area: 'assets',
  method: 'PATCH',
  path: '/assets/{assetId}',
  summary: 'Change an asset',
  description:
    'A JSON merge patch of the entry with a required reason, kept in its history. Importance is recomputed. An asset owner changes only assets they own.',
  handler: 'functions/assets/update-asset.ts',
  callers: registrars,
  clauses: ['7.1.1', '7.2.1'],
  access: { table: 'write' },
  params: assetPath,
  body: assetPatchSchema,
  response: assetSchema,
  successStatus: 200,
  problems: [410, 422], // merged; the patched entry breaks the asset policy, or names no active owner
  versioned: true,
  examples: {
    body: { availability: 5, reason: 'now serves the 24x7 charging platform' },
    response: { ...exampleAsset, availability: 5, version: 2 },
  },
});

export const getAssetHistory = defineOperation({
  name: 'getAssetHistory',
  area: 'assets',
  method: 'GET',
  path: '/assets/{assetId}/history',
  summary: 'Get an asset’s history',
  description: 'Every version of the entry: who, when, why and what changed, oldest first.',
  handler: 'functions/assets/get-asset-history.ts',
  callers: readers,
  clauses: ['7.1.1'],
  access: { table: 'read' },
  params: assetPath,
  query: pageQuery,
  response: pageOf(
    z.object({
      version: z.number().int(),
      at: z.iso.datetime(),
      by: z.object({ userId: z.string().describe('the token subject, as recorded'), roles: z.array(z.string()) }),
      byPerson: personRefSchema.describe('who, named'),
      operation: z.string(),
      reason: z.string().optional(),
      changes: z.array(
        z.object({
          field: z.string(),
          from: z.unknown().optional(),
          to: z.unknown().optional(),
          sensitive: z.literal(true).optional().describe('a sensitive field: shown as changed, without values'),
        }),
      ),
    }),
  ),
  successStatus: 200,
  sort: 'by version, ascending',
  examples: {
    response: {
      items: [
        { version: 1, at: EXAMPLE_TIME, by: { userId: OWNER_ID, roles: ['asset-owner'] }, byPerson: EXAMPLE_PERSON, operation: 'createAsset', changes: [] },
        {
          version: 2,
          at: EXAMPLE_TIME,
          by: { userId: OWNER_ID, roles: ['asset-owner'] },
          byPerson: EXAMPLE_PERSON,
          operation: 'updateAsset',
          reason: 'now 24x7',
          changes: [{ field: 'availability', from: 3, to: 5 }],
        },
      ],
    },
  },
});

const componentSchema = z.object({
  index: z.number().int().describe('its place in the SBOM, from 0'),
  name: z.string(),
  group: z.string().optional(),
  version: z.string().optional(),
  type: z.string().optional().describe('the component type the SBOM gives (library, application, framework …)'),
  purl: z.string().optional(),
  package: z.string().optional().describe('the PURL without version (type/namespace/name): what advisories are matched on'),
  cpe: z.string().optional(),
  cpes: z.array(z.string()).optional().describe('every CPE, where the SBOM gives more than one'),
  supplier: z.string().optional(),
  licence: z.string().optional(),
  bomRef: z.string().optional().describe('its bom-ref: what a VEX document beside the SBOM names it by'),
  vex: z
    .array(z.object({ id: z.string(), state: z.string(), justification: z.string().optional(), detail: z.string().optional() }))
    .optional()
    .describe(
      'VEX statements about it (CycloneDX analysis), from the SBOM or a VEX document: advisory matching honours not_affected, resolved and false_positive',
    ),
  problems: z.array(z.string()).describe('what is wrong with the entry as the SBOM gives it (a malformed PURL, no name)'),
});
nameSchema(componentSchema, 'AssetComponent', 'A component of a software asset, as its latest SBOM lists it.');

// The PURL itself is checked where it is read (components.ts): a parser in the schema would ride along
// in every function that reads the catalogue.
const purlFilter = z.string().trim().min(1).max(2048);

export const listAssetComponents = defineOperation({
  name: 'listAssetComponents',
  area: 'assets',
  method: 'GET',
  path: '/assets/{assetId}/components',
  summary: 'List an asset’s components',
  description:
    'The components of the asset’s latest SBOM (its component set), in the SBOM’s order; empty for an asset without one. Filters: `purl`, a package URL: without a version it finds every version of that package, with one that version only (type, namespace and name are compared as the PURL spec normalises them; qualifiers and subpath are not compared), so `?purl=pkg:maven/org.apache.logging.log4j/log4j-core` answers whether the asset contains log4j-core at all; `name`, the exact component name as the SBOM gives it (case-sensitive; without group). Both together must both hold. A cursor is bound to the component set: once a new SBOM has replaced it, the old cursor is refused.',
  handler: 'functions/assets/list-asset-components.ts',
  callers: readers,
  clauses: ['7.1.1', '12.6.1'],
  access: { table: 'read' },
  params: assetPath,
  query: pageQuery.extend({
    name: z.string().min(1).max(500).optional().describe('the exact component name'),
    purl: purlFilter.optional().describe('a package URL: every version of the package, or the version it names'),
  }),
  response: pageOf(componentSchema).extend({
    componentSet: z
      .object({ id: z.string(), count: z.number().int(), specVersion: z.string(), importedAt: z.iso.datetime() })
      .optional()
      .describe('the set listed (absent when the asset has none): count is of the whole set, not of the filtered list'),
  }),
  successStatus: 200,
  sort: 'in the SBOM’s order (index)',
  examples: {
    response: {
      componentSet: { id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RT', count: 62, specVersion: '1.4', importedAt: EXAMPLE_TIME },
      items: [
        {
          index: 0,
          name: 'log4j-core',
          group: 'org.apache.logging.log4j',
          version: '2.14.1',
          type: 'library',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
          package: 'maven/org.apache.logging.log4j/log4j-core',
          licence: 'Apache-2.0',
          problems: [],
        },
      ],
    },
  },
});

export const createAssetReview = defineOperation({
  name: 'createAssetReview',
  area: 'assets',
  method: 'POST',
  path: '/assets/{assetId}/reviews',
  summary: 'Review an asset',
  description:
    'The owner confirms the entry, or updates it (with its changes); either sets the next review date by the policy. With an Idempotency-Key, a retry answers the review it repeats instead of recording a second one.',
  handler: 'functions/assets/create-asset-review.ts',
  callers: registrars,
  clauses: ['7.1.1', '7.1.2'],
  access: { table: 'write' },
  idempotent: true,
  params: assetPath,
  body: z.strictObject({
    outcome: z.enum(['confirmed', 'updated']),
    notes: z.string().trim().min(1).max(2000).optional(),
    changes: assetPatchSchema.omit({ reason: true }).optional(),
  }),
  response: assetSchema,
  successStatus: 200,
  problems: [410, 422], // merged; the changed owner is no active user of the tenant
  examples: {
    body: { outcome: 'confirmed', notes: 'checked on site' },
    response: { ...exampleAsset, lastReviewedAt: EXAMPLE_TIME, version: 2 },
  },
});

const rowFailure = z.object({ row: z.number().int(), errors: z.array(z.object({ path: z.string(), message: z.string() })) });

export const importAssets = defineOperation({
  name: 'importAssets',
  area: 'assets',
  method: 'POST',
  path: '/assets/import',
  summary: 'Import assets in bulk',
  description:
    'An array of assets (application/json) or a CSV with a header row of asset fields (text/csv, comma, semicolon or tab separated; see the README), at most 2,000 rows; a larger register goes through an import job (POST /jobs, kind asset-import). Rows with an `id` update that asset, and so do rows whose `externalId` (the id in the register they came from, unique in the tenant) an asset already holds: importing the same file again changes nothing. A row that matches its asset as it stands is `unchanged`. An owner may be given by id or by e-mail; `lastReviewedAt` sets the next review from the last one; a row without a classification takes the policy’s defaultClassification. `?dryRun=true` answers what would be created, updated, unchanged and refused, writing nothing. Each row is written whole or not at all; the reply lists created, updated, unchanged and failed rows, each failed row with all its schema and policy errors. An SBOM goes to POST /assets/sbom-import (400 here, saying so). With an Idempotency-Key, a retry of a request that failed part-way creates only the rows it did not, and a retry of one that ended answers the same result.',
  handler: 'functions/assets/import-assets.ts',
  callers: policyKeepers,
  clauses: ['7.1.1', '7.2.1'],
  access: { table: 'write' },
  idempotent: true,
  query: z.strictObject({
    dryRun: z.stringbool().optional().describe('check every row and answer what would happen, writing nothing'),
  }),
  rawBody: {
    mediaTypes: {
      'application/json': { type: 'array', items: { type: 'object', description: 'an asset, as POST /assets takes it, with an optional id to update' } },
      'text/csv': { type: 'string', description: 'a header row of asset field names, then one asset per row' },
    },
  },
  response: z.object({
    dryRun: z.literal(true).optional().describe('present on a dry run: nothing was written'),
    created: z.array(z.object({ row: z.number().int(), id: z.string().optional().describe('absent on a dry run') })),
    updated: z.array(z.object({ row: z.number().int(), id: z.string() })),
    unchanged: z.array(z.object({ row: z.number().int(), id: z.string() })).describe('rows that match their asset as it stands'),
    failed: z.array(rowFailure),
  }),
  successStatus: 200,
  examples: {
    response: {
      created: [{ row: 1, id: EXAMPLE_ID }],
      updated: [],
      unchanged: [],
      failed: [{ row: 2, errors: [{ path: 'rows[2].confidentiality', message: 'a value from 1 to 5' }] }],
    },
  },
});
