// (b) An SBOM's components as a software asset's component set. Components are items of their own
// (PURL, CPE, name, version, supplier), indexed by package for advisory matching; the asset names the
// new set only once every item is written, and the old set is removed after the swap. An SBOM without
// ?asset= goes to the asset of the software it describes (by PURL, else by name), so that importing the
// next SBOM of the same software replaces its components instead of registering it twice.
import { parseCycloneDx, type SbomComponent, type SbomParseResult, type VexStatement } from '@ismf/core/cyclonedx';
import { newId } from '@ismf/core/ids';
import { Problem, problems } from '@ismf/core/problems';
import { looksLikeSpdx, parseSpdx } from '@ismf/core/spdx';
import { applyDefaultClassification, statusOf, type AssetData, type AssetPolicy } from './rules.ts';
import { assetComponentsReplaced } from './events.ts';
import { deleteChildSet, putChildSet } from '@ismf/store/batch-write';
import { getEntity, queryPattern } from '@ismf/store/entities';
import { uniqueHolder, uniqueHolders } from '@ismf/store/uniques';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { purlPackage } from '@ismf/core/purl';
import type { ComponentSet, DescribedSoftware } from './components.ts';
import { assetEntity, componentEntity, type ComponentItem, type ComponentVex } from './entities.ts';
import { currentPolicy } from './policy.ts';
import { ASSET, assetView, registerInto, requireActiveUser, requireNotDisposed } from './register.ts';

export type { ComponentSet } from './components.ts';

export const MAX_COMPONENTS = 20_000;
/** VEX statements kept on one component (the most a matcher reads of it). */
const MAX_VEX_PER_COMPONENT = 50;
/** Swaps of one import's set tried while other imports into the same asset move it on. */
const SWAP_ATTEMPTS = 3;
/** The unique name under which an asset holds the package its SBOMs describe: one asset per package in a tenant. */
export const SBOM_PACKAGE = 'asset-sbom-package';

/** SPDX when sent as application/spdx+json, or as plain JSON that names its spdxVersion; CycloneDX otherwise. */
export function sbomFormat(body: { mediaType: string; text: string }): 'SPDX' | 'CycloneDX' {
  if (body.mediaType === 'application/spdx+json') return 'SPDX';
  return body.mediaType === 'application/json' && looksLikeSpdx(body.text) ? 'SPDX' : 'CycloneDX';
}

/** How the asset whose set was replaced was found: named by ?asset=, or the software the SBOM describes, by PURL or by name. */
export type MatchedBy = 'asset' | 'purl' | 'name';

function describedSoftware(top: SbomComponent): DescribedSoftware {
  const pkg = purlPackage(top.purl);
  return {
    name: top.name,
    ...(top.group ? { group: top.group } : {}),
    ...(top.version ? { version: top.version } : {}),
    ...(top.purl ? { purl: top.purl } : {}),
    ...(pkg ? { package: pkg.package } : {}),
  };
}

/** The name of a software asset registered from an SBOM: group, name and version of what it describes. */
const assetNameOf = (software: { group?: string; name: string; version?: string }) =>
  [software.group, software.name, software.version].filter(Boolean).join(' ').slice(0, 200);

/**
 * The asset of the software an SBOM describes: the one holding its package, else the one software asset
 * named as it (with or without version) or whose last SBOM described the same name. Other software (an
 * asset holding another package) never matches by name; two that match are refused rather than guessed.
 */
async function describedAsset(tenantId: string, software: DescribedSoftware): Promise<{ asset: StoredEntity<AssetData>; by: MatchedBy } | undefined> {
  if (software.package) {
    const holder = await uniqueHolder(tenantId, SBOM_PACKAGE, software.package);
    const asset = holder ? await getEntity<AssetData>(tenantId, ASSET, holder) : undefined;
    if (asset) {
      requireNotDisposed(asset);
      return { asset, by: 'purl' };
    }
  }
  const names = new Set([assetNameOf(software), assetNameOf({ ...software, version: undefined })]);
  const candidates = await queryPattern(assetEntity, 'list', tenantId, {}, { where: { type: 'software' } });
  const matches = candidates.filter((asset) => {
    // A disposed asset is a record of the past: new software is a new asset.
    if (statusOf(asset.data) === 'disposed') return false;
    const described = (asset.data.componentSet as ComponentSet | undefined)?.describes;
    if (software.package && described?.package && described.package !== software.package) return false;
    const sameName = described !== undefined && described.name === software.name && (described.group ?? '') === (software.group ?? '');
    return sameName || names.has(asset.data.name);
  });
  if (matches.length > 1) {
    const message = `${matches.length} software assets match ${assetNameOf(software)} by name: ${matches.map((asset) => asset.id).join(', ')}`;
    throw problems.conflict(`${message}; name the one to update with ?asset=`, [{ path: 'query.asset', message: 'required when several assets match' }]);
  }
  return matches[0] ? { asset: matches[0], by: 'name' } : undefined;
}

