// Security change management's rules (X.1052 12.2.4): the classes and states of a change request, its
// window, its plan and the tenant's settings. Pure (zod and core only): the web console checks its forms
// with the same schemas the API parses.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/id-patterns';
import { tenantRoleSchema } from '@ismf/core/roles';

/** standard: a pre-approved template; normal: plan → tests → authorization → implementation → review; emergency: authorized first, tested and reviewed after. */
export const CHANGE_CLASSES = ['standard', 'normal', 'emergency'] as const;
export type ChangeClass = (typeof CHANGE_CLASSES)[number];

export const CHANGE_STATES = [
  'draft',
  'submitted',
  'returned',
  'authorized',
  'rejected',
  'expired',
  'withdrawn',
  'implemented',
  'partly-implemented',
  'rolled-back',
  'failed',
  'refused',
] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

/** The states a change is on the calendar in: authorized, and what its implementation made of it. */
export const CALENDAR_STATES: readonly ChangeState[] = ['authorized', 'implemented', 'partly-implemented', 'rolled-back', 'failed'];
/** The states in which the requester still shapes the request: its assets and its plan. */
export const EDITABLE_STATES: readonly ChangeState[] = ['draft', 'returned'];

export const SERVICE_IMPACTS = ['none', 'degraded', 'outage'] as const;
export type ServiceImpact = (typeof SERVICE_IMPACTS)[number];

/** At most this many assets in a create or in one addition; more through further additions. */
export const MAX_ASSETS_PER_CALL = 100;
/** At most this many assets per change request (a firmware rollout). */
export const MAX_ASSETS_PER_CHANGE = 10_000;
/** Components named where known: at most this many per request. */
export const MAX_COMPONENTS = 50;

const idSchema = ulidSchema;

/** A change window: UTC datetimes, the end after the start. */
export const windowSchema = z
  .strictObject({
    start: z.iso.datetime().describe('when the change may begin (ISO 8601 UTC)'),
    end: z.iso.datetime().describe('when it must be over, after the start'),
  })
  .refine((window) => Date.parse(window.end) > Date.parse(window.start), { message: 'the window ends after it starts', path: ['end'] });
export type ChangeWindow = z.infer<typeof windowSchema>;

/** The window's length in hours. */
export const windowHours = (window: { start: string; end: string }) => (Date.parse(window.end) - Date.parse(window.start)) / 3_600_000;

export const componentRefSchema = z.strictObject({
  assetId: idSchema.describe('one of the request’s affected assets'),
  component: z.string().trim().min(1).max(300).describe('the component of it that changes (a module, a package, a card)'),
});
export type ComponentRef = z.infer<typeof componentRefSchema>;

const assetIdsSchema = z
  .array(idSchema)
  .min(1)
  .max(MAX_ASSETS_PER_CALL)
  .refine((ids) => new Set(ids).size === ids.length, 'each asset once');

export const changeRequestInputSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(1).max(2000).describe('why the change is needed'),
  class: z.enum(CHANGE_CLASSES),
  templateId: idSchema.optional().describe('the approved change template a standard change follows (standard only)'),
  assets: assetIdsSchema.describe(`the affected assets (1 to ${MAX_ASSETS_PER_CALL}; more through POST /change-requests/{changeRequestId}/affected-assets)`),
  components: z.array(componentRefSchema).max(MAX_COMPONENTS).optional().describe('the components that change, where known'),
  requestedWindow: windowSchema.describe('when the requester wants the change made'),
});
export type ChangeRequestInput = z.infer<typeof changeRequestInputSchema>;

export const affectedAssetsInputSchema = z.strictObject({
  assets: assetIdsSchema.describe(`more affected assets (1 to ${MAX_ASSETS_PER_CALL} per call, ${MAX_ASSETS_PER_CHANGE} per request)`),
  components: z.array(componentRefSchema).max(MAX_COMPONENTS).optional().describe('components of these assets that change, where known'),
});

/** Who carries out a test: a named person, or anyone holding a role. */
export const testAssigneeSchema = z.union([
  z.strictObject({ assignee: idSchema.describe('a directory user of the tenant') }),
  z.strictObject({ role: tenantRoleSchema.describe('anyone of the tenant holding this role') }),
]);
export type TestAssignee = z.infer<typeof testAssigneeSchema>;

const step = z.string().trim().min(1).max(500);

