// The smoke test of a running ISMF — deployed in AWS, or `npm start` — through its public HTTP API only
// (Node's fetch and the documented routes, nothing of the server's packages, nothing local-only), so that
// it runs against AWS exactly as against the local stack. `npm run smoke` (smoke-cli.ts) drives it.
//
// Who it runs as: a tenant's admin (or security officer) of a tenant set aside for smoke tests. In AWS a
// platform operator can onboard a tenant but never obtain its admin's token (the admin gets a Cognito
// invitation), so the smoke cannot make its own tenant; and one person cannot finish a decision (the
// requester may not decide their own change). Hence:
// - `token`: the requester. Enough for every step; the decision then ends by withdrawal.
// - `checkerToken` (optional): a security officer of the same tenant, another person. The decision then
//   is a real one: the checker rejects the change and the flow settles it on Step Functions.
// - `operatorToken` (optional): a platform operator; the tenant is also read from the registry.
// - `newUser` (optional): an address to register a throwaway user under (needs admin); it is disabled
//   at the end. Without it the user step reads the caller's own directory entry.
//
// Steps, in order; the first failure stops the run, then cleanup retires and withdraws what it made.
//   health    GET /health answers: the API is reachable and its functions run.
//   tenant    the token is accepted for its tenant (verified, tenant active, the tenant data role assumed);
//             with an operator token the registry also shows the tenant active.
//   user      the caller is an active user of the tenant's directory; with newUser, a user is registered
//             (in AWS: a Cognito account) and read back.
//   asset     an asset is registered (entity, audit entry and outbox event in one transaction) and read
//             back with its ETag and history.
//   event     its AssetRegistered event reaches the countAssetChanges consumer: the register summary
//             counts it (outbox → Pipe/relay → bus → rule → consumer).
//   flow      an asset policy change (the policy in force, unchanged) starts its approval flow: the
//             FlowRequested event reaches startFlow, the Step Functions execution runs and opens the check
//             step (an approval holding the execution's task token).
//   decision  with a checker: the checker rejects; the decision reaches the execution (resumeFlow →
//             SendTaskFailure), whose next task settles the change rejected. Without: the requester
//             withdraws the change; its records settle at once (the execution's end is not visible).
//   cleanup   the asset retired, the change withdrawn if still open, the throwaway user disabled.

export const SMOKE_STEPS = ['health', 'tenant', 'user', 'asset', 'event', 'flow', 'decision'] as const;
export type SmokeStep = (typeof SMOKE_STEPS)[number] | 'cleanup';

export interface SmokeOptions {
  /** The API's base URL: https://… in AWS, http://127.0.0.1:3000 for npm start. */
  url: string;
  /** An ID token of an admin (or a security officer) of the tenant set aside for smoke tests. */
  token: string;
  /** An ID token of a security officer of the same tenant, another person than `token`'s. */
  checkerToken?: string;
  /** A platform operator's token. */
  operatorToken?: string;
  /** The address of a throwaway user to register (`{run}` stands for the run id; without it `+<run id>` is added to the local part). */
  newUser?: string;
  /** How long to wait for each asynchronous effect (an event consumed, a flow step opened). Default 60 s. */
  timeoutMs?: number;
  /** How often to look meanwhile. Default 500 ms. */
  pollMs?: number;
  /** How long one request may take. Default 30 s. */
  requestTimeoutMs?: number;
  /** Names this run's records. Default: the time, e.g. smoke-20261202t101500z. */
  runId?: string;
}

/** What a failed request asked and what the API answered. */
export interface SmokeResponse {
  request: string;
  status: number;
  /** Headers that explain a refusal (WWW-Authenticate, x-request-id). */
  headers: Record<string, string>;
  body: unknown;
}

export interface StepResult {
  name: SmokeStep;
  ok: boolean;
  ms: number;
  /** What the step showed, or why it failed. */
  detail: string;
  response?: SmokeResponse;
  hint?: string;
}

