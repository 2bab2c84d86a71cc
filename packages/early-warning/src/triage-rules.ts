// (b–c) Triage of a finding (an affected asset × vulnerability), as Dependency-Track users know it: its states,
// the VEX justifications a not-affected finding needs, and how each maps to CycloneDX analysis. Pure: the console
// checks its form with the same schema. Re-exported by rules.ts.
import * as z from 'zod';

export const TRIAGE_STATES = ['in-triage', 'exploitable', 'not-affected', 'false-positive', 'resolved'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];

/** CycloneDX `analysis.justification` values: why a component is not affected. */
export const VEX_JUSTIFICATIONS = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;

/** CycloneDX `analysis.state` of each triage state. */
export const CYCLONEDX_STATE: Record<TriageState, string> = {
  'in-triage': 'in_triage',
  exploitable: 'exploitable',
  'not-affected': 'not_affected',
  'false-positive': 'false_positive',
  resolved: 'resolved',
};

/** Triage states after which the asset is no longer exposed to the vulnerability. */
export const SETTLED_STATES: readonly TriageState[] = ['not-affected', 'false-positive', 'resolved'];

export const findingTriageSchema = z
  .strictObject({
    state: z.enum(TRIAGE_STATES),
    justification: z.enum(VEX_JUSTIFICATIONS).optional().describe('why it is not affected (CycloneDX justification): required for not-affected'),
    reason: z.string().trim().min(1).max(2000).describe('what was found, and how'),
  })
  .superRefine((triage, context) => {
    if (triage.state === 'not-affected' && !triage.justification) {
      context.addIssue({ code: 'custom', path: ['justification'], message: 'a not-affected finding needs its VEX justification' });
    }
    if (triage.state !== 'not-affected' && triage.justification) {
      context.addIssue({ code: 'custom', path: ['justification'], message: 'only a not-affected finding takes a justification' });
    }
  });
export type FindingTriage = z.output<typeof findingTriageSchema>;
