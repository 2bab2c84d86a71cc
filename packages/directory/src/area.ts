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
  tags: [
    {
      name: 'organization',
      group: 'Management areas (X.1052)',
      description:
        'Organization and personnel (X.1052 clause 9, table 3): the tenant’s user directory — who works there, their roles, managers and job titles. X.1051 11.2.1 user registration, 11.2.2 privilege management, 11.2.4 review of user access rights, 8.3.3 removal of access rights.',
    },
  ],
  clause: '9',
  operations: [listUsers, getUser, createUser, updateUser],
  events: [userCreated, userUpdated, userDisabled],
  entities: [userEntity],
  jobKinds: [userExportJob],
  evidenceSubjects: { user: getUser },
  people,
});
