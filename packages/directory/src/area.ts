// Organization and personnel (X.1052 clause 9): so far the tenant's user directory and its people.
import { defineArea } from '@ismf/area/declaration';
import { userEntity } from './entities.ts';
import { userCreated, userDisabled, userUpdated } from './events.ts';
import { userExportJob } from './job-kinds.ts';
import { createUser, getUser, listUsers, updateUser } from './operations.ts';
import { people } from './people.ts';

export const organizationArea = defineArea({
  area: 'organization',
  title: 'Organization and personnel',
  clause: '9',
  operations: [listUsers, getUser, createUser, updateUser],
  events: [userCreated, userUpdated, userDisabled],
  entities: [userEntity],
  jobKinds: [userExportJob],
  evidenceSubjects: { user: getUser },
  people,
});
