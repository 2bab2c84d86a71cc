// The organization's records: the tenant's users (the directory).
import { defineEntity } from '@ismf/store/entity-model';

export const userEntity = defineEntity({
  type: 'user',
  description: 'A person of the tenant: e-mail, roles, status, manager, sign-in account and notification choices.',
  audited: true,
});
