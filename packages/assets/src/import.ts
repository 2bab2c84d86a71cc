// (b) Bulk survey and identification: an array of assets (JSON), JSON Lines, a CSV of asset fields, or an
// SBOM whose components become the component set of a software asset. Rows are read and checked the
// same way on the synchronous route (≤ 2,000 rows, a transaction per few rows) and in an import job (any
// size, a chunk at a time, new rows by BatchWrite with ids derived from the job and row): one pass reports
// a row's schema and policy errors together; a row naming a held external id updates that asset.
import {
  applyDefaultClassification,
  assetInputSchema,
  assetPatchSchema,
  policyViolations,
  statusOf,
  type AssetData,
  type AssetInput,
  type AssetPolicy,
} from './rules.ts';
import { parseCsv } from '@ismf/core/csv';
import { unquotedCell } from '@ismf/core/spreadsheet-cells';
import { derivedId, orderedDerivedId, ULID_PATTERN } from '@ismf/core/ids';
import type { FieldError } from '@ismf/core/problems';
import { problems } from '@ismf/core/problems';
import { parseStrictJson, readJsonBody, StrictJsonError } from '@ismf/core/strict-json';
import { fieldErrors } from '@ismf/http/parse-request';
import { applyMergePatch } from '@ismf/core/merge-patch';
import { canonicalJson } from '@ismf/core/canonical';
import { bulkCreate, type BulkRow } from '@ismf/store/bulk-create';
import { uniqueHolders } from '@ismf/store/uniques';
import type { UserData } from '@ismf/directory/rules';
import { assetRegistered } from './events.ts';
import { countedChange, countRegistrationsTogether } from './summary.ts';
import { getEntities } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import * as z from 'zod';
import { currentPolicy } from './policy.ts';
import { assetEntity } from './entities.ts';
import { ASSET, changedEvent, EXTERNAL_ID, moveExternalId, ownFields, registerInto, revalued, reviewedSince, valued } from './register.ts';

/** Rows per request: an import answers within API Gateway's 30 s at the engine's transaction rate. */
export const MAX_IMPORT_ROWS = 2_000;
/** Rows per transaction: 3 items a row (entity, audit entry, event) within DynamoDB's 100. */
const ROWS_PER_TRANSACTION = 30;
const TRANSACTIONS_IN_FLIGHT = 4;

/** The CSV columns: asset fields; `equipment.*` for equipment details, `identity.*` for the vendor product; labels separated by `;`; `id` to update. */
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
  'acceptableUse',
  'equipment.manufacturer',
  'equipment.model',
  'equipment.serialNumber',
  'equipment.siting',
  'equipment.powerSupply',
  'equipment.maintenance',
  'identity.vendor',
  'identity.product',
  'identity.model',
  'identity.version',
  'identity.cpe',
  'exposure',
  'lastReviewedAt',
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

export interface Row {
  row: number;
  value: Record<string, unknown>;
}

/** Refuses a header naming anything but asset fields, naming each unknown column. */
export function checkCsvColumns(columns: readonly string[]): void {
  const unknown = columns.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length || columns.length === 0) {
    throw problems.invalid('the CSV header names columns that are not asset fields', [
      ...unknown.map((column) => ({ path: `body.header.${column}`, message: 'unknown column' })),
      ...(columns.length ? [] : [{ path: 'body.header', message: 'a header row of asset field names is required' }]),
    ]);
  }
}

/** CSV records as rows of asset fields (numbered by the line each begins on). */
export function rowsFromCsvRecords(columns: readonly string[], records: readonly { line: number; cells: string[] }[]): Row[] {
  return records.map(({ line, cells }) => {
    const value: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      const cell = unquotedCell(cells[index] ?? '').trim();
      if (cell === '') return;
      const [group, field] = column.split('.');
      if (field && (group === 'equipment' || group === 'identity')) {
        value[group] = { ...(value[group] as object), [field]: cell };
      } else if (column === 'labels')
        value.labels = cell
          .split(';')
          .map((label) => label.trim())
          .filter(Boolean);
      else if (['confidentiality', 'integrity', 'availability'].includes(column)) value[column] = /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
      else value[column] = cell;
    });
    if (cells.length > columns.length) value.__extraCells = cells.length - columns.length;
    return { row: line, value };
  });
}

