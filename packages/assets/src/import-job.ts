// One chunk of an asset import job: CSV or JSON Lines rows through the same checks as the synchronous
// route, or a whole SBOM document whose components replace (or register) a software asset's set.
import { looksLikeSpdx } from '@ismf/core/spdx';
import { Problem } from '@ismf/core/problems';
import type { ChunkOutcome, ChunkWork } from '@ismf/jobs/chunk';
import { JobRefused } from '@ismf/jobs/plan';
import { checkCsvColumns, importChunkRows, rowsFromCsvRecords, rowsFromJsonLines, type ImportResult } from './import.ts';
import { SBOM_TYPES } from './job-kinds.ts';
import { importSbom } from './sbom.ts';

const ACCEPTED = 'CSV, JSON Lines, a JSON array of assets, a CycloneDX 1.2–1.6 BOM or an SPDX 2.2/2.3 JSON document';

function isSbom(contentType: string, text: string): boolean {
  if ((SBOM_TYPES as readonly string[]).includes(contentType)) return true;
  return (/^\s*\{/.test(text) && /"bomFormat"\s*:\s*"CycloneDX"/.test(text.slice(0, 4096))) || looksLikeSpdx(text);
}

/** A refusal of the whole input (no row of it can be taken) ends the job with the problem's own words. */
function refused(error: unknown): never {
  if (error instanceof Problem) throw new JobRefused([error.message, ...error.errors.map((e) => `${e.path}: ${e.message}`)].join('; '));
  throw error;
}

const outcomeOf = (result: ImportResult, rows: number): ChunkOutcome => ({
  rows,
  counts: { created: result.created.length, updated: result.updated.length, unchanged: result.unchanged.length },
  failed: result.failed,
});

export async function importAssetsChunk({ tenantId, job, input, write }: ChunkWork): Promise<ChunkOutcome> {
  const parameters = job.data.parameters as { dryRun?: boolean; asset?: string; owner?: string };
  const options = { dryRun: parameters.dryRun === true };
  if (input.format === 'csv') {
    try {
      checkCsvColumns(input.columns);
    } catch (error) {
      refused(error);
    }
    return outcomeOf(await importChunkRows(write, tenantId, job.id, rowsFromCsvRecords(input.columns, input.rows), options), input.rows.length);
  }
  if (input.format === 'jsonl') return outcomeOf(await importChunkRows(write, tenantId, job.id, rowsFromJsonLines(input.rows), options), input.rows.length);
  if (input.format !== 'document') throw new JobRefused(`an asset import reads a file: ${ACCEPTED}`);
  if (!isSbom(input.contentType, input.text)) throw new JobRefused(`the file is none of: ${ACCEPTED}`);
  if (options.dryRun) throw new JobRefused('a dry run checks the rows of an asset import; an SBOM has none');
  try {
    const result = await importSbom(
      write,
      tenantId,
      { mediaType: input.contentType, text: input.text },
      parameters.asset,
      parameters.owner ?? job.data.startedByMember,
    );
    return {
      rows: 1,
      counts: { [result.created ? 'created' : 'updated']: 1, components: result.componentSet.count },
      failed: [],
    };
  } catch (error) {
    return refused(error);
  }
}
