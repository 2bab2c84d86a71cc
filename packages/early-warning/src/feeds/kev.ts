// The CISA Known Exploited Vulnerabilities catalog (https://www.cisa.gov/known-exploited-vulnerabilities-catalog):
// one JSON file, republished whole with each release. We check its structure against the shape of CISA's own
// schema (known_exploited_vulnerabilities_schema.json: the same required fields and patterns) and hand on only
// the entries added since the last pull. Pure: the fetcher gets the file, the job keeps the cursor.
import * as z from 'zod';

export { KEV_CATALOG_URL } from '../feed-rules.ts';

const isoDate = z.iso.date();

export const kevVulnerabilitySchema = z.object({
  cveID: z.string().regex(/^CVE-[0-9]{4}-[0-9]{4,19}$/),
  vendorProject: z.string(),
  product: z.string(),
  vulnerabilityName: z.string(),
  dateAdded: isoDate,
  shortDescription: z.string(),
  requiredAction: z.string(),
  dueDate: isoDate,
  // The schema types it as a free string; CISA uses `Known` and `Unknown`.
  knownRansomwareCampaignUse: z.string().optional(),
  notes: z.string().optional(),
  cwes: z.array(z.string().regex(/^CWE-[0-9]+$/)).optional(),
});
export type KevVulnerability = z.infer<typeof kevVulnerabilitySchema>;

export const kevCatalogSchema = z
  .object({
    title: z.string().optional(),
    catalogVersion: z.string().min(1),
    dateReleased: z.iso.datetime({ offset: true }),
    count: z.int().nonnegative(),
    vulnerabilities: z.array(kevVulnerabilitySchema),
  })
  // A count that disagrees with the list means a cut-off download: better no pull than a partial one.
  .refine((catalog) => catalog.count === catalog.vulnerabilities.length, {
    message: 'count does not match the number of vulnerabilities (truncated file?)',
    path: ['count'],
  });
export type KevCatalog = z.infer<typeof kevCatalogSchema>;

/** Parses the catalog (JSON text or the parsed value); throws a ZodError when it does not have the catalog's structure. */
export function parseKevCatalog(input: string | unknown): KevCatalog {
  return kevCatalogSchema.parse(typeof input === 'string' ? JSON.parse(input) : input);
}

/**
 * Where the last pull stopped. `dateAdded` is a day, and CISA adds to the same day in later releases, so the
 * cursor also keeps the CVEs already seen on that day: a later release of the same day yields only the new ones.
 */
export interface KevCursor {
  catalogVersion: string;
  dateReleased: string;
  /** The latest `dateAdded` seen. */
  dateAdded: string;
  /** The CVEs seen with that `dateAdded`. */
  cveIdsOnDate: string[];
}

export interface KevChanges {
  /** The entries added since the cursor, oldest first (by `dateAdded`, then CVE id). */
  added: KevVulnerability[];
  cursor: KevCursor;
}

/** The entries of `catalog` added after `cursor` (all of them without one) and the cursor to keep for the next pull. */
export function kevChangesSince(catalog: KevCatalog, cursor: KevCursor | null): KevChanges {
  // An older release than the one already read (a stale cache on the way): nothing new, keep the cursor.
  if (cursor && Date.parse(catalog.dateReleased) < Date.parse(cursor.dateReleased)) return { added: [], cursor };
  const seenOnDate = new Set(cursor?.cveIdsOnDate ?? []);
  const added = catalog.vulnerabilities
    .filter((entry) => !cursor || entry.dateAdded > cursor.dateAdded || (entry.dateAdded === cursor.dateAdded && !seenOnDate.has(entry.cveID)))
    .sort((a, b) => (a.dateAdded === b.dateAdded ? compare(a.cveID, b.cveID) : compare(a.dateAdded, b.dateAdded)));
  const last = added.at(-1);
  if (!last)
    return { added, cursor: cursor ? { ...cursor, catalogVersion: catalog.catalogVersion, dateReleased: catalog.dateReleased } : emptyCursor(catalog) };
  const dateAdded = cursor && cursor.dateAdded > last.dateAdded ? cursor.dateAdded : last.dateAdded;
  const onDate = new Set(dateAdded === cursor?.dateAdded ? seenOnDate : []);
  for (const entry of added) if (entry.dateAdded === dateAdded) onDate.add(entry.cveID);
  return {
    added,
    cursor: { catalogVersion: catalog.catalogVersion, dateReleased: catalog.dateReleased, dateAdded, cveIdsOnDate: [...onDate].sort(compare) },
  };
}

function emptyCursor(catalog: KevCatalog): KevCursor {
  return { catalogVersion: catalog.catalogVersion, dateReleased: catalog.dateReleased, dateAdded: '', cveIdsOnDate: [] };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
