// The local API: the catalogue's handler modules on the catalogue's routes, behind the same JWT checks
// the HTTP API's authorizer makes, plus the dev-only endpoints (token, JWKS).
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { Operation } from '@ismf/catalogue/operation';
import { Problem, problems } from '@ismf/core/problems';
import { PLATFORM_OPERATOR } from '@ismf/core/roles';
import { readJsonBody } from '@ismf/core/strict-json';
import { parseGroups } from '@ismf/http/claims';
import { fieldErrors } from '@ismf/http/parse-request';
import { localBlobPath, readLocalGrant, writeLocalBlobFrom } from '@ismf/store/blob-store';
import { flattenClaims, lambdaContext, toEvent, writeResult } from './api-gateway-event.ts';
import type * as z from 'zod';
import type { LocalIdentity } from './identity.ts';
import type { LocalBus } from './local-bus.ts';
import { handlerLoader } from './handler-modules.ts';
import type { LocalFlows } from './local-flows.ts';
import type { LocalScheduler } from './local-scheduler.ts';
import { buildRoutes, matchRoute } from './routes.ts';
import { requireLocalRuntime } from './runtime.ts';
import { problemPages } from './problem-pages.ts';
import { apiDocs } from './api-docs.ts';
import { randomUUID } from 'node:crypto';
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS, CORS_METHODS } from '@ismf/http/cors';

/** API Gateway HTTP APIs refuse payloads over 10 MB before any function runs. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface LocalServer {
  url: string;
  server: Server;
  /** Serves another local Step Functions runtime (after a simulated restart). */
  setFlows(flows: LocalFlows): void;
  close(): Promise<void>;
}

/** The dev-only token endpoint (it does not exist in AWS): its request schema and what it does. */
export interface DevTokenIssuer<R = unknown> {
  schema: z.ZodType<R>;
  issue(identity: LocalIdentity, request: R): Promise<{ token: string; tenantId?: string; userId?: string }>;
}

export interface LocalServerOptions {
  port?: number;
  host?: string;
  identity: LocalIdentity;
  /** The registry's operations, mounted on their routes. */
  operations: readonly Operation[];
  /** POST /_local/token; absent, the endpoint is not served. */
  devTokens?: DevTokenIssuer;
  /** The local event path, when it runs: serves /_local/events, /_local/dlq and /_local/schedules. */
  bus?: LocalBus;
  scheduler?: LocalScheduler;
  /** The local Step Functions: serves /_local/executions and /_local/timeouts/{taskId}. */
  flows?: LocalFlows;
  /** The repository root, where handler modules are found. */
  root: string;
  /** Origins a browser may call the API from (none by default), as API Gateway's CORS configuration allows them. */
  corsOrigins?: readonly string[];
  /** The web console (packages/console): answers what is its own (pages a browser navigates to, its files). */
  console?: { serve(request: IncomingMessage, pathname: string, response: ServerResponse): boolean };
}

/**
 * RFC 6750 3: a request without a token is told the scheme; one with a bad token also `invalid_token`,
 * and whether it expired (sign in again) or is not valid at all.
 */
function bearerRefusal(refused: 'expired' | 'invalid' | undefined): Problem {
  if (!refused) return new Problem(401, 'unauthorized', 'a bearer token is required', [], { headers: { 'www-authenticate': 'Bearer realm="ismf"' } });
  const description = refused === 'expired' ? 'the token has expired' : 'the token is not valid';
  return new Problem(401, 'unauthorized', description, [], {
    headers: { 'www-authenticate': `Bearer realm="ismf", error="invalid_token", error_description="${description}"` },
  });
}

/** A route-level problem as API Gateway's answers and the functions' look: with the request id as `instance` and header. */
function sendProblem(response: ServerResponse, problem: Problem, requestId: string = randomUUID()): void {
  response
    .writeHead(problem.status, { ...problem.headers, 'content-type': 'application/problem+json', 'x-request-id': requestId })
    .end(JSON.stringify(problem.toJSON(requestId)));
}

