// One Metrics object per container (Powertools, CloudWatch embedded metric format), as there is one
// logger. The instrumented handler records each invocation's outcome on it and flushes it at the end of
// every invocation; a domain module may add a metric of its own the same way.
import { Metrics } from '@aws-lambda-powertools/metrics';
import { runtimeName } from '@ismf/core/config';
import { logger } from './logger.ts';

export const metrics = new Metrics({ namespace: 'ISMF', serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'ismf', logger });

/**
 * Whether the EMF lines are written to stdout. In AWS (ISMF_RUNTIME=aws) they are the metrics, since
 * CloudWatch Logs extracts them: they are written unless Powertools' own switches
 * (POWERTOOLS_METRICS_DISABLED, else POWERTOOLS_DEV) turn them off. Locally (`npm start`, vitest, the
 * bench) nobody collects them and they would drown the output, so they are written only when
 * POWERTOOLS_METRICS_DISABLED is set explicitly: `false` writes them.
 */
function writesMetrics(): boolean {
  return runtimeName() === 'aws' || process.env.POWERTOOLS_METRICS_DISABLED !== undefined;
}

/** Counts a cold start (once per container, on-demand initialisation only), where metrics are written. */
export function countColdStart(functionName: string | undefined): void {
  if (writesMetrics()) metrics.captureColdStartMetric(functionName);
}

/** Writes what was recorded as one EMF line (where metrics are not written: drops it) and starts afresh. */
export function flushMetrics(): void {
  if (writesMetrics()) {
    metrics.publishStoredMetrics();
    return;
  }
  metrics.clearMetrics();
  metrics.clearDimensions();
  metrics.clearMetadata();
}
