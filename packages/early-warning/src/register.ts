// The advisory register (X.1052 12.2.1 a): accepted advisories, newest first, filtered by source, CVE id,
// severity, KEV and publication window; one advisory with a link to its raw document; one vulnerability with
// the advisories of every source that named it. TLP:AMBER and TLP:RED advisories are shown only to the roles
// the tenant maps to them (a page may then hold fewer than `limit`; its cursor goes on).
import type { TableAccess } from '@ismf/core/access';
import { problems } from '@ismf/core/problems';
import { blobStore } from '@ismf/store/blob-store';
import { entityView, getEntities, queryPatternPage, requireEntity, type Page, type PageRequest } from '@ismf/store/entities';
import { uniqueHolder } from '@ismf/store/uniques';
import type { StoredEntity } from '@ismf/store/unit-of-work';
import { ALIAS } from './advisories.ts';
import { advisoryEntity, advisoryVulnerabilityEntity, vulnerabilityEntity, type AdvisoryData, type VulnerabilityData } from './entities.ts';
import type { Severity } from './documents/summary.ts';
import { mayView } from './rules.ts';
import { earlyWarningSettings } from './settings.ts';

export interface AdvisoryFilter {
  sourceId?: string;
  cve?: string;
  severity?: Severity;
  kev?: boolean;
  publishedFrom?: string;
  publishedTo?: string;
}

const ADVISORY = advisoryEntity.type;

function advisoryView(advisory: StoredEntity<AdvisoryData>) {
  const { kevListed: _kevListed, rawKey: _rawKey, ...data } = advisory.data;
  return entityView({ ...advisory, data });
}

async function visible(tenantId: string, roles: readonly string[], advisories: readonly StoredEntity<AdvisoryData>[]) {
  const settings = await earlyWarningSettings(tenantId);
  return advisories.filter((advisory) => mayView(advisory.data.tlp, roles, settings));
}

/** The advisories of one vulnerability (the CVE filter): its child links, then the advisories by key. */
async function advisoriesOfVulnerability(tenantId: string, vulnerabilityId: string, filter: AdvisoryFilter, page: PageRequest) {
  const links = await queryPatternPage(
    advisoryVulnerabilityEntity,
    'byVulnerability',
    tenantId,
    { vulnerabilityId },
    { page, descending: true, ...window(filter) },
  );
  const found = await getEntities(
    tenantId,
    links.items.map((link) => ({ type: ADVISORY, id: link.data.advisoryId })),
  );
  const items = links.items
    .map((link) => found<AdvisoryData>(ADVISORY, link.data.advisoryId))
    .filter((advisory): advisory is StoredEntity<AdvisoryData> => advisory !== undefined)
    .filter(
      (advisory) =>
        (!filter.sourceId || advisory.data.sourceId === filter.sourceId) &&
        (!filter.severity || advisory.data.severity === filter.severity) &&
        (filter.kev === undefined || advisory.data.kev === filter.kev),
    );
  return { items, nextCursor: links.nextCursor };
}

function window(filter: AdvisoryFilter) {
  return {
    ...(filter.publishedFrom ? { from: { listedAt: filter.publishedFrom } } : {}),
    ...(filter.publishedTo ? { upTo: { listedAt: filter.publishedTo } } : {}),
  };
}

export async function listAdvisories(tenantId: string, roles: readonly string[], filter: AdvisoryFilter, page: PageRequest) {
  let result: Page<StoredEntity<AdvisoryData>>;
  if (filter.cve) {
    const vulnerabilityId = await uniqueHolder(tenantId, ALIAS, /^cve-/i.test(filter.cve) ? filter.cve.toUpperCase() : filter.cve);
    result = vulnerabilityId ? await advisoriesOfVulnerability(tenantId, vulnerabilityId, filter, page) : { items: [] };
  } else {
    const where = {
      ...(filter.severity && filter.sourceId ? { severity: filter.severity } : {}),
      ...(filter.kev !== undefined && (filter.sourceId || filter.severity || !filter.kev) ? { kev: filter.kev } : {}),
    };
    const options = { page, descending: true, ...window(filter), ...(Object.keys(where).length ? { where } : {}) };
    result = filter.sourceId
      ? await queryPatternPage(advisoryEntity, 'bySource', tenantId, { sourceId: filter.sourceId }, options)
      : filter.severity
        ? await queryPatternPage(advisoryEntity, 'bySeverity', tenantId, { severity: filter.severity }, options)
        : filter.kev
          ? await queryPatternPage(advisoryEntity, 'known', tenantId, { kevListed: 'yes' }, options)
          : await queryPatternPage(advisoryEntity, 'byPublished', tenantId, {}, options);
  }
  const items = (await visible(tenantId, roles, result.items)).map(advisoryView);
  return { items, ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}

export async function getAdvisory(tenantId: string, roles: readonly string[], id: string, access: TableAccess) {
  const advisory = await requireEntity<AdvisoryData>(tenantId, ADVISORY, id, `advisory ${id}`);
  // A restricted advisory is not there for a role that may not see it.
  if (!(await visible(tenantId, roles, [advisory])).length) throw problems.notFound(`advisory ${id}`);
  const raw = await blobStore(tenantId, access).presignDownload(advisory.data.rawKey, {
    fileName: `${advisory.data.documentId.replace(/[^\w.-]+/g, '_')}.${advisory.data.format === 'osv' ? 'osv' : advisory.data.format}.json`,
  });
  return { ...advisoryView(advisory), rawDocument: raw };
}

export async function getVulnerability(tenantId: string, roles: readonly string[], id: string) {
  const vulnerability = await requireEntity<VulnerabilityData>(tenantId, vulnerabilityEntity.type, id, `vulnerability ${id}`);
  const advisories = await advisoriesOfVulnerability(tenantId, id, {}, { limit: 100 });
  return {
    ...entityView(vulnerability),
    advisoryList: (await visible(tenantId, roles, advisories.items)).map((advisory) => ({
      id: advisory.id,
      sourceId: advisory.data.sourceId,
      documentId: advisory.data.documentId,
      documentVersion: advisory.data.documentVersion,
      title: advisory.data.title,
      publisher: advisory.data.publisher.name,
      state: advisory.data.state,
      ...(advisory.data.severity ? { severity: advisory.data.severity } : {}),
    })),
  };
}
