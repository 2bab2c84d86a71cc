// Early warning's consumers: a received delivery is validated and stored (after the webhook's fast answer);
// an accepted advisory of a vulnerability no source announced before is told to those who may see it — the
// security officers, or for TLP:AMBER and TLP:RED the roles the tenant maps to it, never others. An accepted
// advisory is matched to the assets it hits; a changed asset is matched again.
import type { WriteContext } from '@ismf/store/unit-of-work';
import { defineConsumer } from '@ismf/events/consumers';
import { defineJob } from '@ismf/events/schedules';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal } from '@ismf/mail/notification-text';
import { UnitOfWork } from '@ismf/store/unit-of-work';
import type { z } from 'zod';
import { advisoryAccepted, advisoryReceived, earlyWarningRaised } from './events.ts';
import { componentEntity } from '@ismf/assets/entities';
import { assetChanged, assetComponentsReplaced, assetRegistered, assetVexImported } from '@ismf/assets/events';
import { advisoryProductEntity, assetIdentityEntity, earlyWarningEntity, earlyWarningFindingEntity } from './match-entities.ts';
import { advisoryVulnerabilityEntity } from './entities.ts';
import { earlyWarningSettings } from './settings.ts';

export const processAdvisoryDeliveryConsumer = defineConsumer({
  name: 'processAdvisoryDelivery',
  description:
    'Reads a received delivery’s raw bytes, validates each document (CSAF 2.0 schema and mandatory tests, the OSV schema, CVE and NVD structure) and accepts it as an advisory or records it rejected with its reasons; counts the delivery in its source’s health.',
  handler: 'functions/early-warning/process-advisory-delivery.ts',
  // Writes each accepted document's normalised products beside the raw bytes.
  access: { table: 'write', objects: 'write' },
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

/** What matching reads: components by package, asset identities by product, model and CPE, findings by asset. */
const MATCH_PATTERNS = [
  componentEntity.patterns.package,
  assetIdentityEntity.patterns.byProduct,
  assetIdentityEntity.patterns.byModel,
  assetIdentityEntity.patterns.byCpe,
  earlyWarningFindingEntity.patterns.byAsset,
];

export const matchAdvisoryConsumer = defineConsumer({
  name: 'matchAdvisory',
  description:
    'Matches an accepted advisory’s products against the tenant’s components and asset identities through their indexes, and writes its early warning (its findings, priority, suppressions and what needs review); raises EarlyWarningRaised and tells the security officers and the owners of the assets it hits.',
  handler: 'functions/early-warning/match-advisory.ts',
  access: { table: 'write', objects: 'read' },
  patterns: MATCH_PATTERNS,
  subscribes: [{ event: advisoryAccepted }],
});

/** What of an asset's change may change what advisories hit it, or how urgently. */
const MATCHED_FIELDS = ['identity', 'exposure', 'dependsOn', 'type', 'status', 'name', 'owner', 'confidentiality', 'integrity', 'availability', 'importance'];

export const rematchAssetConsumer = defineConsumer({
  name: 'rematchAsset',
  description:
    'Indexes a registered or changed asset’s vendor product (identity) and re-matches the asset against the advisories of the last 90 days that name its products or components (through the advisories’ product index), and the early warnings that name it now.',
  handler: 'functions/early-warning/rematch-asset.ts',
  access: { table: 'write', objects: 'read' },
  patterns: [...MATCH_PATTERNS, advisoryProductEntity.patterns.byProduct],
  subscribes: [
    { event: assetRegistered },
    { event: assetChanged, pattern: { detail: { data: { fields: MATCHED_FIELDS } } } },
    { event: assetComponentsReplaced },
    { event: assetVexImported },
  ],
});

export const scoreEpssConsumer = defineConsumer({
  name: 'scoreEpss',
  description:
    'Where the tenant scores by EPSS: fetches FIRST’s EPSS scores of a raised early warning’s CVEs, keeps them on the vulnerabilities, and matches the early warning again when one is scored for the first time or crosses the threshold (its priority follows).',
  handler: 'functions/early-warning/score-epss.ts',
  access: { table: 'write', objects: 'read' },
  patterns: MATCH_PATTERNS,
  subscribes: [{ event: earlyWarningRaised }],
});

export const epssRefreshJob = defineJob({
  name: 'epss-refresh',
  expression: 'cron(30 5 * * ? *)',
  description:
    'Where the tenant scores by EPSS: refreshes the EPSS scores of every open early warning’s CVEs (FIRST publishes them daily) and matches again those whose vulnerabilities crossed the threshold.',
  handler: 'functions/early-warning/refresh-epss.ts',
  access: { table: 'write', objects: 'read' },
  patterns: [...MATCH_PATTERNS, earlyWarningEntity.patterns.byPriority],
  clauses: ['12.6.1'],
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
