// The platform's consumer: a tenant's schedules follow its onboarding and disabling.
import { defineConsumer } from '@ismf/events/consumers';
import { tenantDisabled, tenantOnboarded } from './events.ts';

export const provisionTenantSchedulesConsumer = defineConsumer({
  name: 'provisionTenantSchedules',
  description: 'Creates a tenant’s schedules (one per scheduled job) when it is onboarded, and removes them when it is disabled.',
  handler: 'functions/platform/provision-tenant-schedules.ts',
  access: {
    table: 'write',
    crossTenant: 'local schedule records live under the platform id; in AWS the schedules live in Scheduler',
    scheduler: true,
  },
  subscribes: [{ event: tenantOnboarded }, { event: tenantDisabled }],
});
