// The directory's answer to the generic machinery (notification recipients, a manager's team): the
// tenant's active people, read through the user list and the by-manager index.
import type { People, Person } from '@ismf/core/people';
import type { UserData } from '@ismf/core/tenancy';
import { entityFromItem } from '@ismf/store/entities';
import { keys } from '@ismf/store/keys';
import { queryIndex } from '@ismf/store/query';
import type { StoredEntity } from '@ismf/store/unit-of-work';

const USER = 'user';

function person(user: StoredEntity<UserData>): Person {
  return {
    id: user.id,
    subject: user.data.subject,
    email: user.data.email,
    ...(user.data.displayName ? { displayName: user.data.displayName } : {}),
    roles: user.data.roles,
    ...(user.data.notifications ? { notifications: user.data.notifications } : {}),
  };
}

const activePeople = (items: Record<string, unknown>[]) =>
  items
    .map((item) => entityFromItem<UserData>(item))
    .filter((user) => user.data.status === 'active')
    .map(person);

export const people: People = {
  active: async (tenantId) => activePeople(await queryIndex('GSI1', keys.entityList(tenantId, USER))),
  teamOf: async (tenantId, managerId) => activePeople(await queryIndex('GSI3', keys.entityBy(tenantId, USER, 'managerId', managerId))),
};
