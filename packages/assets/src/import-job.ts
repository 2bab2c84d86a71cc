// One chunk of an import job: CSV or JSON Lines rows through the same checks as POST /assets/import
// (asset-import), or a whole SBOM document whose components replace or register a software asset's
// set (sbom-import). A refusal of the whole input ends the job with the problem's own words.
import type { ChunkOutcome, ChunkWork } from '@ismf/jobs/chunk';
import { JobRefused } from '@ismf/jobs/plan';
import { checkCsvColumns, importChunkRows, rowsFromCsvRecords, rowsFromJsonLines, type ImportResult } from './import.ts';
import { isSbom } from './sbom-media.ts';

const outcomeOf = (result: ImportResult, rows: number): ChunkOutcome => ({
  rows,
  counts: { created: result.created.length, updated: result.updated.length, unchanged: result.unchanged.length },
  failed: result.failed,
});

export async function importAssetsChunk({ tenantId, job, input, write }: ChunkWork): Promise<ChunkOutcome> {
  const options = { dryRun: (job.data.parameters as { dryRun?: boolean }).dryRun === true };
  if (input.format === 'csv') {
    try {
      checkCsvColumns(input.columns);
    } catch (error) {
      JobRefused.from(error);
    }
    return outcomeOf(await importChunkRows(write, tenantId, job.id, rowsFromCsvRecords(input.columns, input.rows), options), input.rows.length);
  }
  if (input.format === 'jsonl') return outcomeOf(await importChunkRows(write, tenantId, job.id, rowsFromJsonLines(input.rows), options), input.rows.length);
  // A JSON document that is no array of rows.
  if (input.format === 'document' && isSbom({ mediaType: input.contentType, text: input.text }))
    throw new JobRefused('an SBOM: start an sbom-import job for it');
  throw new JobRefused('an asset import reads CSV, JSON Lines or a JSON array of assets');
}
