// (b, and X.1051 12.6.1) A software asset's component set: the components of its latest SBOM, listed a
// page at a time in the SBOM's order, or found by package (what an advisory names) or by component name.
import { parsePurl, purlPackage } from '@ismf/core/purl';
import { problems } from '@ismf/core/problems';
import type { AssetData } from './rules.ts';
import { childSetPage } from '@ismf/store/batch-write';
import { invalidCursor } from '@ismf/store/cursor';
import { requireEntity, type PageRequest } from '@ismf/store/entities';
import { assetEntity, componentEntity } from './entities.ts';

/** The software an SBOM describes (CycloneDX metadata.component; SPDX: the described package). */
export interface DescribedSoftware {
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  /** Its PURL's package (type/namespace/name, no version): how a re-import finds the asset. */
  package?: string;
}

export interface ComponentSet {
  id: string;
  count: number;
  withProblems: number;
  specVersion: string;
  serialNumber?: string;
  importedAt: string;
  describes?: DescribedSoftware;
}

export interface ComponentFilters {
  name?: string;
  purl?: string;
}

/** What the API shows of a stored component: the asset and set are the path's and the page's. */
function componentView(item: Record<string, unknown>) {
  const { assetId: _asset, setId: _set, purlVersion: _version, componentType, ...own } = item;
  return { ...own, ...(componentType !== undefined ? { type: componentType } : {}) } as Record<string, unknown> & { index: number; name: string };
}

/**
 * The components of an asset's current set. `purl` matches by package: without a version every version of
 * it, with one that version only (qualifiers and subpath are not compared); `name` is the exact component name.
 */
export async function listComponents(tenantId: string, assetId: string, filters: ComponentFilters, page: PageRequest) {
  if (filters.purl !== undefined) {
    const parsed = parsePurl(filters.purl);
    if (!parsed.ok) {
      const message = `a package URL, pkg:type/namespace/name[@version]: ${parsed.error}`;
      throw problems.invalid('the request query is not valid', [{ path: 'query.purl', message }]);
    }
  }
  const asset = await requireEntity<AssetData>(tenantId, assetEntity.type, assetId, `asset ${assetId}`);
  const set = asset.data.componentSet as ComponentSet | undefined;
  if (!set) {
    // No set, so no page of it was ever handed out.
    if (page.cursor !== undefined) throw invalidCursor();
    return { items: [] };
  }
  const where: Record<string, string> = {};
  if (filters.name !== undefined) where.name = filters.name;
  const wanted = purlPackage(filters.purl);
  if (wanted) {
    where.package = wanted.package;
    if (wanted.version !== undefined) where.purlVersion = wanted.version;
  }
  const result = await childSetPage(componentEntity, tenantId, assetId, set.id, { where, page });
  return {
    componentSet: { id: set.id, count: set.count, specVersion: set.specVersion, importedAt: set.importedAt },
    items: result.items.map(componentView),
    ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
  };
}
