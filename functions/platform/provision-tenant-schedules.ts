import { consumerDefinition } from '@ismf/events/consumers';
import { consumerHandler } from '@ismf/events/consumer-handler';
import { provisionTenantSchedules, removeTenantSchedules } from '@ismf/events/schedule-provisioner';

export const handler = consumerHandler(consumerDefinition('provisionTenantSchedules'), async ({ detailType, detail }) => {
  if (detailType === 'TenantOnboarded') await provisionTenantSchedules(detail.tenantId);
  else if (detailType === 'TenantDisabled') await removeTenantSchedules(detail.tenantId);
});
