// Security change management's records: change requests with their affected assets (keyed child items,
// indexed by asset and time), change templates, freeze periods and the tenant's settings.
import { defineEntity } from '@ismf/store/entity-model';
import { CALENDAR_STATES, type ChangeClass, type ChangePlan, type ChangeSettings, type ChangeState, type ComponentRef } from './rules.ts';

/** Where a request came from: another area's record (`ChangeRequested`), or a person (`POST /change-requests`). */
export type ChangeOrigin = { area: string; type: string; id: string } | { person: string };

/** The scope of impact, summed as assets are added (never recounted from the child items). */
export interface ImpactSummary {
  [key: string]: unknown;
  assets: number;
  /** Assets per importance, '1' to '5'. */
  byImportance: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** The highest importance among the affected assets; 0 while there are none. */
  maxImportance: number;
  /** The business processes the affected assets serve, distinct, at most 50. */
  businessProcesses: string[];
  /** The assets that depend on the affected ones, summed over them (an asset depended on by two counts twice). */
  dependents: number;
}

/** A test's result (lab or on site), as the test work steps record it. */
export interface TestRecord {
  [key: string]: unknown;
  kind: string;
  outcome: string;
  /** The plan version tested. */
  planVersion: number;
  /** The tester (a token subject). */
  by: string;
  at: string;
}

export interface ChangeRequestData {
  [key: string]: unknown;
  title: string;
  reason: string;
  class: ChangeClass;
  origin: ChangeOrigin;
  /** `${area}:${type}:${id}`, or `person`: the register's origin filter. */
  originKey: string;
  templateId?: string;
  /** The requester's token subject (a system actor `system:<area>` for an event's request). */
  requestedBy: string;
  /** The token subject of the current plan version's author; the requester until a plan is written. */
  author: string;
  requestedWindow: { start: string; end: string };
  /** The plan's window once planned, else the requested one: what the calendar and the conflict check read. */
  windowStart: string;
  windowEnd: string;
  state: ChangeState;
  /** Why an event's request was refused, and which of its fields. */
  refusal?: { reason: string; field: string };
  assetCount: number;
  components?: ComponentRef[];
  plan?: ChangePlan;
  /** 0 until a plan is written. */
  planVersion: number;
  impact: ImpactSummary;
  flowId?: string;
  tests: TestRecord[];
  authorization?: Record<string, unknown>;
  /** Other authorized changes whose window overlaps on a shared asset. */
  conflicts: string[];
  implementation?: Record<string, unknown>;
  /** When the post-implementation review falls due (set with the implementation). */
  reviewDueAt?: string;
  review?: Record<string, unknown>;
  submittedAt?: string;
  /** The plan version a failed test or the authorizer returned: the revision task waits for a newer one. */
  returnedPlanVersion?: number;
  returnReason?: string;
  revisionNote?: string;
  rejectionReason?: string;
  withdrawalReason?: string;
  /** When the affected assets' owners were told that the window opens. */
  ownersNotifiedAt?: string;
  /** The implementer's manager (a user id), who owes the review; none: the security officers. */
  reviewer?: string;
  /** The applications on the changed assets, to be reviewed technically with the review (X.1051 12.5.2). */
  technicalReviewsDue?: { assetId: string; name: string; type: string }[];
}

