// The register as a file: CSV (the import's own columns, so the file re-imports unchanged) or JSON Lines,
// filtered as GET /assets is, streamed page by page to the job's output (memory stays flat). A cell a
// spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written with a leading `'`, which the
// import strips again.
import { stringify } from 'csv-stringify/sync';
import type { ChunkOutcome, ChunkWork } from '@ismf/jobs/chunk';
import { formulaSafe } from '@ismf/core/spreadsheet-cells';
import { CSV_COLUMNS } from './import.ts';
import { listAssets, type AssetFilters } from './register.ts';
import { assetFields, type AssetData } from './rules.ts';

/** Assets per page read: large pages, few requests. */
const PAGE = 500;

export interface ExportParameters extends AssetFilters {
  format: 'csv' | 'jsonl';
}

type ExportedAsset = AssetData & { id: string };

/** One CSV row in CSV_COLUMNS order: labels joined by `;`, equipment and identity in their own columns. */
export function csvCells(asset: ExportedAsset): string[] {
  return CSV_COLUMNS.map((column) => {
    let value: unknown;
    const [group, field] = column.split('.');
    if (field && (group === 'equipment' || group === 'identity')) value = (asset[group] as Record<string, unknown> | undefined)?.[field];
    else if (column === 'labels') value = asset.labels?.join(';');
    else value = asset[column];
    return value === undefined || value === null ? '' : formulaSafe(String(value));
  });
}

/** What an import row takes: the asset's own fields, its id and when it was last reviewed. */
const IMPORTED_FIELDS = new Set(['id', ...Object.keys(assetFields), 'lastReviewedAt']);

/**
 * The asset's own fields (what an import takes), in JSON Lines: what is derived (importance, review date,
 * lifecycle, dependencies, named people) stays out, as in the CSV, so that the file re-imports unchanged.
 */
function jsonLine(asset: ExportedAsset): string {
  return JSON.stringify(Object.fromEntries(Object.entries(asset).filter(([field]) => IMPORTED_FIELDS.has(field))));
}

export async function exportAssetsChunk({ tenantId, job, checkpoint, writeOutput }: ChunkWork): Promise<ChunkOutcome> {
  const { format, ...filters } = job.data.parameters as unknown as ExportParameters;
  const day = new Date().toISOString().slice(0, 10);
  const fileName = `assets-${day}.${format === 'csv' ? 'csv' : 'jsonl'}`;
  const contentType = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  let rows = 0;
  async function* lines() {
    if (format === 'csv') yield stringify([[...CSV_COLUMNS]], { record_delimiter: 'windows' });
    let cursor: string | undefined;
    do {
      const page = await listAssets(tenantId, filters, { limit: PAGE, ...(cursor ? { cursor } : {}) });
      const assets = page.items as unknown as ExportedAsset[];
      yield format === 'csv' ? stringify(assets.map(csvCells), { record_delimiter: 'windows' }) : assets.map((asset) => jsonLine(asset) + '\n').join('');
      rows += assets.length;
      cursor = page.nextCursor;
      if (cursor && rows % (PAGE * 20) === 0) {
        await checkpoint(rows);
      }
    } while (cursor);
  }
  const file = await writeOutput(fileName, contentType, lines());
  return { rows, counts: { exported: rows }, failed: [], output: { ...file, rows } };
}
