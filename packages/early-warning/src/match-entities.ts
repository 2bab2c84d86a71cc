// (b) What matching keeps: the asset identities it looks products up by (child items of the asset, since
// the asset item sits on an index by owner already), the products each advisory names (so that a changed
// asset is re-matched against recent advisories without a scan), and the early warnings with their findings.
import { defineEntity } from '@ismf/store/entity-model';
import type { EarlyWarningData, FindingData } from './early-warnings.ts';

/** An asset's vendor product, normalised, as the matcher looks it up: by vendor:product, by model, by CPE vendor:product. */
export interface AssetIdentityItem {
  [key: string]: unknown;
  assetId: string;
  vendor: string;
  product: string;
  model?: string;
  version: string;
  cpe?: string;
  /** `<vendor>:<product>` normalised (products/names.ts). */
  productKey: string;
  /** `<model>` normalised, when the asset names one. */
  modelKey?: string;
  /** `<cpe vendor>:<cpe product>`, when the asset names a CPE. */
  cpeKey?: string;
}

export const assetIdentityEntity = defineEntity<AssetIdentityItem>()({
  type: 'asset-identity',
  description: 'An asset’s vendor product (vendor, product, model, version, CPE) normalised for advisory matching: kept under the asset.',
  audited: false,
  childOf: 'asset',
  patterns: {
    /** Assets by normalised vendor and product. */
    byProduct: { index: 'GSI3', partition: ['productKey'], sort: ['assetId'] },
    /** Assets by model number (CSAF model_numbers). */
    byModel: { index: 'GSI4', partition: ['modelKey'], sort: ['assetId'] },
    /** Assets by CPE vendor and product. */
    byCpe: { index: 'GSI5', partition: ['cpeKey'], sort: ['assetId'] },
  },
});

/** That an advisory names a product (by one lookup key): kept under the advisory, read by key for re-matching. */
export const advisoryProductEntity = defineEntity<{ [key: string]: unknown; advisoryId: string; key: string; arrivedAt: string }>()({
  type: 'advisory-product',
  description:
    'That an advisory names a product (a package, a CPE vendor:product, a vendor:product name, a model): read by product to re-match a changed asset.',
  audited: false,
  childOf: 'advisory',
  patterns: {
    /** The advisories naming a product, by arrival: those of the last 90 days. */
    byProduct: { index: 'GSI3', partition: ['key'], sort: ['arrivedAt', 'advisoryId'] },
  },
});

export const earlyWarningEntity = defineEntity<EarlyWarningData>()({
  type: 'early-warning',
  description:
    'What one advisory means to the tenant: the assets and components it hits with the matched and the fixed version, its vulnerabilities, VEX suppressions, what needs review, and the priority broken down; “no impact” when it hits nothing.',
  audited: true,
  controls: ['12.6.1', '13.1.1'],
  label: (warning) => `${warning.documentId} ${warning.title}`,
  link: (id) => `/early-warnings/${id}`,
  patterns: {
    /** Per state (open, no-impact, closed), by priority: critical first, newest first within it. */
    byPriority: { index: 'GSI3', partition: ['state'], sort: ['priorityRank', 'listedAt'] },
  },
});

export const earlyWarningFindingEntity = defineEntity<FindingData>()({
  type: 'early-warning-finding',
  description: 'One asset × vulnerability of an early warning: the components or identity that matched, versions, priority, suppression and triage.',
  audited: false,
  childOf: 'early-warning',
  patterns: {
    /** The early warnings that hit an asset. */
    byAsset: { index: 'GSI3', partition: ['assetId'], sort: ['earlyWarningId', 'vulnerability'] },
  },
});
