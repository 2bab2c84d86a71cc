// What the change operations share: who calls them, the change request as the API shows it, and examples.
// Kept apart so that a function declaring one operation need not carry every other's declaration.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/ids';
import { entityMeta, EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME, nameSchema, personRefSchema } from '@ismf/catalogue/common';
import { CHANGE_CLASSES, CHANGE_STATES, changePlanSchema, componentRefSchema, type ChangePlan } from './rules.ts';
import { IMPLEMENTATION_OUTCOMES, testResultSchema } from './step-rules.ts';

/** Everyone reads the changes and their calendar: the testers and implementers a plan names may hold any role (staff too). */
export const readers = { roles: ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt', 'staff'] } as const;
/** The settings and the report: those who oversee change management. */
export const overseers = { roles: ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt'] } as const;
export const requesters = { roles: ['admin', 'security-officer', 'manager', 'asset-owner'] } as const;
export const freezeKeepers = { roles: ['admin', 'security-officer', 'manager'] } as const;
export const settingsKeepers = { roles: ['admin', 'security-officer'] } as const;

/** The path of a change request: `/change-requests/{changeRequestId}`. */
export const changeRequestPath = z.strictObject({ changeRequestId: ulidSchema });
export const freezePath = z.strictObject({ freezeId: ulidSchema });

nameSchema(changePlanSchema, 'ChangePlan', 'A change plan: steps, effectiveness check, rollback, continuity, window, service impact, tests and implementer.');

const originSchema = z.union([
  z.object({ area: z.string(), type: z.string(), id: z.string() }).describe('another area’s record'),
  z.object({ person: z.string().describe('the requester’s token subject') }).describe('a person'),
]);

export const impactSchema = z.object({
  assets: z.number().int(),
  byImportance: z
    .object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int(), 5: z.number().int() })
    .describe('affected assets per importance'),
  maxImportance: z.number().int().min(0).max(5).describe('the highest importance among the affected assets (0: none yet)'),
  businessProcesses: z.array(z.string()).describe('the business processes they serve (at most 50 named)'),
  dependents: z.number().int().describe('the assets that depend on them, summed over the affected assets'),
});
nameSchema(impactSchema, 'ChangeImpact', 'The scope of impact of a change, summed from its affected assets as they are added.');

