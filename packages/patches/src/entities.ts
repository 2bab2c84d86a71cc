// Security patch management's records: patch requirements (one per asset and fix, with the early warnings and
// recommendations it came from kept beneath it), lab tests of a fix, rollout waves and the tenant's SLAs.
import { defineEntity } from '@ismf/store/entity-model';
import type { PatchSettings, PatchState, Priority } from './rules.ts';

/** The breakdown of the finding that set the priority (the early warning's), when it came from one. */
export type PriorityBreakdown = object;

export interface PatchRequirementData {
  [key: string]: unknown;
  assetId: string;
  assetName: string;
  assetType: string;
  /** The asset's owner (a directory user id): told of the requirement and when it is overdue. */
  owner: string;
  importance: number;
  exposure?: string;
  /** `<product>@<fixed version or bulletin>`, normalised: one requirement per asset and fix. */
  fixKey: string;
  product: string;
  installedVersion?: string;
  fixedVersion?: string;
  summary: string;
  url?: string;
  /** From an approved recommendation of an early warning, or a vendor bulletin entered by hand. */
  origin: 'early-warning' | 'bulletin';
  bulletin?: { title: string; reference?: string; url?: string };
  /** The early warnings it came from (the first 20; every one is a source item beneath it). */
  earlyWarnings: { earlyWarningId: string; recommendationId: string; title: string }[];
  vulnerabilities: string[];
  priority: Priority;
  /** 0 critical … 3 low: the order lists take. */
  priorityRank: number;
  score?: number;
  breakdown?: PriorityBreakdown;
  identifiedAt: string;
  dueAt: string;
  state: PatchState;
  /** Why it is in its state: a failed test's notes, a rolled-back change, a closure. */
  stateReason?: string;
  testId?: string;
  waveId?: string;
  changeId?: string;
  patchedAt?: string;
  closure?: { resolution: string; reason: string; by: string; at: string };
  /** When the owner was told it is overdue. */
  overdueNotifiedAt?: string;
}

export const patchRequirementEntity = defineEntity<PatchRequirementData>()({
  type: 'patch-requirement',
  description:
    'That an asset needs a fix: the product, installed and fixed version, the vulnerabilities and early warnings it answers, its priority and due date, and where it stands (tested, in a wave, in a change, patched).',
  audited: true,
  // Technical vulnerability management (12.6.1): a patch requirement is the action on a vulnerability.
  controls: ['12.6.1'],
  label: (requirement) => `${requirement.summary} on ${requirement.assetName}`,
  link: (id) => `/patch-requirements/${id}`,
  patterns: {
    /** By state, soonest due first. */
    byState: { index: 'GSI3', partition: ['state'], sort: ['dueAt', 'id'] },
    /** By priority, soonest due first. */
    byPriority: { index: 'GSI4', partition: ['priority'], sort: ['dueAt', 'id'] },
    /** The requirements of one asset, soonest due first. */
    byAsset: { index: 'GSI5', partition: ['assetId'], sort: ['dueAt', 'id'] },
    /** Outstanding requirements by due date: the due window, overdue ones and the overdue job. */
    due: {
      index: 'GSI2',
      partition: [],
      sort: ['dueAt', 'id'],
      when: (requirement) => !['patched', 'closed'].includes(requirement.state),
    },
  },
});

/** That a requirement answers an early warning's recommendation: a keyed child (`<earlyWarningId>#<recommendationId>`). */
export interface PatchSourceData {
  [key: string]: unknown;
  requirementId: string;
  earlyWarningId: string;
  recommendationId: string;
  at: string;
}

export const patchSourceEntity = defineEntity<PatchSourceData>()({
  type: 'patch-source',
  description: 'That a patch requirement answers an early warning’s approved recommendation: kept under the requirement, read by early warning.',
  audited: false,
  childOf: 'patch-requirement',
  patterns: {
    /** The requirements of one early warning: its tracking. */
    byEarlyWarning: { index: 'GSI3', partition: ['earlyWarningId'], sort: ['recommendationId', 'requirementId'] },
  },
});

export interface PatchTestData {
  [key: string]: unknown;
  title: string;
  fixKey: string;
  product: string;
  fixedVersion?: string;
  requirementIds: string[];
  assetCount: number;
  reason: string;
  requestedBy: string;
  author: string;
  /** Who tests: a person (token subject) or a role. */
  tester: { subject: string } | { role: string };
  flowId: string;
  status: 'testing' | 'passed' | 'returned' | 'withdrawn' | 'expired' | 'interrupted';
  results: { outcome: 'passed' | 'failed'; environment: string; notes: string; evidenceIds?: string[]; by: string; at: string; taskId: string }[];
  revisionNote?: string;
}

export const patchTestEntity = defineEntity<PatchTestData>()({
  type: 'patch-test',
  description: 'A lab test of one fix before it is rolled out (X.1052 12.2.3 b): the requirements it covers, the tester, every result.',
  audited: true,
  controls: ['12.6.1', '12.5.1'],
  label: (test) => test.title,
  link: (id) => `/patch-tests/${id}`,
});

export interface PatchWaveData {
  [key: string]: unknown;
  title: string;
  fixKey: string;
  product: string;
  fixedVersion?: string;
  /** The asset types (classes) of its assets. */
  assetClasses: string[];
  requirementIds: string[];
  assetIds: string[];
  vulnerabilities: string[];
  priority: Priority;
  earliestDueAt: string;
  window: { start: string; end: string };
  class: 'normal' | 'emergency';
  reason: string;
  requestedBy: string;
  author: string;
  flowId: string;
  /** pending-approval → approved (its change requested) → in-change → implemented | rolled-back | partly-implemented; or rejected, refused … */
  status:
    | 'pending-approval'
    | 'returned'
    | 'approved'
    | 'in-change'
    | 'change-refused'
    | 'implemented'
    | 'rolled-back'
    | 'partly-implemented'
    | 'rejected'
    | 'withdrawn'
    | 'expired'
    | 'interrupted';
  decisionReason?: string;
  changeId?: string;
  refusal?: string;
  outcomeAt?: string;
}

export const patchWaveEntity = defineEntity<PatchWaveData>()({
  type: 'patch-wave',
  description: 'A rollout wave: tested requirements of one fix and asset class in one window, approved as a whole and patched through one change request.',
  audited: true,
  controls: ['12.6.1', '12.5.1'],
  label: (wave) => wave.title,
  link: (id) => `/patch-waves/${id}`,
  patterns: {
    /** The wave a change request patches (ChangeImplemented names the change). */
    byChange: { index: 'GSI3', partition: ['changeId'], sort: ['id'], when: (wave) => wave.changeId !== undefined },
    /** By status. */
    byStatus: { index: 'GSI4', partition: ['status'], sort: ['id'] },
  },
});

export const patchSettingsEntity = defineEntity<PatchSettings & Record<string, unknown>>()({
  type: 'patch-settings',
  description: 'The tenant’s patch management settings: the days from identification to the due date per priority.',
  audited: true,
  controls: ['12.6.1'],
  listed: false,
  singleton: 'current',
});