/** The change plan (b): what is done, how it is checked, undone and kept running, and when. */
export const changePlanSchema = z.strictObject({
  steps: z.array(step).min(1).max(100).describe('the steps, in order'),
  effectivenessCheck: z.string().trim().min(1).max(2000).describe('how the change’s effect will be checked'),
  rollback: z.array(step).max(50).optional().describe('how the change is undone; required when an affected asset has importance 4 or 5'),
  continuity: z.string().trim().min(1).max(2000).describe('how the service continues meanwhile'),
  window: windowSchema.describe('the change window'),
  serviceImpact: z.enum(SERVICE_IMPACTS).describe('what the service suffers during the window'),
  labTest: testAssigneeSchema.describe('who tests the change in the lab'),
  onSiteTest: testAssigneeSchema.optional().describe('who tests it on site; required when an affected asset has importance 4 or 5'),
  testDataProtection: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .describe('how production personal data used in a test is protected (X.1051 12.4.2); without it, tests use none'),
  implementer: idSchema.describe('the directory user who implements the change'),
  note: z.string().trim().min(1).max(2000).optional(),
});
export type ChangePlan = z.infer<typeof changePlanSchema>;

/** What the "revise the returned change plan" work task hands in: the plan, with a note on what changed. */
export const changePlanRevisionSchema = changePlanSchema.extend({
  note: z.string().trim().min(1).max(2000).describe('what the revision changed, and why'),
});
export type ChangePlanRevision = z.infer<typeof changePlanRevisionSchema>;

/** A freeze period (no change but an emergency), as declared. */
export const changeFreezeInputSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'name the freeze').max(200),
    start: z.iso.datetime({ message: 'a date and time (ISO 8601 UTC)' }).describe('when the freeze begins'),
    end: z.iso.datetime({ message: 'a date and time (ISO 8601 UTC)' }).describe('when it ends, after the start'),
    reason: z.string().trim().min(1, 'say why changes are frozen').max(2000),
  })
  .refine((freeze) => Date.parse(freeze.end) > Date.parse(freeze.start), { message: 'the freeze ends after it starts', path: ['end'] });

/** Ending a freeze early: why. */
export const freezeEndSchema = z.strictObject({
  reason: z.string().trim().min(1, 'say why the freeze ends early').max(2000).describe('why the freeze ends early; kept in its history'),
});

/** Importance from which a plan needs a rollback and an on-site test. */
export const HIGH_IMPORTANCE = 4;

/** The tenant's change management settings; every field has its default. */
export const changeSettingsSchema = z.strictObject({
  emergencyAuthorizerRole: tenantRoleSchema.default('manager').describe('who authorizes an emergency change'),
  emergencyReviewDays: z.number().int().min(1).max(60).default(5).describe('days after implementation by which an emergency change is tested and reviewed'),
  reviewDays: z.number().int().min(1).max(90).default(7).describe('days after implementation the post-implementation review falls due'),
  maxWindowHours: z.number().int().min(1).max(720).default(72).describe('the longest change window: it bounds the conflict and calendar queries'),
  ownerNoticeHours: z.number().int().min(1).max(720).default(48).describe('how long before a window opens the affected assets’ owners are told'),
  authorization: z
    .strictObject({
      normal: z
        .strictObject({
          role: tenantRoleSchema.default('manager').describe('the group (role) that authorizes normal changes'),
          quorum: z.number().int().min(1).max(10).default(1).describe('how many of them must approve (a change advisory board: more than one)'),
        })
        .default({ role: 'manager', quorum: 1 }),
      emergency: z
        .strictObject({ quorum: z.number().int().min(1).max(10).default(1).describe('how many emergency authorizers must approve') })
        .default({ quorum: 1 }),
    })
    .default({ normal: { role: 'manager', quorum: 1 }, emergency: { quorum: 1 } }),
});
export type ChangeSettings = z.output<typeof changeSettingsSchema>;
export const DEFAULT_CHANGE_SETTINGS: ChangeSettings = changeSettingsSchema.parse({});

/** A datetime as stored and compared: `toISOString()`, so that text order is time order (`…00Z` and `…00.000Z` are one instant). */
export const instant = (datetime: string) => new Date(datetime).toISOString();
export const normalWindow = (window: { start: string; end: string }) => ({ start: instant(window.start), end: instant(window.end) });

// What the steps of a change hand in, and the risk score the authorizer reads (kept in step-rules.ts), for
// the console: this module is the one of the area it may import.
export {
  changeRiskScore,
  changeTemplateInputSchema,
  implementationSchema,
  IMPLEMENTATION_OUTCOMES,
  planRevisedSchema,
  reviewSchema,
  testResultSchema,
  TEST_KINDS,
  type ChangeRiskScore,
  type ImplementationInput,
  type ReviewInput,
  type TestResult,
} from './step-rules.ts';
