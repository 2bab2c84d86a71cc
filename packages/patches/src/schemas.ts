// What the patch operations answer, and who calls them. Kept apart so that a function declaring one operation
// need not carry every other's declaration.
import * as z from 'zod';
import { EXAMPLE_ID, EXAMPLE_TIME, entityMeta, nameSchema } from '@ismf/catalogue/common';
import { CLOSURE_RESOLUTIONS, PATCH_STATES, PRIORITIES, patchSettingsSchema } from './rules.ts';

/** Everyone who follows vulnerabilities reads the requirements; asset owners see their assets' among them. */
export const patchReaders = { roles: ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt'] } as const;
export const patchKeepers = { roles: ['admin', 'security-officer'] } as const;

export const WAVE_STATUSES = [
  'pending-approval',
  'returned',
  'approved',
  'in-change',
  'change-refused',
  'implemented',
  'rolled-back',
  'partly-implemented',
  'rejected',
  'withdrawn',
  'expired',
  'interrupted',
] as const;

export const patchRequirementSchema = z.object({
  ...entityMeta,
  assetId: z.string(),
  assetName: z.string(),
  assetType: z.string(),
  owner: z.string().describe('the asset’s owner (a user id)'),
  importance: z.number().int(),
  exposure: z.string().optional(),
  fixKey: z.string().describe('`<product>@<fixed version>` normalised: one requirement per asset and fix'),
  product: z.string(),
  installedVersion: z.string().optional(),
  fixedVersion: z.string().optional(),
  summary: z.string(),
  url: z.string().optional(),
  origin: z.enum(['early-warning', 'bulletin']),
  bulletin: z.object({ title: z.string(), reference: z.string().optional(), url: z.string().optional() }).optional(),
  earlyWarnings: z
    .array(z.object({ earlyWarningId: z.string(), recommendationId: z.string(), title: z.string() }))
    .describe('the early warnings whose approved recommendations it answers (the first 20)'),
  vulnerabilities: z.array(z.string()),
  priority: z.enum(PRIORITIES),
  priorityRank: z.number().int(),
  score: z.number().optional().describe('the early warning’s score of the most urgent finding'),
  breakdown: z.record(z.string(), z.unknown()).optional().describe('that score broken down: CVSS × importance × exposure × exploitation'),
  identifiedAt: z.iso.datetime(),
  dueAt: z.iso.datetime().describe('identified + the tenant’s SLA days for the priority'),
  state: z.enum(PATCH_STATES),
  stateReason: z.string().optional().describe('why it is in its state: a failed test’s notes, a rolled-back change, a closure'),
  testId: z.string().optional().describe('its last lab test (GET /patch-tests/{id})'),
  waveId: z.string().optional().describe('its rollout wave, once scheduled'),
  changeId: z.string().optional().describe('the wave’s change request (GET /change-requests/{id})'),
  patchedAt: z.iso.datetime().optional(),
  closure: z.object({ resolution: z.enum(CLOSURE_RESOLUTIONS), reason: z.string(), by: z.string(), at: z.iso.datetime() }).optional(),
  overdueNotifiedAt: z.iso.datetime().optional().describe('when the owner was told it is overdue'),
});
nameSchema(
  patchRequirementSchema,
  'PatchRequirement',
  'That an asset needs a fix: from an approved recommendation or a vendor bulletin, with its priority, due date and state.',
);

export const patchTestSchema = z.object({
  ...entityMeta,
  title: z.string(),
  fixKey: z.string(),
  product: z.string(),
  fixedVersion: z.string().optional(),
  requirementIds: z.array(z.string()),
  assetCount: z.number().int(),
  reason: z.string(),
  requestedBy: z.string(),
  author: z.string(),
  tester: z.union([z.object({ subject: z.string().describe('the tester’s sign-in subject') }), z.object({ role: z.string() })]),
  flowId: z.string().describe('GET /flows/{flowId}: the work task and its results'),
  status: z.enum(['testing', 'passed', 'returned', 'withdrawn', 'expired', 'interrupted']),
  results: z.array(
    z.object({
      outcome: z.enum(['passed', 'failed']),
      environment: z.string(),
      notes: z.string(),
      evidenceIds: z.array(z.string()).optional(),
      by: z.string(),
      at: z.iso.datetime(),
      taskId: z.string(),
    }),
  ),
  revisionNote: z.string().optional(),
});
nameSchema(patchTestSchema, 'PatchTest', 'A lab test of one fix for the requirements it would patch (X.1052 12.2.3 b).');

export const patchWaveSchema = z.object({
  ...entityMeta,
  title: z.string(),
  fixKey: z.string(),
  product: z.string(),
  fixedVersion: z.string().optional(),
  assetClasses: z.array(z.string()),
  requirementIds: z.array(z.string()),
  assetIds: z.array(z.string()),
  vulnerabilities: z.array(z.string()),
  priority: z.enum(PRIORITIES),
  earliestDueAt: z.iso.datetime(),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }),
  class: z.enum(['normal', 'emergency']),
  reason: z.string(),
  requestedBy: z.string(),
  author: z.string(),
  flowId: z.string().describe('GET /flows/{flowId}: the approval'),
  status: z.enum(WAVE_STATUSES),
  decisionReason: z.string().optional(),
  changeId: z.string().optional().describe('its change request, once the change area opened it'),
  refusal: z.string().optional().describe('why the change area refused the request'),
  outcomeAt: z.string().optional(),
});
nameSchema(patchWaveSchema, 'PatchWave', 'A rollout wave: tested requirements of one fix, approved as a whole and patched through one change request.');

