// Which job runs: one per tenant and queue. A job takes its queue's slot (a unique value the job holds)
// in the same transaction that marks it running, so two dispatchers racing start it once; the slot is
// given back when the job ends. Executions are named `<jobId>-<execution>`, so a repeated start is a no-op.
import { flowRuntime } from '@ismf/flows/flow-runtime';
import { getEntity, queryPattern } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { jobEntity } from './entities.ts';
import type { JobData, StoredJob } from './jobs.ts';

/** The unique name under which a running job holds its queue: one per tenant and queue. */
export const QUEUE_SLOT = 'job-queue-slot';

export const jobFlowName = (kind: string) => `job-${kind}`;

export function executionInput(tenantId: string, jobId: string) {
  return { flow: { tenantId, flowId: jobId } };
}

export async function startExecution(tenantId: string, job: StoredJob): Promise<void> {
  await flowRuntime().startExecution(jobFlowName(job.data.kind), `${job.id}-${job.data.execution}`, executionInput(tenantId, job.id));
}

/** Starts the oldest queued job of the queue if the queue is free; the started job, if any. */
export async function startNextJob(ctx: WriteContext, tenantId: string, queue: string): Promise<StoredJob | undefined> {
  const queued = (await queryPattern(jobEntity, 'byState', tenantId, { state: 'queued' }, { where: { queue } })) as StoredJob[];
  for (const job of queued) {
    const work = new UnitOfWork({ ...ctx, reason: 'its turn in the queue' });
    const data: JobData = { ...job.data, state: 'running', execution: job.data.execution + 1, heartbeatAt: work.at, startedAt: job.data.startedAt ?? work.at };
    const after = work.update(jobEntity, job, data);
    work.unique(tenantId, QUEUE_SLOT, queue, 'queue', job.id);
    try {
      await work.commit();
    } catch (error) {
      const status = (error as { status?: number }).status;
      // 409: the queue's slot is held (another job runs); 412: this job changed (cancelled) — try the next.
      if (status === 409) return undefined;
      if (status === 412) continue;
      throw error;
    }
    await startExecution(tenantId, after);
    return after;
  }
  return undefined;
}

/** A running job's next execution (after JobContinued), if it still runs at that execution. */
export async function startContinuation(tenantId: string, jobId: string, execution: number): Promise<void> {
  const job = await getEntity<JobData>(tenantId, jobEntity.type, jobId);
  if (job?.data.state === 'running' && job.data.execution === execution) await startExecution(tenantId, job);
}
