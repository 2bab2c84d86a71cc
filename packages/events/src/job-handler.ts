// How a scheduled job is made: EventBridge Scheduler hands it {tenantId, job}; the logger carries both.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { tenantIdSchema } from '@ismf/core/ids';
import { logger } from '@ismf/http/logger';
import { withDataScope } from '@ismf/store/client';
import { enterTenantScope, isTenantFacing } from '@ismf/store/tenant-access';
import type { ScheduledJob } from './schedules.ts';

const inputSchema = z.strictObject({ tenantId: tenantIdSchema, job: z.string() });

export function jobHandler<R>(job: ScheduledJob, work: (tenantId: string) => Promise<R>) {
  const handler = middyHandler(job, work);
  return (event: unknown, context: Context) =>
    withDataScope({ label: job.name, tenantOnly: isTenantFacing(job.access), access: job.access }, () => handler(event, context));
}

function middyHandler<R>(job: ScheduledJob, work: (tenantId: string) => Promise<R>) {
  return middy<unknown, R, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const input = inputSchema.parse(event);
      if (input.job !== job.name) throw new Error(`${job.name} was invoked for ${input.job}`);
      logger.appendKeys({ job: job.name, tenantId: input.tenantId });
      if (isTenantFacing(job.access)) enterTenantScope(input.tenantId, job.access);
      return work(input.tenantId);
    });
}
