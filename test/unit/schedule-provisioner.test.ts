// Provisioning in AWS: one EventBridge Scheduler schedule per tenant and job, in the job's group (no
// local engine serves Scheduler: its calls are checked against a mocked client; the table record is real).
import { registry } from '@ismf/app/areas';
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { provisionTenantSchedules, removeTenantSchedules } from '@ismf/events/schedule-provisioner';
import { withDataScope } from '@ismf/store/client';
import { listScheduleRecords } from '@ismf/store/schedule-records';

const { jobs: scheduledJobs } = registry;

const targets = {
  functions: Object.fromEntries(scheduledJobs.map((job) => [job.name, `arn:aws:lambda:eu-west-1:1:function:${job.name}`])),
  groups: Object.fromEntries(scheduledJobs.map((job) => [job.name, `ismf-${job.name}`])),
  roleArn: 'arn:aws:iam::1:role/scheduler',
};

describe('schedule provisioning', () => {
  it('creates one schedule per job for the tenant, records it, and removes both again', async () => {
    const scheduler = mockClient(SchedulerClient);
    scheduler.resolves({});
    const client = new SchedulerClient({ region: 'eu-west-1' });
    await provisionTenantSchedules('prov-telecom', scheduledJobs, client, targets);
    const created = scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input);
    expect(created).toHaveLength(scheduledJobs.length);
    expect(created[0]).toMatchObject({
      Name: 'prov-telecom',
      GroupName: 'ismf-seal-audit-digest',
      ScheduleExpression: 'rate(1 hour)',
      Target: {
        Arn: targets.functions['seal-audit-digest'],
        RoleArn: targets.roleArn,
        Input: JSON.stringify({ tenantId: 'prov-telecom', job: 'seal-audit-digest' }),
      },
    });
    expect((await listScheduleRecords('seal-audit-digest')).map((record) => record.tenantId)).toContain('prov-telecom');

    await removeTenantSchedules('prov-telecom', scheduledJobs, client, targets);
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]!.args[0].input).toEqual({ Name: 'prov-telecom', GroupName: 'ismf-seal-audit-digest' });
    expect((await listScheduleRecords('seal-audit-digest')).map((record) => record.tenantId)).not.toContain('prov-telecom');
    scheduler.restore();
  });

  it('in AWS never falls back to records only: without SCHEDULER_TARGETS it fails naming the variable, and creates nothing', async () => {
    const saved = { runtime: process.env.ISMF_RUNTIME, region: process.env.AWS_REGION, targets: process.env.SCHEDULER_TARGETS };
    process.env.ISMF_RUNTIME = 'aws';
    process.env.AWS_REGION = 'eu-west-1';
    delete process.env.SCHEDULER_TARGETS;
    try {
      await expect(provisionTenantSchedules('unset-telecom', scheduledJobs)).rejects.toThrow(/SCHEDULER_TARGETS/);
    } finally {
      for (const [name, value] of [
        ['ISMF_RUNTIME', saved.runtime],
        ['AWS_REGION', saved.region],
        ['SCHEDULER_TARGETS', saved.targets],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect((await listScheduleRecords('seal-audit-digest')).map((record) => record.tenantId)).not.toContain('unset-telecom');
  });

  it('locally refuses a function whose catalogue entry does not declare scheduler, as IAM would', async () => {
    const undeclared = { table: 'write', crossTenant: 'test' } as const;
    await expect(
      withDataScope({ label: 'sneakySchedules', tenantOnly: false, access: undeclared }, () => provisionTenantSchedules('sneaky-telecom', scheduledJobs)),
    ).rejects.toThrow(
      'sneakySchedules is not authorized to perform scheduler:CreateSchedule on seal-audit-digest/sneaky-telecom: its catalogue entry does not declare scheduler: true',
    );
    expect((await listScheduleRecords('seal-audit-digest')).map((record) => record.tenantId)).not.toContain('sneaky-telecom');
    const declared = { ...undeclared, scheduler: true } as const;
    await withDataScope({ label: 'provisionTenantSchedules', tenantOnly: false, access: declared }, () =>
      provisionTenantSchedules('sneaky-telecom', scheduledJobs),
    );
    expect((await listScheduleRecords('seal-audit-digest')).map((record) => record.tenantId)).toContain('sneaky-telecom');
  });
});
