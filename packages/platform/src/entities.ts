// The platform's records: the tenant registry (under the platform id) and each tenant's own organization record.
import type { TenantData } from '@ismf/directory/rules';
import { defineEntity } from '@ismf/store/entity-model';

export const tenantEntity = defineEntity<TenantData>()({
  type: 'tenant',
  description: 'A tenant organization in the platform’s registry: name, status, first administrator.',
  audited: true,
});

export const organizationEntity = defineEntity<TenantData>()({
  type: 'organization',
  description: 'The tenant’s own record of itself, in its own partition: every request reads its status.',
  audited: true,
  // One record per tenant, read by its id on every request.
  listed: false,
});
