// (b) Bulk survey and identification: an array of assets (JSON), a CSV of asset fields, or a CycloneDX
// SBOM whose components become the component set of a software asset. Each row is written whole or
// not at all; the reply lists created, updated and failed rows with each failure's reasons.
import { assetInputSchema, assetPatchSchema, policyViolations, type AssetData, type AssetInput, type AssetPolicy } from './rules.ts';
import { parseCsv } from '@ismf/core/csv';
import type { FieldError } from '@ismf/core/problems';
import { problems } from '@ismf/core/problems';
import { readJsonBody } from '@ismf/core/strict-json';
import { applyMergePatch } from '@ismf/core/merge-patch';
import { canonicalJson } from '@ismf/core/canonical';
import { uniqueHolders } from '@ismf/store/uniques';
import type { UserData } from '@ismf/directory/tenancy';
import { assetChanged } from './events.ts';
import { getEntities } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import * as z from 'zod';
import { currentPolicy } from './policy.ts';
import { assetEntity } from './entities.ts';
import { ASSET, EXTERNAL_ID, moveExternalId, ownFields, registerInto, revalued } from './register.ts';

/** Rows per request: an import answers within API Gateway's 30 s at the engine's transaction rate. */
export const MAX_IMPORT_ROWS = 2_000;
/** Rows per transaction: 3 items a row (entity, audit entry, event) within DynamoDB's 100. */
const ROWS_PER_TRANSACTION = 30;
const TRANSACTIONS_IN_FLIGHT = 4;

/** The CSV columns: asset fields; `equipment.*` for equipment details; labels separated by `;`; `id` to update. */
export const CSV_COLUMNS = [
  'id',
  'externalId',
  'name',
  'type',
  'category',
  'businessProcess',
  'description',
  'owner',
  'custodian',
  'location',
  'secureArea',
  'classification',
  'confidentiality',
  'integrity',
  'availability',
  'labels',
  'equipment.manufacturer',
  'equipment.model',
  'equipment.serialNumber',
  'equipment.siting',
  'equipment.powerSupply',
  'equipment.maintenance',
] as const;

export interface ImportResult {
  /** A dry run: what would be written, nothing written (created rows have no id yet). */
  dryRun?: true;
  created: { row: number; id?: string }[];
  updated: { row: number; id: string }[];
  /** Rows that match their asset as it stands (by id or external id): nothing to write. */
  unchanged: { row: number; id: string }[];
  failed: { row: number; errors: FieldError[] }[];
}

interface Row {
  row: number;
  value: Record<string, unknown>;
}

function rowsFromCsv(text: string): Row[] {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    throw problems.invalid(`the CSV cannot be read: ${(error as Error).message}`, [{ path: 'body', message: (error as Error).message }]);
  }
  const unknown = table.header.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length || table.header.length === 0) {
    throw problems.invalid('the CSV header names columns that are not asset fields', [
      ...unknown.map((column) => ({ path: `body.header.${column}`, message: 'unknown column' })),
      ...(table.header.length ? [] : [{ path: 'body.header', message: 'a header row of asset field names is required' }]),
    ]);
  }
  return table.rows.map(({ line, cells }) => {
    const value: Record<string, unknown> = {};
    table.header.forEach((column, index) => {
      const cell = (cells[index] ?? '').trim();
      if (cell === '') return;
      if (column.startsWith('equipment.')) {
        value.equipment = { ...(value.equipment as object), [column.slice('equipment.'.length)]: cell };
      } else if (column === 'labels')
        value.labels = cell
          .split(';')
          .map((label) => label.trim())
          .filter(Boolean);
      else if (['confidentiality', 'integrity', 'availability'].includes(column)) value[column] = /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
      else value[column] = cell;
    });
    if (cells.length > table.header.length) value.__extraCells = cells.length - table.header.length;
    return { row: line, value };
  });
}

