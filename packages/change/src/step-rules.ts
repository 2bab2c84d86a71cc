// What the steps of a change hand in (X.1052 12.2.4 c–f): a test's result, the implementation record and
// the post-implementation review; and the change risk score the authorizer reads. Pure: the console checks
// its forms with these schemas.
import * as z from 'zod';
import { ASSET_TYPES } from '@ismf/assets/rules';
import { ulidSchema } from '@ismf/core/id-patterns';

const text = (max: number) => z.string().trim().min(1).max(max);
const evidenceIds = z.array(ulidSchema).max(20).describe('evidence records (POST /evidence) that back it');

/** The kinds of test a normal change goes through, in order (c). */
export const TEST_KINDS = ['lab', 'on-site'] as const;
export type TestKind = (typeof TEST_KINDS)[number];

/** A test's result (c): passed or failed, where, what was found, the test data used (X.1051 12.4.2). */
export const testResultSchema = z.strictObject({
  outcome: z.enum(['passed', 'failed']).describe('a failed test returns the plan to its author for revision'),
  environment: text(500).describe('where it was tested: the simulated environment (lab) or the selected site (on site)'),
  notes: text(4000).describe('what was done and found'),
  testData: z
    .strictObject({
      description: text(1000).describe('the data the test used'),
      productionPersonalData: z.boolean().describe('true when it holds production personal data: the plan must say how it is protected'),
    })
    .describe('the test data (X.1051 12.4.2 protection of system test data)'),
  evidenceIds: evidenceIds.optional(),
});
export type TestResult = z.infer<typeof testResultSchema>;

export const IMPLEMENTATION_OUTCOMES = ['implemented', 'rolled-back', 'partly-implemented'] as const;
export type ImplementationOutcome = (typeof IMPLEMENTATION_OUTCOMES)[number];

/** The implementer's record (e): when it was done and what came of it. */
export const implementationSchema = z
  .strictObject({
    start: z.iso.datetime().describe('when the implementation began (UTC)'),
    end: z.iso.datetime().describe('when it was over (UTC)'),
    outcome: z.enum(IMPLEMENTATION_OUTCOMES),
    notes: text(4000),
    evidenceIds: evidenceIds.optional(),
  })
  .refine((record) => Date.parse(record.end) >= Date.parse(record.start), { message: 'the implementation ends after it starts', path: ['end'] });
export type ImplementationInput = z.infer<typeof implementationSchema>;

/** The post-implementation review (f): effective? negative impact? the technical review of applications on a changed platform. */
export const reviewSchema = z
  .strictObject({
    effective: z.boolean().describe('did the change do what it was for (the plan’s effectiveness check)'),
    negativeImpact: z.boolean().describe('did it degrade the operations security of systems or network'),
    degradations: text(4000).optional().describe('what degraded; required with a negative impact'),
    incidentRefs: z.array(text(100)).max(20).optional().describe('incidents it caused or touched'),
    notes: text(4000),
    technicalReviews: z
      .array(z.strictObject({ assetId: ulidSchema, result: z.enum(['no-issues', 'issues-found']), notes: text(2000) }))
      .max(50)
      .optional()
      .describe('after a platform change: each application running on it reviewed (X.1051 12.5.2); one per application the change lists'),
    afterTheFactTest: testResultSchema.optional().describe('an emergency change: the test made after it was implemented; required for one'),
  })
  .refine((review) => !review.negativeImpact || review.degradations !== undefined, { message: 'say what degraded', path: ['degradations'] });
export type ReviewInput = z.infer<typeof reviewSchema>;

/**
 * The change risk score the authorizer reads: importance × exposure × blast radius (1 to 75).
 * - importance: the highest importance among the affected assets (1–5);
 * - exposure: what the service suffers in the window — none 1, degraded 2, outage 3;
 * - blast radius: the affected assets and the assets depending on them, by order of magnitude — 1 up to 9,
 *   2 up to 99, 3 up to 999, 4 up to 9,999, 5 from 10,000.
 * Level: low up to 12, medium up to 30, high above.
 */
export function changeRiskScore(impact: { maxImportance: number; assets: number; dependents: number }, serviceImpact: 'none' | 'degraded' | 'outage') {
  const importance = Math.max(1, impact.maxImportance);
  const exposure = { none: 1, degraded: 2, outage: 3 }[serviceImpact];
  const reach = impact.assets + impact.dependents;
  const blastRadius = Math.min(5, 1 + Math.floor(Math.log10(Math.max(1, reach))));
  const score = importance * exposure * blastRadius;
  const level = score <= 12 ? 'low' : score <= 30 ? 'medium' : 'high';
  return {
    importance,
    exposure,
    blastRadius,
    score,
    level,
    explanation: `importance ${importance} × exposure ${exposure} (${serviceImpact}) × blast radius ${blastRadius} (${reach} assets and dependents) = ${score}`,
  } as const;
}
export type ChangeRiskScore = ReturnType<typeof changeRiskScore>;

/** A standard change's template (a): what every change of it does and how it is undone, approved once. */
export const changeTemplateInputSchema = z.strictObject({
  name: text(200),
  description: text(4000).describe('what changes of this template are for, and their limits'),
  steps: z.array(text(500)).min(1, 'name at least one step').max(100, 'at most 100 steps').describe('the steps every change of the template carries out'),
  rollback: z.array(text(500)).min(1, 'say how such a change is undone').max(50, 'at most 50 rollback steps').describe('how such a change is undone'),
  assetTypes: z.array(z.enum(ASSET_TYPES)).min(1).max(6).optional().describe('the asset types its changes may touch; any, without'),
});
export type ChangeTemplateInput = z.infer<typeof changeTemplateInputSchema>;

/** What the "revise the returned change template" task hands in: the template, with a note. */
export const changeTemplateRevisionSchema = changeTemplateInputSchema.extend({ note: text(2000).describe('what the revision changed, and why') });

/**
 * What the "revise the returned change plan" task hands in, once the plan is revised with PUT …/plan (where the
 * tenant's rules are checked): what changed and why. The revised plan then goes through every step again.
 */
export const planRevisedSchema = z.strictObject({ note: text(2000).describe('what the revision changed, and why') });