export interface SmokeResult {
  ok: boolean;
  runId: string;
  steps: StepResult[];
  /** The steps not run after a failure. */
  notRun: SmokeStep[];
  /** What stays in the tenant after the run. */
  leftBehind: string[];
  /** The ids of what the run made, as far as it got. */
  records: { assetId?: string; userId?: string; changeId?: string; flowId?: string; approvalId?: string };
  ms: number;
}

export interface SmokeReporter {
  start?(info: { url: string; runId: string }): void;
  step(result: StepResult): void;
  end?(result: SmokeResult): void;
}

// ------------------------------------------------------------------------------------------ failures

class StepFailure extends Error {
  constructor(
    message: string,
    readonly response?: SmokeResponse,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const HINTS: Record<number, string> = {
  401: 'the token was refused: it expired, or it is not an ID token of this API’s user pool (locally: npm run -s token -- --tenant T --user U --roles admin)',
  403: 'the caller may not do this: a role it lacks (the smoke needs admin or security-officer; --new-user needs admin; the checker security-officer), separation of duties (the checker must be another person than the requester), or a disabled tenant',
};

// ---------------------------------------------------------------------------------------------- HTTP

interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

interface Send {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The statuses that count as an answer; any other fails the step. Default 200 and 201. */
  expect?: number[];
}

class Client {
  constructor(
    readonly base: string,
    private readonly requestTimeoutMs: number,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read field by field
  async send<T = any>(method: string, path: string, options: Send = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const request = `${method} ${path}`;
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string; code?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new StepFailure(`${request}: no answer from ${this.base} (${why})`, undefined, 'is the URL right, and is the API up?');
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    const expected = options.expect ?? [200, 201];
    if (!expected.includes(response.status)) {
      const kept: Record<string, string> = {};
      for (const name of ['www-authenticate', 'x-request-id', 'content-type']) {
        const value = response.headers.get(name);
        if (value) kept[name] = value;
      }
      const title = body && typeof body === 'object' && 'title' in body ? `: ${String((body as { title: unknown }).title)}` : '';
      throw new StepFailure(
        `${request} answered ${response.status}${title}`,
        { request, status: response.status, headers: kept, body },
        HINTS[response.status],
      );
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }
}

// ------------------------------------------------------------------------------------------- helpers

interface Claims {
  tenantId?: string;
  email?: string;
  subject?: string;
  groups?: string[];
  expiresAt?: number;
}

/** The claims of a JWT, read without verifying it (the API verifies; the smoke only needs to know whose it is). */
export function readClaims(token: string): Claims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return {
      tenantId: typeof claims['custom:tenant_id'] === 'string' ? claims['custom:tenant_id'] : undefined,
      email: typeof claims.email === 'string' ? claims.email : undefined,
      subject: typeof claims.sub === 'string' ? claims.sub : undefined,
      groups: Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].map(String) : undefined,
      expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined,
    };
  } catch {
    return undefined;
  }
}

export function defaultRunId(now = new Date()): string {
  return `smoke-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'z')
    .toLowerCase()}`;
}

/** The throwaway user's address: `{run}` replaced, else `+<run id>` added to the local part. */
export function newUserAddress(template: string, runId: string): string {
  if (template.includes('{run}')) return template.replaceAll('{run}', runId);
  const at = template.lastIndexOf('@');
  return at < 0 ? template : `${template.slice(0, at)}+${runId}${template.slice(at)}`;
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

function fail(message: string, hint?: string): never {
  throw new StepFailure(message, undefined, hint);
}

// ------------------------------------------------------------------------------------------ the run

interface State {
  claims?: Claims;
  tenantId?: string;
  policy?: Record<string, unknown>;
  selfId?: string;
  newUser?: { id: string; email: string; version: number };
  summaryTotal?: number;
  asset?: { id: string; version: number; name: string };
  change?: { id: string; flowId: string; settled?: string };
  approvalId?: string;
}

/** Runs the smoke test; answers every step's result. Never throws for what the API does. */
export async function runSmoke(options: SmokeOptions, reporter: SmokeReporter): Promise<SmokeResult> {
  const base = options.url.replace(/\/+$/, '');
  const runId = options.runId ?? defaultRunId();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 500;
  const api = new Client(base, options.requestTimeoutMs ?? 30_000);
  const token = options.token;
  const state: State = {};
  const started = performance.now();

  /** Polls until `probe` answers something; the last answer is named if time runs out. */
  async function until<T>(what: string, probe: () => Promise<{ done?: T; last: unknown }>): Promise<{ value: T; ms: number }> {
    const from = performance.now();
    for (;;) {
      const { done, last } = await probe();
      if (done !== undefined) return { value: done, ms: performance.now() - from };
      if (performance.now() - from > timeoutMs) {
        throw new StepFailure(
          `timed out after ${seconds(timeoutMs)} waiting for ${what}`,
          undefined,
          `the last answer: ${JSON.stringify(last).slice(0, 600)}; a slow event path may need --timeout`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  const steps: Record<(typeof SMOKE_STEPS)[number], () => Promise<string>> = {
    async health() {
      const reply = await api.send('GET', '/health');
      if (reply.body?.status !== 'ok') fail(`GET /health answered ${JSON.stringify(reply.body)}, not status ok`);
      return `the API answers (server time ${String(reply.body.time)})`;
    },

    async tenant() {
      state.claims = readClaims(token);
      // The first request with the token: verified (JWT authorizer), the tenant active, its data role assumed.
      const policy = await api.send('GET', '/asset-policy', { token });
      const tenantId = state.claims?.tenantId;
      if (!tenantId)
        fail('the token carries no custom:tenant_id claim', 'pass an ID token of a user of the smoke tenant (not an access token, not an operator’s)');
      state.tenantId = tenantId;
      state.policy = policy.body;
      let registry = '';
      if (options.operatorToken) {
        const tenant = await api.send('GET', `/tenants/${encodeURIComponent(tenantId)}`, { token: options.operatorToken });
        if (tenant.body.status !== 'active') fail(`the registry shows tenant ${tenantId} ${String(tenant.body.status)}`);
        const listed = await api.send('GET', '/tenants?limit=1', { token: options.operatorToken });
        if (!Array.isArray(listed.body.items)) fail('GET /tenants answered no items');
        registry = '; the registry shows it active (operator)';
      }
      return `${tenantId}: the token is accepted and the tenant answers (asset policy version ${String(policy.body.version)})${registry}`;
    },

    async user() {
      const email = state.claims?.email?.toLowerCase();
      if (!email) fail('the token carries no email claim', 'pass an ID token (it carries email), not an access token');
      let cursor: string | undefined;
      let self: { id: string; status: string; roles: string[] } | undefined;
      for (let page = 0; page < 50 && !self; page++) {
        const reply = await api.send('GET', `/users?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
        self = (reply.body.items as { id: string; email: string; status: string; roles: string[] }[]).find((user) => user.email.toLowerCase() === email);
        cursor = reply.body.nextCursor;
        if (!cursor) break;
      }
      if (!self) fail(`the directory of ${state.tenantId} holds no user ${email}`);
      if (self.status !== 'active') fail(`${email} is ${self.status} in the directory`);
      state.selfId = self.id;
      const you = `${email} is an active user (${self.roles.join(', ')})`;
      if (!options.newUser) return you;
      const address = newUserAddress(options.newUser, runId);
      const created = await api.send('POST', '/users', {
        token,
        headers: { 'idempotency-key': `${runId}-user` },
        body: { email: address, displayName: `Smoke Test ${runId}`, jobTitle: 'Smoke test user (disabled by the run)', roles: ['staff'] },
      });
      state.newUser = { id: created.body.id, email: address, version: created.body.version };
      const read = await api.send('GET', `/users/${created.body.id}`, { token });
      if (read.body.email.toLowerCase() !== address.toLowerCase() || read.body.status !== 'active') {
        fail(`GET /users/${created.body.id} answered ${JSON.stringify(read.body)}`);
      }
      return `${you}; registered ${address} (staff) and read it back`;
    },

    async asset() {
      const summary = await api.send('GET', '/assets/summary', { token });
      state.summaryTotal = summary.body.total as number;
      const levels = ((state.policy?.classificationLevels ?? []) as { name: string }[]).map((level) => level.name);
      const classification = (state.policy?.defaultClassification as string | undefined) ?? levels.find((name) => name.toLowerCase() !== 'public') ?? levels[0];
      if (!classification) fail('the asset policy names no classification level');
      const name = `Smoke test ${runId}`;
      const created = await api.send('POST', '/assets', {
        token,
        headers: { 'idempotency-key': `${runId}-asset` },
        body: {
          name,
          type: 'intangible',
          description: 'Registered by the smoke test (npm run smoke) and retired at its end.',
          owner: state.selfId,
          classification,
          confidentiality: 1,
          integrity: 1,
          availability: 1,
        },
      });
      const id = created.body.id as string;
      state.asset = { id, version: created.body.version, name };
      const read = await api.send('GET', `/assets/${id}`, { token });
      if (read.body.name !== name || read.headers.get('etag') !== `"${read.body.version}"`) {
        fail(`GET /assets/${id} answered ${JSON.stringify(read.body)} with ETag ${read.headers.get('etag')}`);
      }
      const history = await api.send('GET', `/assets/${id}/history`, { token });
      if (!Array.isArray(history.body.items) || history.body.items.length < 1) fail(`GET /assets/${id}/history lists no version`);
      return `registered ${id} (${classification}, importance ${String(created.body.importance)}), read back with its ETag and history`;
    },

    async event() {
      const before = state.summaryTotal!;
      const { value, ms } = await until('the register summary to count the new asset (countAssetChanges)', async () => {
        const summary = await api.send('GET', '/assets/summary', { token });
        const total = summary.body.total as number;
        return { done: total > before ? total : undefined, last: { total, asOf: summary.body.asOf } };
      });
      return `AssetRegistered reached countAssetChanges: the register summary’s total went from ${before} to ${value} after ${seconds(ms)}`;
    },

    async flow() {
      const { version: _version, updatedAt: _updatedAt, ...policy } = state.policy!;
      const ending = options.checkerToken ? 'the checker rejects it' : 'the smoke withdraws it';
      const submitted = await api.send('POST', '/asset-policy-changes', {
        token,
        headers: { 'idempotency-key': `${runId}-change` },
        body: { policy, reason: `Smoke test ${runId}: the policy in force, unchanged; ${ending}` },
      });
      state.change = { id: submitted.body.id, flowId: submitted.body.flowId };
      const { flowId } = state.change;
      const { value: waiting, ms } = await until('the approval flow to open its check step (FlowRequested → startFlow → Step Functions)', async () => {
        const flow = await api.send('GET', `/flows/${flowId}`, { token });
        if (flow.body.status !== 'running') fail(`the flow ended ${String(flow.body.status)} before its first step: ${JSON.stringify(flow.body)}`);
        const step = flow.body.waitingFor as { taskId?: string; step?: string; role?: string } | undefined;
        return { done: step?.taskId && step.step === 'check' ? step : undefined, last: flow.body };
      });
      const approvalId = waiting.taskId!;
      state.approvalId = approvalId;
      // The flow record names the step (AdvanceFlow) a moment before the next task writes its approval
      // with the execution's task token (OpenHumanTask): the approval is the proof that it ran.
      const opened = await until(`approval ${approvalId} to open (OpenHumanTask)`, async () => {
        const approval = await api.send('GET', `/approvals/${approvalId}`, { token, expect: [200, 404] });
        if (approval.status === 200 && approval.body.status !== 'pending') fail(`approval ${approvalId} is ${String(approval.body.status)}, not pending`);
        return { done: approval.status === 200 ? approval.body : undefined, last: approval.body };
      });
      return `change ${state.change.id}: its flow ${flowId} runs on Step Functions and opened the check step (approval ${approvalId}, for ${String(opened.value.role)}) after ${seconds(ms + opened.ms)}`;
    },

    async decision() {
      const change = state.change!;
      const approvalId = state.approvalId!;
      if (options.checkerToken) {
        await api.send('POST', `/approvals/${approvalId}/decision`, {
          token: options.checkerToken,
          body: { outcome: 'reject', reason: `Smoke test ${runId}: rejected by design` },
        });
        const { ms } = await until('the execution to settle the change rejected (resumeFlow → SendTaskFailure → AdvanceFlow)', async () => {
          const reply = await api.send('GET', `/asset-policy-changes/${change.id}`, { token });
          const status = reply.body.status as string;
          if (status !== 'pending-approval' && status !== 'rejected') fail(`the change ended ${status}, not rejected`);
          return { done: status === 'rejected' ? status : undefined, last: reply.body };
        });
        change.settled = 'rejected';
        const flow = await api.send('GET', `/flows/${change.flowId}`, { token });
        const history = (flow.body.history ?? []) as { step: string; outcome: string }[];
        if (flow.body.status !== 'rejected' || !history.some((entry) => entry.step === 'check' && entry.outcome === 'reject')) {
          fail(`the flow record does not show the rejection: ${JSON.stringify(flow.body)}`);
        }
        return `the checker rejected the check step; the execution resumed and settled the change and its flow rejected after ${seconds(ms)}`;
      }
      const withdrawn = await api.send('POST', `/asset-policy-changes/${change.id}/withdrawal`, {
        token,
        body: { reason: `Smoke test ${runId}: withdrawn by design` },
      });
      if (withdrawn.body.status !== 'withdrawn') fail(`the withdrawal answered the change ${String(withdrawn.body.status)}`);
      change.settled = 'withdrawn';
      const flow = await api.send('GET', `/flows/${change.flowId}`, { token });
      if (flow.body.status !== 'withdrawn') fail(`the flow record is ${String(flow.body.status)}, not withdrawn`);
      const approval = await api.send('GET', `/approvals/${approvalId}`, { token });
      if (approval.body.status !== 'withdrawn') fail(`approval ${approvalId} is ${String(approval.body.status)}, not withdrawn`);
      return 'withdrawn by the requester: the change, its flow record and the open approval settled (FlowWithdrawn then ends the execution, which the API does not show; --checker-token makes a decision the execution settles)';
    },
  };

  const results: StepResult[] = [];
  const notRun: SmokeStep[] = [];
  reporter.start?.({ url: base, runId });

  const run = async (name: SmokeStep, body: () => Promise<string>): Promise<boolean> => {
    const from = performance.now();
    let result: StepResult;
    try {
      result = { name, ok: true, ms: Math.round(performance.now() - from), detail: await body() };
      result.ms = Math.round(performance.now() - from);
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure(error instanceof Error ? error.message : String(error));
      result = {
        name,
        ok: false,
        ms: Math.round(performance.now() - from),
        detail: failure.message,
        ...(failure.response ? { response: failure.response } : {}),
        ...(failure.hint ? { hint: failure.hint } : {}),
      };
    }
    results.push(result);
    reporter.step(result);
    return result.ok;
  };

  let failed = false;
  for (const name of SMOKE_STEPS) {
    if (failed) notRun.push(name);
    else failed = !(await run(name, steps[name]));
  }

  // Cleanup: whatever was made, as far as it goes; each action is tried even if another failed.
  const leftBehind: string[] = [];
  if (state.asset || state.change || state.newUser) {
    await run('cleanup', async () => {
      const done: string[] = [];
      const problems: string[] = [];
      const attempt = async (what: string, action: () => Promise<void>) => {
        try {
          await action();
          done.push(what);
        } catch (error) {
          const failure = error instanceof StepFailure ? error : new StepFailure(String(error));
          problems.push(`${what}: ${failure.message}${failure.response ? ` ${JSON.stringify(failure.response.body)}` : ''}`);
        }
      };
      const change = state.change;
      if (change && !change.settled) {
        await attempt(`withdrew change ${change.id}`, async () => {
          const reply = await api.send('POST', `/asset-policy-changes/${change.id}/withdrawal`, {
            token,
            body: { reason: `Smoke test ${runId}: cleanup after a failed step` },
            expect: [200, 409],
          });
          if (reply.status === 409) {
            const current = await api.send('GET', `/asset-policy-changes/${change.id}`, { token });
            change.settled = String(current.body.status);
          } else change.settled = 'withdrawn';
        });
      }
      const asset = state.asset;
      if (asset) {
        await attempt(`retired asset ${asset.id}`, async () => {
          // Read first: a consumer may have moved the version on meanwhile.
          const current = await api.send('GET', `/assets/${asset.id}`, { token });
          if (current.body.status !== 'active') return;
          await api.send('POST', `/assets/${asset.id}/retirement`, {
            token,
            headers: { 'if-match': `"${String(current.body.version)}"` },
            body: { reason: `Smoke test ${runId}: done` },
          });
        });
      }
      const user = state.newUser;
      if (user) {
        await attempt(`disabled user ${user.email}`, async () => {
          const current = await api.send('GET', `/users/${user.id}`, { token });
          if (current.body.status === 'disabled') return;
          await api.send('PATCH', `/users/${user.id}`, {
            token,
            headers: { 'if-match': `"${String(current.body.version)}"`, 'content-type': 'application/merge-patch+json' },
            body: { status: 'disabled', reason: `Smoke test ${runId}: done` },
          });
        });
      }
      if (problems.length) fail(problems.join('; '));
      return done.join('; ');
    });
    if (state.asset) leftBehind.push(`asset ${state.asset.id} "${state.asset.name}", retired, with its history (a register keeps retired assets)`);
    if (state.change) {
      leftBehind.push(
        `asset policy change ${state.change.id} (${state.change.settled ?? 'still open'}) with its flow record ${state.change.flowId}${state.approvalId ? ` and approval ${state.approvalId}` : ''}`,
      );
    }
    if (state.newUser) leftBehind.push(`user ${state.newUser.email}, disabled (the directory keeps its users; in AWS its Cognito account stays, disabled)`);
    leftBehind.push('the audit entries of every change above: the audit trail is append-only');
  }

  const result: SmokeResult = {
    ok: results.every((step) => step.ok),
    runId,
    steps: results,
    notRun,
    leftBehind,
    records: {
      ...(state.asset ? { assetId: state.asset.id } : {}),
      ...(state.newUser ? { userId: state.newUser.id } : {}),
      ...(state.change ? { changeId: state.change.id, flowId: state.change.flowId } : {}),
      ...(state.approvalId ? { approvalId: state.approvalId } : {}),
    },
    ms: Math.round(performance.now() - started),
  };
  reporter.end?.(result);
  return result;
}

// ---------------------------------------------------------------------------------------- reporting

/** One line per step (✓/✗, name, time, what it showed); a failure adds the answer and a hint, indented. */
export function textReporter(write: (line: string) => void): SmokeReporter {
  const width = Math.max(...[...SMOKE_STEPS, 'cleanup'].map((name) => name.length));
  return {
    start({ url, runId }) {
      write(`Smoke test of ${url} (run ${runId})`);
    },
    step(result) {
      write(`${result.ok ? '✓' : '✗'} ${result.name.padEnd(width)} ${String(result.ms).padStart(6)} ms  ${result.detail}`);
      if (result.ok) return;
      if (result.response) {
        for (const [name, value] of Object.entries(result.response.headers)) write(`    ${name}: ${value}`);
        const body = typeof result.response.body === 'string' ? result.response.body : JSON.stringify(result.response.body);
        if (body) write(`    ${body.length > 2000 ? `${body.slice(0, 2000)}…` : body}`);
      }
      if (result.hint) write(`    hint: ${result.hint}`);
    },
    end(result) {
      const failedStep = result.steps.find((step) => !step.ok);
      if (result.ok) write(`Passed: ${result.steps.length} steps in ${seconds(result.ms)}.`);
      else {
        const notRun = result.notRun.length ? `; not run: ${result.notRun.join(', ')}` : '';
        write(`FAILED at ${failedStep!.name}${notRun} (${seconds(result.ms)}).`);
      }
      if (result.leftBehind.length) {
        write('Left in the tenant:');
        for (const line of result.leftBehind) write(`  - ${line}`);
      }
    },
  };
}