function rowsFromCsv(text: string): Row[] {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    throw problems.invalid(`the CSV cannot be read: ${(error as Error).message}`, [{ path: 'body', message: (error as Error).message }]);
  }
  checkCsvColumns(table.header);
  return rowsFromCsvRecords(table.header, table.rows);
}

function rowsFromJson(text: string): Row[] {
  const parsed = readJsonBody(text);
  if (!Array.isArray(parsed)) {
    // Not rows (an SBOM is told its own route before rows are read): say what is taken.
    const accepted = 'an array of assets (an SBOM goes to POST /assets/sbom-import)';
    throw problems.invalid(`send ${accepted}`, [{ path: 'body', message: accepted }]);
  }
  return parsed.map((value, index) => ({ row: index + 1, value: value as Record<string, unknown> }));
}

/** JSON Lines: each line one asset (read strictly: a member given twice is refused on its row). */
export function rowsFromJsonLines(lines: readonly { line: number; text: string }[]): Row[] {
  return lines.map(({ line, text }) => {
    try {
      return { row: line, value: parseStrictJson(text, `rows[${line}]`) as Record<string, unknown> };
    } catch (error) {
      const message = error instanceof StrictJsonError ? error.message : 'not valid JSON';
      return { row: line, value: { __unreadable: `not a JSON object: ${message}` } };
    }
  });
}

const rowSchema = assetInputSchema.extend({ id: z.string().optional() });
const updateSchema = assetPatchSchema.omit({ reason: true }).extend({ id: z.string() });
/** When the asset was last reviewed (a CMDB's date): the next review falls due from it, not from the import. */
const reviewedSchema = z.union([z.iso.datetime(), z.iso.date()]).refine((value) => Date.parse(value) <= Date.now(), 'not in the future');

const isId = (id: string) => ULID_PATTERN.test(id);
const EMAIL = /^[^\s@]+@[^\s@]+$/;

interface Create {
  row: number;
  input: AssetInput;
  reviewedAt?: string;
}
interface Update extends Create {
  before: StoredEntity<AssetData>;
}
interface Classified {
  creates: Create[];
  updates: Update[];
  unchanged: { row: number; id: string }[];
  failed: { row: number; errors: FieldError[] }[];
  /** External ids held before this pass (an import job's retry finds its own rows among them). */
  holders: Map<string, string>;
}

/** Policy errors of a row whose schema failed too: only on fields the schema did not already name. */
function policyErrorsOfRaw(value: Record<string, unknown>, policy: AssetPolicy, prefix: string, reported: FieldError[]): FieldError[] {
  const fields = ['type', 'category', 'businessProcess', 'classification'] as const;
  if (fields.some((field) => value[field] !== undefined && typeof value[field] !== 'string')) return [];
  const seen = new Set(reported.map((error) => error.path));
  return policyViolations(value as Pick<AssetInput, (typeof fields)[number]>, policy, prefix).filter(
    (error) => !seen.has(error.path) && (value[error.path.slice(prefix.length + 1)] !== undefined || error.path.endsWith('.classification')),
  );
}

/**
 * Every row checked against the schema, the policy, the directory and the register, in one pass. An
 * import job names the id it derives for each row: an external id held by that id whose asset is not
 * there yet was claimed by an attempt that stopped before writing it, and the row is still a create.
 */
