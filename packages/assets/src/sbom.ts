// (b) An SBOM's components as a software asset's component set. Components are items of their own
// (PURL, CPE, name, version, supplier), indexed by package for advisory matching; the asset names the
// new set only once every item is written, and the old set is removed after the swap.
import { parseCycloneDx, type SbomComponent, type SbomParseResult } from '@ismf/core/cyclonedx';
import { newId } from '@ismf/core/ids';
import { parsePurl } from '@ismf/core/purl';
import { problems } from '@ismf/core/problems';
import { looksLikeSpdx, parseSpdx } from '@ismf/core/spdx';
import type { AssetData, AssetInput } from './rules.ts';
import { assetComponentsReplaced } from './events.ts';
import { deleteChildSet, putChildSet } from '@ismf/store/batch-write';
import { getEntity } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { assetEntity, componentEntity, type ComponentItem } from './entities.ts';
import { currentPolicy } from './policy.ts';
import { ASSET, assetView, registerInto, requireActiveUser } from './register.ts';

export const MAX_COMPONENTS = 20_000;

export interface ComponentSet {
  id: string;
  count: number;
  withProblems: number;
  specVersion: string;
  serialNumber?: string;
  importedAt: string;
}

/** The package a PURL names, without version: what advisories are matched on. */
function packageKey(purl: string | undefined): string | undefined {
  if (!purl) return undefined;
  const parsed = parsePurl(purl);
  if (!parsed.ok) return undefined;
  const { type, namespace, name } = parsed.purl;
  return [type, namespace, name].filter(Boolean).join('/');
}

/** SPDX when sent as application/spdx+json, or as plain JSON that names its spdxVersion; CycloneDX otherwise. */
export function sbomFormat(body: { mediaType: string; text: string }): 'SPDX' | 'CycloneDX' {
  if (body.mediaType === 'application/spdx+json') return 'SPDX';
  return body.mediaType === 'application/json' && looksLikeSpdx(body.text) ? 'SPDX' : 'CycloneDX';
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
  const { policy } = await currentPolicy(tenantId);
  let asset: StoredEntity<AssetData> | undefined;
  let created = false;
  if (assetId) {
    asset = await getEntity<AssetData>(tenantId, ASSET, assetId);
    if (!asset) throw problems.notFound(`asset ${assetId}`);
    if (asset.data.type !== 'software') {
      throw problems.unprocessable('components belong to a software asset', [{ path: 'query.asset', message: `asset ${assetId} is ${asset.data.type}` }]);
    }
  } else {
    const top = sbom.metadataComponent;
    if (!top?.name) {
      const field = format === 'SPDX' ? 'body.documentDescribes' : 'body.metadata.component';
      throw problems.invalid(`the SBOM names no ${field.slice(5)}: name the asset with ?asset=`, [{ path: field, message: 'required without ?asset=' }]);
    }
    if (!ownerId) throw problems.unprocessable('a new software asset needs an owner', [{ path: 'query.owner', message: 'required' }]);
    // The same rule as POST /assets and every import row: an active user of this tenant.
    await requireActiveUser(tenantId, ownerId, 'query.owner');
    const input: AssetInput = {
      name: [top.group, top.name, top.version].filter(Boolean).join(' ').slice(0, 200),
      type: 'software',
      owner: ownerId,
      classification: policy.classificationLevels[0]!.name,
      confidentiality: 3,
      integrity: 3,
      availability: 3,
      ...(top.purl ? { labels: [top.purl.slice(0, 60)] } : {}),
    };
    const work = new UnitOfWork({ ...ctx, reason: `registered from ${source} SBOM` });
    asset = registerInto(work, tenantId, input, policy);
    await work.commit();
    created = true;
  }

  const setId = newId();
  const importedAt = new Date().toISOString();
  await putChildSet(
    componentEntity,
    tenantId,
    asset.id,
    setId,
    sbom.components.map((component: SbomComponent): ComponentItem => {
      const pkg = packageKey(component.purl);
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
        problems: component.problems,
        // Components by package, across the tenant's assets (components.package).
        ...(pkg ? { package: pkg } : {}),
      };
    }),
  );
  const previous = asset.data.componentSet as ComponentSet | undefined;
  const componentSet: ComponentSet = {
    id: setId,
    count: sbom.components.length,
    withProblems: sbom.components.filter((component) => component.problems.length).length,
    specVersion: sbom.specVersion,
    ...(sbom.serialNumber ? { serialNumber: sbom.serialNumber } : {}),
    importedAt,
  };
  const current = (await getEntity<AssetData>(tenantId, ASSET, asset.id))!;
  const data = { ...current.data, componentSet };
  const work = new UnitOfWork({ ...ctx, reason: `component set replaced from ${source} SBOM` });
  const after = work.update(assetEntity, current, data);
  work.event(assetComponentsReplaced.of(tenantId, { assetId: asset.id, componentSetId: setId, count: componentSet.count }));
  try {
    await work.commit();
  } catch (error) {
    await deleteChildSet(componentEntity, tenantId, asset.id, setId);
    throw error;
  }
  if (previous) await deleteChildSet(componentEntity, tenantId, asset.id, previous.id);
  return {
    asset: assetView(after),
    created,
    componentSet,
    componentProblems: sbom.components
      .map((component, index) => ({
        component: index,
        name: component.name,
        ...(component.purl ? { purl: component.purl } : {}),
        problems: component.problems,
      }))
      .filter((component) => component.problems.length),
  };
}