async function readBody(request: IncomingMessage, limit = GATEWAY_MAX_BODY): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** The local stand-in for S3 presigned URLs: PUT uploads and GET downloads, each allowed by a signed grant. */
async function serveBlob(request: IncomingMessage, response: ServerResponse, method: string, token: string): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    // A link no grant of ours produced (broken percent-encoding): the caller's mistake, not a 500.
    return sendProblem(response, problems.invalid('the link is not valid percent-encoding', [{ path: 'path', message: 'not valid percent-encoding' }]));
  }
  const grant = readLocalGrant(decoded);
  if (!grant || (method === 'PUT') !== (grant.op === 'put') || !['PUT', 'GET'].includes(method)) {
    return sendProblem(response, problems.forbidden('the link is not valid or has expired'));
  }
  if (grant.op === 'get') {
    const path = localBlobPath(grant.key);
    if (!existsSync(path)) return sendProblem(response, problems.notFound('the object'));
    const type = existsSync(`${path}.type`) ? readFileSync(`${path}.type`, 'utf8') : 'application/octet-stream';
    response.writeHead(200, { 'content-type': type, 'content-disposition': `attachment; filename="${(grant.fileName ?? 'download').replace(/"/g, '')}"` });
    createReadStream(path).pipe(response);
    return;
  }
  const type = request.headers['content-type']?.split(';')[0]?.trim();
  if (type !== grant.contentType) {
    return sendProblem(
      response,
      new Problem(415, 'unsupported-media-type', `this upload takes ${grant.contentType}`, [
        { path: 'header.content-type', message: `expected ${grant.contentType}` },
      ]),
    );
  }
  // Streamed to the folder: a 500 MiB import file never sits in memory.
  const written = await writeLocalBlobFrom(grant.key, request, type!, { maxBytes: grant.maxBytes, ...(grant.expiring ? { expiring: true } : {}) });
  if (written.outcome === 'too-large') {
    request.resume();
    return sendProblem(
      response,
      new Problem(413, 'body-too-large', `this upload takes at most ${grant.maxBytes} bytes`, [{ path: 'body', message: 'too large' }]),
    );
  }
  if (written.outcome === 'exists') return sendProblem(response, problems.conflict('objects are immutable: this one exists already'));
  response.writeHead(204).end();
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * The token endpoint registers tenants and users and mints tokens, so a web page the developer visits
 * must not reach it: a loopback Host (no DNS rebinding), no foreign Origin, and a JSON content type
 * (which a cross-site form cannot send without a preflight the server never answers).
 */
function tokenRequest<R>(request: IncomingMessage, body: Buffer, schema: z.ZodType<R>): R {
  const host = request.headers.host ?? '';
  if (!LOOPBACK_HOST.test(host)) throw problems.forbidden('the token endpoint answers only on a loopback host name');
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) throw problems.forbidden(`the token endpoint takes no cross-origin requests (Origin ${origin})`);
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new Problem(415, 'unsupported-media-type', 'send the body as application/json', [
      { path: 'header.content-type', message: 'expected application/json' },
    ]);
  }
  if (!body.length) throw problems.invalid('a JSON body is required', [{ path: 'body', message: 'required' }]);
  const parsed = schema.safeParse(readJsonBody(body.toString('utf8')));
  if (!parsed.success) throw problems.invalid('the token request is not valid', fieldErrors('body', parsed.error));
  return parsed.data;
}

async function isOperator(identity: LocalIdentity, request: IncomingMessage): Promise<boolean> {
  const token = bearer(request);
  const claims = token ? await identity.verify(token) : undefined;
  return !!claims && claims['custom:tenant_id'] === undefined && parseGroups(claims['cognito:groups'] as string[] | undefined).includes(PLATFORM_OPERATOR);
}

