// Security patch management (X.1052 12.2.3 a–c; X.1051 12.6): patch requirements, their lab tests, rollout waves
// and the tenant's SLAs. Patching itself runs through security change management (a wave's change request).
import * as z from 'zod';
import { defineOperation } from '@ismf/catalogue/operation';
import { EXAMPLE_ID, pageOf, pageQuery } from '@ismf/catalogue/common';
import { ulidSchema } from '@ismf/core/ids';
import { patchRequirementEntity, patchSourceEntity, patchWaveEntity } from './entities.ts';
import {
  bulletinRequirementSchema,
  closureSchema,
  DEFAULT_PATCH_SETTINGS,
  PATCH_STATES,
  patchSettingsSchema,
  patchTestRequestSchema,
  patchWaveInputSchema,
  PRIORITIES,
} from './rules.ts';
import {
  exampleRequirement,
  exampleTest,
  exampleWave,
  patchKeepers,
  patchReaders,
  patchRequirementSchema,
  patchSettingsViewSchema,
  patchTestSchema,
  patchWaveSchema,
  WAVE_STATUSES,
  waveProposalSchema,
} from './schemas.ts';

const AREA = 'patches';
const CLAUSES = ['12.6.1'];
const ROLLOUT = ['12.6.1', '12.5.1'];
const requirementPath = z.strictObject({ patchRequirementId: ulidSchema });
const testPath = z.strictObject({ patchTestId: ulidSchema });
const wavePath = z.strictObject({ patchWaveId: ulidSchema });
const withdrawalSchema = z.strictObject({ reason: z.string().trim().min(1).max(2000).describe('why; kept in the audit trail') });

