// The platform's operations: liveness and the API document (open to anyone), and the tenants —
// onboarding, listing, disabling (platform operators only).
import * as z from 'zod';
import { tenantIdSchema } from '@ismf/core/ids';
import { PLATFORM_OPERATOR } from '@ismf/core/roles';
import { tenantInputSchema, tenantStatusSchema } from '@ismf/directory/rules';
import { defineOperation } from '@ismf/catalogue/operation';
import { entityMeta, EXAMPLE_ID, EXAMPLE_TIME, nameSchema, pageOf, pageQuery } from '@ismf/catalogue/common';
import { userSchema } from '@ismf/directory/operations';
import { tenantEntity } from './entities.ts';

const operators = { roles: [PLATFORM_OPERATOR] } as const;
const CROSS_TENANT = 'the tenant registry lives under the platform id, outside every tenant';

export const tenantSchema = z.object({
  ...entityMeta,
  name: z.string(),
  status: tenantStatusSchema,
  adminEmail: z.string(),
  disabledAt: z.iso.datetime().optional(),
  disabledReason: z.string().optional(),
});
nameSchema(tenantSchema, 'Tenant', 'A tenant: one organization.');

const exampleTenant = {
  id: 'acme-telecom',
  name: 'ACME Telecom',
  status: 'active' as const,
  adminEmail: 'ciso@acme-telecom.example',
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};

const tenantPath = z.strictObject({ tenantId: tenantIdSchema });

export const createTenant = defineOperation({
  name: 'createTenant',
  area: 'platform',
  method: 'POST',
  path: '/tenants',
  summary: 'Onboard a tenant organization',
  description:
    'Registers the organization, creates its first administrator (in AWS also the Cognito user carrying the tenant claim) and starts its schedules. Accepts Idempotency-Key.',
  handler: 'functions/platform/create-tenant.ts',
  callers: operators,
  clauses: ['6.1.3'],
  access: {
    table: 'write',
    crossTenant: 'onboarding writes the platform registry and the new tenant’s first records',
    identityProvider: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminDeleteUser'],
  },
  body: tenantInputSchema,
  response: z.object({ tenant: tenantSchema, admin: userSchema }),
  successStatus: 201,
  idempotent: true,
  examples: {
    body: { slug: 'acme-telecom', name: 'ACME Telecom', adminEmail: 'ciso@acme-telecom.example' },
    response: {
      tenant: exampleTenant,
      admin: {
        id: EXAMPLE_ID,
        email: 'ciso@acme-telecom.example',
        roles: ['admin'],
        status: 'active',
        version: 1,
        createdAt: EXAMPLE_TIME,
        updatedAt: EXAMPLE_TIME,
      },
    },
  },
});

export const listTenants = defineOperation({
  name: 'listTenants',
  area: 'platform',
  method: 'GET',
  path: '/tenants',
  summary: 'List tenants',
  description: 'Pages through the tenant registry.',
  handler: 'functions/platform/list-tenants.ts',
  callers: operators,
  clauses: [],
  access: { table: 'read', crossTenant: CROSS_TENANT },
  patterns: [tenantEntity.patterns.list],
  query: pageQuery,
  response: pageOf(tenantSchema),
  successStatus: 200,
  sort: 'by tenant id, ascending',
  examples: { response: { items: [exampleTenant] } },
});

export const getTenant = defineOperation({
  name: 'getTenant',
  area: 'platform',
  method: 'GET',
  path: '/tenants/{tenantId}',
  summary: 'Get a tenant',
  description: 'One tenant of the registry.',
  handler: 'functions/platform/get-tenant.ts',
  callers: operators,
  clauses: [],
  access: { table: 'read', crossTenant: CROSS_TENANT },
  params: tenantPath,
  response: tenantSchema,
  successStatus: 200,
  examples: { response: exampleTenant },
});

export const disableTenant = defineOperation({
  name: 'disableTenant',
  area: 'platform',
  method: 'POST',
  path: '/tenants/{tenantId}/disablement',
  summary: 'Disable a tenant',
  description: 'Refuses every further request of the tenant’s users and stops its schedules; the data is kept.',
  handler: 'functions/platform/disable-tenant.ts',
  callers: operators,
  clauses: [],
  access: { table: 'write', crossTenant: 'disabling writes the platform registry and the tenant’s own status record' },
  params: tenantPath,
  body: z.strictObject({ reason: z.string().trim().min(1).max(1000) }),
  response: tenantSchema,
  successStatus: 200,
  examples: {
    body: { reason: 'contract ended' },
    response: { ...exampleTenant, status: 'disabled', disabledAt: EXAMPLE_TIME, disabledReason: 'contract ended', version: 2 },
  },
});

export const health = defineOperation({
  name: 'health',
  area: 'platform',
  method: 'GET',
  path: '/health',
  summary: 'Check that the API is up',
  description: 'Answers 200 while the API can serve requests. Needs no token.',
  handler: 'functions/platform/health.ts',
  callers: { public: true },
  clauses: [],
  access: { table: 'none' },
  response: z.object({ status: z.literal('ok'), time: z.iso.datetime() }),
  successStatus: 200,
  examples: { response: { status: 'ok', time: '2026-11-29T09:30:00.000Z' } },
});

export const openApiDocument = defineOperation({
  name: 'getOpenApiDocument',
  area: 'platform',
  method: 'GET',
  path: '/openapi.json',
  summary: 'Get this API as an OpenAPI 3.1 document',
  description: 'The OpenAPI 3.1 document generated from the operation catalogue. Needs no token.',
  handler: 'functions/platform/openapi.ts',
  callers: { public: true },
  clauses: [],
  access: { table: 'none' },
  response: z.object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }) }).loose(),
  successStatus: 200,
  examples: { response: { openapi: '3.1.0', info: { title: 'ISMF API', version: '0.1.0' } } },
});
