import { currentRegistry } from '@ismf/app/areas';
import { consumerHandler } from '@ismf/events/consumer-handler';
import { provisionTenantSchedules, removeTenantSchedules } from '@ismf/events/schedule-provisioner';
import { provisionTenantSchedulesConsumer } from '@ismf/platform/consumers';

// Every area's scheduled jobs: a tenant gets one schedule per job of the registry.
export const handler = consumerHandler(provisionTenantSchedulesConsumer, async ({ detailType, detail }) => {
  if (detailType === 'TenantOnboarded') await provisionTenantSchedules(detail.tenantId, currentRegistry().jobs);
  else if (detailType === 'TenantDisabled') await removeTenantSchedules(detail.tenantId, currentRegistry().jobs);
});