/**
 * The classification of an asset registered from an SBOM: the policy's default, else the most open level
 * that is not public (an SBOM says nothing about who may see the software, and public is never a default).
 */
function sbomClassification(policy: AssetPolicy): string {
  const level = policy.defaultClassification ?? policy.classificationLevels.find((candidate) => candidate.name.toLowerCase() !== 'public')?.name;
  if (level) return level;
  throw problems.unprocessable('the asset policy names no defaultClassification and no level but public: an SBOM cannot register an asset', [
    { path: 'asset-policy.defaultClassification', message: 'required to register an asset from an SBOM' },
  ]);
}

/** The claims of the package an asset is the software of, moved to what its new SBOM describes (a package another asset holds stays with it). */
async function movePackageClaim(work: UnitOfWork, tenantId: string, assetId: string, before: string | undefined, after: string | undefined, field: string) {
  if (after === undefined) return;
  const moved = before !== undefined && before !== after;
  const holders = await uniqueHolders(tenantId, SBOM_PACKAGE, moved ? [before, after] : [after]);
  if (moved && holders.get(before) === assetId) work.release(tenantId, SBOM_PACKAGE, before, assetId);
  if (!holders.has(after)) work.unique(tenantId, SBOM_PACKAGE, after, field, assetId);
}

/** The VEX statements a document makes about one component (by bom-ref, or a BOM-Link ending in it, or its PURL). */
export function vexOf(statements: readonly VexStatement[], component: Pick<SbomComponent, 'ref' | 'purl'>): { vex?: ComponentVex[] } {
  if (!statements.length) return {};
  const names = new Set([component.ref, component.purl].filter((name): name is string => !!name));
  const about = statements.filter((statement) => statement.affects.some((ref) => names.has(ref) || names.has(ref.slice(ref.indexOf('#') + 1))));
  if (!about.length) return {};
  return {
    vex: about.slice(0, MAX_VEX_PER_COMPONENT).map(({ id, state, justification, detail }) => ({
      id,
      state,
      ...(justification ? { justification } : {}),
      ...(detail ? { detail: detail.slice(0, 500) } : {}),
    })),
  };
}