async function classifyRows(tenantId: string, rows: readonly Row[], policy: AssetPolicy, derivedIdOf?: (row: number) => string): Promise<Classified> {
  const result: Classified = { creates: [], updates: [], unchanged: [], failed: [], holders: new Map() };
  // Owners (by id or e-mail) and assets to update, read in batches.
  const ownerIds = new Set<string>();
  const ownerEmails = new Set<string>();
  const updateIds = new Set<string>();
  const externalIds = new Set<string>();
  for (const { value } of rows) {
    if (!value || typeof value !== 'object') continue;
    if (typeof value.owner === 'string') {
      if (EMAIL.test(value.owner)) ownerEmails.add(value.owner.toLowerCase());
      else ownerIds.add(value.owner);
    }
    if (typeof value.id === 'string') updateIds.add(value.id);
    else if (typeof value.externalId === 'string' && value.externalId.trim()) externalIds.add(value.externalId.trim());
  }
  const [holders, emailHolders] = await Promise.all([
    uniqueHolders(tenantId, EXTERNAL_ID, [...externalIds]),
    uniqueHolders(tenantId, 'user-email', [...ownerEmails]),
  ]);
  result.holders = holders;
  for (const holder of holders.values()) updateIds.add(holder);
  for (const holder of emailHolders.values()) ownerIds.add(holder);
  const found = await getEntities(tenantId, [
    ...[...ownerIds].filter(isId).map((id) => ({ type: 'user', id })),
    ...[...updateIds].filter(isId).map((id) => ({ type: ASSET, id })),
  ]);
  const activeOwner = (id: string) => isId(id) && found<UserData>('user', id)?.data.status === 'active';

  /** The row that first named each external id in this file: a second is refused, not applied twice. */
  const firstRowOf = new Map<string, number>();
  for (const { row, value: given } of rows) {
    const prefix = `rows[${row}]`;
    if (!given || typeof given !== 'object' || Array.isArray(given)) {
      result.failed.push({ row, errors: [{ path: prefix, message: 'an asset is a JSON object' }] });
      continue;
    }
    if ('__extraCells' in given) {
      result.failed.push({ row, errors: [{ path: prefix, message: 'more cells than the header has columns' }] });
      continue;
    }
    if ('__unreadable' in given) {
      result.failed.push({ row, errors: [{ path: prefix, message: String(given.__unreadable) }] });
      continue;
    }
    const { lastReviewedAt, ...value } = given;
    const errors: FieldError[] = [];
    const reviewed = lastReviewedAt === undefined ? undefined : reviewedSchema.safeParse(lastReviewedAt);
    if (reviewed && !reviewed.success)
      errors.push({ path: `${prefix}.lastReviewedAt`, message: 'a date (YYYY-MM-DD) or time (ISO 8601 UTC), not in the future' });
    // An owner given by e-mail is the user holding that address.
    if (typeof value.owner === 'string' && EMAIL.test(value.owner)) {
      const holder = emailHolders.get(value.owner.toLowerCase());
      if (holder) value.owner = holder;
      else errors.push({ path: `${prefix}.owner`, message: 'no user of the tenant has this e-mail address' });
    }
    const byId = typeof value.id === 'string';
    const parsed = (byId ? updateSchema : rowSchema).safeParse(byId ? value : applyDefaultClassification(value as AssetInput, policy));
    if (!parsed.success) {
      const schemaErrors = fieldErrors(prefix, parsed.error).filter((error) => !errors.some((known) => known.path === error.path));
      errors.push(...schemaErrors, ...policyErrorsOfRaw(value, policy, prefix, [...errors, ...schemaErrors]));
      result.failed.push({ row, errors });
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
    let heldBy = !byId && typeof fields.externalId === 'string' ? holders.get(fields.externalId) : undefined;
    if (heldBy && heldBy === derivedIdOf?.(row) && !found<AssetData>(ASSET, heldBy)) heldBy = undefined;
    const targetId = byId ? (value.id as string) : heldBy;
    let input: AssetInput;
    let before: StoredEntity<AssetData> | undefined;
    if (targetId) {
      const stored = isId(targetId) ? found<AssetData>(ASSET, targetId) : undefined;
      if (!stored) {
        result.failed.push({ row, errors: [{ path: `${prefix}.${byId ? 'id' : 'externalId'}`, message: 'no asset with this id' }] });
        continue;
      }
      if (statusOf(stored.data) === 'disposed') {
        result.failed.push({ row, errors: [{ path: `${prefix}.${byId ? 'id' : 'externalId'}`, message: 'this asset was disposed of: it takes no changes' }] });
        continue;
      }
      before = stored;
      input = applyMergePatch(ownFields(before.data), fields) as AssetInput;
    } else {
      input = fields as AssetInput;
    }
    errors.push(...policyViolations(input, policy, prefix));
    if (!errors.some((error) => error.path === `${prefix}.owner`) && !activeOwner(input.owner))
      errors.push({ path: `${prefix}.owner`, message: 'no active user with this id' });
    const reviewedAt = reviewed?.success ? new Date(reviewed.data).toISOString() : undefined;
    if (errors.length) result.failed.push({ row, errors });
    else if (before && canonicalJson(ownFields(before.data)) === canonicalJson(input) && (!reviewedAt || reviewedAt === before.data.lastReviewedAt)) {
      result.unchanged.push({ row, id: before.id });
    } else if (before) result.updates.push({ row, before, input, ...(reviewedAt ? { reviewedAt } : {}) });
    else result.creates.push({ row, input, ...(reviewedAt ? { reviewedAt } : {}) });
  }
  return result;
}

/** A new entry's data: valued by the policy; its next review from its last one where the row gives it. */
function newEntry(create: Create, policy: AssetPolicy, at: string): AssetData {
  if (!create.reviewedAt) return valued(create.input, policy, new Date(at));
  return { ...valued(create.input, policy, new Date(create.reviewedAt)), lastReviewedAt: create.reviewedAt };
}

export function rowsOf(body: { mediaType: string; text: string }): Row[] {
  return body.mediaType === 'text/csv' ? rowsFromCsv(body.text) : rowsFromJson(body.text);
}

export async function importRows(
  ctx: WriteContext,
  tenantId: string,
  body: { mediaType: string; text: string },
  /** The base id of an Idempotency-Key's claim: new rows get ids derived from it and their row, as a job's chunk does. */
  options: { dryRun?: boolean; base?: string } = {},
): Promise<ImportResult> {
  const rows = rowsOf(body);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw problems.invalid(`at most ${MAX_IMPORT_ROWS} rows per request; a larger file goes through an import job (POST /jobs, kind asset-import)`, [
      { path: 'body', message: `${rows.length} rows` },
    ]);
  }
  // A retry of a request that failed part-way then finds the rows it created, instead of creating them again.
  if (options.base && !options.dryRun) return importChunkRows(ctx, tenantId, options.base, rows, {});
  const { policy } = await currentPolicy(tenantId);
  const classified = await classifyRows(tenantId, rows, policy);
  const result: ImportResult = {
    ...(options.dryRun ? { dryRun: true as const } : {}),
    created: [],
    updated: [],
    unchanged: classified.unchanged,
    failed: classified.failed,
  };
  if (options.dryRun) {
    result.created.push(...classified.creates.map(({ row }) => ({ row })));
    result.updated.push(...classified.updates.map(({ row, before }) => ({ row, id: before.id })));
    return sortedResult(result);
  }
  // Several transactions in flight: each chunk is independent, and the engine serves them in parallel.
  const chunks: Create[][] = [];
  for (let start = 0; start < classified.creates.length; start += ROWS_PER_TRANSACTION)
    chunks.push(classified.creates.slice(start, start + ROWS_PER_TRANSACTION));
  let next = 0;
  const committer = async () => {
    while (next < chunks.length) await commitCreates(ctx, tenantId, policy, chunks[next++]!, result);
  };
  await Promise.all(Array.from({ length: TRANSACTIONS_IN_FLIGHT }, committer));
  await applyUpdates(ctx, tenantId, policy, classified.updates, result);
  return sortedResult(result);
}

