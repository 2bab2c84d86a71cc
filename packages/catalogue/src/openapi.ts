// The OpenAPI 3.1 document, generated from the operation catalogue and its zod schemas: every body and
// response a named component (openapi-schemas.ts), the headers each answer carries, the statuses each
// operation can answer, and a tag per documentation group (described by the areas: the registry's `tags`).
import * as z from 'zod';
import type { Operation } from './operation.ts';
import { PROBLEM_TITLES, PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@ismf/core/problems';
import { COMPONENT_SCHEMAS, namedSchemas, pascal, type NamedSchemas } from './openapi-schemas.ts';

type JsonObject = Record<string, unknown>;

/** A path or query schema as JSON Schema, for its parameters (inline: a parameter is no named type). */
function parameterSchema(schema: z.ZodType): JsonObject {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonObject;
  if (json.$defs) throw new Error(`a parameter schema holds named schemas (${Object.keys(json.$defs as JsonObject).join(', ')}): parameters are inline`);
  delete json.$schema;
  return json;
}

const ref = (name: string) => ({ $ref: `${COMPONENT_SCHEMAS}${name}` });

const problemSchema = {
  type: 'object',
  description: 'An RFC 9457 problem: every error our code answers.',
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
    instance: { type: 'string', description: 'the request id (the x-request-id header)' },
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

/** What API Gateway answers itself, in AWS, when our code does not (throttled, the function failed or timed out). */
const gatewayMessageSchema = {
  type: 'object',
  description: 'An answer of API Gateway’s own (AWS only): no problem document, no request id of ours.',
  required: ['message'],
  properties: { message: { type: 'string', examples: ['Too Many Requests', 'Service Unavailable', 'Endpoint request timed out'] } },
};

/** What API Gateway's JWT authorizer answers itself, in AWS, to a missing, expired or invalid token. */
const gatewayUnauthorizedSchema = {
  type: 'object',
  description: 'API Gateway’s own refusal of a missing or bad token (AWS only): no problem document, no request id of ours.',
  required: ['message'],
  properties: { message: { type: 'string', const: 'Unauthorized' } },
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

const UNEXPECTED =
  'Any other status is a failure no request can cause on purpose: a 500 from our code (a problem that reveals nothing more; the failure is logged under its `instance`, the request id) or, in AWS, API Gateway’s own answer as `{"message": …}` (429 when throttled, 503 or 504 when the function failed or timed out). A retry later is safe for reads and for requests sent with an Idempotency-Key.';

const UNAUTHORIZED_401 =
  'No valid token. The local runtime (and our own code, for a request without a caller) answers a problem (application/problem+json). In AWS, API Gateway’s JWT authorizer refuses a missing, expired or invalid token before any of our code runs: it answers `{"message":"Unauthorized"}` as application/json, with `WWW-Authenticate: Bearer … error="invalid_token" error_description="…"` and without x-request-id.';

/** The headers answers carry (components.headers). */
const HEADERS: Record<string, JsonObject> = {
  RequestId: {
    description: 'The request’s id, as the logs record it and as a problem’s `instance`: quote it when reporting a failure.',
    required: true,
    schema: { type: 'string', minLength: 1 },
  },
  RequestIdUnlessGateway: {
    description: 'The request’s id; absent when API Gateway’s JWT authorizer answered itself (AWS; it sends `apigw-requestid` instead).',
    required: false,
    schema: { type: 'string', minLength: 1 },
  },
  ETag: {
    description:
      'The record’s version as a strong tag (`"3"`): send it back in If-Match to change the record, or in If-None-Match to read it only if it changed.',
    required: true,
    schema: { type: 'string', pattern: '^"(0|[1-9][0-9]*)"$' },
  },
  ETagIfVersioned: {
    description: 'The version of the body as a strong tag (`"3"`), present whenever the body has a `version`.',
    required: false,
    schema: { type: 'string', pattern: '^"(0|[1-9][0-9]*)"$' },
  },
  CreatedLocation: {
    description: 'The created record (RFC 9110 10.2.2): its path, ending in its id.',
    required: true,
    schema: { type: 'string' },
  },
  AcceptedLocation: {
    description: 'Where the accepted work is followed: its job (`/jobs/{jobId}`).',
    required: true,
    schema: { type: 'string' },
  },
  MergedIntoLocation: {
    description: 'The record this one was merged into (the problem’s `mergedInto`).',
    required: true,
    schema: { type: 'string' },
  },
  WWWAuthenticate: {
    description:
      'RFC 6750 3: `Bearer realm="ismf"` without a token; with one, also `error="invalid_token"` and whether it expired (`error_description`). In AWS, API Gateway’s own `Bearer scope="" error="invalid_token" error_description="…"`. Absent on a 401 our code answers for a request that reached it without a caller.',
    required: false,
    schema: { type: 'string', pattern: '^Bearer( |$)' },
  },
};

const PARAMETERS: Record<string, JsonObject> = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Every create (201, or 202 for one a job carries out) takes one, and so do the synchronous import (POST /assets/import: a retry after a failure part-way creates only the rows it did not) and a review (POST /assets/{assetId}/reviews: a retry records no second one): 1–255 visible ASCII characters, kept a day. A retry with the same key and body answers with the first result (200 for a create) and creates nothing; another body with the key is refused (422). Other steps on an existing record take none: If-Match (a retirement, a change) or the record’s state (a decision, a completion, a withdrawal) makes a repeat a 412 or 409 rather than a second change. An SBOM import takes none either: its described package finds its asset again, so a repeat replaces the same component set.',
    schema: { type: 'string', pattern: '^[!-~]{1,255}$' },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: true,
    description: 'The ETag (version) of the record being changed, exactly as given (a strong tag such as "3"; a weak tag never matches).',
    schema: { type: 'string', pattern: '^"(0|[1-9][0-9]{0,11})"$' },
    example: '"1"',
  },
};

/** The problem type a status answers with (its page: docs/problems.md). */
const typeOf = (status: string) => Object.entries(PROBLEM_TYPES).find(([, code]) => String(code) === status)?.[0] ?? 'invalid-request';

function problemExample(status: string, detail = PROBLEMS[status]): JsonObject {
  return {
    type: `${PROBLEM_TYPE_BASE}${typeOf(status)}`,
    title: PROBLEM_TITLES[Number(status)] ?? 'Error',
    status: Number(status),
    detail,
    instance: '5b7c1a8e-2f0d-4c1b-9d3e-7a6f5e4d3c2b',
    errors: status === '400' ? [{ path: 'body.email', message: 'a valid e-mail address' }] : [],
    ...(status === '410' ? { mergedInto: '01JDQ8R6Z8W4X3N2K1M0P9Q7RV' } : {}),
  };
}

function problemResponse(status: string): JsonObject {
  const problem = { schema: ref('Problem'), example: problemExample(status) };
  if (status === '401') {
    return {
      description: UNAUTHORIZED_401,
      headers: {
        'x-request-id': { $ref: '#/components/headers/RequestIdUnlessGateway' },
        'WWW-Authenticate': { $ref: '#/components/headers/WWWAuthenticate' },
      },
      content: { 'application/problem+json': problem, 'application/json': { schema: ref('GatewayUnauthorized'), example: { message: 'Unauthorized' } } },
    };
  }
  return {
    description: PROBLEMS[status],
    headers: {
      'x-request-id': { $ref: '#/components/headers/RequestId' },
      ...(status === '410' ? { Location: { $ref: '#/components/headers/MergedIntoLocation' } } : {}),
    },
    content: { 'application/problem+json': problem },
  };
}

/** Any status an operation does not list: a 500 of ours, or API Gateway's own 429, 503, 504 (`default`). */
function unexpectedResponse(): JsonObject {
  return {
    description: UNEXPECTED,
    headers: { 'x-request-id': { $ref: '#/components/headers/RequestIdUnlessGateway' } },
    content: {
      'application/problem+json': { schema: ref('Problem'), example: problemExample('500', 'Something failed on our side.') },
      'application/json': { schema: ref('GatewayMessage'), example: { message: 'Service Unavailable' } },
    },
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
    ['header', operation.headers],
  ] as const) {
    if (!schema) continue;
    const json = parameterSchema(schema) as { properties?: Record<string, JsonObject>; required?: string[] };
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
  if (operation.idempotent) list.push({ $ref: '#/components/parameters/IdempotencyKey' });
  if (operation.versioned) list.push({ $ref: '#/components/parameters/IfMatch' });
  return list;
}

/** How a (top-level) member is held in a schema: required, optional, or not at all — through $ref and allOf/anyOf/oneOf. */
function memberOf(schema: JsonObject, member: string, schemas: Record<string, JsonObject>): 'required' | 'optional' | undefined {
  if (typeof schema.$ref === 'string') return memberOf(schemas[schema.$ref.slice(COMPONENT_SCHEMAS.length)]!, member, schemas);
  const properties = schema.properties as Record<string, unknown> | undefined;
  if (properties?.[member]) return ((schema.required as string[] | undefined) ?? []).includes(member) ? 'required' : 'optional';
  const all = ((schema.allOf as JsonObject[] | undefined) ?? []).map((part) => memberOf(part, member, schemas));
  if (all.includes('required')) return 'required';
  const any = [...((schema.anyOf as JsonObject[] | undefined) ?? []), ...((schema.oneOf as JsonObject[] | undefined) ?? [])].map((part) =>
    memberOf(part, member, schemas),
  );
  if (any.length && any.every((held) => held === 'required')) return 'required';
  if (all.includes('optional') || any.some(Boolean)) return 'optional';
  return undefined;
}

const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

function operationObject(operation: Operation, named: NamedSchemas, used: Set<string>): JsonObject {
  const use = (name: string) => (used.add(name), header(name));
  const mediaTypes = operation.method === 'PATCH' ? ['application/merge-patch+json', 'application/json'] : ['application/json'];
  const responseName = named.response(operation);
  // The operation handler (packages/http) sets ETag whenever the body has a numeric version.
  const version = memberOf(ref(responseName), 'version', named.schemas as Record<string, JsonObject>);
  const etag = version === 'required' ? { ETag: use('ETag') } : version === 'optional' ? { ETag: use('ETagIfVersioned') } : {};
  const location =
    operation.successStatus === 202
      ? { Location: use('AcceptedLocation') }
      : operation.successStatus === 201 && memberOf(ref(responseName), 'id', named.schemas as Record<string, JsonObject>) === 'required'
        ? { Location: use('CreatedLocation') }
        : {};
  const requestId = { 'x-request-id': use('RequestId') };
  const success = String(operation.successStatus);
  const responses: JsonObject = {
    [success]:
      operation.successStatus === 204
        ? { description: 'No Content', headers: requestId }
        : {
            description: { 201: 'Created', 202: 'Accepted: the work goes on after the answer' }[operation.successStatus as 201 | 202] ?? 'OK',
            headers: { ...requestId, ...etag, ...location },
            content: {
              'application/json': { schema: ref(responseName), example: operation.examples.response },
              ...Object.fromEntries(Object.keys(operation.responseMediaTypes ?? {}).map((type) => [type, { schema: ref(mediaResponseName(operation, type)) }])),
            },
          },
  };
  if (operation.idempotent && (operation.successStatus === 201 || operation.successStatus === 202)) {
    responses['200'] = {
      description: 'Replayed: an earlier request with this Idempotency-Key and body was answered with this result (no Location: nothing was created now)',
      headers: { ...requestId, ...etag },
      content: { 'application/json': { schema: ref(responseName) } },
    };
  }
  if (operation.method === 'GET' && version) {
    responses['304'] = {
      description: 'Not Modified: If-None-Match named the version the record is at (weak comparison); no body',
      headers: { ...requestId, ETag: use('ETag') },
    };
  }
  for (const status of errorStatuses(operation)) responses[status] = { $ref: `#/components/responses/Problem${status}` };
  responses.default = { $ref: '#/components/responses/Unexpected' };
  const roles = 'public' in operation.callers ? 'anyone' : operation.callers.roles.join(', ');
  const bodyName = named.body(operation);
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
    tags: [operation.tag ?? operation.area],
    security: 'public' in operation.callers ? [] : [{ cognito: [] }],
    'x-ismf-roles': 'public' in operation.callers ? [] : operation.callers.roles,
    'x-ismf-clauses': operation.clauses,
    parameters: parameters(operation),
    ...(operation.rawBody
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(Object.keys(operation.rawBody.mediaTypes).map((type) => [type, { schema: ref(rawBodyName(operation, type)) }])),
          },
        }
      : {}),
    ...(bodyName
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: ref(bodyName), example: operation.examples.body }])),
          },
        }
      : {}),
    responses,
  };
}