export const changeRequestEntity = defineEntity<ChangeRequestData>()({
  type: 'change-request',
  description:
    'A request for a change of the tenant’s systems: reason, class, window, affected assets (kept beneath it), its versioned plan with the impact, tests, authorization, implementation and review.',
  audited: true,
  // Change control procedures (12.5.1) and change management of operations (10.1.2). The affected assets are
  // the inventory's (7.1.1), whose records stay the assets themselves.
  controls: ['12.5.1', '10.1.2'],
  label: (change) => change.title,
  link: (id) => `/change-requests/${id}`,
  patterns: {
    /** The register by state, in request order. */
    byState: { index: 'GSI3', partition: ['state'], sort: ['id'] },
    /** The register by class. */
    byClass: { index: 'GSI5', partition: ['class'], sort: ['id'] },
    /** The requests of one origin (a configuration item, a patch requirement …; `person` for people's). */
    byOrigin: { index: 'GSI6', partition: ['originKey'], sort: ['id'] },
    /** The change calendar: authorized changes and what became of them, by window start. */
    calendar: { index: 'GSI2', partition: [], sort: ['windowStart', 'id'], when: (change) => CALENDAR_STATES.includes(change.state) },
    /** Implemented changes whose post-implementation review is still owed, by due date (on GSI4, which /me/tasks reads). */
    reviewOwed: {
      index: 'GSI4',
      partition: [],
      sort: ['reviewDueAt', 'id'],
      when: (change) => change.implementation !== undefined && change.review === undefined,
    },
  },
});

export interface ChangeAssetData {
  [key: string]: unknown;
  changeId: string;
  assetId: string;
  /** As registered when it was added. */
  assetName: string;
  type: string;
  importance: number;
  businessProcess?: string;
  /** The asset's owner (a directory user id): told before the window opens. */
  owner: string;
  /** How many assets depended on it when it was added. */
  dependents: number;
  /** The change's window, copied: the index by asset and time serves the register's asset filter and the conflict check. */
  windowStart: string;
  windowEnd: string;
}

/** That a change request affects an asset: a keyed child item of the request (key: the asset id), indexed by asset and window. */
export const changeAssetEntity = defineEntity<ChangeAssetData>()({
  type: 'change-asset',
  description: 'That a change request affects an asset, with the asset’s importance, business process and dependents: kept under the request.',
  audited: false,
  childOf: 'change-request',
  patterns: {
    /** The changes of one asset by window start: the register's asset filter and the (bounded) conflict check. */
    byAsset: { index: 'GSI3', partition: ['assetId'], sort: ['windowStart', 'changeId'] },
  },
});

export interface ChangeTemplateData {
  [key: string]: unknown;
  name: string;
  description: string;
  steps: string[];
  rollback: string[];
  /** The asset types a standard change of this template may touch; any, without. */
  assetTypes?: string[];
  /** Approved once through the flow; only an approved template carries standard changes. */
  status: string;
  requestedBy: string;
  author: string;
  flowId?: string;
}

export const changeTemplateEntity = defineEntity<ChangeTemplateData>()({
  type: 'change-template',
  description: 'A pre-approved kind of change of the tenant (a standard change): its steps and rollback, approved once through the flow.',
  audited: true,
  controls: ['12.5.1', '10.1.2'],
  label: (template) => template.name,
  link: (id) => `/change-templates/${id}`,
});

export interface ChangeFreezeData {
  [key: string]: unknown;
  name: string;
  start: string;
  end: string;
  reason: string;
  /** The token subject of who declared it. */
  createdBy: string;
  /** A cancelled freeze stays in the history, off the list. */
  status: 'active' | 'cancelled';
  cancelledBy?: string;
  cancelledAt?: string;
}

export const changeFreezeEntity = defineEntity<ChangeFreezeData>()({
  type: 'change-freeze',
  description: 'A period in which no change but an emergency may be made (year-end, a major event).',
  audited: true,
  controls: ['12.5.1', '10.1.2'],
  label: (freeze) => freeze.name,
  link: (id) => `/change-freezes/${id}`,
  patterns: {
    /** Active freezes by end: those still to end, for the window check and the list. */
    byEnd: { index: 'GSI4', partition: [], sort: ['end', 'id'], when: (freeze) => freeze.status === 'active' },
  },
});

export const changeSettingsEntity = defineEntity<ChangeSettings & Record<string, unknown>>()({
  type: 'change-settings',
  description: 'The tenant’s change management settings: the emergency authorizer, review periods, the longest window, owner notice and authorization quorums.',
  audited: true,
  controls: ['12.5.1', '10.1.2'],
  // One record per tenant, read by its id (settings.ts).
  listed: false,
  singleton: 'current',
});