function failureOf(row: number, error: unknown): { row: number; errors: FieldError[] } {
  const errors = (error as { errors?: FieldError[] }).errors;
  return { row, errors: errors?.length ? errors : [{ path: `rows[${row}]`, message: (error as Error).message }] };
}

/** Updates keep transactions: each with its audit entry and event, checked against the version read. */
async function applyUpdates(ctx: WriteContext, tenantId: string, policy: AssetPolicy, updates: Update[], result: ImportResult): Promise<void> {
  for (const update of updates) {
    try {
      // The review date stays, unless the row says when the asset was last reviewed: an import corrects an entry, it does not review it.
      const kept = revalued(
        { ...update.input, importance: update.before.data.importance, nextReviewDue: update.before.data.nextReviewDue } as AssetData,
        policy,
        reviewedSince(update.before),
      );
      const data: AssetData = update.reviewedAt
        ? { ...valued(update.input, policy, new Date(update.reviewedAt)), lastReviewedAt: update.reviewedAt }
        : { ...kept, ...(update.before.data.lastReviewedAt ? { lastReviewedAt: update.before.data.lastReviewedAt } : {}) };
      const work = new UnitOfWork({ ...ctx, reason: ctx.reason ?? 'bulk import' });
      const after = work.update(assetEntity, update.before, data);
      moveExternalId(work, tenantId, after.id, update.before.data.externalId, data.externalId, `rows[${update.row}].externalId`);
      work.event(
        changedEvent(
          tenantId,
          update.before.data,
          after,
          Object.keys({ ...update.before.data, ...data }).filter((field) => JSON.stringify(update.before.data[field]) !== JSON.stringify(data[field])),
          'bulk import',
        ),
      );
      await work.commit();
      result.updated.push({ row: update.row, id: after.id });
    } catch (error) {
      result.failed.push(failureOf(update.row, error));
    }
  }
}

