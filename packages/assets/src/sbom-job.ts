// One SBOM import job (a single chunk: the document parsed whole, up to 50 MiB).
import type { ChunkOutcome, ChunkWork } from '@ismf/jobs/chunk';
import { JobRefused } from '@ismf/jobs/plan';
import { importSbom } from './sbom.ts';
import { isSbom } from './sbom-media.ts';

export async function importSbomChunk({ tenantId, job, input, write }: ChunkWork): Promise<ChunkOutcome> {
  const parameters = job.data.parameters as { asset?: string; owner?: string };
  if (input.format !== 'document' || !isSbom({ mediaType: input.contentType, text: input.text })) {
    throw new JobRefused('an SBOM import reads a CycloneDX 1.2–1.6 BOM or an SPDX 2.2/2.3 JSON document');
  }
  try {
    const result = await importSbom(
      write,
      tenantId,
      { mediaType: input.contentType, text: input.text },
      parameters.asset,
      parameters.owner ?? job.data.startedByMember,
    );
    return { rows: 1, counts: { created: result.created.length, updated: result.updated.length, components: result.componentSet.count }, failed: [] };
  } catch (error) {
    return JobRefused.from(error);
  }
}