export async function importSbom(
  ctx: WriteContext,
  tenantId: string,
  body: { mediaType: string; text: string },
  assetId: string | undefined,
  ownerId: string | undefined,
) {
  const format = sbomFormat(body);
  let sbom: SbomParseResult;
  try {
    sbom = format === 'SPDX' ? parseSpdx(body.text) : parseCycloneDx(body.text, body.mediaType.endsWith('xml') ? 'xml' : 'json');
  } catch (error) {
    throw problems.invalid(`the SBOM cannot be read: ${(error as Error).message}`, [{ path: 'body', message: (error as Error).message }]);
  }
  const source = format === 'SPDX' ? `an ${sbom.specVersion}` : `a CycloneDX ${sbom.specVersion}`;
  // A VEX document states what is exploitable in components listed elsewhere; it lists none to import.
  if (sbom.components.length === 0 && sbom.vulnerabilities !== undefined) {
    const message = `a VEX document (${sbom.vulnerabilities} vulnerabilities, no components): an asset import needs components; send the SBOM it refers to`;
    throw problems.invalid(`this is ${message}`, [{ path: 'body.components', message }]);
  }
  if (sbom.components.length > MAX_COMPONENTS) {
    throw problems.invalid(`at most ${MAX_COMPONENTS} components per SBOM`, [{ path: 'body.components', message: `${sbom.components.length} components` }]);
  }
  const top = sbom.metadataComponent?.name ? sbom.metadataComponent : undefined;
  const software = top ? describedSoftware(top) : undefined;
  const field = format === 'SPDX' ? 'body.documentDescribes' : 'body.metadata.component';
  // A given owner is checked whatever happens to it: the same rule as POST /assets and every import row.
  if (ownerId) await requireActiveUser(tenantId, ownerId, 'query.owner');
  let asset: StoredEntity<AssetData> | undefined;
  let matchedBy: MatchedBy | undefined;
  if (assetId) {
    asset = await getEntity<AssetData>(tenantId, ASSET, assetId);
    if (!asset) throw problems.notFound(`asset ${assetId}`);
    requireNotDisposed(asset);
    matchedBy = 'asset';
  } else {
    if (!software) {
      throw problems.invalid(`the SBOM names no ${field.slice(5)}: name the asset with ?asset=`, [{ path: field, message: 'required without ?asset=' }]);
    }
    const found = await describedAsset(tenantId, software);
    if (found) ({ asset, by: matchedBy } = found);
  }
  if (asset && asset.data.type !== 'software') {
    const path = matchedBy === 'asset' ? 'query.asset' : field;
    throw problems.unprocessable('components belong to a software asset', [{ path, message: `asset ${asset.id} is ${asset.data.type}` }]);
  }
  const created = asset === undefined;
  if (!asset) {
    if (!ownerId) throw problems.unprocessable('a new software asset needs an owner', [{ path: 'query.owner', message: 'required' }]);
    const { policy } = await currentPolicy(tenantId);
    const input = applyDefaultClassification(
      {
        name: assetNameOf(software!),
        type: 'software',
        owner: ownerId,
        confidentiality: 3,
        integrity: 3,
        availability: 3,
        ...(top!.purl ? { labels: [top!.purl.slice(0, 60)] } : {}),
      },
      policy,
    );
    const work = new UnitOfWork({ ...ctx, reason: `registered from ${source} SBOM` });
    asset = registerInto(work, tenantId, { ...input, classification: input.classification ?? sbomClassification(policy) }, policy);
    // Held from the start, so that two imports of one new SBOM cannot register it twice.
    if (software!.package) work.unique(tenantId, SBOM_PACKAGE, software!.package, `${field}.purl`, asset.id);
    await work.commit();
  }

  const setId = newId();
  const importedAt = new Date().toISOString();
  await putChildSet(
    componentEntity,
    tenantId,
    asset.id,
    setId,
    sbom.components.map((component: SbomComponent): ComponentItem => {
      const pkg = purlPackage(component.purl);
      return {
        assetId: asset!.id,
        name: component.name,
        ...(component.group ? { group: component.group } : {}),
        ...(component.version ? { version: component.version } : {}),
        ...(component.purl ? { purl: component.purl } : {}),
        ...(component.cpe ? { cpe: component.cpe } : {}),
        ...(component.cpes ? { cpes: component.cpes } : {}),
        ...(component.supplier ? { supplier: component.supplier } : {}),
        ...(component.licence ? { licence: component.licence } : {}),
        ...(component.type ? { componentType: component.type } : {}),
        ...(component.ref ? { bomRef: component.ref.slice(0, 500) } : {}),
        ...vexOf(sbom.vex, component),
        problems: component.problems,
        // Components by package, across the tenant's assets (components.package), and the version a ?purl= names.
        ...(pkg ? { package: pkg.package } : {}),
        ...(pkg?.version !== undefined ? { purlVersion: pkg.version } : {}),
      };
    }),
  );
  const componentSet: ComponentSet = {
    id: setId,
    count: sbom.components.length,
    withProblems: sbom.components.filter((component) => component.problems.length).length,
    specVersion: sbom.specVersion,
    ...(sbom.serialNumber ? { serialNumber: sbom.serialNumber } : {}),
    importedAt,
  };
  const how = matchedBy === 'purl' || matchedBy === 'name' ? ` (the asset it describes, found by ${matchedBy === 'purl' ? 'PURL' : 'name'})` : '';
  let after: StoredEntity<AssetData> | undefined;
  let previous: ComponentSet | undefined;
  // Two imports into one asset at once: the later swap goes on from the set the earlier one put in place.
  for (let attempt = 1; !after; attempt++) {
    const current = (await getEntity<AssetData>(tenantId, ASSET, asset.id))!;
    previous = current.data.componentSet as ComponentSet | undefined;
    // What the asset is the software of: as this SBOM says, else as the last one said.
    const describes = software ?? previous?.describes;
    if (describes) componentSet.describes = describes;
    const work = new UnitOfWork({ ...ctx, reason: `component set replaced from ${source} SBOM${how}` });
    const updated = work.update(assetEntity, current, { ...current.data, componentSet });
    await movePackageClaim(work, tenantId, asset.id, previous?.describes?.package, software?.package, `${field}.purl`);
    work.event(assetComponentsReplaced.of(tenantId, { assetId: asset.id, componentSetId: setId, count: componentSet.count }));
    try {
      await work.commit();
      after = updated;
    } catch (error) {
      if (error instanceof Problem && error.status === 412 && attempt < SWAP_ATTEMPTS) continue;
      await deleteChildSet(componentEntity, tenantId, asset.id, setId);
      throw error;
    }
  }
  if (previous) await deleteChildSet(componentEntity, tenantId, asset.id, previous.id);
  // The shape of every import's reply: the document is row 1, which created or updated its asset.
  const row = [{ row: 1, id: after!.id }];
  return {
    created: created ? row : [],
    updated: created ? [] : row,
    unchanged: [] as { row: number; id: string }[],
    failed: [] as { row: number; errors: { path: string; message: string }[] }[],
    asset: await assetView(tenantId, after!),
    ...(matchedBy ? { matchedBy } : {}),
    componentSet,
    componentProblems: sbom.components
      .map((component, index) => ({
        component: index,
        name: component.name,
        ...(component.purl ? { purl: component.purl } : {}),
        ...(component.ref ? { bomRef: component.ref.slice(0, 500) } : {}),
        ...vexOf(sbom.vex, component),
        problems: component.problems,
      }))
      .filter((component) => component.problems.length),
  };
}
