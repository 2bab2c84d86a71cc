// Early warning's consumers: a received delivery is validated and stored (after the webhook's fast answer);
// an accepted advisory of a vulnerability no source announced before is told to those who may see it — the
// security officers, or for TLP:AMBER and TLP:RED the roles the tenant maps to it, never others.
import type { WriteContext } from '@ismf/store/unit-of-work';
import { defineConsumer } from '@ismf/events/consumers';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal } from '@ismf/mail/notification-text';
import { UnitOfWork } from '@ismf/store/unit-of-work';
import type { z } from 'zod';
import { advisoryAccepted, advisoryReceived } from './events.ts';
import { advisoryVulnerabilityEntity } from './entities.ts';
import { earlyWarningSettings } from './settings.ts';

export const processAdvisoryDeliveryConsumer = defineConsumer({
  name: 'processAdvisoryDelivery',
  description:
    'Reads a received delivery’s raw bytes, validates each document (CSAF 2.0 schema and mandatory tests, the OSV schema, CVE and NVD structure) and accepts it as an advisory or records it rejected with its reasons; counts the delivery in its source’s health.',
  handler: 'functions/early-warning/process-advisory-delivery.ts',
  access: { table: 'write', objects: 'read' },
  // A KEV catalog marks the advisories of each vulnerability it names.
  patterns: [advisoryVulnerabilityEntity.patterns.byVulnerability],
  subscribes: [{ event: advisoryReceived }],
});

export const announceAdvisoryConsumer = defineConsumer({
  name: 'announceAdvisory',
  description:
    'Tells the security officers of an accepted advisory that names a vulnerability no source announced before (once per vulnerability, however many sources follow); a TLP:AMBER or TLP:RED advisory only to the roles the tenant maps to its label.',
  handler: 'functions/early-warning/announce-advisory.ts',
  access: { table: 'write' },
  subscribes: [{ event: advisoryAccepted, pattern: { detail: { data: { firstOfVulnerability: [true] } } } }],
});

export async function announceAdvisory(ctx: WriteContext, tenantId: string, advisory: z.output<typeof advisoryAccepted.data>) {
  const restricted = advisory.tlp === 'AMBER' || advisory.tlp === 'RED';
  const roles = restricted ? (await earlyWarningSettings(tenantId)).tlpRoles[advisory.tlp as 'AMBER' | 'RED'] : ['security-officer'];
  const work = new UnitOfWork(ctx);
  work.event(
    notificationRequested.of(tenantId, {
      kind: restricted ? 'advisory-restricted' : 'advisory-new',
      recipients: { roles: [...roles] },
      title: `${advisory.severity ? `${advisory.severity[0]!.toUpperCase()}${advisory.severity.slice(1)}: ` : ''}${literal(advisory.title)}`,
      text: `${literal(advisory.publisher)} published ${literal(advisory.documentId)} (version ${literal(advisory.documentVersion)})${advisory.cveIds.length ? ` about ${advisory.cveIds.slice(0, 10).join(', ')}${advisory.cveIds.length > 10 ? ' and more' : ''}` : ''}.${restricted ? ` It is TLP:${advisory.tlp}: share it only as its label allows.` : ''}`,
      link: `/advisories/${advisory.advisoryId}`,
    }),
  );
  await work.commit();
}
