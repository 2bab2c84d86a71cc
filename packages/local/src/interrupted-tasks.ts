// On start, the local runtime marks the tasks that a previous run left waiting as interrupted: their
// tokens died with that run (Step Functions in AWS keeps its tokens, so this exists only locally).
import { listTenants } from '@ismf/directory/tenants';
import { interruptOrphanedTasks } from '@ismf/flows/interrupted';
import { withDataScope } from '@ismf/store/client';
import type { LocalFlows } from './local-flows.ts';

const SWEEP_ACCESS = { table: 'write', crossTenant: 'at start, the local runtime sweeps every tenant’s orphaned tasks' } as const;
const SWEEPER = { actor: { userId: 'system:local-runtime', roles: [] }, operation: 'interruptOrphanedTasks' };

/** Every tenant's orphaned tasks, or only the named tenants' (tests share one table). */
export async function interruptOrphanedLocalTasks(flows: LocalFlows, tenants?: string[]): Promise<number> {
  return withDataScope({ label: 'interruptOrphanedTasks', tenantOnly: false, access: SWEEP_ACCESS }, async () => {
    const ids = tenants ?? (await allTenants());
    let count = 0;
    for (const tenantId of ids) count += await interruptOrphanedTasks(SWEEPER, tenantId, (token) => flows.holds(token));
    return count;
  });
}

async function allTenants(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listTenants({ limit: 100, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((tenant) => tenant.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
