// Security change management (X.1052 clause 12.2.4 a–f; X.1051 7.1, 12.4, 12.5): change requests, plans with
// impact, tests, authorization, implementation and review; freezes and the change calendar.
import { defineArea } from '@ismf/area/declaration';
import { openChangeRequestConsumer } from './consumers.ts';
import { changeAssetEntity, changeFreezeEntity, changeRequestEntity, changeSettingsEntity, changeTemplateEntity } from './entities.ts';
import { changeRequested, changeRequestOpened } from './events.ts';
import * as operations from './operations.ts';
import { recordChangeOnAssetsConsumer } from './asset-history.ts';
import { flagChangeConflictsConsumer } from './conflict-flags.ts';
import { changeRequestKind } from './change-kind.ts';
import * as steps from './flow-operations.ts';
import { changeReviewDueJob, changeWindowNoticeJob } from './jobs.ts';
import { changeAuthorized, changeCausedNegativeImpact, changeImplemented } from './outcome-events.ts';
import { changeReviewsOwed } from './owed.ts';
import { changeTemplateKind } from './templates.ts';

export const changeArea = defineArea({
  area: 'change',
  title: 'Security change management',
  tags: [
    {
      name: 'change',
      group: 'Management areas (X.1052)',
      description:
        'Security change management (X.1052 12.2.4, table 9; X.1051 7.1, 12.4, 12.5): change requests, plans with impact, tests, authorization, implementation and review; freezes and the change calendar.',
    },
  ],
  clause: '12.2.4',
  clausesBeyondTable: {
    '10.1.2': 'change management of operations',
    '10.1.3': 'separation of duties in authorizing changes',
  },
  operations: [
    operations.createChangeRequest,
    operations.listChangeRequests,
    operations.getChangeRequest,
    operations.listChangeAffectedAssets,
    operations.addChangeAffectedAssets,
    operations.putChangePlan,
    steps.submitChangeRequest,
    steps.withdrawChangeRequest,
    steps.recordChangeImplementation,
    steps.recordChangeReview,
    operations.createChangeFreeze,
    operations.listChangeFreezes,
    operations.getChangeFreeze,
    operations.endChangeFreeze,
    operations.getChangeCalendar,
    operations.getChangeSettings,
    operations.putChangeSettings,
    steps.getChangeReport,
    steps.createChangeTemplate,
    steps.listChangeTemplates,
    steps.getChangeTemplate,
  ],
  events: [changeRequested, changeRequestOpened, changeAuthorized, changeImplemented, changeCausedNegativeImpact],
  consumers: [openChangeRequestConsumer, recordChangeOnAssetsConsumer, flagChangeConflictsConsumer],
  jobs: [changeReviewDueJob, changeWindowNoticeJob],
  subjectKinds: [changeRequestKind, changeTemplateKind],
  owed: [changeReviewsOwed],
  notificationKinds: ['change-conflict', 'change-window', 'change-outside-window', 'change-review-due', 'change-negative-impact'],
  entities: [changeRequestEntity, changeAssetEntity, changeTemplateEntity, changeFreezeEntity, changeSettingsEntity],
  evidenceSubjects: { 'change-request': operations.getChangeRequest },
});
