// (d) Re-valuation after the valuation rule changed: every asset's importance recomputed, each change
// its own audited version with an AssetChanged event. Runs asynchronously, from the policy event.
import { queryPatternPage } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { currentPolicy } from './policy.ts';
import { assetEntity } from './entities.ts';
import { changedEvent, revalued, reviewedSince } from './register.ts';
import { raiseFromDependents } from './dependencies.ts';
import { statusOf } from './rules.ts';

export async function revalueAssets(ctx: WriteContext, tenantId: string): Promise<{ examined: number; changed: number }> {
  const { policy } = await currentPolicy(tenantId);
  let cursor: string | undefined;
  let examined = 0;
  let changed = 0;
  // Whatever anything depends on: under a new rule its raise is recomputed once the register is re-valued.
  const dependedOn = new Set<string>();
  do {
    const page = await queryPatternPage(assetEntity, 'list', tenantId, {}, { page: { limit: 100, cursor } });
    for (const asset of page.items) {
      examined++;
      // A disposed asset keeps the value it had when it went.
      if (statusOf(asset.data) === 'disposed') continue;
      for (const target of asset.data.dependsOn ?? []) dependedOn.add(target);
      const data = revalued(asset.data, policy, reviewedSince(asset));
      const importance = data.importance;
      if (importance === asset.data.importance) continue;
      const reason = `re-valued by the ${policy.valuation.method} valuation rule`;
      const work = new UnitOfWork({ ...ctx, reason });
      const after = work.update(assetEntity, asset, data);
      work.event(changedEvent(tenantId, asset.data, after, ['importance'], reason));
      try {
        await work.commit();
        changed++;
      } catch (error) {
        // Changed meanwhile by someone else: that change was valued by the new rule already.
        if ((error as { status?: number }).status !== 412) throw error;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  for (const target of dependedOn) if ((await raiseFromDependents(ctx, tenantId, target)) === 'changed') changed++;
  return { examined, changed };
}
