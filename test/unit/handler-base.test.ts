// The instrumented handler every function is made on: the outcome metric of each invocation (EMF as
// Lambda writes it to stdout), the cold start counted once, failures answered or rethrown, and the
// logger's keys reset between invocations.
import { userCreated as userCreatedEvent } from '@ismf/directory/events';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ulid } from 'ulid';
import * as z from 'zod';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Operation } from '@ismf/catalogue/operation';
import { Problem } from '@ismf/core/problems';
import { consumerHandler, type BusEvent } from '@ismf/events/consumer-handler';
import { jobHandler } from '@ismf/events/job-handler';
import { logger } from '@ismf/handler/logger';
import { operationHandler } from '@ismf/http/operation-handler';
import { lambdaContext } from '@ismf/local/api-gateway-event';

// As in Lambda: metrics are written, and the container started on demand. The metrics module reads both
// when it is first imported, which is after this (vi.hoisted runs before the imports).
const saved = vi.hoisted(() => {
  const before = { disabled: process.env.POWERTOOLS_METRICS_DISABLED, initialization: process.env.AWS_LAMBDA_INITIALIZATION_TYPE };
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  return before;
});

interface EmfLine {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** Every JSON line this file's handlers write (EMF on stdout, log lines on stdout or stderr), in order. */
const written: Record<string, unknown>[] = [];
const spies: MockInstance[] = [];

function capture(chunk: unknown): boolean {
  for (const line of String(chunk).split('\n')) {
    if (line.trim().startsWith('{')) written.push(JSON.parse(line) as Record<string, unknown>);
  }
  return true;
}

beforeAll(() => {
  spies.push(vi.spyOn(process.stdout, 'write').mockImplementation(capture), vi.spyOn(process.stderr, 'write').mockImplementation(capture));
});
afterAll(() => {
  for (const spy of spies) spy.mockRestore();
  for (const [name, value] of [
    ['POWERTOOLS_METRICS_DISABLED', saved.disabled],
    ['AWS_LAMBDA_INITIALIZATION_TYPE', saved.initialization],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const emf = () => written.filter((line): line is EmfLine => '_aws' in line);
const metricNames = (line: EmfLine) => line._aws.CloudWatchMetrics.flatMap((set) => set.Metrics.map((metric) => metric.Name));
const outcomes = () => emf().filter((line) => !metricNames(line).includes('ColdStart'));
const logLines = () => written.filter((line) => !('_aws' in line));

/** Runs an invocation and returns the EMF outcome lines it wrote; it must not throw. */
async function outcomesOf(invoke: () => Promise<unknown>): Promise<EmfLine[]> {
  const before = outcomes().length;
  await invoke();
  return outcomes().slice(before);
}

let behaviour: 'succeed' | 'refuse' | 'crash' = 'succeed';
const probe = {
  name: 'probeThing',
  area: 'platform',
  method: 'GET',
  path: '/probe',
  summary: 'a probe',
  description: 'a probe',
  handler: '',
  callers: { public: true },
  clauses: [],
  access: { table: 'none' },
  response: z.object({ ok: z.boolean() }),
  successStatus: 200,
  examples: { response: { ok: true } },
} satisfies Operation;
const probeHandler = operationHandler(probe, async () => {
  logger.error('probe operation ran');
  if (behaviour === 'refuse') throw new Problem(404, 'not-found', 'no such thing');
  if (behaviour === 'crash') throw new Error('the disk is on fire');
  return { body: { ok: true } };
});

function request(query?: Record<string, string>): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: 'GET /probe',
    rawPath: '/probe',
    rawQueryString: '',
    headers: {},
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: { requestId: `req-${ulid()}` },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const context = () => lambdaContext('ismf-probe', ulid());

function expectOutcome(lines: EmfLine[], metric: string, dimension: string, name: string): EmfLine {
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line._aws.CloudWatchMetrics).toEqual([{ Namespace: 'ISMF', Dimensions: [['service', dimension]], Metrics: [{ Name: metric, Unit: 'Count' }] }]);
  expect(line[metric]).toBe(1);
  expect(line[dimension]).toBe(name);
  expect(line.service).toBe('ismf');
  return line;
}

describe('an operation', () => {
  it('counts a success once, as Success with the operation as dimension', async () => {
    behaviour = 'succeed';
    let status: number | undefined;
    const lines = await outcomesOf(async () => {
      status = (await probeHandler(request(), context())).statusCode;
    });
    expect(status).toBe(200);
    expectOutcome(lines, 'Success', 'operation', 'probeThing');
  });

  it('counts a Problem it answers with a 4xx as ClientError', async () => {
    behaviour = 'refuse';
    let reply: Awaited<ReturnType<typeof probeHandler>> | undefined;
    const lines = await outcomesOf(async () => {
      reply = await probeHandler(request(), context());
    });
    expect(reply).toMatchObject({ statusCode: 404, headers: { 'content-type': 'application/problem+json' } });
    expectOutcome(lines, 'ClientError', 'operation', 'probeThing');
  });

  it('counts a request refused before the domain call (parsing) as ClientError', async () => {
    behaviour = 'succeed';
    let status: number | undefined;
    const lines = await outcomesOf(async () => {
      status = (await probeHandler(request({ unexpected: '1' }), context())).statusCode;
    });
    expect(status).toBe(400);
    expectOutcome(lines, 'ClientError', 'operation', 'probeThing');
  });

  it('answers a thrown error with a 500 problem, counts it as ServerError, and logs it with the operation’s keys', async () => {
    behaviour = 'crash';
    const event = request();
    let reply: Awaited<ReturnType<typeof probeHandler>> | undefined;
    const logsBefore = logLines().length;
    const lines = await outcomesOf(async () => {
      reply = await probeHandler(event, context());
    });
    expect(reply?.statusCode).toBe(500);
    expect(JSON.parse(reply!.body!)).toMatchObject({ status: 500, instance: event.requestContext.requestId });
    expect(JSON.stringify(reply)).not.toContain('the disk is on fire');
    expectOutcome(lines, 'ServerError', 'operation', 'probeThing');
    const failure = logLines()
      .slice(logsBefore)
      .find((line) => line.message === 'unexpected failure');
    expect(failure).toMatchObject({ operation: 'probeThing', requestId: event.requestContext.requestId });
  });
});

describe('the cold start', () => {
  it('is counted once per container, before any outcome, however many invocations follow', async () => {
    behaviour = 'succeed';
    await probeHandler(request(), context());
    await probeHandler(request(), context());
    const lines = emf();
    const coldStarts = lines.filter((line) => metricNames(line).includes('ColdStart'));
    expect(coldStarts).toHaveLength(1);
    expect(lines[0]).toBe(coldStarts[0]);
    expect(coldStarts[0]).toMatchObject({ ColdStart: 1, function_name: 'ismf-probe', service: 'ismf' });
    expect(coldStarts[0]!._aws.CloudWatchMetrics[0]!.Namespace).toBe('ISMF');
    expect(outcomes().length).toBeGreaterThanOrEqual(2);
  });
});

describe('a consumer', () => {
  const tenantId = `hb-${ulid().toLowerCase().slice(-10)}`;
  let failing = true;
  const consumer = consumerHandler(
    { name: 'probeConsumer', description: 'a probe', handler: '', access: { table: 'write' }, subscribes: [{ event: userCreatedEvent }] },
    async () => {
      if (failing) throw new Error('downstream unavailable');
    },
  );
  const userCreated = (): BusEvent =>
    ({
      version: '0',
      id: ulid(),
      account: '000000000000',
      region: 'eu-west-1',
      time: new Date().toISOString(),
      resources: [],
      source: 'ismf.organization',
      'detail-type': 'UserCreated',
      detail: {
        tenantId,
        eventId: ulid(),
        occurredAt: new Date().toISOString(),
        version: 1,
        correlationId: ulid(),
        data: { userId: ulid(), roles: ['staff'] },
      },
    }) as BusEvent;

  it('records a failure as Failure, with the tenant as metadata and never as a dimension, and rethrows it', async () => {
    failing = true;
    const event = userCreated();
    let thrown: unknown;
    const lines = await outcomesOf(async () => {
      await consumer(event, context()).catch((error: unknown) => {
        thrown = error;
      });
    });
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe('downstream unavailable');
    const line = expectOutcome(lines, 'Failure', 'consumer', 'probeConsumer');
    expect(line.tenantId).toBe(tenantId);
  });

  it('records the redelivery that succeeds as Success', async () => {
    failing = false;
    const lines = await outcomesOf(() => consumer(userCreated(), context()));
    expectOutcome(lines, 'Success', 'consumer', 'probeConsumer');
  });
});

describe('the logger', () => {
  it('carries an invocation’s keys during it and none of them into the next invocation', async () => {
    const tenantId = `hb-${ulid().toLowerCase().slice(-10)}`;
    const job = jobHandler(
      { name: 'probe-job', expression: 'rate(1 hour)', description: 'a probe', handler: '', access: { table: 'none' }, clauses: [] },
      async () => {
        logger.error('probe job ran');
        return 'done';
      },
    );
    const logsBefore = logLines().length;
    const lines = await outcomesOf(async () => {
      expect(await job({ tenantId, job: 'probe-job' }, context())).toBe('done');
    });
    expectOutcome(lines, 'Success', 'job', 'probe-job');
    behaviour = 'succeed';
    await probeHandler(request(), context());
    const logs = logLines().slice(logsBefore);
    const inJob = logs.find((line) => line.message === 'probe job ran');
    const inOperation = logs.find((line) => line.message === 'probe operation ran');
    expect(inJob).toMatchObject({ job: 'probe-job', tenantId });
    expect(inOperation).toMatchObject({ operation: 'probeThing' });
    expect(inOperation).not.toHaveProperty('tenantId');
    expect(inOperation).not.toHaveProperty('job');
    expect(inJob).not.toHaveProperty('operation');
  });
});
