// Security patch management's event: requirements moved on (a test asked for or settled, a wave approved, its
// change opened or implemented). Every move of many requirements goes through it, so that each requirement is
// written in a transaction of its own size (a test or a wave names up to 100), and other areas (the early
// warning's tracking, risk management later) can follow what happened to a vulnerability's patches.
import * as z from 'zod';
import { defineEvent } from '@ismf/events/event';
import { MAX_PER_BATCH, PATCH_STATES } from './rules.ts';

export const patchRequirementsMoved = defineEvent({
  detailType: 'PatchRequirementsMoved',
  clauses: ['12.6.1'],
  source: 'ismf.patches',
  description:
    'Patch requirements move to another state: into a lab test and out of it (tested, or returned with the reason), into a rollout wave, into its change request, patched, or reopened when the change was rolled back. Those not in one of the `from` states are left as they are.',
  data: z.strictObject({
    requirementIds: z.array(z.string()).min(1).max(MAX_PER_BATCH),
    from: z.array(z.enum(PATCH_STATES)).min(1),
    to: z.enum(PATCH_STATES),
    reason: z.string().max(4000),
    testId: z.string().optional(),
    waveId: z.string().optional(),
    changeId: z.string().optional(),
    /** Tell the assets' owners (a wave's change opened, patched, reopened). */
    notify: z.boolean().optional(),
  }),
});
