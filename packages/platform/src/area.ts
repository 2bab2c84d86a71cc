// The platform's own area: liveness, the API document, and the tenants (onboarding, disabling, schedules).
import { defineArea } from '@ismf/area/declaration';
import { provisionTenantSchedulesConsumer } from './consumers.ts';
import { organizationEntity, tenantEntity } from './entities.ts';
import { tenantDisabled, tenantOnboarded } from './events.ts';
import { createTenant, disableTenant, getTenant, health, listTenants, openApiDocument } from './operations.ts';

export const platformArea = defineArea({
  area: 'platform',
  title: 'Platform',
  operations: [health, openApiDocument, createTenant, listTenants, getTenant, disableTenant],
  events: [tenantOnboarded, tenantDisabled],
  consumers: [provisionTenantSchedulesConsumer],
  entities: [tenantEntity, organizationEntity],
});
