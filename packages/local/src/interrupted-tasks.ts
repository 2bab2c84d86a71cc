// On start, the local runtime marks the tasks that a previous run left waiting as interrupted: their
// tokens died with that run (Step Functions in AWS keeps its tokens, so this exists only locally).
import { interruptOrphanedTasks } from '@ismf/flows/interrupted';
import type { SubjectKindLookup } from '@ismf/flows/subject-kind';
import { withDataScope } from '@ismf/store/client';
import type { LocalFlows } from './local-flows.ts';

const SWEEP_ACCESS = { table: 'write', crossTenant: 'at start, the local runtime sweeps every tenant’s orphaned tasks' } as const;
const SWEEPER = { actor: { userId: 'system:local-runtime', roles: [] }, operation: 'interruptOrphanedTasks' };

/** Every tenant's orphaned tasks (the tenants listed by `tenants`: every tenant, or only a test's own). */
export async function interruptOrphanedLocalTasks(flows: LocalFlows, subjectKind: SubjectKindLookup, tenants: () => Promise<string[]>): Promise<number> {
  return withDataScope({ label: 'interruptOrphanedTasks', tenantOnly: false, access: SWEEP_ACCESS }, async () => {
    let count = 0;
    for (const tenantId of await tenants()) count += await interruptOrphanedTasks(SWEEPER, tenantId, (token) => flows.holds(token), subjectKind);
    return count;
  });
}
