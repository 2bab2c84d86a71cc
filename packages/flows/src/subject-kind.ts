// What a kind of subject (an asset policy change, later a policy, a change plan, a residual risk)
// tells the flow engine: its steps, who decides each, how a returned subject is revised, and what
// approval, rejection, expiry or interruption does to it. Areas declare kinds; the engine is shared.
import type * as z from 'zod';
import type { TenantRole } from '@ismf/core/roles';
import type { UnitOfWork } from '@ismf/store/unit-of-work';

export interface DecisionStep {
  /** The step's name in the flow history (`check`, `approve`, `authorize`). */
  name: string;
  /** What the decider is asked to do, as the task list shows it. */
  act: string;
  /** Who decides, then who the step escalates to when a decision is not taken in time. */
  chain: readonly TenantRole[];
}

export interface SubjectState {
  /** The subject's current version: decisions are about this version. */
  version: number;
  /** The token subject who wrote the current version (separation of duties). */
  author: string;
  /** What the decider sees of it (kept with each task). */
  snapshot: Record<string, unknown>;
  /**
   * For a change to something in force (a policy, a configuration): what is in force now and what the
   * subject would put in force instead. The engine keeps their difference with each task, so that the
   * decider reads what changes, not only the whole proposal.
   */
  inForce?: InForce;
}

export interface InForce {
  /** What is in force, as people call it: "the asset policy". */
  title: string;
  /** Its version (0: a default that was never written). */
  version: number;
  current: unknown;
  proposed: unknown;
}

export type Settlement =
  | { outcome: 'approved' }
  | { outcome: 'rejected'; reason: string; by: string }
  | { outcome: 'returned'; reason: string; by: string }
  | { outcome: 'revised'; result: Record<string, unknown>; by: string }
  | { outcome: 'expired' }
  | { outcome: 'interrupted' }
  | { outcome: 'withdrawn'; reason: string; by: string };

export interface Settled {
  subject: { version: number; author: string };
  superseded?: boolean;
}

export interface SubjectKind {
  kind: string;
  /** The entity type of the subject. */
  subjectType: string;
  /** How people call it: "asset policy change". */
  title: string;
  link(subjectId: string): string;
  steps: readonly DecisionStep[];
  /**
   * The work task of a returned subject: what is asked, the result it must carry, and who besides the
   * assignee (the author) may hand it in — co-authors, who then become the author of the new version.
   */
  revision: { act: string; result: z.ZodType; editors: readonly TenantRole[] };
  current(tenantId: string, subjectId: string): Promise<SubjectState>;
  /**
   * Adds the settlement's writes to the flow's unit of work and answers the subject's version and
   * author as they will be once it commits; `superseded` when an approved subject can no longer take
   * effect (what it was based on changed meanwhile).
   */
  settle(work: UnitOfWork, tenantId: string, subjectId: string, settlement: Settlement): Promise<Settled>;
}

/** Finds a subject kind by name (the registry's, passed in): an unknown kind is a 422. */
export type SubjectKindLookup = (kind: string) => SubjectKind;
