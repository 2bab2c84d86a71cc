// The `advisory-upload` job kind: a delivery too large for the webhook (over 5 MiB) arrives as a file through
// POST /jobs — one document of up to 50 MiB (a vendor's biggest CSAF, an NVD dump) or JSON Lines of any length,
// a chunk at a time. Each chunk becomes a delivery of the named source, kept and processed as a webhook's is.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { derivedId, ulidSchema } from '@ismf/core/ids';
import { defineJobKind } from '@ismf/area/job-kind';
import type { ChunkOutcome, ChunkWork } from '@ismf/jobs/chunk';
import { JobRefused } from '@ismf/jobs/plan';
import { objectKey } from '@ismf/store/blob-store';
import { getEntity } from '@ismf/store/entities';
import { UnitOfWork } from '@ismf/store/unit-of-work';
import { advisoryDeliveryEntity, advisorySourceEntity, type AdvisorySourceData } from './entities.ts';
import { advisoryReceived } from './events.ts';

export const advisoryUploadJob = defineJobKind({
  kind: 'advisory-upload',
  area: 'early-warning',
  title: 'Advisory upload',
  description:
    'Delivers advisory documents too large for the webhook (over 5 MiB) on behalf of a source: one CSAF, OSV, CVE JSON 5 or NVD API 2.0 document of up to 50 MiB, or JSON Lines of any number of them; each chunk becomes a delivery, validated and stored as a webhook’s.',
  roles: ['admin', 'security-officer'],
  parameters: z.strictObject({ sourceId: ulidSchema.describe('the source the documents come from (its formats apply)') }),
  reads: ['application/json', 'application/jsonl', 'application/x-ndjson'],
  queue: 'import',
  clauses: ['13.1.1'],
  chunk: { handler: 'functions/early-warning/advisory-upload-chunk.ts', access: { table: 'write', objects: 'write' } },
});

export async function uploadAdvisoriesChunk({ tenantId, job, chunk, input, write, store }: ChunkWork): Promise<ChunkOutcome> {
  const { sourceId } = job.data.parameters as { sourceId: string };
  const source = await getEntity<AdvisorySourceData>(tenantId, advisorySourceEntity.type, sourceId);
  if (!source) throw new JobRefused(`advisory source ${sourceId} was not found`);
  let bytes: Buffer;
  let mediaType: string;
  let rows: number;
  if (input.format === 'document') {
    bytes = Buffer.from(input.text, 'utf8');
    mediaType = input.contentType;
    rows = 1;
  } else if (input.format === 'jsonl') {
    bytes = Buffer.from(input.rows.map((row) => row.text).join('\n'), 'utf8');
    mediaType = 'application/jsonl';
    rows = input.rows.length;
  } else throw new JobRefused('an advisory upload reads a JSON document or JSON Lines');
  // Named by the job and the chunk: a chunk run again finds the delivery it made.
  const id = derivedId(job.id, 'advisory-delivery', chunk.index);
  if (await getEntity(tenantId, advisoryDeliveryEntity.type, id)) return { rows, counts: { deliveries: 0 }, failed: [] };
  // The job's file expires with the job: the delivery keeps its own copy, as a webhook's does.
  const rawKey = objectKey(tenantId, 'advisory-deliveries', id);
  if (!(await store.stat(rawKey))) await store.put(rawKey, bytes, mediaType);
  const work = new UnitOfWork(write);
  work.create(advisoryDeliveryEntity, tenantId, id, {
    sourceId,
    mediaType,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    rawKey,
    receivedAt: work.at,
    state: 'received',
  });
  work.event(advisoryReceived.of(tenantId, { deliveryId: id, sourceId, bytes: bytes.length }));
  await work.commit();
  return { rows, counts: { deliveries: 1 }, failed: [] };
}
