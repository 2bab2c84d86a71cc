// Conflicts: two changes on the same asset whose windows overlap. Read from the affected assets' index by
// asset and window start: a window is at most the tenant's maxWindowHours long, so every window that can
// overlap [start, end) starts in [start − maxWindowHours, end). One bounded Query per asset and one BatchGet
// of the distinct requests found answer it, however many changes the asset had before — never a scan.
import { getEntities, queryPattern } from '@ismf/store/entities';
import { changeAssetEntity, changeRequestEntity, type ChangeRequestData } from './entities.ts';
import { normalWindow, type ChangeState } from './rules.ts';
import { changeSettings } from './settings.ts';

const QUERIES_IN_FLIGHT = 8;

export interface Conflict {
  changeId: string;
  title: string;
  state: ChangeState;
  windowStart: string;
  windowEnd: string;
  /** The assets both changes affect (of those asked about). */
  assets: string[];
}

/**
 * The other changes, in one of `states`, whose window overlaps `window` on one of these assets. A shortened
 * maxWindowHours does not hide an older, longer window from it: pass `maxWindowHours` to look further back.
 */
export async function conflictsOf(
  tenantId: string,
  changeId: string,
  assetIds: readonly string[],
  window: { start: string; end: string },
  states: readonly ChangeState[] = ['authorized'],
  maxWindowHours?: number,
): Promise<Conflict[]> {
  const { start, end } = normalWindow(window);
  const hours = maxWindowHours ?? (await changeSettings(tenantId)).maxWindowHours;
  const earliest = new Date(Date.parse(start) - hours * 3_600_000).toISOString();
  const shared = new Map<string, string[]>();
  const assets = [...new Set(assetIds)];
  // A few queries in flight: a request may affect thousands of assets.
  for (let at = 0; at < assets.length; at += QUERIES_IN_FLIGHT) {
    const batch = assets.slice(at, at + QUERIES_IN_FLIGHT);
    const found = await Promise.all(
      batch.map((assetId) =>
        queryPattern(changeAssetEntity, 'byAsset', tenantId, { assetId }, { from: { windowStart: earliest }, before: { windowStart: end } }),
      ),
    );
    batch.forEach((assetId, index) => {
      for (const { data: item } of found[index]!) {
        if (item.changeId === changeId || item.windowEnd <= start) continue;
        shared.set(item.changeId, [...(shared.get(item.changeId) ?? []), assetId]);
      }
    });
  }
  if (shared.size === 0) return [];
  const found = await getEntities(
    tenantId,
    [...shared.keys()].map((id) => ({ type: changeRequestEntity.type, id })),
  );
  return [...shared].flatMap(([id, assets]) => {
    const other = found<ChangeRequestData>(changeRequestEntity.type, id);
    if (!other || !states.includes(other.data.state)) return [];
    return [{ changeId: id, title: other.data.title, state: other.data.state, windowStart: other.data.windowStart, windowEnd: other.data.windowEnd, assets }];
  });
}
