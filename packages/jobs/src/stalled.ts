// Jobs whose execution died (a crashed process, a restart of npm start, an execution that never started
// after its job was marked running): a job that has not moved for a while goes on in a new execution
// from its cursor. The chunks it finished are not run again; a chunk cut short is run again harmlessly.
import { withDataScope } from '@ismf/store/client';
import { queryPattern } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { jobEntity } from './entities.ts';
import { continueJob, type StoredJob } from './jobs.ts';

/** A running job whose last chunk finished longer ago than this is taken as stopped (a chunk takes seconds). */
export const STALLED_AFTER_MS = 15 * 60_000;

/** Continues the tenant's stalled jobs; the ids continued. `olderThanMs: 0` takes every running job (at a local start). */
export async function continueStalledJobs(write: WriteContext, tenantId: string, olderThanMs = STALLED_AFTER_MS, now = new Date()): Promise<string[]> {
  const running = (await queryPattern(jobEntity, 'byState', tenantId, { state: 'running' })) as StoredJob[];
  const continued: string[] = [];
  for (const job of running) {
    const last = Date.parse(job.data.heartbeatAt ?? job.data.startedAt ?? job.createdAt);
    if (now.getTime() - last < olderThanMs) continue;
    const work = new UnitOfWork({ ...write, reason: 'its execution stopped: continued from its cursor' });
    continueJob(work, tenantId, job);
    try {
      await work.commit();
      continued.push(job.id);
    } catch (error) {
      if ((error as { status?: number }).status !== 412) throw error; // it moved meanwhile: not stalled
    }
  }
  return continued;
}

const RESTART_ACCESS = { table: 'write', crossTenant: 'at start, the local runtime continues every tenant’s jobs that the previous run left running' } as const;

/**
 * At a local start: every running job of the tenants listed lost its execution with the previous run
 * (Step Functions in AWS keeps executions, and the scheduled watchdog covers their deaths there).
 */
export async function continueInterruptedJobs(tenants: () => Promise<string[]>): Promise<number> {
  return withDataScope({ label: 'continueInterruptedJobs', tenantOnly: false, access: RESTART_ACCESS }, async () => {
    let count = 0;
    const write = { actor: { userId: 'system:local-runtime', roles: [] }, operation: 'continueInterruptedJobs' };
    for (const tenantId of await tenants()) count += (await continueStalledJobs(write, tenantId, 0)).length;
    return count;
  });
}
