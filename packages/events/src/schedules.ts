// Every scheduled job, declared once: its expression and target. In AWS, one EventBridge Scheduler
// schedule per tenant and job, in a schedule group per job; locally, the local scheduler fires them.
import type { TableAccess } from '@ismf/catalogue/operation';

export interface ScheduledJob {
  name: string;
  /** An EventBridge Scheduler expression: rate(…) or cron(…), in UTC. */
  expression: string;
  description: string;
  handler: string;
  access: TableAccess;
  /** X.1051 clauses the job serves. */
  clauses: readonly string[];
}

export const scheduledJobs: readonly ScheduledJob[] = [
  {
    name: 'seal-audit-digest',
    expression: 'rate(1 hour)',
    description: 'Seals each completed hour of the tenant’s audit trail into a signed digest chained to the previous one.',
    handler: 'functions/audit/seal-audit-digest.ts',
    access: { table: 'write', indexes: ['GSI2'], signing: 'sign' },
    clauses: ['10.10.3'],
  },
  {
    name: 'asset-review-due',
    expression: 'cron(0 6 * * ? *)',
    description: 'Announces the assets whose periodic review has fallen due (AssetReviewDue), once per asset and due date.',
    handler: 'functions/assets/announce-due-reviews.ts',
    access: { table: 'write', indexes: ['GSI4'] },
    clauses: ['7.1.1'],
  },
  {
    name: 'notification-digest',
    expression: 'cron(0 7 * * ? *)',
    description: 'Sends each user who chose a daily digest one e-mail with the notifications gathered since the last one.',
    handler: 'functions/notifications/send-notification-digests.ts',
    access: { table: 'write', indexes: ['GSI1', 'GSI4'], mail: true },
    clauses: ['13.2.1'],
  },
];

export function scheduledJob(name: string): ScheduledJob | undefined {
  return scheduledJobs.find((job) => job.name === name);
}

/** The input a schedule hands its target: the tenant it runs for. */
export interface ScheduledJobInput {
  tenantId: string;
  job: string;
}
