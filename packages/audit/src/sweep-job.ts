// The sweep of audited entities (sweep.ts) as a job's one chunk: its findings as a JSON Lines file, a
// summary line first, then one line per record that does not match its last audit entry.
//
//   {"type":"summary","format":"ismf-audit-sweep/1","tenantId","sweptAt","checked","mismatched"}
//   {"type":"mismatch","entityType","entityId","reason"}   by type, then id
import type { ChunkOutcome, ChunkWork } from '@ismf/jobs/chunk';
import type { EntityModel } from '@ismf/store/entity-model';
import { sweepAuditedEntities } from './sweep.ts';

export const AUDIT_SWEEP_FORMAT = 'ismf-audit-sweep/1';

/** Records checked between two progress reports (and cancellation checks). */
const PROGRESS_EVERY = 1_000;

/** The job's work over `models` (the registry's entity models: the chunk function reads the composed registry). */
export async function sweepAuditChunk({ tenantId, checkpoint, writeOutput }: ChunkWork, models: readonly EntityModel[]): Promise<ChunkOutcome> {
  const sweptAt = new Date().toISOString();
  let reported = 0;
  const report = await sweepAuditedEntities(tenantId, models, {
    onProgress: async (checked) => {
      if (checked - reported < PROGRESS_EVERY) return;
      reported = checked;
      await checkpoint(checked);
    },
  });
  const fileName = `audit-sweep-${sweptAt.slice(0, 10)}.jsonl`;
  const contentType = 'application/x-ndjson';
  const summary = { type: 'summary', format: AUDIT_SWEEP_FORMAT, tenantId, sweptAt, checked: report.checked, mismatched: report.mismatched.length };
  async function* lines() {
    yield `${JSON.stringify(summary)}\n`;
    for (const { type, id, reason } of report.mismatched) yield `${JSON.stringify({ type: 'mismatch', entityType: type, entityId: id, reason })}\n`;
  }
  const file = await writeOutput(fileName, contentType, lines());
  return {
    rows: report.checked,
    counts: { checked: report.checked, mismatched: report.mismatched.length },
    failed: [],
    output: { ...file, rows: report.mismatched.length },
  };
}
