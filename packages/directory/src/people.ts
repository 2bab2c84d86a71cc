// The directory's answer to the generic machinery (notification recipients, a manager's team): the
// tenant's active people, read through the user list and users.byManager (PEOPLE_PATTERNS in the store
// names the same two for the generic declarations that read people). Names: store/people-names.ts.
import type { People, Person } from '@ismf/core/people';
import type { UserData } from './rules.ts';
import { queryPattern } from '@ismf/store/entities';
import type { StoredEntity } from '@ismf/store/unit-of-work';
import { userEntity } from './entities.ts';

function person(user: StoredEntity<UserData>): Person {
  return {
    id: user.id,
    subject: user.data.subject,
    email: user.data.email,
    ...(user.data.displayName ? { displayName: user.data.displayName } : {}),
    ...(user.data.jobTitle ? { jobTitle: user.data.jobTitle } : {}),
    roles: user.data.roles,
    ...(user.data.notifications ? { notifications: user.data.notifications } : {}),
  };
}

const activePeople = (users: StoredEntity<UserData>[]) => users.filter((user) => user.data.status === 'active').map(person);

export const people: People = {
  active: async (tenantId) => activePeople(await queryPattern(userEntity, 'list', tenantId, {})),
  teamOf: async (tenantId, managerId) => activePeople(await queryPattern(userEntity, 'byManager', tenantId, { managerId })),
};
