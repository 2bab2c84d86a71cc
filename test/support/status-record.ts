// The statuses the API tests see: each (operation, status) an answer checked against the contract had,
// appended to a file of this worker's under the run's folder (status-coverage.ts provides it), with the
// statuses the document lists for every operation. The run fails at its end if one seen is undocumented.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { contractOf, documentedStatuses } from './contract.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's folder of recorded statuses: absent when status-coverage.ts is not a reporter of the run (a `--reporter` flag replaces the configured ones). */
    statusDir?: string;
  }
}

let file: string | null | undefined;
const recorded = new Set<string>();
const documents = new WeakSet<object>();

function target(): string | null {
  if (file === undefined) {
    const dir = inject('statusDir');
    file = dir ? join(dir, `${process.pid}.jsonl`) : null;
    if (dir) mkdirSync(dir, { recursive: true });
  }
  return file;
}

/** Records the status an answer to this request had, if the request reached a catalogue operation. */
export function recordStatus(method: string, path: string, status: number): void {
  const where = target();
  if (!where) return;
  const contract = contractOf(method, path);
  if (contract.kind !== 'operation') return;
  const lines: string[] = [];
  // The document of the registry the API runs on (a test may add an area), once per worker.
  const documented = documentedStatuses();
  if (!documents.has(documented)) {
    documents.add(documented);
    lines.push(JSON.stringify({ documented }));
  }
  const pair = `${contract.operation.name} ${status}`;
  if (!recorded.has(pair)) {
    recorded.add(pair);
    lines.push(JSON.stringify({ operation: contract.operation.name, status }));
  }
  if (lines.length) appendFileSync(where, `${lines.join('\n')}\n`);
}
