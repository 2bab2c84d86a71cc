// Asset management (X.1052 clause 10): the asset policy, survey and import, classification and
// registration, valuation, and change management with periodic reviews.
import { defineArea } from '@ismf/area/declaration';
import { countAssetChangesConsumer, raiseImportanceConsumer, revalueAssetsConsumer } from './consumers.ts';
import * as dependencies from './dependency-operations.ts';
import * as bulk from './bulk-operations.ts';
import {
  assetEntity,
  assetPolicyChangeEntity,
  assetPolicyEntity,
  assetSummaryCountEntity,
  assetSummaryEntity,
  componentEntity,
  dependencyEntity,
} from './entities.ts';
import { assetChanged, assetComponentsReplaced, assetPolicyChanged, assetRegistered, assetReviewDue, assetReviewed, assetVexImported } from './events.ts';
import { assetBulkChangeJob, assetExportJob, assetImportJob, assetMergeJob, sbomImportJob } from './job-kinds.ts';
import { assetReviewDueJob, assetSummaryRecountJob } from './jobs.ts';
import * as operations from './operations.ts';
import { importSbom, importVex } from './sbom-operations.ts';
import { getAssetSummary } from './summary-operations.ts';
import { SUMMARY_DRIFT_NOTIFICATION } from './summary.ts';
import * as lifecycle from './lifecycle-operations.ts';
import { assetReviewsOwed } from './owed.ts';
import { assetPolicyChangeKind } from './policy-change.ts';

export const assetsArea = defineArea({
  area: 'assets',
  title: 'Asset management',
  tags: [
    {
      name: 'assets',
      group: 'Management areas (X.1052)',
      description:
        'Asset management (X.1052 clause 10, table 4; X.1051 clause 7): the asset policy and its changes, the register (7.1.1 inventory, 7.1.2 ownership, 7.1.3 acceptable use), classification (7.2.1, 7.2.2), imports and SBOMs (12.6.1 technical vulnerabilities), dependencies, reviews, and the lifecycle: off site (9.2.5, 9.2.7), retirement and disposal (9.2.6).',
    },
  ],
  clause: '10',
  clausesBeyondTable: {
    '12.6.1': 'an SBOM import records a software asset’s components, the inventory that technical vulnerability management (12.6.1) matches advisories against',
  },
  operations: [
    operations.getAssetPolicy,
    operations.createAssetPolicyChange,
    operations.withdrawAssetPolicyChange,
    operations.getAssetPolicyChange,
    operations.listAssetPolicyChanges,
    operations.createAsset,
    operations.listAssets,
    getAssetSummary,
    operations.getAsset,
    operations.updateAsset,
    operations.getAssetHistory,
    operations.createAssetReview,
    operations.importAssets,
    importSbom,
    importVex,
    operations.listAssetComponents,
    lifecycle.retireAsset,
    lifecycle.disposeAsset,
    lifecycle.removeAssetOffSite,
    lifecycle.returnAssetOnSite,
    lifecycle.getAssetAcceptableUse,
    dependencies.getAssetDependencies,
    dependencies.setAssetDependencies,
    bulk.mergeAsset,
    bulk.bulkChangeAssets,
  ],
  events: [assetPolicyChanged, assetRegistered, assetChanged, assetReviewDue, assetReviewed, assetComponentsReplaced, assetVexImported],
  consumers: [revalueAssetsConsumer, raiseImportanceConsumer, countAssetChangesConsumer],
  jobs: [assetReviewDueJob, assetSummaryRecountJob],
  jobKinds: [assetImportJob, sbomImportJob, assetExportJob, assetMergeJob, assetBulkChangeJob],
  subjectKinds: [assetPolicyChangeKind],
  owed: [assetReviewsOwed],
  notificationKinds: ['asset-review-due', SUMMARY_DRIFT_NOTIFICATION],
  entities: [assetEntity, assetPolicyEntity, assetPolicyChangeEntity, componentEntity, dependencyEntity, assetSummaryEntity, assetSummaryCountEntity],
  evidenceSubjects: { asset: operations.getAsset, 'asset-policy-change': operations.getAssetPolicyChange },
});
