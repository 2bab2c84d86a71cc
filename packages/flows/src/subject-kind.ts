// What a kind of subject (an asset policy change, later a policy, a change plan, a residual risk)
// tells the flow engine: its steps, who decides each, how a returned subject is revised, and what
// approval, rejection, expiry or interruption does to it. Areas declare kinds; the engine is shared.
import type * as z from 'zod';
import type { TenantRole } from '@ismf/core/roles';
import type { UnitOfWork } from '@ismf/store/unit-of-work';

/**
 * How long a step waits before it escalates (a decision) or lapses (work). The ASL has one waiting state per
 * value, each with a fixed TimeoutSeconds (statemachines/README.md says why), so a step picks one of these.
 */
export const STEP_TIMEOUTS = { PT4H: 4 * 3_600, P1D: 86_400, P3D: 3 * 86_400, P7D: 7 * 86_400, P14D: 14 * 86_400 } as const;
export type StepTimeout = keyof typeof STEP_TIMEOUTS;

export interface DecisionStep {
  type?: 'decision';
  /** The step's name in the flow history (`check`, `approve`, `authorize`). */
  name: string;
  /** What the decider is asked to do, as the task list shows it. */
  act: string;
  /** Who decides, then who the step escalates to when a decision is not taken in time. */
  chain: readonly TenantRole[];
  /** How many different people of the role must approve (a change advisory board); default 1. One rejection or return settles it. */
  quorum?: number;
  /** Default P3D. */
  timeout?: StepTimeout;
  /**
   * The earlier steps of this execution whose participants may not decide this one (separation of duties):
   * default every earlier step. The requester and the current version's author never decide.
   */
  separateFrom?: readonly string[];
}

/** Work with a typed result that passes or fails the step (a lab test): a failed step returns the subject to its author. */
export interface WorkStep {
  type: 'work';
  name: string;
  act: string;
  /** The kind's `work` entry that types the result and says whether it passed. */
  work: string;
  /** Who does it: a person (token subject) or anyone holding a role. */
  assignee?: string;
  role?: TenantRole;
  /** Default P14D. */
  timeout?: StepTimeout;
}

export type FlowStep = DecisionStep | WorkStep;

/** What a work step hands in, and whether that passes the step. */
export interface WorkDefinition {
  result: z.ZodType;
  passed(result: Record<string, unknown>): boolean;
  /** Rules the result must meet against the subject (checked when it is handed in): throws a problem naming the field. */
  check?(tenantId: string, subjectId: string, result: Record<string, unknown>): Promise<void>;
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
  /** A work step's result; a failed one is then returned to the author for revision (the engine opens it). */
  | { outcome: 'worked'; step: string; taskId: string; result: Record<string, unknown>; passed: boolean; by: string }
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
  /** The steps of every flow of this kind, unless `stepsFor` chooses them per subject. */
  steps: readonly FlowStep[];
  /**
   * The steps of one subject's flow, chosen when it starts and kept on the flow record (a change's class:
   * none for a standard change, authorization first for an emergency). An empty list approves at once.
   */
  stepsFor?(tenantId: string, subjectId: string): Promise<readonly FlowStep[]>;
  /** The work its work steps name. */
  work?: Readonly<Record<string, WorkDefinition>>;
  /**
   * The work task of a returned subject: what is asked, the result it must carry, and who besides the
   * assignee (the author) may hand it in — co-authors, who then become the author of the new version.
   */
  revision: {
    act: string;
    result: z.ZodType;
    editors: readonly TenantRole[];
    /** Rules the revision must meet against the subject (checked when it is handed in): throws a problem naming the field. */
    check?(tenantId: string, subjectId: string, result: Record<string, unknown>): Promise<void>;
  };
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
