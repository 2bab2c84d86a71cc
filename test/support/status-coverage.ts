// A reporter of the run (vitest.config.ts `reporters`): gives the workers a folder for the statuses the API
// tests see (status-record.ts), and when the tests are done fails the run if an operation answered a
// status the OpenAPI document does not list for it. The documented statuses no test saw are written to
// build/statuses/unseen.txt (informational). A reporter rather than a global setup's teardown: an error
// there does not fail the run.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Reporter, TestRunEndReason, Vitest } from 'vitest/node';

const root = resolve(import.meta.dirname, '../..');
const base = join(root, 'build', 'statuses');

export interface StatusReport {
  /** `operation status` pairs seen that the document does not list. */
  undocumented: string[];
  /** Per operation, the documented statuses no answer had. */
  unseen: Record<string, string[]>;
  seen: number;
}

/** Reads a run's records: what was seen, against what the documents (one per registry the API ran on) list. */
export function statusReport(dir: string): StatusReport {
  const documented = new Map<string, Set<string>>();
  const seen = new Map<string, Set<string>>();
  for (const name of readdirSync(dir).filter((entry) => entry.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as { documented?: Record<string, string[]>; operation?: string; status?: number };
      for (const [operation, statuses] of Object.entries(record.documented ?? {})) {
        const known = documented.get(operation) ?? new Set<string>();
        for (const status of statuses) known.add(status);
        documented.set(operation, known);
      }
      if (record.operation) seen.set(record.operation, (seen.get(record.operation) ?? new Set<string>()).add(String(record.status)));
    }
  }
  const undocumented: string[] = [];
  for (const [operation, statuses] of seen)
    for (const status of statuses) if (!documented.get(operation)?.has(status)) undocumented.push(`${operation} ${status}`);
  const unseen: Record<string, string[]> = {};
  for (const [operation, statuses] of [...documented].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const missing = [...statuses].filter((status) => !seen.get(operation)?.has(status));
    if (missing.length) unseen[operation] = missing;
  }
  return { undocumented: undocumented.sort(), unseen, seen: [...seen.values()].reduce((sum, statuses) => sum + statuses.size, 0) };
}

export default class StatusCoverage implements Reporter {
  // A folder of this run's own: other runs of the suite on the machine record in theirs.
  private readonly dir = join(base, `run-${Date.now()}-${process.pid}`);
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    mkdirSync(this.dir, { recursive: true });
    vitest.provide('statusDir', this.dir);
  }

  onTestRunEnd(_modules: unknown, _errors: unknown, reason: TestRunEndReason): void {
    const report = statusReport(this.dir);
    // A watch run goes on recording into the same folder; a single run leaves nothing behind.
    if (!this.vitest?.config.watch) rmSync(this.dir, { recursive: true, force: true });
    if (report.seen === 0 || reason === 'interrupted') return; // no API test ran
    const unseen = Object.entries(report.unseen).map(([operation, statuses]) => `${operation}: ${statuses.join(', ')}`);
    writeFileSync(join(base, 'unseen.txt'), `${unseen.join('\n')}\n`);
    const pairs = Object.values(report.unseen).reduce((sum, statuses) => sum + statuses.length, 0);
    const log = this.vitest?.logger ?? console;
    log.log(`API statuses: ${report.seen} (operation, status) pairs seen; ${pairs} documented ones no test saw (build/statuses/unseen.txt).`);
    if (report.undocumented.length) {
      log.error(`\nThe API answered statuses the OpenAPI document does not list for the operation: ${report.undocumented.join('; ')}\n`);
      process.exitCode = 1;
    }
  }
}
