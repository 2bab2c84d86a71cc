// A synthetic operation catalogue of any size, for the scale test: the real operations cloned round after
// round under new names and new resource roots (`/assets/{assetId}` → `/r3-assets/{assetId}`), spread
// evenly over every area. Clones keep everything else (handler, access, callers), so they build exactly
// the resources a real operation builds.
import { operations as catalogue } from '@ismf/catalogue/catalogue';
import type { Area, Operation } from '@ismf/catalogue/operation';

/** Every value of Area (the compiler checks the list is complete and exact). */
const AREA_VALUES = {
  platform: true,
  audit: true,
  policy: true,
  risk: true,
  organization: true,
  assets: true,
  acquisition: true,
  operations: true,
  incidents: true,
} satisfies Record<Area, true>;
export const AREAS = Object.keys(AREA_VALUES) as Area[];

/** `count` operations: round 0 is the real catalogue's paths, round r the same paths under `r<r>-`-prefixed roots. */
export function syntheticOperations(count: number): Operation[] {
  return Array.from({ length: count }, (_, index) => {
    const base = catalogue[index % catalogue.length]!;
    const round = Math.floor(index / catalogue.length);
    const path = round === 0 ? base.path : base.path.replace(/^\/([^/]+)/, `/r${round}-$1`);
    return { ...base, name: round === 0 ? base.name : `${base.name}R${round}`, path, area: AREAS[index % AREAS.length]! };
  });
}
