// The API's contract, checked on every answer the API tests see: the catalogue operation a request
// reaches (method + path template, matched as API Gateway does), its success status and response
// schema, the statuses, media types, problem schema and headers the OpenAPI document declares for it.
// A mismatch is thrown as a ContractViolation naming the operation, the status and the zod issue paths.
import { currentRegistry } from '@ismf/app/areas';
import type { Registry } from '@ismf/area/registry';
import * as z from 'zod';
import { buildOpenApi } from '@ismf/catalogue/openapi';
import type { Operation } from '@ismf/catalogue/operation';
import { buildRoutes, matchRoute } from '@ismf/local/routes';

type Json = Record<string, any>;

/**
 * Paths that are not catalogue operations, and why their answers are not checked against it. Every other
 * path must reach an operation, or be refused as no route (404) or the wrong method (405).
 */
export const UNCHECKED_PATHS: readonly { pattern: RegExp; why: string }[] = [
  {
    pattern: /^\/_local\//,
    why: 'dev-only endpoints of the local stack (token, executions, events, dead letters, schedules, timeouts, blob links): no AWS counterpart, no catalogue entry',
  },
  { pattern: /^\/\.well-known\/jwks\.json$/, why: 'the local identity’s signing keys (Cognito serves its own in AWS)' },
  { pattern: /^\/problems\//, why: 'the problem types’ pages (docs/problems.md), served locally only: in AWS the type URIs are documentation on the web' },
  { pattern: /^\/docs(\/|$)/, why: 'the local API reference (Swagger UI from node_modules, reading /openapi.json): a developer page, no AWS counterpart' },
];

/** What an answer to a path that reaches no operation may be: the gateway's refusals. */
const NO_ROUTE_STATUSES = [404, 405];
/** A path whose percent-encoding cannot be decoded reaches no route either: refused as a bad request, or not found. */
const MALFORMED_PATH_STATUSES = [400, 404];

export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

export interface Answer {
  status: number;
  /** Lower-case header names. */
  headers: Headers | Record<string, string | undefined>;
  body: unknown;
}

export type Contract = { kind: 'unchecked'; why: string } | { kind: 'no-route'; statuses: readonly number[] } | { kind: 'operation'; operation: Operation };

/** The document, routes and versioned paths of the registry the API runs on (a test may add an area). */
const worlds = new WeakMap<Registry, { document: Json; routes: ReturnType<typeof buildRoutes>; versionedPaths: Set<string> }>();
function world() {
  const registry = currentRegistry();
  let found = worlds.get(registry);
  if (!found) {
    const { operations } = registry;
    found = {
      document: buildOpenApi(operations, registry.tags) as Json,
      routes: buildRoutes(operations),
      // The versioned resources: a path a versioned operation changes. Its reads hand out the ETag If-Match needs.
      versionedPaths: new Set(operations.filter((operation) => operation.versioned).map((operation) => operation.path)),
    };
    worlds.set(registry, found);
  }
  return found;
}

function resolveRef<T extends Json>(value: T): T {
  const ref = (value as { $ref?: string }).$ref;
  if (!ref) return value;
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are followed: ${ref}`);
  return resolveRef(
    ref
      .slice(2)
      .split('/')
      .reduce<Json>((node, key) => node[key], world().document) as T,
  );
}

/**
 * The schema with every `$ref` in it replaced by what it names (its siblings, a description, kept beside),
 * so that `z.fromJSONSchema` reads a component that refers to others (`AssetPage` → `Asset` → `PersonRef`).
 */
function inlined(value: unknown, path: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => inlined(item, path));
  if (!value || typeof value !== 'object') return value;
  const { $ref: ref, ...siblings } = value as Json;
  if (typeof ref === 'string') {
    if (path.includes(ref)) throw new Error(`the schema ${ref} refers to itself: the contract check does not follow a recursive schema`);
    return { ...(inlined(resolveRef({ $ref: ref }), [...path, ref]) as Json), ...(inlined(siblings, path) as Json) };
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inlined(item, path)]));
}

const schemaCache = new Map<object, z.ZodType>();
/** A schema the OpenAPI document declares, as zod (the same JSON Schema, not a second copy of it). */
function zodOf(schema: Json): z.ZodType {
  const resolved = resolveRef(schema);
  let zod = schemaCache.get(resolved);
  if (!zod) schemaCache.set(resolved, (zod = z.fromJSONSchema(inlined(resolved) as never)));
  return zod;
}

/** The problem+json schema of the OpenAPI document (components.schemas.Problem). */
export const problemSchema: z.ZodType = zodOf({ $ref: '#/components/schemas/Problem' });

/** The statuses the OpenAPI document lists for each operation of the registry the API runs on (the status recorder's reference). */
export function documentedStatuses(): Readonly<Record<string, string[]>> {
  const { document } = world();
  let statuses = statusesByDocument.get(document);
  if (!statuses) {
    statuses = {};
    for (const methods of Object.values(document.paths as Record<string, Record<string, Json>>)) {
      for (const declared of Object.values(methods)) {
        statuses[declared.operationId as string] = Object.keys(declared.responses as Json)
          .filter((status) => status !== 'default')
          .sort();
      }
    }
    statusesByDocument.set(document, statuses);
  }
  return statuses;
}
const statusesByDocument = new WeakMap<Json, Record<string, string[]>>();

/** The path as it goes on the wire: fetch resolves dot segments (`/assets/./reviews` is `/assets/reviews`). */
function wirePath(path: string): string {
  return new URL(path, 'http://localhost').pathname;
}

export function contractOf(method: string, rawPath: string): Contract {
  const path = wirePath(rawPath);
  const unchecked = UNCHECKED_PATHS.find((entry) => entry.pattern.test(path));
  if (unchecked) return { kind: 'unchecked', why: unchecked.why };
  let match;
  try {
    match = matchRoute(world().routes, method.toUpperCase(), path);
  } catch {
    return { kind: 'no-route', statuses: MALFORMED_PATH_STATUSES }; // malformed percent-encoding: no route can match it
  }
  if (!match || 'methodNotAllowed' in match) return { kind: 'no-route', statuses: NO_ROUTE_STATUSES };
  return { kind: 'operation', operation: match.route.operation };
}

function header(answer: Answer, name: string): string | undefined {
  const headers = answer.headers;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  return (headers as Record<string, string | undefined>)[name.toLowerCase()];
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Checks one answer against the contract of the request that produced it, and answers which contract
 * applied. Throws a ContractViolation on a mismatch.
 */
export function checkAnswer(method: string, path: string, answer: Answer): Contract {
  const contract = contractOf(method, path);
  if (contract.kind === 'unchecked') return contract;
  const where = `${method.toUpperCase()} ${wirePath(path)}`;
  if (contract.kind === 'no-route') {
    if (!contract.statuses.includes(answer.status)) {
      throw new ContractViolation(
        `${where} reaches no catalogue operation, yet answered ${answer.status} (only ${contract.statuses.join(' or ')} may answer there)`,
      );
    }
    return contract;
  }
  const { operation } = contract;
  const fail: (what: string) => never = (what) => {
    throw new ContractViolation(`${operation.name} (${operation.method} ${operation.path}) answered ${answer.status}: ${what}`);
  };
  const declared = world().document.paths[operation.path][operation.method.toLowerCase()] as Json;
  const responses = declared.responses as Record<string, Json>;
  const response = responses[String(answer.status)];
  // `default` (a 500 of ours, API Gateway's own 429, 503, 504) is no status a test may see: none is listed for that.
  if (!response)
    fail(
      `the OpenAPI document lists only ${Object.keys(responses)
        .filter((status) => status !== 'default')
        .join(', ')} for it`,
    );
  const declaredResponse = resolveRef(response);
  const contentType = header(answer, 'content-type')?.split(';')[0]?.trim().toLowerCase();

  if (answer.status === 304) {
    // Not modified: no body, and the ETag of the version the caller named.
    if (answer.body !== undefined && answer.body !== '') fail('a 304 carries no body');
    if (!header(answer, 'etag')) fail('a 304 without the ETag of the version');
  } else if (answer.status >= 200 && answer.status < 300) {
    // The success status, or the replay status the document lists for an idempotent create.
    if (answer.status !== operation.successStatus && !(operation.idempotent && answer.status === 200)) {
      fail(`the catalogue's success status is ${operation.successStatus}`);
    }
    if (answer.status !== 204) {
      const media = Object.keys(declaredResponse.content ?? {});
      if (!contentType || !media.includes(contentType)) fail(`content-type ${contentType ?? '(none)'} is not the declared ${media.join(' or ')}`);
      if (contentType !== 'application/json' && operation.responseMediaTypes?.[contentType!]) {
        // Another representation (text/calendar): its text, held to the schema the document gives it.
        if (typeof answer.body !== 'string' || answer.body === '') fail(`a ${contentType} answer without its text`);
        const documented = zodOf(declaredResponse.content[contentType!].schema as Json).safeParse(answer.body);
        if (!documented.success) fail(`the ${contentType} body does not match the OpenAPI document's schema — ${issuesOf(documented.error)}`);
      } else {
        const parsed = operation.response.safeParse(answer.body);
        if (!parsed.success) fail(`the body does not match the operation's response schema — ${issuesOf(parsed.error)}`);
        // And the document says the same: the named component the response refers to, with the schemas it refers to.
        const documented = zodOf(declaredResponse.content[contentType!].schema as Json).safeParse(answer.body);
        if (!documented.success) fail(`the body does not match the OpenAPI document's response schema — ${issuesOf(documented.error)}`);
      }
    }
  } else {
    const media = Object.keys(declaredResponse.content ?? {});
    if (!contentType || !media.includes(contentType)) fail(`content-type ${contentType ?? '(none)'} is not the declared ${media.join(' or ')}`);
    const schema = declaredResponse.content[contentType!]?.schema as Json | undefined;
    const parsed = (schema ? zodOf(schema) : problemSchema).safeParse(answer.body);
    if (!parsed.success) fail(`the body does not match the declared problem schema — ${issuesOf(parsed.error)}`);
    if ((answer.body as { status?: unknown }).status !== answer.status) {
      fail(`the problem's status member is ${(answer.body as { status?: unknown }).status}, not the HTTP status (RFC 9457 3.1.2)`);
    }
  }

  if (answer.status >= 200 && answer.status < 300) {
    const body = answer.body as { id?: unknown; version?: unknown } | undefined;
    const etag = header(answer, 'etag');
    // If-Match takes "the ETag (version) of the record being changed": every read and write of a versioned
    // record hands it out, and it is the version of the body.
    if (world().versionedPaths.has(operation.path) && typeof body?.version === 'number' && etag === undefined) {
      fail(`a versioned record without the ETag that If-Match needs (version ${body.version})`);
    }
    if (etag !== undefined && etag !== `"${String(body?.version)}"`) fail(`ETag ${etag} is not the body's version ${String(body?.version)} as a strong tag`);
    const location = header(answer, 'location');
    if (location !== undefined) {
      // A created record, or an accepted job (RFC 9110 15.3.3: where its progress is followed).
      if (answer.status !== 201 && answer.status !== 202) fail(`Location ${location} on a ${answer.status}`);
      const target = contractOf('GET', new URL(location, 'http://localhost').pathname);
      if (target.kind !== 'operation') fail(`Location ${location} names no resource the API can read (GET)`);
      if (typeof body?.id !== 'string' || !decodeURIComponent(location).endsWith(`/${body.id}`))
        fail(`Location ${location} is not the created record ${String(body?.id)}`);
    }
  }
  if (answer.status === 410) {
    // Gone into another record: Location names it, readable, and so does the problem's member.
    const location = header(answer, 'location');
    const into = (answer.body as { mergedInto?: unknown }).mergedInto;
    if (!location || contractOf('GET', new URL(location, 'http://localhost').pathname).kind !== 'operation')
      fail(`410 without a readable Location (${location})`);
    if (typeof into !== 'string' || !location!.endsWith(`/${into}`)) fail(`410 Location ${location} is not mergedInto ${String(into)}`);
  }

  // Headers the document declares as required for this response.
  for (const [name, declaredHeader] of Object.entries((declaredResponse.headers ?? {}) as Record<string, Json>)) {
    const spec = resolveRef(declaredHeader);
    const value = header(answer, name);
    if (value === undefined) {
      if (spec.required) fail(`the declared header ${name} is missing`);
      continue;
    }
    if (spec.schema) {
      const parsed = zodOf(spec.schema).safeParse(value);
      if (!parsed.success) fail(`header ${name}: ${issuesOf(parsed.error)}`);
    }
  }
  return contract;
}