function sortedResult(result: ImportResult): ImportResult {
  for (const list of [result.created, result.updated, result.unchanged, result.failed]) list.sort((a, b) => a.row - b.row);
  return result;
}

/** A chunk of new rows in one transaction; if it fails, row by row, so one bad row fails alone. */
async function commitCreates(ctx: WriteContext, tenantId: string, policy: AssetPolicy, chunk: Create[], result: ImportResult) {
  const attempt = async (rows: Create[]) => {
    const work = new UnitOfWork(ctx);
    const ids = rows.map((create) => {
      const asset = registerInto(work, tenantId, create.input, policy, `rows[${create.row}]`, create.reviewedAt);
      return { row: create.row, id: asset.id };
    });
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
        result.failed.push(failureOf(row.row, error));
      }
    }
  }
}

/**
 * One chunk of an import job: new rows by BatchWrite with ids derived from the job and row (a retried
 * chunk writes the same records; a row whose asset exists already was created by an earlier attempt),
 * updates by transaction. A dry run classifies only.
 */
export async function importChunkRows(
  ctx: WriteContext,
  tenantId: string,
  jobId: string,
  rows: readonly Row[],
  options: { dryRun?: boolean },
): Promise<ImportResult> {
  const { policy } = await currentPolicy(tenantId);
  // Ordered by row: the register lists a job's assets in file order.
  const idOf = (row: number) => orderedDerivedId(jobId, row, 'asset');
  const classified = await classifyRows(tenantId, rows, policy, idOf);
  // A retry: a row whose external id is held by the very asset this job derives for it was created by an earlier attempt.
  const mine = (update: Update) => update.before.id === idOf(update.row) && classified.holders.get(update.before.data.externalId ?? '') === update.before.id;
  const result: ImportResult = {
    ...(options.dryRun ? { dryRun: true as const } : {}),
    created: classified.updates.filter(mine).map(({ row, before }) => ({ row, id: before.id })),
    updated: [],
    unchanged: classified.unchanged.filter(({ row, id }) => id !== idOf(row)),
    failed: classified.failed,
  };
  result.created.push(...classified.unchanged.filter(({ row, id }) => id === idOf(row)));
  const updates = classified.updates.filter((update) => !mine(update));
  if (options.dryRun) {
    result.created.push(...classified.creates.map(({ row }) => ({ row })));
    result.updated.push(...updates.map(({ row, before }) => ({ row, id: before.id })));
    return sortedResult(result);
  }
  const at = new Date().toISOString();
  const byId = new Map(classified.creates.map((create) => [idOf(create.row), create]));
  // The rows' registrations count into the register summary together, after they are written (one update, not one a row).
  const countedWith = classified.creates.length
    ? derivedId(idOf(classified.creates[0]!.row), 'summary', ...classified.creates.map((create) => idOf(create.row)))
    : '';
  const bulk: BulkRow<AssetData>[] = classified.creates.map((create) => {
    const id = idOf(create.row);
    const data = newEntry(create, policy, at);
    return {
      id,
      data,
      events: [
        assetRegistered.of(tenantId, {
          assetId: id,
          name: data.name,
          type: data.type,
          owner: data.owner,
          importance: data.importance,
          ...countedChange(data),
          countedWith,
        }),
      ],
      ...(data.externalId ? { uniques: [{ name: EXTERNAL_ID, value: data.externalId, field: `rows[${create.row}].externalId` }] } : {}),
    };
  });
  const written = await bulkCreate(ctx, assetEntity, tenantId, bulk);
  // Rows an earlier attempt of this chunk wrote were counted with it (the same batch id), or, if it died first, by the nightly recount.
  const entries = new Map(bulk.map((row) => [row.id, row]));
  await countRegistrationsTogether(
    tenantId,
    countedWith,
    written.created.map((id) => ({ eventId: id, detailType: 'AssetRegistered', occurredAt: at, data: entries.get(id)!.events![0]!.data })),
  );
  for (const id of [...written.created, ...written.existing]) result.created.push({ row: byId.get(id)!.row, id });
  for (const { id, errors } of written.failed) result.failed.push({ row: byId.get(id)!.row, errors });
  await applyUpdates(ctx, tenantId, policy, updates, result);
  return sortedResult(result);
}
