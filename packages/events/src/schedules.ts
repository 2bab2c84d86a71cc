// The shape of a scheduled job: its expression and target. Areas declare their jobs. In AWS, one
// EventBridge Scheduler schedule per tenant and job, in a schedule group per job; locally, the local
// scheduler fires them.
import type { TableAccess } from '@ismf/core/access';
import { accessFor, type AccessPattern } from '@ismf/store/entity-model';

export interface ScheduledJob {
  name: string;
  /** An EventBridge Scheduler expression: rate(…) or cron(…), in UTC. */
  expression: string;
  description: string;
  handler: string;
  /** What the job reaches: `indexes` follows from `patterns`. */
  access: TableAccess;
  /** The access patterns the job reads: its indexes are theirs. */
  patterns?: readonly AccessPattern[];
  /** X.1051 clauses the job serves. */
  clauses: readonly string[];
}

export function defineJob(job: ScheduledJob): ScheduledJob {
  if (!/^[a-z][a-z0-9-]{2,40}$/.test(job.name)) throw new Error(`job name ${job.name} is not kebab-case`);
  return { ...job, access: accessFor(`job ${job.name}`, job.access, job.patterns) };
}

/** The input a schedule hands its target: the tenant it runs for. */
export interface ScheduledJobInput {
  tenantId: string;
  job: string;
}
