// (b, and X.1051 12.6.1) A CycloneDX VEX document beside a software asset's SBOM: what its producer states
// of its components for each vulnerability (not affected and why, resolved, exploitable …), kept on the
// components it names, so that advisory matching honours it. Statements of a later document replace an earlier
// one's for the same vulnerability; a component it does not name is reported, not guessed.
import { parseCycloneDx, type VexStatement } from '@ismf/core/cyclonedx';
import { problems } from '@ismf/core/problems';
import { childSetPage, putChildSetItems } from '@ismf/store/batch-write';
import { requireEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import type { ComponentSet } from './components.ts';
import { assetEntity, componentEntity, type ComponentItem } from './entities.ts';
import { assetVexImported } from './events.ts';
import { requireNotDisposed } from './register.ts';
import type { AssetData } from './rules.ts';
import { vexOf } from './sbom.ts';

const PAGE = 1000;

/** The asset's current component set, every item with its index. */
async function currentComponents(tenantId: string, assetId: string, setId: string) {
  const items: (ComponentItem & { index: number; setId?: string })[] = [];
  let cursor: string | undefined;
  do {
    const page = await childSetPage(componentEntity, tenantId, assetId, setId, { page: { limit: PAGE, ...(cursor ? { cursor } : {}) } });
    items.push(...(page.items as (ComponentItem & { index: number; setId?: string })[]));
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export async function importVex(ctx: WriteContext, tenantId: string, assetId: string, body: { mediaType: string; text: string }) {
  // Another tenant's asset is not there, whatever the body: the asset is read first.
  const asset = await requireEntity<AssetData>(tenantId, assetEntity.type, assetId, `asset ${assetId}`);
  requireNotDisposed(asset);
  let statements: VexStatement[];
  let serialNumber: string | undefined;
  try {
    const parsed = parseCycloneDx(body.text, body.mediaType.endsWith('xml') ? 'xml' : 'json');
    statements = parsed.vex;
    serialNumber = parsed.serialNumber;
  } catch (error) {
    throw problems.invalid(`the VEX document cannot be read: ${(error as Error).message}`, [{ path: 'body', message: (error as Error).message }]);
  }
  if (!statements.length) {
    const message = 'no vulnerability with an analysis state: a VEX document states what is exploitable';
    throw problems.invalid(`the document has ${message}`, [{ path: 'body.vulnerabilities', message }]);
  }
  const set = asset.data.componentSet as ComponentSet | undefined;
  if (!set) {
    throw problems.unprocessable('the asset has no components: import its SBOM first (POST /assets/sbom-import)', [
      { path: 'path.assetId', message: 'no component set' },
    ]);
  }
  const components = await currentComponents(tenantId, assetId, set.id);
  const named = new Set<string>();
  const changed: (ComponentItem & { index: number; setId?: string })[] = [];
  for (const component of components) {
    const { vex = [] } = vexOf(statements, { ref: component.bomRef, purl: component.purl });
    if (!vex.length) continue;
    for (const statement of statements) {
      for (const ref of statement.affects) if ([component.bomRef, component.purl].includes(ref.slice(ref.indexOf('#') + 1))) named.add(ref);
    }
    // This document's word on a vulnerability replaces an earlier one's; other vulnerabilities' statements stay.
    const ids = new Set(vex.map((statement) => statement.id));
    changed.push({ ...component, vex: [...(component.vex ?? []).filter((statement) => !ids.has(statement.id)), ...vex] });
  }
  const unmatched = [...new Set(statements.flatMap((statement) => statement.affects))].filter((ref) => !named.has(ref));
  // Rewritten in place: the same set, the same indexes (a keyed rewrite of the items it names).
  await putChildSetItems(
    componentEntity,
    tenantId,
    assetId,
    set.id,
    changed.map(({ index, setId: _set, ...attributes }) => ({ index, attributes })),
  );
  const work = new UnitOfWork({ ...ctx, reason: `VEX document with ${statements.length} statements${serialNumber ? ` (${serialNumber})` : ''}` });
  const imported = { at: work.at, statements: statements.length, components: changed.length, ...(serialNumber ? { serialNumber } : {}) };
  work.update(assetEntity, asset, { ...asset.data, lastVexImport: imported });
  work.event(assetVexImported.of(tenantId, { assetId, statements: statements.length, components: changed.length }));
  await work.commit();
  return { assetId, statements: statements.length, components: changed.length, unmatched: unmatched.slice(0, 100) };
}
