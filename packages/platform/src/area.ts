// The platform's own area: liveness, the API document, and the tenants (onboarding, disabling, schedules).
import { defineArea } from '@ismf/area/declaration';
import { provisionTenantSchedulesConsumer } from './consumers.ts';
import { organizationEntity, tenantEntity } from './entities.ts';
import { tenantDisabled, tenantOnboarded } from './events.ts';
import { createTenant, disableTenant, getTenant, health, listTenants, openApiDocument } from './operations.ts';

export const platformArea = defineArea({
  area: 'platform',
  title: 'Platform',
  tags: [
    {
      name: 'platform',
      group: 'Platform',
      description:
        'The platform itself: liveness, this document, and the tenants — onboarding an organization with its first administrator, listing and disabling tenants (platform operators only). X.1051 6.1.3 allocation of information security responsibilities.',
    },
  ],
  operations: [health, openApiDocument, createTenant, listTenants, getTenant, disableTenant],
  events: [tenantOnboarded, tenantDisabled],
  consumers: [provisionTenantSchedulesConsumer],
  entities: [tenantEntity, organizationEntity],
});
