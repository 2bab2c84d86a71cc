// The organization's bulk jobs: the user directory as a file, for an access review.
import * as z from 'zod';
import { defineJobKind } from '@ismf/area/job-kind';
import { userEntity } from './entities.ts';

export const userExportJob = defineJobKind({
  kind: 'user-export',
  area: 'organization',
  title: 'User export',
  description:
    "Writes the tenant’s user directory to a CSV file for an access review: one line per user with id, email, displayName, jobTitle, roles (joined by `;`), status, managerId, managerEmail, createdAt, updatedAt and version. A cell a spreadsheet would run as a formula starts with a `'`. The file is kept 7 days.",
  roles: ['admin'],
  parameters: z.strictObject({}),
  queue: 'export',
  // User registration (11.2.1), privilege management (11.2.2), review of user access rights (11.2.4).
  clauses: ['11.2.1', '11.2.2', '11.2.4'],
  chunk: { handler: 'functions/organization/export-users-chunk.ts', access: { table: 'write', objects: 'write' }, patterns: [userEntity.patterns.list] },
});
