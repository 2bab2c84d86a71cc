// Asset management's records: the register, the asset policy and its changes, and SBOM components.
import { statusOf, type AssetData, type AssetPolicy } from './rules.ts';
import { defineEntity } from '@ismf/store/entity-model';
import type { PolicyChangeData } from './policy-change.ts';
import type { AssetSummaryData } from './summary.ts';

export const assetEntity = defineEntity<AssetData>()({
  type: 'asset',
  description: 'An entry of the asset register: identity, classification, owner, location, C/I/A, importance, review date.',
  audited: true,
  // Inventory (7.1.1), ownership (7.1.2), classification (7.2.1).
  controls: ['7.1.1', '7.1.2', '7.2.1'],
  label: (asset) => asset.name,
  link: (id) => `/assets/${id}`,
  patterns: {
    /** The assets a person owns (their reviews on /me/tasks, GET /assets?owner=). */
    byOwner: { index: 'GSI3', partition: ['owner'], sort: ['id'] },
    /** The tenant's active assets by next review date: what is due or overdue (retired ones are not reviewed). */
    dueBy: { index: 'GSI4', partition: [], sort: ['nextReviewDue', 'id'], when: (asset) => statusOf(asset) === 'active' },
    /** The register by name, per status: sorted lists and the name search (a prefix, without case). */
    byName: { index: 'GSI5', partition: ['status'], sort: ['name', 'id'], caseless: ['name'] },
    /** The register by importance, per status: the most important first, or the least. */
    byImportance: { index: 'GSI6', partition: ['status'], sort: ['importance', 'id'] },
  },
});

export const assetPolicyEntity = defineEntity<AssetPolicy & Record<string, unknown>>()({
  type: 'asset-policy',
  description: 'The tenant’s asset policy: the types and categories it registers, its valuation rule and review periods.',
  audited: true,
  // One record per tenant, read by its id (packages/assets/src/policy.ts).
  listed: false,
  singleton: 'current',
});

export const assetPolicyChangeEntity = defineEntity<PolicyChangeData>()({
  type: 'asset-policy-change',
  description: 'A proposed change of the asset policy, decided through the approval flow.',
  audited: true,
  // The classification guidelines (7.2.1) change only through approval.
  controls: ['7.2.1'],
  label: (change) => change.reason,
  link: (id) => `/asset-policy-changes/${id}`,
});

/** That one asset depends on another: a child item of the dependent, indexed by the asset it depends on. */
export const dependencyEntity = defineEntity<{ assetId: string; dependsOn: string }>()({
  type: 'dependency',
  description: 'That an asset depends on another (a service on a system, a system on a site): kept under the dependent asset.',
  audited: false,
  childOf: 'asset',
  patterns: {
    /** What depends on an asset: impact analysis, and the importance its dependents raise it to. */
    dependents: { index: 'GSI3', partition: ['dependsOn'], sort: ['assetId'] },
  },
});

/** What a VEX document (CycloneDX `analysis`) states of a component for one vulnerability. */
export interface ComponentVex {
  id: string;
  state: string;
  justification?: string;
  detail?: string;
}

/** The attributes of one SBOM component as stored (its set id and index are the store's). */
export interface ComponentItem {
  [key: string]: unknown;
  assetId: string;
  name: string;
  purl?: string;
  /** Its bom-ref: what a VEX document beside the SBOM names it by. */
  bomRef?: string;
  /** VEX statements about it, from the SBOM or a VEX document beside it: matching honours them. */
  vex?: ComponentVex[];
  /** The package a PURL names, without version: what advisories are matched on. */
  package?: string;
}

export const componentEntity = defineEntity<ComponentItem & { setId: string; index: number }>()({
  type: 'component',
  description: 'A component of a software asset’s component set (from an SBOM): PURL, CPE, name, version, supplier; kept under the asset.',
  audited: false,
  childOf: 'asset',
  patterns: {
    /** Components by package across the tenant's assets (advisory matching); one without a PURL is not on it. */
    package: { index: 'GSI3', partition: ['package'], sort: ['assetId', 'setId', 'index'] },
  },
});

/** The register in figures (GET /assets/summary): one record per tenant, changed by the asset events, recounted nightly. */
export const assetSummaryEntity = defineEntity<AssetSummaryData>()({
  type: 'asset-summary',
  description:
    'The tenant’s register in figures: assets per status by type, importance and classification, and active assets per review state; summed from the asset events, recounted nightly.',
  audited: false,
  // One record per tenant, read by its id.
  listed: false,
});

/** That an asset event was counted into the summary: kept 8 days, so that a redelivered event is not counted twice. */
export const assetSummaryCountEntity = defineEntity<{ eventId: string; detailType: string }>()({
  type: 'asset-summary-count',
  description: 'That an asset event was counted into the register summary, written with the count itself; it expires after 8 days.',
  audited: false,
  listed: false,
});