export const changeRequestSchema = z.object({
  ...entityMeta,
  title: z.string(),
  reason: z.string(),
  class: z.enum(CHANGE_CLASSES),
  origin: originSchema,
  originKey: z.string().describe('`<area>:<type>:<id>`, or `person`: what the register’s origin filter matches'),
  templateId: z.string().optional().describe('the change template a standard change follows'),
  requestedBy: z.string().describe('the requester (a token subject; `system:<area>` for another area’s request)'),
  requestedByPerson: personRefSchema,
  author: z.string().describe('the author of the plan’s current version (the requester until a plan is written)'),
  authorPerson: personRefSchema,
  requestedWindow: z.object({ start: z.string(), end: z.string() }).describe('the window the requester asked for'),
  windowStart: z.string().describe('the plan’s window once planned, else the requested one'),
  windowEnd: z.string(),
  state: z.enum(CHANGE_STATES),
  refusal: z.object({ reason: z.string(), field: z.string() }).optional().describe('why a request from another area was refused, and which field of its event'),
  assetCount: z.number().int().describe('the affected assets: GET …/affected-assets lists them'),
  components: z.array(componentRefSchema).optional(),
  plan: changePlanSchema.optional().describe('the plan’s current version'),
  planVersion: z.number().int().min(0).describe('0 until a plan is written'),
  impact: impactSchema,
  flowId: z.string().optional().describe('the decision flow, once submitted'),
  submittedAt: z.iso.datetime().optional(),
  tests: z
    .array(
      testResultSchema.extend({
        kind: z.enum(['lab', 'on-site', 'after-the-fact']),
        taskId: z.string().optional().describe('the flow’s work task that took it (none for an after-the-fact test)'),
        planVersion: z.number().int().describe('the plan version tested'),
        by: z.string().describe('the tester (a token subject)'),
        byPerson: personRefSchema.describe('the tester, named'),
        at: z.iso.datetime(),
      }),
    )
    .describe('every test result, each round of the plan'),
  returnReason: z.string().optional().describe('why the plan was last returned (a failed test, or the authorizer)'),
  returnedPlanVersion: z.number().int().optional().describe('the plan version returned: the revision task waits for a newer one'),
  revisionNote: z.string().optional().describe('what the last revision changed'),
  rejectionReason: z.string().optional(),
  withdrawalReason: z.string().optional(),
  authorization: z
    .object({ at: z.iso.datetime(), flowId: z.string().optional() })
    .optional()
    .describe('when the flow authorized it (its decisions: GET /flows/{flowId})'),
  ownersNotifiedAt: z.iso.datetime().optional().describe('when the affected assets’ owners were told of the window'),
  conflicts: z.array(z.string()).describe('other authorized changes whose windows overlap on a shared asset'),
  implementation: z
    .object({
      start: z.iso.datetime(),
      end: z.iso.datetime(),
      outcome: z.enum(IMPLEMENTATION_OUTCOMES),
      notes: z.string(),
      evidenceIds: z.array(z.string()).optional(),
      outsideWindow: z.boolean().describe('started before or ended after the authorized window'),
      by: z.string(),
      byPerson: personRefSchema.describe('the implementer, named'),
      recordedAt: z.iso.datetime(),
    })
    .optional(),
  reviewDueAt: z.iso.datetime().optional().describe('when the post-implementation review falls due'),
  reviewer: z.string().optional().describe('the implementer’s manager (a user id), who owes the review; without one, the security officers'),
  reviewerPerson: personRefSchema.optional().describe('the reviewer, named'),
  planPeople: z
    .object({ implementer: personRefSchema, labTester: personRefSchema.optional(), onSiteTester: personRefSchema.optional() })
    .optional()
    .describe('the people the plan names (the testers where it names a person rather than a role), named'),
  technicalReviewsDue: z
    .array(z.object({ assetId: z.string(), name: z.string(), type: z.string() }))
    .optional()
    .describe('the applications running on the changed assets, each to be reviewed technically with the review (X.1051 12.5.2)'),
  review: z
    .object({
      effective: z.boolean(),
      negativeImpact: z.boolean(),
      degradations: z.string().optional(),
      incidentRefs: z.array(z.string()).optional(),
      notes: z.string(),
      technicalReviews: z.array(z.object({ assetId: z.string(), result: z.enum(['no-issues', 'issues-found']), notes: z.string() })).optional(),
      by: z.string(),
      byPerson: personRefSchema.describe('the reviewer, named'),
      at: z.iso.datetime(),
      overdue: z.boolean().optional().describe('recorded after it was due'),
    })
    .optional(),
});
nameSchema(changeRequestSchema, 'ChangeRequest', 'A change request with its plan, impact, tests, authorization, implementation and review.');

export const changeRequestSummarySchema = changeRequestSchema.omit({
  plan: true,
  tests: true,
  authorization: true,
  implementation: true,
  review: true,
  components: true,
});
nameSchema(changeRequestSummarySchema, 'ChangeRequestSummary', 'A change request as the register lists it: without its plan, tests and decisions.');

export const REQUESTER = '6f1c2b7e-0a55-4c1e-9a43-2d1f3e4a5b6c';
export const ASSET_ID = '01JDQ8R6Z8W4X3N2K1M0P9Q7S2';

export const examplePlan: ChangePlan = {
  steps: ['drain traffic from HSS cluster A', 'upgrade the firmware to 21.4', 'restore traffic'],
  effectivenessCheck: 'attach and location-update success rates at their level of the week before',
  rollback: ['reinstall firmware 21.3 from the golden image', 'restore traffic'],
  continuity: 'cluster B carries the traffic during the window',
  window: { start: '2026-12-05T01:00:00.000Z', end: '2026-12-05T05:00:00.000Z' },
  serviceImpact: 'degraded',
  labTest: { role: 'security-officer' },
  onSiteTest: { assignee: EXAMPLE_PERSON.id },
  implementer: EXAMPLE_PERSON.id,
};

export const exampleRequest = {
  id: EXAMPLE_ID,
  title: 'HSS firmware 21.4',
  reason: 'the vendor’s advisory fixes a signalling vulnerability',
  class: 'normal' as const,
  origin: { person: REQUESTER },
  originKey: 'person',
  requestedBy: REQUESTER,
  requestedByPerson: EXAMPLE_PERSON,
  author: REQUESTER,
  authorPerson: EXAMPLE_PERSON,
  requestedWindow: { start: '2026-12-05T01:00:00.000Z', end: '2026-12-05T05:00:00.000Z' },
  windowStart: '2026-12-05T01:00:00.000Z',
  windowEnd: '2026-12-05T05:00:00.000Z',
  state: 'draft' as const,
  assetCount: 1,
  planVersion: 0,
  impact: { assets: 1, byImportance: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 }, maxImportance: 5, businessProcesses: ['Voice'], dependents: 2 },
  tests: [],
  conflicts: [],
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};
