// Security early-warning management (X.1052 12.2.1; X.1051 13.1): collecting advisories — sources, signed
// webhooks, validation, the advisory register and vulnerabilities linked across sources; analysis (12.2.1 b) —
// each advisory normalised to products, matched to components and asset identities, an early warning.
import { defineArea } from '@ismf/area/declaration';
import {
  announceAdvisoryConsumer,
  epssRefreshJob,
  matchAdvisoryConsumer,
  processAdvisoryDeliveryConsumer,
  rematchAssetConsumer,
  scoreEpssConsumer,
} from './consumers.ts';
import * as earlyWarningOperations from './early-warning-operations.ts';
import { recommendationReviewEntity, recommendationReviewKind } from './recommendation-review.ts';
import { advisoryProductEntity, assetIdentityEntity, earlyWarningEntity, earlyWarningFindingEntity } from './match-entities.ts';
import {
  advisoryDeliveryEntity,
  advisoryDocumentEntity,
  advisoryEntity,
  advisorySourceEntity,
  advisorySourceHealthEntity,
  advisorySourceHealthMarkEntity,
  advisoryVulnerabilityEntity,
  earlyWarningSettingsEntity,
  vulnerabilityEntity,
} from './entities.ts';
import {
  advisoryAccepted,
  advisoryFeedSubscription,
  advisoryReceived,
  advisoryRejected,
  configurationChangeRecommended,
  earlyWarningRaised,
  recommendationsApproved,
} from './events.ts';
import { advisoryFeedEntity, advisoryFeedSubscriberEntity, kevEntryEntity } from './feed-entities.ts';
import { advisoryPullJob, subscribeAdvisoryFeedConsumer } from './pull-job.ts';
import { advisoryUploadJob } from './upload-job.ts';
import * as operations from './operations.ts';
import * as entryOperations from './entry-operations.ts';
import { weaknessReportEntity } from './weakness-entities.ts';

export const earlyWarningArea = defineArea({
  area: 'early-warning',
  title: 'Security early-warning management',
  tags: [
    {
      name: 'early-warning',
      group: 'Management areas (X.1052)',
      description:
        'Security early-warning management (X.1052 12.2.1, table 6; X.1051 13.1): advisory sources and their signed webhooks, deliveries validated (CSAF 2.0, OSV, CVE JSON 5, NVD API 2.0), the advisory register and vulnerabilities linked across sources, TLP honoured; each advisory matched to the assets it hits as an early warning with its priority.',
    },
  ],
  clause: '12.2.1',
  clausesBeyondTable: {
    '12.6.1': 'technical vulnerability management: the advisories are its information about vulnerabilities',
    '10.1.2': 'change management: an approved configuration-change recommendation asks for a change of the affected assets',
  },
  operations: [
    operations.createAdvisorySource,
    operations.listAdvisorySources,
    operations.getAdvisorySource,
    operations.updateAdvisorySource,
    operations.rotateAdvisorySourceSecret,
    operations.receiveAdvisoryWebhook,
    operations.listAdvisoryDeliveries,
    operations.getAdvisoryDelivery,
    operations.listAdvisories,
    operations.getAdvisory,
    operations.getVulnerability,
    operations.getEarlyWarningSettings,
    operations.putEarlyWarningSettings,
    entryOperations.createManualAdvisory,
    entryOperations.createWeaknessReport,
    entryOperations.listWeaknessReports,
    entryOperations.getWeaknessReport,
    entryOperations.triageWeaknessReport,
    earlyWarningOperations.listEarlyWarnings,
    earlyWarningOperations.getEarlyWarning,
    earlyWarningOperations.listEarlyWarningFindings,
    earlyWarningOperations.getEarlyWarningReport,
    earlyWarningOperations.triageEarlyWarningFinding,
    earlyWarningOperations.getEarlyWarningVex,
    earlyWarningOperations.setEarlyWarningRecommendations,
    earlyWarningOperations.requestRecommendationReview,
    earlyWarningOperations.getRecommendationReview,
  ],
  events: [
    advisoryReceived,
    advisoryAccepted,
    advisoryRejected,
    advisoryFeedSubscription,
    earlyWarningRaised,
    recommendationsApproved,
    configurationChangeRecommended,
  ],
  consumers: [
    processAdvisoryDeliveryConsumer,
    announceAdvisoryConsumer,
    subscribeAdvisoryFeedConsumer,
    matchAdvisoryConsumer,
    rematchAssetConsumer,
    scoreEpssConsumer,
  ],
  jobs: [advisoryPullJob, epssRefreshJob],
  jobKinds: [advisoryUploadJob],
  notificationKinds: [
    'advisory-new',
    'advisory-restricted',
    'advisory-source-silent',
    'weakness-reported',
    'weakness-triaged',
    'early-warning-raised',
    'recommendations-reviewed',
  ],
  entities: [
    advisorySourceEntity,
    advisorySourceHealthEntity,
    advisorySourceHealthMarkEntity,
    advisoryDeliveryEntity,
    advisoryEntity,
    advisoryVulnerabilityEntity,
    advisoryDocumentEntity,
    vulnerabilityEntity,
    earlyWarningSettingsEntity,
    advisoryFeedEntity,
    advisoryFeedSubscriberEntity,
    kevEntryEntity,
    weaknessReportEntity,
    assetIdentityEntity,
    advisoryProductEntity,
    earlyWarningEntity,
    earlyWarningFindingEntity,
    recommendationReviewEntity,
  ],
  subjectKinds: [recommendationReviewKind],
});