export const waveProposalSchema = z.object({
  fixKey: z.string(),
  summary: z.string(),
  product: z.string(),
  fixedVersion: z.string().optional(),
  assetClass: z.string(),
  requirementIds: z.array(z.string()),
  assetCount: z.number().int(),
  priority: z.enum(PRIORITIES),
  earliestDueAt: z.iso.datetime(),
});

export const patchSettingsViewSchema = patchSettingsSchema.extend({
  version: z.number().int().describe('0: the defaults, never written'),
  updatedAt: z.iso.datetime().optional(),
});

export const exampleRequirement = {
  id: EXAMPLE_ID,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
  assetId: EXAMPLE_ID,
  assetName: 'Self-care portal',
  assetType: 'software',
  owner: EXAMPLE_ID,
  importance: 4,
  exposure: 'internet-facing',
  fixKey: 'path-to-regexp@0.1.10',
  product: 'path-to-regexp',
  installedVersion: '0.1.9',
  fixedVersion: '0.1.10',
  summary: 'Update path-to-regexp to 0.1.10',
  origin: 'early-warning' as const,
  earlyWarnings: [{ earlyWarningId: EXAMPLE_ID, recommendationId: EXAMPLE_ID, title: 'path-to-regexp outputs backtracking regular expressions' }],
  vulnerabilities: ['CVE-2024-45296'],
  priority: 'critical' as const,
  priorityRank: 0,
  score: 17.84,
  identifiedAt: EXAMPLE_TIME,
  dueAt: '2026-12-06T09:30:00.000Z',
  state: 'open' as const,
};

export const exampleTest = {
  id: EXAMPLE_ID,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
  title: 'Lab test: Update path-to-regexp to 0.1.10',
  fixKey: exampleRequirement.fixKey,
  product: 'path-to-regexp',
  fixedVersion: '0.1.10',
  requirementIds: [EXAMPLE_ID],
  assetCount: 1,
  reason: 'Before the weekend release',
  requestedBy: 'dana.weiss',
  author: 'dana.weiss',
  tester: { role: 'security-officer' },
  flowId: EXAMPLE_ID,
  status: 'testing' as const,
  results: [],
};

export const exampleWave = {
  id: EXAMPLE_ID,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
  title: 'Update path-to-regexp to 0.1.10 — software assets',
  fixKey: exampleRequirement.fixKey,
  product: 'path-to-regexp',
  fixedVersion: '0.1.10',
  assetClasses: ['software'],
  requirementIds: [EXAMPLE_ID],
  assetIds: [EXAMPLE_ID],
  vulnerabilities: ['CVE-2024-45296'],
  priority: 'critical' as const,
  earliestDueAt: '2026-12-06T09:30:00.000Z',
  window: { start: '2026-12-05T01:00:00.000Z', end: '2026-12-05T03:00:00.000Z' },
  class: 'normal' as const,
  reason: 'Tested in the lab; roll out in the Saturday window',
  requestedBy: 'dana.weiss',
  author: 'dana.weiss',
  flowId: EXAMPLE_ID,
  status: 'pending-approval' as const,
};
