// Bulk change: one merge patch with one reason applied to many assets — named by id (optionally with the
// version the change was decided on) or by a filter of the register — each asset in its own audited
// version, as PATCH /assets/{id} would. Run as a job; its result file says per asset what happened.
import * as z from 'zod';
import { stringify } from 'csv-stringify/sync';
import { ulidSchema } from '@ismf/core/ids';
import { Problem } from '@ismf/core/problems';
import { formulaSafe } from '@ismf/core/spreadsheet-cells';
import type { ChunkOutcome, ChunkWork } from '@ismf/jobs/chunk';
import { applyMergePatch } from '@ismf/core/merge-patch';
import { canonicalJson } from '@ismf/core/canonical';
import { requireEntity } from '@ismf/store/entities';
import { JobRefused } from '@ismf/jobs/plan';
import { ASSET, changeAsset, listAssets, ownFields, resolveOwner, type AssetFilters } from './register.ts';
import { ASSET_STATUSES, ASSET_TYPES, assetPatchSchema, type AssetData } from './rules.ts';

/** Ids at most per job: a larger set is a filter. */
export const MAX_BULK_IDS = 2_000;

export const bulkFilterSchema = z.strictObject({
  status: z.enum([...ASSET_STATUSES, 'all']).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  type: z.enum(ASSET_TYPES).optional(),
  category: z.string().min(1).max(100).optional(),
  classification: z.string().min(1).max(60).optional(),
  businessProcess: z.string().min(1).max(200).optional(),
  label: z.string().min(1).max(60).optional(),
  importance: z.int().min(1).max(5).optional(),
  owner: ulidSchema.optional(),
  reviewState: z.enum(['overdue', 'due', 'current']).optional(),
});

export const bulkChangeSchema = z
  .strictObject({
    ids: z
      .array(
        z.union([
          ulidSchema,
          z.strictObject({ id: ulidSchema, version: z.int().min(1).describe('the version the change was decided on: another is a conflict') }),
        ]),
      )
      .min(1)
      .max(MAX_BULK_IDS)
      .optional()
      .describe('the assets to change, each optionally with the version it must still be at'),
    filter: bulkFilterSchema.optional().describe('or the assets GET /assets lists with these filters'),
    patch: assetPatchSchema.omit({ reason: true }).describe('a JSON merge patch, as PATCH /assets/{assetId} takes it'),
    reason: z.string().trim().min(1).max(1000).describe('kept in each asset’s history'),
  })
  .refine((body) => (body.ids ? 1 : 0) + (body.filter ? 1 : 0) === 1, { message: 'name the assets by ids or by a filter, not both', path: ['ids'] })
  .refine((body) => Object.keys(body.patch).length > 0, { message: 'a patch changes at least one field', path: ['patch'] });

export type BulkChange = z.infer<typeof bulkChangeSchema>;

const RESULT_COLUMNS = ['assetId', 'name', 'outcome', 'version', 'message'] as const;
const PAGE = 200;

/** Each asset in its own version, as its owner's manager would PATCH it; the outcome of each in the result file. */
export async function bulkChangeChunk({ tenantId, job, write, checkpoint, writeOutput }: ChunkWork): Promise<ChunkOutcome> {
  const change = job.data.parameters as unknown as BulkChange;
  const caller = { roles: [...write.actor.roles], ...(job.data.startedByMember ? { memberId: job.data.startedByMember as string } : {}) };
  const counts = { changed: 0, unchanged: 0, conflict: 0, refused: 0 };
  // An owner named by e-mail is resolved once for every asset (a refusal ends the job naming the field).
  let patch = change.patch;
  if (patch.owner) {
    try {
      patch = { ...patch, owner: await resolveOwner(tenantId, patch.owner, 'parameters.patch.owner') };
    } catch (error) {
      JobRefused.from(error);
    }
  }
  let rows = 0;
  async function* targets(): AsyncGenerator<{ id: string; version?: number; name?: string }> {
    if (change.ids) {
      for (const entry of change.ids) yield typeof entry === 'string' ? { id: entry } : entry;
      return;
    }
    let cursor: string | undefined;
    // The filter's list is read ahead of the changes; a change that moves an asset out of the filter does not skip another.
    const seen: { id: string; name: string }[] = [];
    do {
      const page = await listAssets(tenantId, change.filter as AssetFilters, { limit: PAGE, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((asset) => ({ id: asset.id, name: asset.name })));
      cursor = page.nextCursor;
    } while (cursor);
    yield* seen;
  }
  async function* lines() {
    yield stringify([[...RESULT_COLUMNS]], { record_delimiter: 'windows' });
    for await (const target of targets()) {
      let outcome: keyof typeof counts;
      let version: number | undefined;
      let name = target.name ?? '';
      let message = '';
      try {
        const current = await requireEntity<AssetData>(tenantId, ASSET, target.id, `asset ${target.id}`);
        name = current.data.name;
        version = current.version;
        if (target.version !== undefined && current.version !== target.version) {
          outcome = 'conflict';
          message = `at version ${current.version}, not ${target.version}`;
        } else if (canonicalJson(applyMergePatch(ownFields(current.data), patch)) === canonicalJson(ownFields(current.data))) {
          outcome = 'unchanged';
        } else {
          version = (await changeAsset(write, tenantId, target.id, current.version, { ...patch, reason: change.reason }, caller)).version;
          outcome = 'changed';
        }
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        outcome = error.status === 412 ? 'conflict' : 'refused';
        message = [error.message, ...error.errors.map((e) => `${e.path}: ${e.message}`)].join('; ');
      }
      counts[outcome]++;
      rows++;
      if (rows % 100 === 0) await checkpoint(rows);
      yield stringify([[target.id, formulaSafe(name), outcome, version ?? '', formulaSafe(message)]], { record_delimiter: 'windows' });
    }
  }
  const file = await writeOutput(`bulk-change-${job.id}.csv`, 'text/csv', lines());
  return { rows, counts, failed: [], output: { ...file, rows } };
}
