// The one scaffold every function stands on: API operations, event consumers, scheduled jobs and flow
// tasks. Each invocation runs in a data scope with its catalogue entry's access; middy carries the
// Powertools logger (context injected, the entry's key appended, all keys reset at the end) and the
// Powertools metrics (a cold start, and one outcome per invocation with the entry's name as the only
// dimension of our own, flushed whether the invocation returns or throws); a failure is answered in
// one place (the API's problem+json) or rethrown, so that Lambda, EventBridge or Step Functions retry
// it; and `enterTenant` is the one way into a tenant. The kind-specific factories are thin layers on it.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { checkConfiguration } from '@ismf/core/config';
import { currentDataScope, withDataScope, type DataScope } from '@ismf/store/client';
import { enterTenantScope, isTenantFacing } from '@ismf/store/tenant-access';
import { logger } from './logger.ts';
import { countColdStart, flushMetrics, metrics } from './metrics.ts';

/** What a function serves; also the name of its log key and of its metric dimension. */
export type HandlerKind = 'operation' | 'consumer' | 'job' | 'flowTask';

/** How an invocation ended: the name of the metric it counts. */
export type Outcome = 'Success' | 'ClientError' | 'ServerError' | 'Failure';

export interface HandlerDeclaration<E, R, C extends Context> {
  kind: HandlerKind;
  /** The catalogue entry's name: the value of the log key and of the metric dimension. */
  name: string;
  /** What the catalogue entry declares the function may reach. */
  access: DataScope['access'];
  /** Log keys read off the event before any step runs (the API's request id). */
  keys?: (event: E) => Record<string, unknown>;
  /** Steps before the work, in order (the API's role check and request parsing). */
  steps?: readonly middy.MiddlewareObj<E, R, Error, C>[];
  /**
   * How a failure leaves as an answer (the API's problem+json): it has the last word on the response.
   * Without it the error is rethrown, so that Lambda, EventBridge or Step Functions retry it.
   */
  answerFailure?: (error: unknown, event: E) => R;
  /** The outcome from the answer (none when the invocation failed unanswered). Default: Success, or Failure when it threw. */
  outcome?: (response: R | undefined, failed: boolean) => Outcome;
  work: (event: E, context: C) => Promise<R>;
}

/** The outcome class of an HTTP status; no status at all is a failure nobody answered. */
export function outcomeOfStatus(status: number | undefined): Outcome {
  if (status === undefined || status >= 500) return 'ServerError';
  return status >= 400 ? 'ClientError' : 'Success';
}

const succeededUnlessThrown = (_response: unknown, failed: boolean): Outcome => (failed ? 'Failure' : 'Success');

/** The tenant each running invocation entered, for its outcome metric's metadata. */
const invocationTenants = new WeakMap<DataScope, string>();

/**
 * Puts the running invocation into its tenant: its log lines carry the tenant and the given ids, its
 * outcome metric names the tenant as metadata (never as a dimension), and a tenant-facing function
 * reaches data only through that tenant's client from here on.
 */
export function enterTenant(tenantId: string, keys: Record<string, unknown> = {}): void {
  const scope = currentDataScope();
  if (!scope) throw new Error('no data scope to enter: handlers are made with instrumentedHandler');
  logger.appendKeys({ tenantId, ...keys });
  invocationTenants.set(scope, tenantId);
  if (scope.tenantOnly) enterTenantScope(tenantId, scope.access);
}

export function instrumentedHandler<E, R, C extends Context = Context>(declaration: HandlerDeclaration<E, R, C>): (event: E, context: Context) => Promise<R> {
  const { kind, name, access, keys, steps = [], answerFailure, outcome = succeededUnlessThrown, work } = declaration;
  const tenantOnly = isTenantFacing(access);
  // At init, not at first use: in AWS a function whose environment lacks what its access needs fails
  // before it serves anything, naming each missing variable.
  checkConfiguration(access, name);

  const recorded = new WeakSet<object>();
  const record = (request: middy.Request<E, R, Error, C>, failed: boolean): void => {
    // An `after` step that throws runs the onError chain too: an invocation counts once.
    if (recorded.has(request)) return;
    recorded.add(request);
    const scope = currentDataScope();
    const tenantId = scope && invocationTenants.get(scope);
    try {
      // Added together and flushed at once, so that nothing of another invocation can interleave.
      metrics.addDimension(kind, name);
      if (tenantId) metrics.addMetadata('tenantId', tenantId);
      metrics.addMetric(outcome(request.response ?? undefined, failed), MetricUnit.Count, 1);
    } finally {
      flushMetrics();
    }
  };

  // middy runs `before` in the order of `use`, `after` and `onError` in reverse: the logger, first in, resets
  // its keys last (so the failure's log line still has them); the outcome is counted after the failure has
  // been answered (so an operation counts the status it answered with).
  const handler = middy<E, R, Error, C>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: (request) => {
        logger.appendKeys({ [kind]: name, ...keys?.(request.event) });
        countColdStart(request.context.functionName);
      },
      after: (request) => {
        record(request, false);
      },
      onError: (request) => {
        record(request, true);
      },
    });
  if (answerFailure) {
    handler.use({
      onError: (request) => {
        request.response = answerFailure(request.error, request.event);
      },
    });
  }
  for (const step of steps) handler.use(step);
  handler.handler((event, context) => work(event, context));

  return (event, context) => withDataScope({ label: name, tenantOnly, access }, () => handler(event, context as C));
}