/** The dev-only endpoints of the local event path (they do not exist in AWS). */
async function serveLocalRuntime(options: LocalServerOptions, method: string, path: string): Promise<{ status: number; body: unknown } | undefined> {
  if (!path.startsWith('/_local/')) return undefined;
  const { bus, scheduler, flows } = options;
  if (path === '/_local/executions' && method === 'GET' && flows) {
    return { status: 200, body: { items: flows.executions().map(({ done: _done, ...execution }) => execution) } };
  }
  const timeout = /^\/_local\/timeouts\/([^/]+)$/.exec(path);
  if (timeout && method === 'POST' && flows) {
    // Lets the clock reach the waiting step's TimeoutSeconds now (days in the ASL), as if the time ran out.
    const taskId = decodeURIComponent(timeout[1]!);
    const count = flows.timeOut((payload) => (payload.task as { id?: string } | undefined)?.id === taskId);
    if (!count) return { status: 404, body: problems.notFound(`waiting task ${taskId}`).toJSON() };
    return { status: 200, body: { taskId, timedOut: true } };
  }
  if (path === '/_local/events' && method === 'GET' && bus) return { status: 200, body: { items: bus.recentEvents() } };
  if (path === '/_local/dlq' && method === 'GET' && bus) return { status: 200, body: { items: await bus.deadLetters() } };
  const replay = /^\/_local\/dlq\/([^/]+)\/replay$/.exec(path);
  if (replay && method === 'POST' && bus) {
    const outcome = await bus.replay(decodeURIComponent(replay[1]!));
    if (outcome === 'unknown') return { status: 404, body: problems.notFound(`dead letter ${replay[1]}`).toJSON() };
    return { status: 200, body: { id: replay[1], outcome } };
  }
  const schedule = /^\/_local\/schedules\/([^/]+)$/.exec(path);
  if (schedule && method === 'POST' && scheduler) {
    const runs = await scheduler.runNow(decodeURIComponent(schedule[1]!));
    if (!runs) return { status: 404, body: problems.notFound(`scheduled job ${schedule[1]}`).toJSON() };
    return { status: 200, body: { job: schedule[1], runs } };
  }
  return undefined;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  requireLocalRuntime();
  const routes = buildRoutes(options.operations);
  const loadHandler = handlerLoader<Handler>(options.root);
  let problemTypePages: Map<string, string> | undefined;
  const pages = () => (problemTypePages ??= problemPages(options.root));
  const docs = apiDocs(options.root);

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    // Cross-origin calls from an allowed origin, answered as API Gateway answers them: the preflight here,
    // and the allow and expose headers on every answer.
    const origin = request.headers.origin?.toLowerCase();
    const allowedOrigin = origin && options.corsOrigins?.includes(origin) ? origin : undefined;
    if (allowedOrigin) {
      response.setHeader('access-control-allow-origin', allowedOrigin);
      response.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', '));
      response.setHeader('vary', 'Origin');
    }
    if (method === 'OPTIONS' && origin && request.headers['access-control-request-method'] && options.corsOrigins?.length) {
      if (allowedOrigin) {
        response.setHeader('access-control-allow-methods', CORS_METHODS.join(', '));
        response.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS.join(', '));
        response.setHeader('access-control-max-age', String(CORS_MAX_AGE_SECONDS));
      }
      // An origin not allowed gets no CORS headers: the browser refuses the call.
      response.writeHead(204).end();
      return;
    }
    if (url.pathname.startsWith('/_local/blobs/')) return serveBlob(request, response, method, url.pathname.slice('/_local/blobs/'.length));
    const body = await readBody(request);
    if (!body) return sendProblem(response, new Problem(413, 'body-too-large', 'the gateway takes at most 10 MB'));

    const problemPage = url.pathname.startsWith('/problems/') && method === 'GET' ? pages().get(url.pathname.slice('/problems/'.length)) : undefined;
    if (problemPage) {
      response.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' }).end(problemPage);
      return;
    }
    // The API reference (Swagger UI from node_modules): local only, like the problem pages.
    if ((method === 'GET' || method === 'HEAD') && docs.serve(url.pathname, response)) return;
    if (options.console?.serve(request, url.pathname, response)) return;
    if (url.pathname === '/.well-known/jwks.json' && method === 'GET') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(options.identity.jwks));
      return;
    }
    if (url.pathname === '/_local/token' && method === 'POST' && options.devTokens) {
      const result = await options.devTokens.issue(options.identity, tokenRequest(request, body, options.devTokens.schema));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      return;
    }

    // The local runtime's own endpoints show every tenant's events and executions: operators only.
    if (url.pathname.startsWith('/_local/') && !(await isOperator(options.identity, request))) {
      return sendProblem(response, problems.unauthorized('the /_local endpoints need a platform operator token (npm run -s token -- --operator)'));
    }
    const local = await serveLocalRuntime(options, method, url.pathname);
    if (local) {
      response.writeHead(local.status, { 'content-type': local.status >= 400 ? 'application/problem+json' : 'application/json' });
      response.end(JSON.stringify(local.body));
      return;
    }

    let match;
    try {
      match = matchRoute(routes, method, url.pathname);
    } catch {
      return sendProblem(response, problems.invalid('the path is not valid', [{ path: 'path', message: 'malformed percent-encoding' }]));
    }
    if (!match) return sendProblem(response, problems.notFound(`${method} ${url.pathname}`));
    if ('methodNotAllowed' in match) {
      // RFC 9110 15.5.6: a 405 says which methods the resource has.
      const allow = match.methodNotAllowed.join(', ');
      return sendProblem(
        response,
        new Problem(405, 'method-not-allowed', `use ${match.methodNotAllowed.join(' or ')} on ${url.pathname}`, [], { headers: { allow } }),
      );
    }
    const { route, pathParameters } = match;
    let claims: Record<string, string> | undefined;
    if (!('public' in route.operation.callers)) {
      const token = bearer(request);
      const checked = token ? await options.identity.check(token) : undefined;
      if (!checked || 'refused' in checked) return sendProblem(response, bearerRefusal(checked?.refused));
      claims = flattenClaims(checked.payload);
    }
    const event = toEvent(request, body, { routeKey: route.routeKey, pathParameters }, claims);
    const handler = await loadHandler(route.operation.handler);
    const result = await handler(event, lambdaContext(route.operation.name, event.requestContext.requestId));
    writeResult(response, result);
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (error instanceof Problem) return sendProblem(response, error);
      console.error(error);
      if (!response.headersSent) sendProblem(response, new Problem(500, 'internal-error', 'the local runtime failed'));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((done) => server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  // Presigned local links point here.
  process.env.ISMF_LOCAL_URL = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    setFlows: (flows) => {
      options.flows = flows;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