/** A raw body's component, by operation and media type: `ImportAssetsCsvRequest`, `ImportSbomCyclonedxXmlRequest`. */
function rawBodyName(operation: Operation, mediaType: string): string {
  const subtype = mediaType.split('/')[1]!.replace(/^vnd\./, '');
  return `${pascal(operation.name)}${subtype.split(/[.+-]/).filter(Boolean).map(pascal).join('')}Request`;
}

/** Another representation's component, by operation and media type: `GetChangeCalendarCalendarResponse`. */
function mediaResponseName(operation: Operation, mediaType: string): string {
  const subtype = mediaType.split('/')[1]!.replace(/^vnd\./, '');
  return `${pascal(operation.name)}${subtype.split(/[.+-]/).filter(Boolean).map(pascal).join('')}Response`;
}

/** A tag of the API document: a grouping of operations, described for people with the clauses it serves. */
export interface TagDoc {
  name: string;
  description: string;
  /** The group it is listed under (Redoc's x-tagGroups): "Management areas (X.1052)", "Platform" … */
  group: string;
}

/** The tags the areas describe (the registry's), in their order; a tag none describes gets a plain line. */
function tagsOf(
  operations: readonly Operation[],
  described: readonly TagDoc[],
): { tags: { name: string; description: string }[]; groups: { name: string; tags: string[] }[] } {
  const used = [...new Set(operations.map((operation) => operation.tag ?? operation.area))];
  const docs = used
    .map((name) => described.find((tag) => tag.name === name) ?? { name, description: `Operations of the ${name} area.`, group: 'Other areas' })
    .sort((a, b) => described.indexOf(a) - described.indexOf(b));
  const groups: { name: string; tags: string[] }[] = [];
  for (const tag of docs) {
    const group = groups.find((candidate) => candidate.name === tag.group) ?? groups[groups.push({ name: tag.group, tags: [] }) - 1]!;
    group.tags.push(tag.name);
  }
  return { tags: docs.map(({ name, description }) => ({ name, description })), groups };
}

