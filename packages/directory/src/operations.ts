// The tenant's user directory, kept by its administrators (X.1051 11.2 user access management).
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/ids';
import { tenantRoleSchema } from '@ismf/core/roles';
import { userInputSchema, userPatchSchema, userStatusSchema } from './rules.ts';
import { defineOperation } from '@ismf/catalogue/operation';
import { entityMeta, EXAMPLE_ID, EXAMPLE_TIME, nameSchema, pageOf, pageQuery } from '@ismf/catalogue/common';
import { userEntity } from './entities.ts';

export const userSchema = z.object({
  ...entityMeta,
  email: z.string(),
  displayName: z.string().optional().describe('how the person is called (absent only for a tenant’s first admin onboarded without one)'),
  jobTitle: z.string().optional(),
  roles: z.array(tenantRoleSchema),
  status: userStatusSchema,
  managerId: z.string().optional().describe('the line manager’s user id'),
  notifications: z.record(z.string(), z.enum(['immediate', 'daily-digest'])).optional(),
});
nameSchema(userSchema, 'User', 'A user of the tenant’s directory.');

const exampleUser = {
  id: EXAMPLE_ID,
  email: 'analyst@acme-telecom.example',
  displayName: 'Dana Analyst',
  jobTitle: 'Security analyst',
  roles: ['security-officer' as const],
  status: 'active' as const,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};

const readers = { roles: ['admin', 'security-officer', 'auditor'] } as const;
const admins = { roles: ['admin'] } as const;
const userPath = z.strictObject({ userId: ulidSchema });
const CLAUSES = ['11.2.1', '11.2.2', '8.3.3'];

export const listUsers = defineOperation({
  name: 'listUsers',
  area: 'organization',
  method: 'GET',
  path: '/users',
  summary: 'List the tenant’s users',
  description: 'Pages through the user directory of the caller’s tenant.',
  handler: 'functions/organization/list-users.ts',
  callers: readers,
  clauses: ['11.2.2', '11.2.4'],
  access: { table: 'read' },
  patterns: [userEntity.patterns.list],
  query: pageQuery,
  response: pageOf(userSchema),
  successStatus: 200,
  sort: 'by creation time (user id), ascending',
  examples: { response: { items: [exampleUser] } },
});

export const getUser = defineOperation({
  name: 'getUser',
  area: 'organization',
  method: 'GET',
  path: '/users/{userId}',
  summary: 'Get a user',
  description: 'One user of the caller’s tenant. The ETag is the version a PATCH must name.',
  handler: 'functions/organization/get-user.ts',
  callers: readers,
  clauses: ['11.2.4'],
  access: { table: 'read' },
  params: userPath,
  response: userSchema,
  successStatus: 200,
  examples: { response: exampleUser },
});

export const createUser = defineOperation({
  name: 'createUser',
  area: 'organization',
  method: 'POST',
  path: '/users',
  summary: 'Register a user',
  description:
    'Registers a user of the caller’s tenant with their name, optional job title and roles (in AWS also the Cognito sign-in account). One user per e-mail address in a tenant. Accepts Idempotency-Key.',
  handler: 'functions/organization/create-user.ts',
  callers: admins,
  clauses: CLAUSES,
  access: {
    table: 'write',
    identityProvider: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminDeleteUser'],
  },
  body: userInputSchema,
  response: userSchema,
  successStatus: 201,
  idempotent: true,
  examples: {
    body: { email: 'analyst@acme-telecom.example', displayName: 'Dana Analyst', jobTitle: 'Security analyst', roles: ['security-officer'] },
    response: exampleUser,
  },
});

export const updateUser = defineOperation({
  name: 'updateUser',
  area: 'organization',
  method: 'PATCH',
  path: '/users/{userId}',
  summary: 'Change a user’s name, job title, roles or status',
  description:
    'A JSON merge patch of display name, job title (null removes it), roles or status. A new name shows wherever a record names the user within a minute. A disabled account and a removed role stop working at once, even with tokens issued before (each request is authorized with the roles the directory holds now), and the user is signed out of every session. Needs If-Match with the version from the ETag; an optional `reason` is kept in the audit trail.',
  handler: 'functions/organization/update-user.ts',
  callers: admins,
  clauses: CLAUSES,
  access: {
    table: 'write',
    identityProvider: [
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminRemoveUserFromGroup',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminUserGlobalSignOut',
    ],
  },
  params: userPath,
  body: userPatchSchema,
  response: userSchema,
  successStatus: 200,
  problems: [422], // managerId names no other active user
  versioned: true,
  examples: {
    body: { roles: ['security-officer', 'auditor'], reason: 'joins the audit team' },
    response: { ...exampleUser, roles: ['security-officer', 'auditor'], version: 2 },
  },
});