export const listPatchRequirements = defineOperation({
  name: 'listPatchRequirements',
  area: AREA,
  method: 'GET',
  path: '/patch-requirements',
  summary: 'List patch requirements',
  description:
    'The patch requirements, soonest due first. Filters: `earlyWarning` (the requirements answering an early warning’s recommendations, all in one page: its tracking), `asset`, `overdue=true` (outstanding and past the due date), a due window `dueFrom`/`dueTo`, `state`, `priority`. One index serves each list, chosen in that order; the other filters narrow the page it reads, so a page may hold fewer than `limit` while `nextCursor` says more may follow. Without filters: the outstanding requirements (not patched or closed).',
  handler: 'functions/patches/list-patch-requirements.ts',
  callers: patchReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  patterns: [
    patchRequirementEntity.patterns.byState,
    patchRequirementEntity.patterns.byPriority,
    patchRequirementEntity.patterns.byAsset,
    patchRequirementEntity.patterns.due,
    patchSourceEntity.patterns.byEarlyWarning,
  ],
  query: pageQuery.extend({
    state: z.enum(PATCH_STATES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    asset: ulidSchema.optional().describe('an asset: its requirements'),
    earlyWarning: ulidSchema.optional().describe('an early warning: the requirements its approved recommendations became'),
    overdue: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional()
      .describe('true: outstanding requirements past their due date'),
    dueFrom: z.iso.datetime().optional().describe('due at or after this'),
    dueTo: z.iso.datetime().optional().describe('due before this'),
  }),
  response: pageOf(patchRequirementSchema),
  successStatus: 200,
  sort: 'by due date, soonest first',
  examples: { response: { items: [exampleRequirement] } },
});

export const createPatchRequirements = defineOperation({
  name: 'createPatchRequirements',
  area: AREA,
  method: 'POST',
  path: '/patch-requirements',
  summary: 'Enter patch requirements from a vendor bulletin',
  description:
    'For a vendor patch bulletin that came without an advisory (X.1052 12.2.3 a): one requirement per asset named (physical or software assets of the register; 422 naming each other entry), with the fix, the bulletin and the priority, due by the tenant’s SLA for it. An asset with a requirement for the same product and fixed version already gets that one back (merged, never twice). The owners are told. Accepts Idempotency-Key.',
  handler: 'functions/patches/create-patch-requirements.ts',
  callers: patchKeepers,
  clauses: CLAUSES,
  access: { table: 'write' },
  body: bulletinRequirementSchema,
  response: z.object({ items: z.array(patchRequirementSchema) }),
  successStatus: 201,
  idempotent: true,
  problems: [422],
  examples: {
    body: {
      assetIds: [EXAMPLE_ID],
      product: 'Junos OS',
      fixedVersion: '22.4R3-S2',
      summary: 'Install Junos OS 22.4R3-S2 on the core routers',
      bulletin: { title: 'Junos OS: 2024-07 Security Bulletin roundup', reference: 'JSA82975', url: 'https://supportportal.juniper.net/JSA82975' },
      priority: 'high',
    },
    response: { items: [{ ...exampleRequirement, origin: 'bulletin' as const, earlyWarnings: [] }] },
  },
});

export const getPatchRequirement = defineOperation({
  name: 'getPatchRequirement',
  area: AREA,
  method: 'GET',
  path: '/patch-requirements/{patchRequirementId}',
  summary: 'Get a patch requirement',
  description:
    'A patch requirement: the asset, fix, vulnerabilities and early warnings, priority with its breakdown, due date, state and why, its test, wave and change.',
  handler: 'functions/patches/get-patch-requirement.ts',
  callers: patchReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: requirementPath,
  response: patchRequirementSchema,
  successStatus: 200,
  examples: { response: exampleRequirement },
});

export const closePatchRequirement = defineOperation({
  name: 'closePatchRequirement',
  area: AREA,
  method: 'POST',
  path: '/patch-requirements/{patchRequirementId}/closure',
  summary: 'Close a patch requirement',
  description:
    'A requirement that is not to be patched: not applicable, the risk accepted, superseded by another fix, the asset retired — with the reason, kept in its history. Only an open, returned or tested requirement (409 for one in a test, a wave or a change). Needs If-Match.',
  handler: 'functions/patches/close-patch-requirement.ts',
  callers: patchKeepers,
  clauses: CLAUSES,
  access: { table: 'write' },
  params: requirementPath,
  body: closureSchema,
  response: patchRequirementSchema,
  successStatus: 200,
  versioned: true,
  problems: [409],
  examples: {
    body: { resolution: 'superseded', reason: 'JSA83001 ships a later release that includes the fix' },
    response: { ...exampleRequirement, version: 2, state: 'closed' as const },
  },
});

export const requestPatchTest = defineOperation({
  name: 'requestPatchTest',
  area: AREA,
  method: 'POST',
  path: '/patch-tests',
  summary: 'Ask for a lab test of a fix',
  description:
    'Checks the effectiveness of a patch before it is rolled out (X.1052 12.2.3 b): a work task for the named tester (a user of the directory) or anyone of the role (default security-officer), covering requirements of one fix (each open, returned or tested; 422 naming each other entry). The requirements become `testing`; a passed test makes them `tested`, a failed one returns them with the tester’s notes, and the requester revises before it is tested again. Accepts Idempotency-Key.',
  handler: 'functions/patches/request-patch-test.ts',
  callers: patchKeepers,
  clauses: CLAUSES,
  access: { table: 'write' },
  body: patchTestRequestSchema,
  response: patchTestSchema,
  successStatus: 201,
  createdAt: '/patch-tests/{id}',
  idempotent: true,
  problems: [422],
  examples: { body: { requirementIds: [EXAMPLE_ID], reason: 'Before the weekend release' }, response: exampleTest },
});

export const getPatchTest = defineOperation({
  name: 'getPatchTest',
  area: AREA,
  method: 'GET',
  path: '/patch-tests/{patchTestId}',
  summary: 'Get a patch test',
  description: 'A lab test of a fix: the requirements it covers, the tester, every result and where it stands; its flow has the work task.',
  handler: 'functions/patches/get-patch-test.ts',
  callers: patchReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  params: testPath,
  response: patchTestSchema,
  successStatus: 200,
  examples: { response: exampleTest },
});

export const withdrawPatchTest = defineOperation({
  name: 'withdrawPatchTest',
  area: AREA,
  method: 'POST',
  path: '/patch-tests/{patchTestId}/withdrawal',
  summary: 'Withdraw a patch test',
  description:
    'The requester (or an administrator; 403 for anyone else) withdraws a test under way or returned (409 otherwise): its open task ends, and its requirements are open again.',
  handler: 'functions/patches/withdraw-patch-test.ts',
  callers: patchKeepers,
  clauses: CLAUSES,
  access: { table: 'write' },
  params: testPath,
  body: withdrawalSchema,
  response: patchTestSchema,
  successStatus: 200,
  problems: [409],
  examples: { body: { reason: 'the vendor withdrew the build' }, response: { ...exampleTest, status: 'withdrawn' as const } },
});

export const createPatchWave = defineOperation({
  name: 'createPatchWave',
  area: AREA,
  method: 'POST',
  path: '/patch-waves',
  summary: 'Plan a patch rollout wave',
  description:
    'Groups tested requirements of one fix (1 to 100; 422 naming each that is not tested or names another fix) into a rollout wave with a requested window and the change’s class. A security officer other than the planner approves it (a decision step, escalating to administrators after 3 days); approval asks security change management for one change request for the wave’s assets (ChangeRequested), which opens it as a draft to plan, test, authorize and implement. Accepts Idempotency-Key.',
  handler: 'functions/patches/create-patch-wave.ts',
  callers: patchKeepers,
  clauses: ROLLOUT,
  access: { table: 'write' },
  body: patchWaveInputSchema,
  response: patchWaveSchema,
  successStatus: 201,
  createdAt: '/patch-waves/{id}',
  idempotent: true,
  problems: [422],
  examples: {
    body: { requirementIds: [EXAMPLE_ID], window: exampleWave.window, class: 'normal', reason: exampleWave.reason },
    response: exampleWave,
  },
});

export const listPatchWaves = defineOperation({
  name: 'listPatchWaves',
  area: AREA,
  method: 'GET',
  path: '/patch-waves',
  summary: 'List patch rollout waves',
  description: 'The rollout waves, newest first, or those in one status.',
  handler: 'functions/patches/list-patch-waves.ts',
  callers: patchReaders,
  clauses: ROLLOUT,
  access: { table: 'read' },
  patterns: [patchWaveEntity.patterns.list, patchWaveEntity.patterns.byStatus],
  query: pageQuery.extend({ status: z.enum(WAVE_STATUSES).optional() }),
  response: pageOf(patchWaveSchema),
  successStatus: 200,
  sort: 'newest first; within a status, oldest first',
  examples: { response: { items: [exampleWave] } },
});

export const getPatchWave = defineOperation({
  name: 'getPatchWave',
  area: AREA,
  method: 'GET',
  path: '/patch-waves/{patchWaveId}',
  summary: 'Get a patch rollout wave',
  description: 'A rollout wave: its requirements and assets, window, approval (its flow), its change request and what came of it.',
  handler: 'functions/patches/get-patch-wave.ts',
  callers: patchReaders,
  clauses: ROLLOUT,
  access: { table: 'read' },
  params: wavePath,
  response: patchWaveSchema,
  successStatus: 200,
  examples: { response: exampleWave },
});

export const withdrawPatchWave = defineOperation({
  name: 'withdrawPatchWave',
  area: AREA,
  method: 'POST',
  path: '/patch-waves/{patchWaveId}/withdrawal',
  summary: 'Withdraw a patch rollout wave',
  description:
    'The planner (or an administrator; 403 for anyone else) withdraws a wave that waits for approval or revision (409 otherwise): its open task ends, and its requirements are tested again, free for another wave.',
  handler: 'functions/patches/withdraw-patch-wave.ts',
  callers: patchKeepers,
  clauses: ROLLOUT,
  access: { table: 'write' },
  params: wavePath,
  body: withdrawalSchema,
  response: patchWaveSchema,
  successStatus: 200,
  problems: [409],
  examples: { body: { reason: 'the window moved: planned again with the next fix' }, response: { ...exampleWave, status: 'withdrawn' as const } },
});

export const proposePatchWaves = defineOperation({
  name: 'proposePatchWaves',
  area: AREA,
  method: 'GET',
  path: '/patch-wave-proposals',
  summary: 'Propose patch rollout waves',
  description:
    'The tested requirements not yet in a wave, grouped by fix and asset class, at most 100 to a group, the most urgent first (priority, then the earliest due date): each a wave to plan with POST /patch-waves. Reads the 2,000 tested requirements due soonest; `more` says there were others.',
  handler: 'functions/patches/propose-patch-waves.ts',
  callers: patchKeepers,
  clauses: ROLLOUT,
  access: { table: 'read' },
  patterns: [patchRequirementEntity.patterns.byState],
  response: z.object({ items: z.array(waveProposalSchema), more: z.boolean() }),
  successStatus: 200,
  examples: {
    response: {
      items: [
        {
          fixKey: exampleRequirement.fixKey,
          summary: exampleRequirement.summary,
          product: 'path-to-regexp',
          fixedVersion: '0.1.10',
          assetClass: 'software',
          requirementIds: [EXAMPLE_ID],
          assetCount: 1,
          priority: 'critical',
          earliestDueAt: exampleRequirement.dueAt,
        },
      ],
      more: false,
    },
  },
});

export const getPatchSettings = defineOperation({
  name: 'getPatchSettings',
  area: AREA,
  method: 'GET',
  path: '/patch-settings',
  summary: 'Get the patch management settings',
  description: 'The days from identification to the due date per priority (version 0: the defaults — critical 7, high 30, medium 90, low 180).',
  handler: 'functions/patches/get-patch-settings.ts',
  callers: patchReaders,
  clauses: CLAUSES,
  access: { table: 'read' },
  response: patchSettingsViewSchema,
  successStatus: 200,
  examples: { response: { ...DEFAULT_PATCH_SETTINGS, version: 0 } },
});

export const putPatchSettings = defineOperation({
  name: 'putPatchSettings',
  area: AREA,
  method: 'PUT',
  path: '/patch-settings',
  summary: 'Set the patch management settings',
  description: 'Replaces the SLA days; requirements identified from then on are due by them. Needs If-Match with their version (`"0"` for the defaults).',
  handler: 'functions/patches/put-patch-settings.ts',
  callers: patchKeepers,
  clauses: CLAUSES,
  access: { table: 'write' },
  body: patchSettingsSchema,
  response: patchSettingsViewSchema,
  successStatus: 200,
  versioned: true,
  examples: { body: DEFAULT_PATCH_SETTINGS, response: { ...DEFAULT_PATCH_SETTINGS, version: 1, updatedAt: exampleRequirement.updatedAt } },
});
