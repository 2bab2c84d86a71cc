import { registry } from '@ismf/app/areas';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Operation } from '@ismf/catalogue/operation';
import { PLATFORM_OPERATOR } from '@ismf/core/roles';
import { lambdaContext } from '@ismf/local/api-gateway-event';
import { checkAnswer, contractOf, ContractViolation, UNCHECKED_PATHS } from '../support/contract.ts';
// ../shared/reference, found beside the real data (ISMF_REALDATA) by the one helper.
import { itWithRealdata, referenceJson } from '../support/realdata.ts';

const { operations } = registry;

const root = resolve(import.meta.dirname, '../..');
const reference = referenceJson<{
  clauses: { number: string; categories: { number: string; controls: { number: string }[] }[] }[];
}>('x1051-2008-controls.json') ?? { clauses: [] };
const knownClauses = new Set(
  reference.clauses.flatMap((clause) => [
    clause.number,
    ...clause.categories.flatMap((category) => [category.number, ...category.controls.map((control) => control.number)]),
  ]),
);

describe('the operation catalogue', () => {
  itWithRealdata('names only X.1051 (2008) clauses that exist', () => {
    expect(knownClauses.size).toBe(11 + 39 + 133);
    for (const operation of operations) {
      for (const clause of operation.clauses) expect(knownClauses, `${operation.name}: ${clause}`).toContain(clause);
    }
  });

  it('declares each operation once, with a unique route and an existing handler module', async () => {
    const names = operations.map((operation) => operation.name);
    const routes = operations.map((operation) => `${operation.method} ${operation.path}`);
    const handlers = operations.map((operation) => operation.handler);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(routes).size).toBe(routes.length);
    expect(new Set(handlers).size).toBe(handlers.length);
    for (const operation of operations) {
      expect(existsSync(resolve(root, operation.handler)), operation.handler).toBe(true);
      const module = await import(resolve(root, operation.handler));
      expect(typeof module.handler, operation.handler).toBe('function');
    }
  });

  it('lets every create (201) take an Idempotency-Key, so a client retry never makes a second record', () => {
    const creates = operations.filter((operation) => operation.successStatus === 201);
    expect(creates.length).toBeGreaterThan(0);
    for (const operation of creates) expect(operation.idempotent, `${operation.name} declares idempotent`).toBe(true);
  });

  it('declares a schema for every path parameter, and a body only where one is sent', () => {
    for (const operation of operations) {
      const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = operation.params ? Object.keys((operation.params as unknown as { shape: object }).shape) : [];
      expect(declared.sort(), operation.name).toEqual(names.sort());
      if (operation.method === 'GET') expect(operation.body, operation.name).toBeUndefined();
      // A versioned write changes a resource: PATCH or PUT it, or POST a step of its lifecycle (`/assets/{id}/retirement`) from the version named.
      if (operation.versioned)
        expect(['PATCH', 'PUT'].includes(operation.method) || (operation.method === 'POST' && /\}\/[a-z-]+$/.test(operation.path)), operation.name).toBe(true);
      if (operation.method !== 'GET' && !('public' in operation.callers)) expect(operation.access.table).toBe('write');
    }
  });

  it('has examples that its own schemas accept', () => {
    for (const operation of operations) {
      expect(operation.response.safeParse(operation.examples.response).success, `${operation.name} response`).toBe(true);
      if (operation.body) expect(operation.body.safeParse(operation.examples.body).success, `${operation.name} body`).toBe(true);
    }
  });
});

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** A minimal API Gateway (payload 2.0) event for an operation's own route, with these verified claims. */
function eventFor(operation: Operation, claims: Record<string, string>): APIGatewayProxyEventV2WithJWTAuthorizer {
  const pathParameters = Object.fromEntries([...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => [match[1]!, '01JDQ8R6Z8W4X3N2K1M0P9Q7RS']));
  const rawPath = operation.path.replace(/\{(\w+)\}/g, '01JDQ8R6Z8W4X3N2K1M0P9Q7RS');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${operation.method} ${operation.path}`,
    rawPath,
    rawQueryString: '',
    headers: {},
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'unit',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } },
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: operation.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'unit' },
      requestId: randomUUID(),
      routeKey: `${operation.method} ${operation.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

async function invoke(operation: Operation, claims: Record<string, string>) {
  const { handler } = (await import(resolve(root, operation.handler))) as { handler: Handler };
  const event = eventFor(operation, claims);
  const result = await handler(event, lambdaContext(operation.name, event.requestContext.requestId));
  return { result, body: result.body ? JSON.parse(result.body) : undefined, requestId: event.requestContext.requestId };
}

describe('each handler module serves its own catalogue entry', () => {
  const isPlatform = (operation: Operation) => !('public' in operation.callers) && operation.callers.roles.includes(PLATFORM_OPERATOR as never);

  // The role check is the first thing a handler does, and its refusal names the operation and its roles:
  // a handler bound to another entry (or to none) answers with another name or another role list.
  for (const operation of operations.filter((candidate) => !('public' in candidate.callers) && !isPlatform(candidate))) {
    it(`${operation.name}: a tenant user holding none of its roles is refused by name (403), with no token 401`, async () => {
      const roles = (operation.callers as { roles: readonly string[] }).roles;
      const refused = await invoke(operation, { sub: 'u-1', 'custom:tenant_id': 'acme-unit', 'cognito:groups': '[]' });
      expect(refused.result.statusCode).toBe(403);
      expect(refused.result.headers).toMatchObject({ 'content-type': 'application/problem+json' });
      expect(refused.body).toMatchObject({ status: 403, detail: `${operation.name} needs one of the roles: ${roles.join(', ')}`, instance: refused.requestId });
      // A platform operator is no tenant user: refused by this operation's name too.
      const operator = await invoke(operation, { sub: 'op-1', 'cognito:groups': `[${PLATFORM_OPERATOR}]` });
      expect(operator.result.statusCode).toBe(403);
      expect(operator.body.detail).toBe(`${operation.name} needs a tenant user's token`);
      const anonymous = await invoke(operation, {});
      expect(anonymous.result.statusCode).toBe(401);
      expect(anonymous.body).toMatchObject({ status: 401, type: 'https://ismf.dev/problems/unauthorized' });
    });
  }

  for (const operation of operations.filter(isPlatform)) {
    it(`${operation.name}: a tenant administrator is refused by name, as on a platform operation (403)`, async () => {
      const refused = await invoke(operation, { sub: 'u-1', 'custom:tenant_id': 'acme-unit', 'cognito:groups': '[admin]' });
      expect(refused.result.statusCode).toBe(403);
      expect(refused.body).toMatchObject({
        status: 403,
        detail: `${operation.name} is a platform operation: only platform operators may call it`,
        instance: refused.requestId,
      });
    });
  }

  const publicOperations = operations.filter((operation) => 'public' in operation.callers);
  for (const operation of publicOperations) {
    // A public operation that authenticates otherwise (a signed webhook, which lists 401) takes nothing unsigned:
    // a bare call is refused before anything is read.
    const signed = operation.problems?.includes(401) ?? false;
    it(`${operation.name}: answers ${signed ? 'no unsigned request' : 'anyone'} with its own response, which no other public operation's schema takes`, async () => {
      const { result, body } = await invoke(operation, {});
      if (signed) expect(result.statusCode).toBe(415);
      else {
        expect(result.statusCode).toBe(operation.successStatus);
        expect(operation.response.safeParse(body).success).toBe(true);
      }
      const answer = signed ? operation.examples.response : body;
      for (const other of publicOperations.filter((candidate) => candidate !== operation)) {
        expect(other.response.safeParse(answer).success, `${other.name} would take ${operation.name}'s answer`).toBe(false);
      }
    });
  }

  it('leaves no operation out', () => {
    const covered = [
      ...operations.filter((operation) => !('public' in operation.callers) && !isPlatform(operation)),
      ...operations.filter(isPlatform),
      ...publicOperations,
    ];
    expect(covered.map((operation) => operation.name).sort()).toEqual(operations.map((operation) => operation.name).sort());
  });
});

describe('the contract check of the API tests (test/support/contract.ts)', () => {
  const byName = (name: string) => operations.find((operation) => operation.name === name)!;
  const asset = byName('getAsset').examples.response as Record<string, unknown>;
  const json = { 'content-type': 'application/json', 'x-request-id': '5b7c1a8e-2f0d-4c1b-9d3e-7a6f5e4d3c2b' };
  const problemJson = { ...json, 'content-type': 'application/problem+json' };
  const problem = (status: number, extra: Record<string, unknown> = {}) => ({
    type: 'https://ismf.dev/problems/x',
    title: 'Error',
    status,
    detail: 'no',
    errors: [],
    ...extra,
  });
  const violation = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ContractViolation);
      return (error as Error).message;
    }
    throw new Error('the answer passed the contract check');
  };

  it('passes every operation’s own example, with the headers the handler sets', () => {
    for (const operation of operations) {
      const body = operation.examples.response as { id?: string; version?: number };
      const path = operation.path.replace(/\{(\w+)\}/g, '01JDQ8R6Z8W4X3N2K1M0P9Q7RS');
      const headers: Record<string, string> = { ...json };
      if (typeof body.version === 'number') headers.etag = `"${body.version}"`;
      if (operation.successStatus === 201 && typeof body.id === 'string')
        headers.location = operation.createdAt?.replace('{id}', body.id) ?? `${path}/${body.id}`;
      if (operation.successStatus === 202) headers.location = `/jobs/${body.id}`;
      const contract = checkAnswer(operation.method, path, { status: operation.successStatus, headers, body });
      expect(contract, operation.name).toEqual({ kind: 'operation', operation });
    }
  });

  it('fails a body missing a required field, naming the operation, the status and the field', () => {
    const { name: _name, ...nameless } = asset;
    const message = violation(() => checkAnswer('GET', `/assets/${asset.id}`, { status: 200, headers: { ...json, etag: '"1"' }, body: nameless }));
    expect(message).toMatch(/^getAsset \(GET \/assets\/\{assetId\}\) answered 200: the body does not match the operation's response schema — name: /);
  });

  it('fails a field of the wrong type deep in a list, naming its path', () => {
    const message = violation(() =>
      checkAnswer('GET', '/assets?limit=5', { status: 200, headers: json, body: { items: [asset, { ...asset, importance: 'high' }] } }),
    );
    expect(message).toContain('listAssets (GET /assets) answered 200');
    expect(message).toContain('items.1.importance: ');
  });

  it('holds success statuses, listed statuses and media types to the document', () => {
    // A replayed create may answer 200; a read never answers 201.
    expect(checkAnswer('POST', '/assets', { status: 200, headers: { ...json, etag: '"1"' }, body: asset }).kind).toBe('operation');
    expect(violation(() => checkAnswer('GET', `/assets/${asset.id}`, { status: 201, headers: { ...json, etag: '"1"' }, body: asset }))).toMatch(
      /getAsset .* answered 201: the OpenAPI document lists only 200, 304, 400, 401, 403, 404, 410 for it/,
    );
    expect(
      violation(() => checkAnswer('GET', '/health', { status: 500, headers: { 'content-type': 'application/problem+json' }, body: problem(500) })),
    ).toMatch(/health .* answered 500: the OpenAPI document lists only/);
    expect(
      violation(() => checkAnswer('GET', '/health', { status: 200, headers: { 'content-type': 'text/plain' }, body: { status: 'ok', time: asset.createdAt } })),
    ).toContain('content-type text/plain is not the declared application/json');
  });

  it('fails a problem that is not RFC 9457 problem+json as the document declares it', () => {
    const path = `/assets/${asset.id}`;
    expect(checkAnswer('GET', path, { status: 404, headers: problemJson, body: problem(404) }).kind).toBe('operation');
    expect(violation(() => checkAnswer('GET', path, { status: 404, headers: json, body: problem(404) }))).toContain(
      'content-type application/json is not the declared application/problem+json',
    );
    const { errors: _errors, ...withoutErrors } = problem(404);
    expect(violation(() => checkAnswer('GET', path, { status: 404, headers: problemJson, body: withoutErrors }))).toMatch(
      /getAsset .* answered 404: the body does not match the declared problem schema — errors: /,
    );
    expect(violation(() => checkAnswer('GET', path, { status: 404, headers: problemJson, body: problem(400) }))).toContain(
      "the problem's status member is 400, not the HTTP status",
    );
  });

  it('fails a versioned record without its ETag, an ETag that is not the version, and a Location that is not the created record', () => {
    const path = `/assets/${asset.id}`;
    expect(violation(() => checkAnswer('GET', path, { status: 200, headers: json, body: asset }))).toContain('without the ETag that If-Match needs');
    expect(violation(() => checkAnswer('PATCH', path, { status: 200, headers: { ...json, etag: '"7"' }, body: asset }))).toContain(
      'ETag "7" is not the body\'s version 1',
    );
    expect(
      violation(() =>
        checkAnswer('POST', '/assets', { status: 201, headers: { ...json, etag: '"1"', location: '/assets/01JDQ8R6Z8W4X3N2K1M0P9Q7ZZ' }, body: asset }),
      ),
    ).toContain('is not the created record');
  });

  it('checks no dev-only path, and lets a path that reaches no operation answer only 404 or 405', () => {
    expect(UNCHECKED_PATHS.map((entry) => entry.pattern.source)).toEqual([
      '^\\/_local\\/',
      '^\\/\\.well-known\\/jwks\\.json$',
      '^\\/problems\\/',
      '^\\/docs(\\/|$)',
    ]);
    expect(contractOf('POST', '/_local/token').kind).toBe('unchecked');
    expect(checkAnswer('GET', '/_local/events', { status: 200, headers: json, body: 'anything' }).kind).toBe('unchecked');
    expect(checkAnswer('GET', '/nothing-here', { status: 404, headers: {}, body: undefined }).kind).toBe('no-route');
    expect(checkAnswer('PUT', '/asset-policy', { status: 405, headers: {}, body: undefined }).kind).toBe('no-route');
    expect(violation(() => checkAnswer('GET', '/nothing-here', { status: 200, headers: json, body: {} }))).toContain(
      'reaches no catalogue operation, yet answered 200',
    );
    // Static segments win over path parameters, as in the route table; dot segments are resolved as fetch sends them.
    expect(contractOf('POST', '/assets/import')).toEqual({ kind: 'operation', operation: byName('importAssets') });
    expect(contractOf('POST', '/assets/./reviews')).toEqual({ kind: 'no-route', statuses: [404, 405] });
    expect(contractOf('GET', '/users/x/../01JDQ8R6Z8W4X3N2K1M0P9Q7RS')).toEqual({ kind: 'operation', operation: byName('getUser') });
    expect(contractOf('GET', '/users/%E0%A4%A')).toEqual({ kind: 'no-route', statuses: [400, 404] });
  });
});
