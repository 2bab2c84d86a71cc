// How a scheduled job is made, on the instrumented handler: EventBridge Scheduler hands it {tenantId, job};
// the logger carries both. A failure is rethrown, so that Scheduler retries it (and counted as a Failure).
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { tenantIdSchema } from '@ismf/core/ids';
import { enterTenant, instrumentedHandler } from '@ismf/handler/instrumented-handler';
import type { ScheduledJob } from './schedules.ts';

const inputSchema = z.strictObject({ tenantId: tenantIdSchema, job: z.string() });

export function jobHandler<R>(job: ScheduledJob, work: (tenantId: string) => Promise<R>) {
  return instrumentedHandler<unknown, R, Context>({
    kind: 'job',
    name: job.name,
    access: job.access,
    work: async (event) => {
      const input = inputSchema.parse(event);
      if (input.job !== job.name) throw new Error(`${job.name} was invoked for ${input.job}`);
      enterTenant(input.tenantId);
      return work(input.tenantId);
    },
  });
}