/** The document of these operations; `tags` describes their tags (the registry's `tags`). */
export function buildOpenApi(operations: readonly Operation[], tags: readonly TagDoc[] = [], version = '0.1.0'): JsonObject {
  const named = namedSchemas(operations);
  const usedHeaders = new Set<string>(['RequestId', 'RequestIdUnlessGateway', 'WWWAuthenticate', 'MergedIntoLocation']);
  const paths: Record<string, JsonObject> = {};
  const rawBodies: Record<string, JsonObject> = {};
  for (const operation of operations) {
    paths[operation.path] = { ...(paths[operation.path] ?? {}), [operation.method.toLowerCase()]: operationObject(operation, named, usedHeaders) };
    for (const [type, schema] of Object.entries(operation.rawBody?.mediaTypes ?? {})) rawBodies[rawBodyName(operation, type)] = schema;
    for (const [type, schema] of Object.entries(operation.responseMediaTypes ?? {})) rawBodies[mediaResponseName(operation, type)] = schema;
  }
  for (const name of [...Object.keys(rawBodies), 'Problem', 'GatewayUnauthorized', 'GatewayMessage']) {
    if (named.schemas[name]) throw new Error(`the schema ${name} and a named zod schema share a name`);
  }
  const schemas = Object.fromEntries(
    Object.entries({
      ...named.schemas,
      ...rawBodies,
      Problem: problemSchema,
      GatewayUnauthorized: gatewayUnauthorizedSchema,
      GatewayMessage: gatewayMessageSchema,
    }).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const { tags: tagList, groups } = tagsOf(operations, tags);
  return {
    openapi: '3.1.0',
    info: {
      title: 'ISMF API',
      version,
      summary: 'Information security management for telecommunication organizations (ITU-T X.1052)',
      description: [
        'Each tenant is one organization. Tenant and roles come from the verified token. Errors are RFC 9457 problem+json naming each bad field.',
        'Every answer carries `x-request-id`. A record that has a `version` comes with it as its `ETag`; a change to it sends that back in `If-Match` (412 when it moved on, 428 without), and a read may send it in `If-None-Match` (304). A create answers 201 with `Location`, or 202 with the `Location` of the job that carries it out, and takes an `Idempotency-Key`.',
        'In AWS, API Gateway answers some requests before any of our code runs, as `{"message": …}` rather than a problem: a missing or bad token (401), throttling (429), a function that failed or timed out (503, 504). Each operation documents them (its 401, and `default` for the statuses it does not list).',
      ].join('\n\n'),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      contact: { name: 'ISMF', email: 'support@ismf.dev' },
    },
    servers: [
      { url: 'https://api.ismf.dev', description: 'production' },
      { url: 'http://127.0.0.1:3000', description: 'the local stack (npm start; PORT changes the port)' },
    ],
    tags: tagList,
    'x-tagGroups': groups,
    paths,
    components: {
      securitySchemes: {
        cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito ID token (locally: `npm run -s token`).' },
      },
      schemas,
      headers: Object.fromEntries(Object.entries(HEADERS).filter(([name]) => usedHeaders.has(name))),
      parameters: PARAMETERS,
      responses: {
        ...Object.fromEntries(Object.keys(PROBLEMS).map((status) => [`Problem${status}`, problemResponse(status)])),
        Unexpected: unexpectedResponse(),
      },
    },
  };
}
