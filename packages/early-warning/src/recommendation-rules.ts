// (c) What to do about an early warning: recommendations, proposed from the advisory's remediations and
// editable by the security officers — a patch, a configuration change, an additional control of the X.1051
// catalogue, a workaround or mitigation, or no action (report only). Pure: the console's form checks with it.
// Re-exported by rules.ts.
import * as z from 'zod';

export const RECOMMENDATION_KINDS = ['patch', 'configuration-change', 'additional-control', 'workaround', 'mitigation', 'no-action'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];
/** Where a recommendation stands: proposed (by the advisory or a person), then approved or rejected in review. */
export const RECOMMENDATION_STATES = ['proposed', 'approved', 'rejected'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
/** An X.1051 control number (`12.6.1`): checked against the catalogue. */
export const CONTROL_NUMBER = /^\d{1,2}\.\d{1,2}\.\d{1,2}$/;

export const recommendationInputSchema = z
  .strictObject({
    kind: z.enum(RECOMMENDATION_KINDS),
    summary: text(300).describe('what to do, in a line'),
    details: text(4000).optional(),
    url: z
      .url({ protocol: /^https?$/, error: 'an http or https URL' })
      .max(2000)
      .optional()
      .describe('the vendor’s fix, bulletin or workaround'),
    fixedVersions: z.array(text(100)).max(20).optional().describe('a patch: the versions that fix it'),
    controlId: z
      .string()
      .regex(CONTROL_NUMBER, 'an X.1051 control number such as 12.6.1')
      .optional()
      .describe('an additional control: the X.1051 control to apply'),
    assetIds: z.array(z.string().max(40)).max(100).optional().describe('the affected assets it is for; default: all of them'),
  })
  .superRefine((recommendation, context) => {
    if (recommendation.kind === 'additional-control' && !recommendation.controlId) {
      context.addIssue({ code: 'custom', path: ['controlId'], message: 'an additional control names the X.1051 control' });
    }
    if (recommendation.kind !== 'additional-control' && recommendation.controlId) {
      context.addIssue({ code: 'custom', path: ['controlId'], message: 'only an additional control names a control' });
    }
  });
export type RecommendationInput = z.output<typeof recommendationInputSchema>;

export const recommendationsInputSchema = z.strictObject({
  recommendations: z.array(recommendationInputSchema).min(1).max(20),
  reason: text(1000).describe('why they were changed (kept in the history)'),
});
