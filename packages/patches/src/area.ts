// Security patch management (X.1052 12.2.3 a–c; X.1051 12.6): patch requirements per asset and fix (from an early
// warning's approved recommendations or a vendor bulletin), lab tests of their effectiveness, priorities and due
// dates by the tenant's SLAs, and rollout waves patched through security change management.
import { defineArea } from '@ismf/area/declaration';
import { followPatchChangeConsumer, identifyPatchRequirementsConsumer, movePatchRequirementsConsumer } from './consumers.ts';
import { patchRequirementEntity, patchSettingsEntity, patchSourceEntity, patchTestEntity, patchWaveEntity } from './entities.ts';
import { patchRequirementsMoved } from './events.ts';
import { patchOverdueJob } from './jobs.ts';
import * as operations from './operations.ts';
import { patchTestKind } from './tests.ts';
import { patchWaveKind } from './waves.ts';

export const patchesArea = defineArea({
  area: 'patches',
  title: 'Security patch management',
  tags: [
    {
      name: 'patches',
      group: 'Management areas (X.1052)',
      description:
        'Security patch management (X.1052 12.2.3, table 8; X.1051 12.6): patch requirements per asset and fix from approved early-warning recommendations and vendor bulletins, lab tests of their effectiveness, priorities and due dates by the tenant’s SLAs, and rollout waves patched through security change management.',
    },
  ],
  clause: '12.2.3',
  clausesBeyondTable: {
    '12.5.1': 'change control procedures: patches are rolled out through change requests (X.1052 12.2.3, last paragraph)',
  },
  operations: [
    operations.listPatchRequirements,
    operations.createPatchRequirements,
    operations.getPatchRequirement,
    operations.closePatchRequirement,
    operations.requestPatchTest,
    operations.getPatchTest,
    operations.withdrawPatchTest,
    operations.createPatchWave,
    operations.listPatchWaves,
    operations.getPatchWave,
    operations.withdrawPatchWave,
    operations.proposePatchWaves,
    operations.getPatchSettings,
    operations.putPatchSettings,
  ],
  events: [patchRequirementsMoved],
  consumers: [identifyPatchRequirementsConsumer, movePatchRequirementsConsumer, followPatchChangeConsumer],
  jobs: [patchOverdueJob],
  subjectKinds: [patchTestKind, patchWaveKind],
  notificationKinds: ['patch-required', 'patch-progress', 'patch-overdue'],
  entities: [patchRequirementEntity, patchSourceEntity, patchTestEntity, patchWaveEntity, patchSettingsEntity],
});
