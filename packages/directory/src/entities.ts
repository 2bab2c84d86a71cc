// The organization's records: the tenant's users (the directory).
import type { UserData } from './rules.ts';
import { defineEntity } from '@ismf/store/entity-model';

export const userEntity = defineEntity<UserData>()({
  type: 'user',
  description: 'A person of the tenant: e-mail, roles, status, manager, sign-in account and notification choices.',
  audited: true,
  // Personal data: the audit trail keeps salted digests of these, never their values.
  sensitive: ['displayName', 'email'],
  // User registration (11.2.1) and privilege management (11.2.2).
  controls: ['11.2.1', '11.2.2'],
  label: (user) => user.displayName ?? user.email,
  link: (id) => `/users/${id}`,
  patterns: {
    /** A manager's team: the users whose managerId is theirs (a user without a manager is on no team). */
    byManager: { index: 'GSI3', partition: ['managerId'], sort: ['id'] },
  },
});