function rowsFromJson(text: string): Row[] {
  const parsed = readJsonBody(text);
  if (!Array.isArray(parsed)) {
    // Neither rows nor an SBOM this import recognises (those are dispatched before rows are read): say what is taken.
    const accepted = 'an array of assets, a CycloneDX 1.2–1.6 BOM or an SPDX 2.2/2.3 JSON document';
    throw problems.invalid(`send ${accepted}`, [{ path: 'body', message: accepted }]);
  }
  return parsed.map((value, index) => ({ row: index + 1, value: value as Record<string, unknown> }));
}

const rowSchema = assetInputSchema.extend({ id: z.string().optional() });
const updateSchema = assetPatchSchema.omit({ reason: true }).extend({ id: z.string() });

function zodErrors(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: `${prefix}.${key}`, message: 'unknown field' }))
      : [{ path: [prefix, ...issue.path.map(String)].join('.'), message: issue.message }],
  );
}

export async function importRows(
  ctx: WriteContext,
  tenantId: string,
  body: { mediaType: string; text: string },
  options: { dryRun?: boolean } = {},
): Promise<ImportResult> {
  const rows = body.mediaType === 'text/csv' ? rowsFromCsv(body.text) : rowsFromJson(body.text);
  if (rows.length > MAX_IMPORT_ROWS) throw problems.invalid(`at most ${MAX_IMPORT_ROWS} rows per import`, [{ path: 'body', message: `${rows.length} rows` }]);
  const { policy } = await currentPolicy(tenantId);
  const result: ImportResult = { ...(options.dryRun ? { dryRun: true as const } : {}), created: [], updated: [], unchanged: [], failed: [] };

  // Owners and assets to update, read in batches.
  // A row naming an external id an asset holds updates that asset: re-importing a file changes nothing.
  const ownerIds = new Set<string>();
  const updateIds = new Set<string>();
  const externalIds = new Set<string>();
  for (const { value } of rows) {
    if (value && typeof value === 'object') {
      if (typeof value.owner === 'string') ownerIds.add(value.owner);
      if (typeof value.id === 'string') updateIds.add(value.id);
      else if (typeof value.externalId === 'string' && value.externalId.trim()) externalIds.add(value.externalId.trim());
    }
  }
  const holders = await uniqueHolders(tenantId, EXTERNAL_ID, [...externalIds]);
  for (const holder of holders.values()) updateIds.add(holder);
  const isId = (id: string) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id);
  const found = await getEntities(tenantId, [
    ...[...ownerIds].filter(isId).map((id) => ({ type: 'user', id })),
    ...[...updateIds].filter(isId).map((id) => ({ type: ASSET, id })),
  ]);
  const activeOwner = (id: string) => isId(id) && found<UserData>('user', id)?.data.status === 'active';

  const creates: { row: number; input: AssetInput }[] = [];
  const updates: { row: number; before: StoredEntity<AssetData>; input: AssetInput }[] = [];
  /** The row that first named each external id in this file: a second is refused, not applied twice. */
  const firstRowOf = new Map<string, number>();
  for (const { row, value } of rows) {
    const prefix = `rows[${row}]`;
    if (value && typeof value === 'object' && '__extraCells' in value) {
      result.failed.push({ row, errors: [{ path: prefix, message: 'more cells than the header has columns' }] });
      continue;
    }
    const byId = value && typeof value === 'object' && typeof value.id === 'string';
    const parsed = (byId ? updateSchema : rowSchema).safeParse(value);
    if (!parsed.success) {
      result.failed.push({ row, errors: zodErrors(parsed.error, prefix) });
      continue;
    }
    const { id: _id, ...fields } = parsed.data as Record<string, unknown> & { externalId?: string | null };
    if (typeof fields.externalId === 'string') {
      const first = firstRowOf.get(fields.externalId);
      if (first !== undefined) {
        result.failed.push({ row, errors: [{ path: `${prefix}.externalId`, message: `row ${first} names the same external id` }] });
        continue;
      }
      firstRowOf.set(fields.externalId, row);
    }
    const heldBy = !byId && typeof fields.externalId === 'string' ? holders.get(fields.externalId) : undefined;
    const targetId = byId ? (value.id as string) : heldBy;
    let input: AssetInput;
    let before: StoredEntity<AssetData> | undefined;
    if (targetId) {
      const stored = isId(targetId) ? found<AssetData>(ASSET, targetId) : undefined;
      if (!stored) {
        result.failed.push({ row, errors: [{ path: `${prefix}.${byId ? 'id' : 'externalId'}`, message: 'no asset with this id' }] });
        continue;
      }
      before = stored;
      input = applyMergePatch(ownFields(before.data), fields) as AssetInput;
    } else {
      input = fields as AssetInput;
    }
    const errors = policyViolations(input, policy, prefix);
    if (!activeOwner(input.owner)) errors.push({ path: `${prefix}.owner`, message: 'no active user with this id' });
    if (errors.length) result.failed.push({ row, errors });
    else if (before && canonicalJson(ownFields(before.data)) === canonicalJson(input)) result.unchanged.push({ row, id: before.id });
    else if (before) updates.push({ row, before, input });
    else creates.push({ row, input });
  }
  if (options.dryRun) {
    result.created.push(...creates.map(({ row }) => ({ row })));
    result.updated.push(...updates.map(({ row, before }) => ({ row, id: before.id })));
    return sortedResult(result);
  }

  // Several transactions in flight: each chunk is independent, and the engine serves them in parallel.
  const chunks: (typeof creates)[] = [];
  for (let start = 0; start < creates.length; start += ROWS_PER_TRANSACTION) chunks.push(creates.slice(start, start + ROWS_PER_TRANSACTION));
  let next = 0;
  const committer = async () => {
    while (next < chunks.length) await commitCreates(ctx, tenantId, policy, chunks[next++]!, result);
  };
  await Promise.all(Array.from({ length: TRANSACTIONS_IN_FLIGHT }, committer));
  for (const update of updates) {
    try {
      // The review date stays: an import corrects an entry, it does not review it.
      const data = revalued({ ...update.input, nextReviewDue: update.before.data.nextReviewDue } as AssetData, policy);
      const work = new UnitOfWork({ ...ctx, reason: 'bulk import' });
      const after = work.update(assetEntity, update.before, data);
      moveExternalId(work, tenantId, after.id, update.before.data.externalId, data.externalId, `rows[${update.row}].externalId`);
      work.event(
        assetChanged.of(tenantId, {
          assetId: after.id,
          name: data.name,
          type: data.type,
          owner: data.owner,
          importance: data.importance,
          version: after.version,
          fields: Object.keys(data).filter((field) => JSON.stringify(update.before.data[field]) !== JSON.stringify(data[field])),
          reason: 'bulk import',
        }),
      );
      await work.commit();
      result.updated.push({ row: update.row, id: after.id });
    } catch (error) {
      result.failed.push({
        row: update.row,
        errors: (error as { errors?: FieldError[] }).errors?.length
          ? (error as { errors: FieldError[] }).errors
          : [{ path: `rows[${update.row}]`, message: (error as Error).message }],
      });
    }
  }
  return sortedResult(result);
}

function sortedResult(result: ImportResult): ImportResult {
  for (const list of [result.created, result.updated, result.unchanged, result.failed]) list.sort((a, b) => a.row - b.row);
  return result;
}

/** A chunk of new rows in one transaction; if it fails, row by row, so one bad row fails alone. */
async function commitCreates(ctx: WriteContext, tenantId: string, policy: AssetPolicy, chunk: { row: number; input: AssetInput }[], result: ImportResult) {
  const attempt = async (rows: typeof chunk) => {
    const work = new UnitOfWork(ctx);
    const ids = rows.map(({ row, input }) => ({ row, id: registerInto(work, tenantId, input, policy, `rows[${row}]`).id }));
    await work.commit();
    return ids;
  };
  try {
    result.created.push(...(await attempt(chunk)));
  } catch {
    for (const row of chunk) {
      try {
        result.created.push(...(await attempt([row])));
      } catch (error) {
        result.failed.push({
          row: row.row,
          errors: (error as { errors?: FieldError[] }).errors ?? [{ path: `rows[${row.row}]`, message: (error as Error).message }],
        });
      }
    }
  }
}
