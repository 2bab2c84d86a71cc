// CISA's catalog of known exploited vulnerabilities, as a tenant's KEV source hands it on: each CVE new to the
// tenant is kept (one item, read by key when an advisory is accepted), and the vulnerabilities and current
// advisories already held for it are marked known exploited (`kev`), so that `GET /advisories?kev=true` finds them.
import { putItems } from '@ismf/store/batch-write';
import { getEntities, queryPattern } from '@ismf/store/entities';
import { uniqueHolders } from '@ismf/store/uniques';
import { entityItem, UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { ALIAS } from './advisories.ts';
import { advisoryEntity, advisoryVulnerabilityEntity, vulnerabilityEntity, type AdvisoryData, type VulnerabilityData } from './entities.ts';
import { kevEntryEntity, kevEntryIdOf, type KevEntryData } from './feed-entities.ts';
import { parseKevCatalog } from './feeds/kev.ts';

const ADVISORIES_PER_WRITE = 40;

/** Which of these CVE ids are in the tenant's KEV entries (one BatchGetItem per 100). */
export async function knownExploited(tenantId: string, cveIds: readonly string[]): Promise<Set<string>> {
  if (!cveIds.length) return new Set();
  const found = await getEntities(
    tenantId,
    cveIds.map((cveId) => ({ type: kevEntryEntity.type, id: kevEntryIdOf(cveId) })),
  );
  return new Set(cveIds.filter((cveId) => found(kevEntryEntity.type, kevEntryIdOf(cveId))));
}

/** Takes a KEV catalog delivery: answers how many CVEs were new to the tenant, and how many advisories it marked. */
export async function takeKevCatalog(ctx: WriteContext, tenantId: string, bytes: Buffer) {
  const catalog = parseKevCatalog(bytes.toString('utf8'));
  const cveIds = catalog.vulnerabilities.map((entry) => entry.cveID);
  const held = await knownExploited(tenantId, cveIds);
  const added = catalog.vulnerabilities.filter((entry) => !held.has(entry.cveID));
  const at = new Date().toISOString();
  await putItems(
    added.map((entry) =>
      entityItem(kevEntryEntity, {
        owner: tenantId,
        type: kevEntryEntity.type,
        id: kevEntryIdOf(entry.cveID),
        version: 1,
        createdAt: at,
        updatedAt: at,
        data: {
          cveId: entry.cveID,
          vendorProject: entry.vendorProject,
          product: entry.product,
          vulnerabilityName: entry.vulnerabilityName,
          dateAdded: entry.dateAdded,
          dueDate: entry.dueDate,
          requiredAction: entry.requiredAction,
          knownRansomwareCampaignUse: entry.knownRansomwareCampaignUse ?? 'Unknown',
        } satisfies KevEntryData,
      }),
    ),
  );
  // The vulnerabilities the tenant knows under any catalog CVE id, not yet marked: marked now. Over the whole
  // catalog, not only what was new: a delivery taken again after a failure marks what the first attempt did not.
  const holders = await uniqueHolders(tenantId, ALIAS, cveIds);
  let marked = 0;
  const vulnerabilityIds = [...new Set(holders.values())];
  const vulnerabilities = await getEntities(
    tenantId,
    vulnerabilityIds.map((id) => ({ type: vulnerabilityEntity.type, id })),
  );
  for (const vulnerabilityId of vulnerabilityIds) {
    const vulnerability = vulnerabilities<VulnerabilityData>(vulnerabilityEntity.type, vulnerabilityId);
    if (!vulnerability || vulnerability.data.kev) continue;
    const links = await queryPattern(advisoryVulnerabilityEntity, 'byVulnerability', tenantId, { vulnerabilityId });
    const advisories = await getEntities(
      tenantId,
      links.map((link) => ({ type: advisoryEntity.type, id: link.data.advisoryId })),
    );
    const unmarked = links
      .map((link) => advisories<AdvisoryData>(advisoryEntity.type, link.data.advisoryId))
      .filter((advisory): advisory is StoredEntity<AdvisoryData> => advisory !== undefined && !advisory.data.kev);
    // Advisories in transactions of 40 (each an update and its audit entry); the vulnerability with the last, so
    // that it reads as marked only once all of them are.
    for (let start = 0; start === 0 || start < unmarked.length; start += ADVISORIES_PER_WRITE) {
      const work = new UnitOfWork({ ...ctx, reason: 'in CISA’s catalog of known exploited vulnerabilities' });
      for (const advisory of unmarked.slice(start, start + ADVISORIES_PER_WRITE))
        work.update(advisoryEntity, advisory, { ...advisory.data, kev: true, kevListed: 'yes' });
      if (start + ADVISORIES_PER_WRITE >= unmarked.length) work.update(vulnerabilityEntity, vulnerability, { ...vulnerability.data, kev: true });
      await work.commit();
    }
    marked += unmarked.length;
  }
  return { catalogVersion: catalog.catalogVersion, added: added.length, advisoriesMarked: marked };
}
