// Security early-warning management (X.1052 12.2.1; X.1051 13.1): collecting advisories — sources, signed
// webhooks, validation, the advisory register and vulnerabilities linked across sources.
import { defineArea } from '@ismf/area/declaration';
import { announceAdvisoryConsumer, processAdvisoryDeliveryConsumer } from './consumers.ts';
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
import { advisoryAccepted, advisoryReceived, advisoryRejected } from './events.ts';
import * as operations from './operations.ts';

export const earlyWarningArea = defineArea({
  area: 'early-warning',
  title: 'Security early-warning management',
  tags: [
    {
      name: 'early-warning',
      group: 'Management areas (X.1052)',
      description:
        'Security early-warning management (X.1052 12.2.1, table 6; X.1051 13.1): advisory sources and their signed webhooks, deliveries validated (CSAF 2.0, OSV, CVE JSON 5, NVD API 2.0), the advisory register and vulnerabilities linked across sources, TLP honoured.',
    },
  ],
  clause: '12.2.1',
  clausesBeyondTable: { '12.6.1': 'technical vulnerability management: the advisories are its information about vulnerabilities' },
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
  ],
  events: [advisoryReceived, advisoryAccepted, advisoryRejected],
  consumers: [processAdvisoryDeliveryConsumer, announceAdvisoryConsumer],
  notificationKinds: ['advisory-new', 'advisory-restricted'],
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
  ],
});
