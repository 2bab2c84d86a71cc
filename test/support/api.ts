// A running local API for a test file, and the calls a user would make against it.
import type { TenantRole } from '@ismf/core/roles';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createLocalIdentity, operatorToken, type LocalIdentity } from '@ismf/local/identity';
import { devToken, devTokens } from '@ismf/platform/dev-identity';
import { installRegistry, registry as composed } from '@ismf/app/areas';
import type { Registry } from '@ismf/area/registry';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { LocalBus } from '@ismf/local/local-bus';
import { LocalFlows } from '@ismf/local/local-flows';
import { LocalScheduler } from '@ismf/local/local-scheduler';
import { OutboxRelay } from '@ismf/local/outbox-relay';
import { startLocalServer, type LocalServer } from '@ismf/local/server';
import { checkAnswer } from './contract.ts';
import { consoleSite } from '@ismf/console/server/site';
import { CONSOLE_BUILD_DIR } from '@ismf/console/server/build';
import { recordStatus } from './status-record.ts';

export interface Call {
  token?: string;
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Api {
  url: string;
  /** With `events: true`: the local event path (bus, relay from the moment of start, scheduler). */
  bus?: LocalBus;
  relay?: OutboxRelay;
  scheduler?: LocalScheduler;
  /** With `events: true`: the local Step Functions running the ASL files (replaced by restartFlows). */
  flows?: LocalFlows;
  /** With `events: true`: the folder the local mail transport writes .eml files into. */
  mailDir?: string;
  /** Stops the local Step Functions, as a process exit would, and starts a fresh runtime. */
  restartFlows(): Promise<LocalFlows>;
  identity: LocalIdentity;
  operator: string;
  call<T = any>(method: string, path: string, call?: Call): Promise<Reply<T>>;
  /** fetch, with every answer held to the contract and its status recorded as `call` does: for clients that bring their own (the typed API client). */
  fetch: typeof fetch;
  /** Onboards a fresh tenant through the platform API and answers it with its admin's token. */
  newTenant(prefix?: string): Promise<{ tenantId: string; adminToken: string; adminId: string }>;
  /** A token for a user of the tenant with these roles (the user is registered if new). */
  tokenFor(tenantId: string, user: string, roles: string[], ttlSeconds?: number): Promise<string>;
  close(): Promise<void>;
}

/** A body as the tests read it: JSON parsed, else the text. */
function parsedBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text; // not JSON: keep the text
  }
}

/**
 * Every answer a test sees — its own calls', a client's, the console's in the browser — held to the catalogue and
 * the OpenAPI document (contract.ts), and its status recorded for the run's check that each one an operation
 * answers is documented (status-coverage.ts).
 */
export function heldToContract<T = unknown>(method: string, path: string, status: number, headers: Headers, text: string): Reply<T> {
  const reply = { status, headers, body: parsedBody(text) as T };
  recordStatus(method, path, status);
  checkAnswer(method, path, reply);
  return reply;
}

export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** The local runtime on the composed registry, or on the one given (the toy area's test adds an area). */
export async function startApi(options: { events?: boolean; registry?: Registry; console?: boolean } = {}): Promise<Api> {
  const registry = options.registry ?? composed;
  // The functions this process loads read the registry the runtime runs on (one with a test's own area).
  installRegistry(options.registry);
  const root = resolve(import.meta.dirname, '../..');
  const identity = await createLocalIdentity();
  let runtime: { bus: LocalBus; relay: OutboxRelay; scheduler: LocalScheduler; flows: LocalFlows; mailDir: string } | undefined;
  if (options.events) {
    const mailDir = mkdtempSync(resolve(tmpdir(), 'ismf-mail-'));
    process.env.ISMF_MAIL_DIR = mailDir;
    const flows = new LocalFlows(root, registry.flows).install();
    const bus = new LocalBus({ root, routes: registry.routes, attempts: 3, backoffMs: 5 });
    // Only what this file commits: the shared table holds every other file's events too.
    const relay = new OutboxRelay({ root, endpoint: process.env.DYNAMODB_ENDPOINT!, bus, name: uniqueSlug('relay'), startAt: 'LATEST' });
    await relay.poll();
    runtime = { bus, relay, scheduler: new LocalScheduler(root, registry.jobs), flows, mailDir };
  }
  // With `console: true`: the web console as npm start serves it (built once for the run by the global setup).
  const site = options.console ? { console: consoleSite(CONSOLE_BUILD_DIR) } : {};
  const server: LocalServer = await startLocalServer({ port: 0, identity, root, operations: registry.operations, devTokens, ...runtime, ...site });
  // Valid for a month: tests that move the clock on (due reviews, sealed hours) still run jobs with it.
  const operator = await operatorToken(identity, 30 * 86_400);

  const checkedFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const { pathname, search } = new URL(request.url);
    heldToContract(request.method, `${pathname}${search}`, response.status, response.headers, await response.clone().text());
    return response;
  };

  async function call<T>(method: string, path: string, options: Call = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, body });
    return heldToContract<T>(method, path, response.status, response.headers, await response.text());
  }

  const api: Api = {
    url: server.url,
    ...runtime,
    identity,
    operator,
    call,
    fetch: checkedFetch,
    async newTenant(prefix = 't') {
      const tenantId = uniqueSlug(prefix);
      const created = await call<{ admin: { id: string } }>('POST', '/tenants', {
        token: operator,
        body: { slug: tenantId, name: `Tenant ${tenantId}`, adminEmail: `admin@${tenantId}.example`, adminDisplayName: 'Ada Admin' },
      });
      if (created.status !== 201) throw new Error(`tenant creation failed: ${JSON.stringify(created.body)}`);
      const adminToken = (await devToken(identity, { tenant: tenantId, user: `admin@${tenantId}.example`, roles: ['admin'] })).token;
      return { tenantId, adminToken, adminId: created.body.admin.id };
    },
    async tokenFor(tenantId, user, roles, ttlSeconds) {
      return (await devToken(identity, { tenant: tenantId, user, roles: roles as TenantRole[], ttlSeconds })).token;
    },
    async restartFlows() {
      if (!runtime) throw new Error('restartFlows needs startApi({ events: true })');
      await runtime.flows.stop();
      runtime.flows = new LocalFlows(root, registry.flows).install();
      api.flows = runtime.flows;
      server.setFlows(runtime.flows);
      return runtime.flows;
    },
    close: async () => {
      installRegistry(undefined);
      await runtime?.relay.stop();
      await runtime?.flows.stop();
      await server.close();
    },
  };
  return api;
}
