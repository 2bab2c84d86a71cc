// Security patch management's rules (X.1052 12.2.3 a–c): the states of a patch requirement, the tenant's SLAs
// per priority, and what people hand in — a requirement from a vendor bulletin, a lab test's result, a rollout
// wave. Pure (zod and core only): the web console checks its forms with the same schemas the API parses.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/id-patterns';
import { tenantRoleSchema } from '@ismf/core/roles';
import { PRIORITIES, type Priority } from '@ismf/early-warning/priority-rules';

export { PRIORITIES, type Priority };

/**
 * open: identified, not yet tested; testing: a lab test is under way; returned: the test failed (the reason
 * says why); tested: the fix passed its test; scheduled: in a rollout wave awaiting approval; in-change: the
 * wave's change request is open; patched: the change was implemented; closed: not to be patched (with why).
 */
export const PATCH_STATES = ['open', 'testing', 'returned', 'tested', 'scheduled', 'in-change', 'patched', 'closed'] as const;
export type PatchState = (typeof PATCH_STATES)[number];
/** The states in which a requirement still leaves its asset exposed and counts against its due date. */
export const OUTSTANDING_STATES: readonly PatchState[] = ['open', 'testing', 'returned', 'tested', 'scheduled', 'in-change'];
/** The states a lab test may be asked for in: a rolled-back rollout reopens a requirement to be tested again. */
export const TESTABLE_STATES: readonly PatchState[] = ['open', 'returned', 'tested'];

export const CLOSURE_RESOLUTIONS = ['not-applicable', 'risk-accepted', 'superseded', 'asset-retired'] as const;

/** At most this many requirements in one test or one wave (a change request takes at most 100 assets). */
export const MAX_PER_BATCH = 100;

const text = (max: number) => z.string().trim().min(1).max(max);
const days = z.number().int().min(1).max(730);

export const patchSettingsSchema = z.strictObject({
  slaDays: z
    .strictObject({ critical: days, high: days, medium: days, low: days })
    .default({ critical: 7, high: 30, medium: 90, low: 180 })
    .describe('days from identification to the due date, per priority'),
});
export type PatchSettings = z.output<typeof patchSettingsSchema>;
export const DEFAULT_PATCH_SETTINGS: PatchSettings = patchSettingsSchema.parse({});

/** The due date of a requirement identified at `identifiedAt` with this priority, by the tenant's SLAs. */
export function dueDateOf(identifiedAt: string, priority: Priority, settings: PatchSettings = DEFAULT_PATCH_SETTINGS): string {
  return new Date(Date.parse(identifiedAt) + settings.slaDays[priority] * 86_400_000).toISOString();
}

/** A vendor patch bulletin that came without an advisory: the fix, the assets it is for, its priority. */
export const bulletinRequirementSchema = z.strictObject({
  assetIds: z.array(ulidSchema).min(1).max(MAX_PER_BATCH).describe('the assets to patch (physical or software assets of the register)'),
  product: text(200).describe('the product or package the fix is for, as the vendor names it'),
  fixedVersion: text(100).optional().describe('the version (or patch id) that fixes it'),
  summary: text(300).describe('what to install, in a line'),
  bulletin: z
    .strictObject({
      title: text(300),
      reference: text(100).optional().describe('the vendor’s bulletin id'),
      url: z
        .url({ protocol: /^https?$/, error: 'an http or https URL' })
        .max(2000)
        .optional(),
    })
    .describe('the vendor’s patch bulletin'),
  vulnerabilities: z
    .array(z.string().regex(/^[A-Za-z][A-Za-z0-9-]{1,30}-[A-Za-z0-9.:_-]{1,60}$/, 'a vulnerability id such as CVE-2024-3400'))
    .max(50)
    .optional(),
  priority: z.enum(PRIORITIES).describe('the implementation priority (c): its SLA sets the due date'),
});
export type BulletinRequirement = z.output<typeof bulletinRequirementSchema>;

const requirementIds = z
  .array(ulidSchema)
  .min(1)
  .max(MAX_PER_BATCH)
  .refine((ids) => new Set(ids).size === ids.length, 'each requirement once');

/** (b) A lab test of one fix, for the requirements it would patch. */
export const patchTestRequestSchema = z
  .strictObject({
    requirementIds: requirementIds.describe('requirements of one fix, each open, returned or tested'),
    assignee: ulidSchema.optional().describe('the tester (a user of the directory); else anyone of the role'),
    role: tenantRoleSchema.optional().describe('who may take the test when no person is named; default security-officer'),
    reason: text(1000).describe('what to test, and why now'),
  })
  .refine((request) => !(request.assignee && request.role), { message: 'name a person or a role, not both', path: ['role'] });

/** What the lab test hands in: a failed test returns the requirements with the notes as the reason. */
export const patchTestResultSchema = z.strictObject({
  outcome: z.enum(['passed', 'failed']).describe('failed: the requirements are returned with the notes as the reason'),
  environment: text(500).describe('the lab or simulated environment it was tested in'),
  notes: text(4000).describe('what was installed and checked, and what was found'),
  evidenceIds: z.array(ulidSchema).max(20).optional().describe('evidence records (POST /evidence) that back it'),
});
export type PatchTestResult = z.output<typeof patchTestResultSchema>;

/** A returned test's revision: what changed (another build of the fix, a corrected procedure) before it is tested again. */
export const patchTestRevisionSchema = z.strictObject({ note: text(2000).describe('what changed before testing again') });

export const waveWindowSchema = z
  .strictObject({ start: z.iso.datetime(), end: z.iso.datetime() })
  .refine((window) => Date.parse(window.end) > Date.parse(window.start), { message: 'the window ends after it starts', path: ['end'] });

/** (c) A rollout wave: tested requirements of one fix, one change request for all of them. */
export const patchWaveInputSchema = z.strictObject({
  title: text(200).optional().describe('default: the fix and the asset class'),
  requirementIds: requirementIds.describe('tested requirements of one fix, not in another wave'),
  window: waveWindowSchema.describe('the requested change window (the change plan may move it)'),
  class: z.enum(['normal', 'emergency']).default('normal').describe('the change’s class: emergency for a critical patch that cannot wait'),
  reason: text(1000).describe('why this wave, now'),
});

/** A returned wave's revision: what changed, and the window if it moved. */
export const waveRevisionSchema = z.strictObject({
  note: text(1000).describe('what changed, in answer to the return'),
  window: waveWindowSchema.optional(),
});

export const closureSchema = z.strictObject({
  resolution: z.enum(CLOSURE_RESOLUTIONS),
  reason: text(1000).describe('why the requirement is not to be patched (kept in the history)'),
});
