// Provisioning a tenant's schedules, one per scheduled job. The table keeps a record of each (the local
// scheduler fires from these); in AWS each is also an EventBridge Scheduler schedule in its job's group.
import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { runtimeConfig, requiredSetting } from '@ismf/core/config';
import { authorizeCapability } from '@ismf/store/capabilities';
import { recordSchedule, removeScheduleRecord } from '@ismf/store/schedule-records';
import type { ScheduledJob, ScheduledJobInput } from './schedules.ts';

export interface SchedulerTargets {
  /** Per job: the target function's ARN. */
  functions: Record<string, string>;
  /** The role EventBridge Scheduler assumes to invoke the targets. */
  roleArn: string;
  /** Per job: its schedule group. */
  groups: Record<string, string>;
}

/** What CDK hands the provisioner in AWS (SCHEDULER_TARGETS, required there); none locally, where the records are the schedules. */
function configuredTargets(): SchedulerTargets | undefined {
  const config = runtimeConfig();
  return config.runtime === 'aws' ? (JSON.parse(requiredSetting('schedulerTargets', config)) as SchedulerTargets) : undefined;
}

export async function provisionTenantSchedules(
  tenantId: string,
  scheduledJobs: readonly ScheduledJob[],
  client?: SchedulerClient,
  targets = configuredTargets(),
): Promise<void> {
  for (const job of scheduledJobs) {
    authorizeCapability('scheduler:CreateSchedule', `${job.name}/${tenantId}`);
    if (targets) {
      const input: ScheduledJobInput = { tenantId, job: job.name };
      try {
        await (client ?? new SchedulerClient({})).send(
          new CreateScheduleCommand({
            Name: tenantId,
            GroupName: targets.groups[job.name],
            ScheduleExpression: job.expression,
            ScheduleExpressionTimezone: 'UTC',
            FlexibleTimeWindow: { Mode: 'OFF' },
            State: 'ENABLED',
            Description: `${job.name} for ${tenantId}`,
            Target: {
              Arn: targets.functions[job.name],
              RoleArn: targets.roleArn,
              Input: JSON.stringify(input),
              RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
            },
          }),
        );
      } catch (error) {
        // Provisioning again (a redelivered event after a partial run) finds the schedule there: fine.
        if (!(error instanceof ConflictException) && (error as Error).name !== 'ConflictException') throw error;
      }
    }
    await recordSchedule(job.name, tenantId, job.expression);
  }
}

export async function removeTenantSchedules(
  tenantId: string,
  scheduledJobs: readonly ScheduledJob[],
  client?: SchedulerClient,
  targets = configuredTargets(),
): Promise<void> {
  for (const job of scheduledJobs) {
    authorizeCapability('scheduler:DeleteSchedule', `${job.name}/${tenantId}`);
    if (targets) {
      try {
        await (client ?? new SchedulerClient({})).send(new DeleteScheduleCommand({ Name: tenantId, GroupName: targets.groups[job.name] }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException') throw error;
      }
    }
    await removeScheduleRecord(job.name, tenantId);
  }
}
