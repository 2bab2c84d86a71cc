// A synthetic operation catalogue of any size, for the scale test: the real operations cloned round after
// round under new names and new resource roots (`/assets/{assetId}` → `/r3-assets/{assetId}`), spread
// evenly over every area. Clones keep everything else (handler, access, callers), so they build exactly
// the resources a real operation builds.
import { registry } from '@ismf/app/areas';
import type { Registry } from '@ismf/area/registry';
import type { Operation } from '@ismf/catalogue/operation';

const catalogue = registry.operations;
/** Today's areas and the management areas still to come (X.1052 clauses 7, 8, 11, 12, 13). */
export const AREAS = [...new Set([...registry.areas.map((area) => area.area), 'policy', 'risk', 'acquisition', 'operations', 'incidents'])];

/** `count` operations: round 0 is the real catalogue's paths, round r the same paths under `r<r>-`-prefixed roots. */
export function syntheticOperations(count: number): Operation[] {
  return Array.from({ length: count }, (_, index) => {
    const base = catalogue[index % catalogue.length]!;
    const round = Math.floor(index / catalogue.length);
    const path = round === 0 ? base.path : base.path.replace(/^\/([^/]+)/, `/r${round}-$1`);
    return { ...base, name: round === 0 ? base.name : `${base.name}R${round}`, path, area: AREAS[index % AREAS.length]! };
  });
}

/** The composed registry with a synthetic catalogue of `count` operations in place of the real one. */
export function syntheticRegistry(count: number): Registry {
  return { ...registry, operations: syntheticOperations(count) };
}
