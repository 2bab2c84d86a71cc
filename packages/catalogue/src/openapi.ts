// The OpenAPI 3.1 document, generated from the operation catalogue and its zod schemas.
import * as z from 'zod';
import type { Operation } from './operation.ts';
import { PROBLEM_TITLES, PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@ismf/core/problems';

type JsonObject = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonObject;
  delete json.$schema;
  return json;
}

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'errors'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      description: 'https://ismf.dev/problems/<type>: each type has a page (docs/problems.md; locally served at /problems/<type>)',
    },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    mergedInto: { type: 'string', description: 'on a 410: the record this one was merged into' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'the bad field: body.email, query.limit, header.if-match …' },
          message: { type: 'string' },
        },
      },
    },
  },
};

const PROBLEMS: Record<string, string> = {
  '400': 'The request is not valid; `errors` names each bad field.',
  '401': 'No valid token.',
  '403': 'The caller’s roles do not allow this operation, or the tenant is disabled.',
  '404': 'No such record in the caller’s tenant.',
  '409': 'The record’s state does not allow this, or a unique value is taken.',
  '410': 'The record was merged into another: `mergedInto` names it, and so does the Location header.',
  '412': 'The record changed since the version named in If-Match.',
  '413': 'The body is larger than 5 MiB.',
  '415': 'The body is not JSON.',
  '422': 'The Idempotency-Key was used with another body, or the request cannot be processed.',
  '428': 'If-Match is required.',
};

/** The problem type a status answers with (its page: docs/problems.md). */
const typeOf = (status: string) => Object.entries(PROBLEM_TYPES).find(([, code]) => String(code) === status)?.[0] ?? 'invalid-request';

function problemExample(status: string): JsonObject {
  return {
    type: `${PROBLEM_TYPE_BASE}${typeOf(status)}`,
    title: PROBLEM_TITLES[Number(status)] ?? 'Error',
    status: Number(status),
    detail: PROBLEMS[status],
    errors: status === '400' ? [{ path: 'body.email', message: 'a valid e-mail address' }] : [],
    ...(status === '410' ? { mergedInto: '01JDQ8R6Z8W4X3N2K1M0P9Q7RV' } : {}),
  };
}

function errorStatuses(operation: Operation): string[] {
  const statuses = ['400'];
  if (!('public' in operation.callers)) statuses.push('401', '403');
  if (operation.params) statuses.push('404');
  if (operation.body || operation.rawBody) statuses.push('409', '413', '415');
  if (operation.versioned) statuses.push('412', '428');
  if (operation.idempotent) statuses.push('422');
  for (const status of operation.problems ?? []) if (!statuses.includes(String(status))) statuses.push(String(status));
  return statuses.sort();
}

function parameters(operation: Operation): JsonObject[] {
  const list: JsonObject[] = [];
  for (const [location, schema] of [
    ['path', operation.params],
    ['query', operation.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...propertySchema } = property;
      list.push({
        name,
        in: location,
        required: location === 'path' || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: propertySchema,
      });
    }
  }
  if (operation.idempotent) {
    list.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Retries with the same key and body answer with the first result; another body is refused (422).',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  if (operation.versioned) {
    list.push({
      name: 'If-Match',
      in: 'header',
      required: true,
      description: 'The ETag (version) of the record being changed, exactly as given (a strong tag such as "3"; a weak tag never matches).',
      schema: { type: 'string', pattern: '^"(0|[1-9][0-9]{0,11})"$' },
      example: '"1"',
    });
  }
  return list;
}

function operationObject(operation: Operation): JsonObject {
  const mediaTypes = operation.method === 'PATCH' ? ['application/merge-patch+json', 'application/json'] : ['application/json'];
  const responses: JsonObject = {
    [String(operation.successStatus)]: {
      description: { 201: 'Created', 202: 'Accepted: the work goes on after the answer' }[operation.successStatus as 201 | 202] ?? 'OK',
      ...(operation.successStatus === 202
        ? { headers: { Location: { description: 'where the accepted work is followed (its job)', schema: { type: 'string' } } } }
        : {}),
      content: { 'application/json': { schema: schemaOf(operation.response, 'output'), example: operation.examples.response } },
    },
  };
  if (operation.idempotent && (operation.successStatus === 201 || operation.successStatus === 202)) {
    responses['200'] = {
      description: 'Replayed: an earlier request with this Idempotency-Key and body was answered with this result',
      content: { 'application/json': { schema: schemaOf(operation.response, 'output') } },
    };
  }
  if (operation.method === 'GET' && (schemaOf(operation.response, 'output') as { properties?: Record<string, unknown> }).properties?.version) {
    responses['304'] = {
      description: 'Not Modified: If-None-Match named the version the record is at (weak comparison); no body',
      headers: { ETag: { description: 'the version, as a strong tag', schema: { type: 'string' } } },
    };
  }
  for (const status of errorStatuses(operation)) responses[status] = { $ref: `#/components/responses/Problem${status}` };
  const roles = 'public' in operation.callers ? 'anyone' : operation.callers.roles.join(', ');
  return {
    operationId: operation.name,
    summary: operation.summary,
    description: [
      operation.description,
      `Roles: ${roles}.`,
      operation.sort ? `Sorted ${operation.sort}.` : '',
      operation.clauses.length ? `X.1051 clauses: ${operation.clauses.join(', ')}.` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    tags: [operation.area],
    security: 'public' in operation.callers ? [] : [{ cognito: [] }],
    'x-ismf-roles': 'public' in operation.callers ? [] : operation.callers.roles,
    'x-ismf-clauses': operation.clauses,
    parameters: parameters(operation),
    ...(operation.rawBody
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(Object.entries(operation.rawBody.mediaTypes).map(([type, schema]) => [type, { schema }])),
          },
        }
      : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: schemaOf(operation.body!, 'input'), example: operation.examples.body }])),
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApi(operations: readonly Operation[], version = '0.1.0'): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const operation of operations) {
    paths[operation.path] = { ...(paths[operation.path] ?? {}), [operation.method.toLowerCase()]: operationObject(operation) };
  }
  const areas = [...new Set(operations.map((operation) => operation.area))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'ISMF API',
      version,
      summary: 'Information security management for telecommunication organizations (ITU-T X.1052)',
      description: 'Each tenant is one organization. Tenant and roles come from the verified token. Errors are RFC 9457 problem+json naming each bad field.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-ISMF-Proprietary' },
      contact: { name: 'ISMF', email: 'support@ismf.dev' },
    },
    servers: [
      { url: 'https://api.ismf.dev', description: 'production' },
      { url: 'http://127.0.0.1:3000', description: 'the local stack (npm start; PORT changes the port)' },
    ],
    tags: areas.map((area) => ({ name: area, description: `Operations of the ${area} area` })),
    paths,
    components: {
      securitySchemes: {
        cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito ID token (locally: `npm run -s token`).' },
      },
      schemas: { Problem: problemSchema },
      responses: Object.fromEntries(
        Object.entries(PROBLEMS).map(([status, description]) => [
          `Problem${status}`,
          {
            description,
            ...(status === '410' ? { headers: { Location: { description: 'the record it was merged into', schema: { type: 'string' } } } } : {}),
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example: problemExample(status) },
            },
          },
        ]),
      ),
    },
  };
}
