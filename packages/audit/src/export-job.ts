// The audit export as a job's one chunk: the window's lines (export.ts) streamed to the job's output, a
// line at a time, so memory stays flat however busy the window.
import type { ChunkOutcome, ChunkWork } from '@ismf/jobs/chunk';
import { auditExportLines, type AuditExportWindow } from './export.ts';

/** Entries between two progress reports (and cancellation checks). */
const PROGRESS_EVERY = 10_000;

/** A time as a file name takes it: `2026-11-29T10:00:00.000Z` → `20261129T100000Z` (no `:`, which some systems refuse). */
const fileTime = (time: string) =>
  new Date(time)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.000Z$/, 'Z');

/** `audit-<tenant>-<from>-<to>.jsonl`. */
export const auditExportFileName = (tenantId: string, window: AuditExportWindow) => `audit-${tenantId}-${fileTime(window.from)}-${fileTime(window.to)}.jsonl`;

export async function exportAuditChunk({ tenantId, job, checkpoint, writeOutput }: ChunkWork): Promise<ChunkOutcome> {
  const window = job.data.parameters as AuditExportWindow;
  const fileName = auditExportFileName(tenantId, window);
  const contentType = 'application/x-ndjson';
  // Checked (and its window made canonical) before anything is written.
  const source = auditExportLines(tenantId, window);
  let entries = 0;
  let digests = 0;
  async function* lines() {
    for await (const line of source) {
      // The type is the line's first field: no need to parse it.
      if (line.startsWith('{"type":"entry"')) {
        entries++;
        if (entries % PROGRESS_EVERY === 0) {
          await checkpoint(entries);
        }
      } else if (line.startsWith('{"type":"digest"')) digests++;
      yield `${line}\n`;
    }
  }
  const file = await writeOutput(fileName, contentType, lines());
  return { rows: entries, counts: { entries, digests }, failed: [], output: { ...file, rows: entries } };
}
