// How a scheduled job is made: EventBridge Scheduler hands it {tenantId, job}; the logger carries both.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { tenantIdSchema } from '@ismf/core/ids';
import { logger } from '@ismf/http/logger';
import type { ScheduledJob } from './schedules.ts';

const inputSchema = z.strictObject({ tenantId: tenantIdSchema, job: z.string() });

export function jobHandler<R>(job: ScheduledJob, work: (tenantId: string) => Promise<R>) {
  return middy<unknown, R, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const input = inputSchema.parse(event);
      if (input.job !== job.name) throw new Error(`${job.name} was invoked for ${input.job}`);
      logger.appendKeys({ job: job.name, tenantId: input.tenantId });
      return work(input.tenantId);
    });
}
