// Asset management's bulk jobs: the import of a register of any size (rows or an SBOM), and its export.
import * as z from 'zod';
import { defineJobKind } from '@ismf/area/job-kind';
import { ulidSchema } from '@ismf/core/ids';
import { assetEntity, dependencyEntity } from './entities.ts';
import { bulkChangeSchema } from './bulk-change.ts';
import { ASSET_TYPES } from './rules.ts';
import { SBOM_TYPES } from './sbom-media.ts';

export const assetImportJob = defineJobKind({
  kind: 'asset-import',
  area: 'assets',
  title: 'Asset import',
  description:
    'Registers and updates assets from a CSV or JSON Lines file (streamed, up to 500 MiB) or a JSON array (up to 50 MiB), rows as POST /assets/import takes them. New rows get ids derived from the job and row, so a chunk run again writes nothing twice.',
  roles: ['admin', 'security-officer'],
  parameters: z.strictObject({
    dryRun: z.boolean().default(false).describe('answer what would be created, updated and refused, writing nothing'),
  }),
  reads: ['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/json'],
  queue: 'import',
  clauses: ['7.1.1', '7.2.1'],
  chunk: { handler: 'functions/assets/import-assets-chunk.ts', access: { table: 'write', objects: 'write' } },
});

export const sbomImportJob = defineJobKind({
  kind: 'sbom-import',
  area: 'assets',
  title: 'SBOM import',
  description:
    'Replaces a software asset’s components from a CycloneDX or SPDX SBOM of up to 50 MiB, as POST /assets/sbom-import does (which takes up to 5 MiB).',
  roles: ['admin', 'security-officer'],
  parameters: z.strictObject({
    asset: ulidSchema.optional().describe('the asset whose components it replaces (default: the asset of the software it describes)'),
    owner: ulidSchema.optional().describe('the owner of a software asset it registers (default: who starts the job)'),
  }),
  reads: [...SBOM_TYPES, 'application/json'],
  queue: 'import',
  clauses: ['7.1.1', '7.2.1', '12.6.1'],
  // It finds the asset of the software it describes by name (the register's list).
  chunk: { handler: 'functions/assets/import-sbom-chunk.ts', access: { table: 'write', objects: 'write' }, patterns: [assetEntity.patterns.list] },
});

export const assetExportJob = defineJobKind({
  kind: 'asset-export',
  area: 'assets',
  title: 'Asset export',
  description:
    "Writes the register, filtered as GET /assets is, to a CSV with the import’s columns (it re-imports unchanged; a cell a spreadsheet would run as a formula starts with a `'`) or to JSON Lines; the file is kept 7 days.",
  roles: ['admin', 'security-officer', 'manager', 'auditor'],
  parameters: z.strictObject({
    format: z.enum(['csv', 'jsonl']).default('csv'),
    type: z.enum(ASSET_TYPES).optional(),
    category: z.string().min(1).max(100).optional(),
    classification: z.string().min(1).max(60).optional(),
    importance: z.int().min(1).max(5).optional(),
    owner: ulidSchema.optional(),
    reviewState: z.enum(['overdue', 'due', 'current']).optional(),
  }),
  queue: 'export',
  clauses: ['7.1.1'],
  chunk: {
    handler: 'functions/assets/export-assets-chunk.ts',
    access: { table: 'write', objects: 'write' },
    patterns: [assetEntity.patterns.list, assetEntity.patterns.byOwner, assetEntity.patterns.dueBy],
  },
});

export const assetMergeJob = defineJobKind({
  kind: 'asset-merge',
  area: 'assets',
  title: 'Asset merge',
  description:
    'Merges a duplicate into another asset (POST /assets/{assetId}/merge): what depended on it depends on the survivor, the survivor takes its components, dependencies and external id (where it has none); the merged asset answers 410 pointing at the survivor.',
  roles: ['admin', 'security-officer'],
  parameters: z.strictObject({ source: ulidSchema, into: ulidSchema, reason: z.string().trim().min(1).max(1000) }),
  queue: 'import',
  clauses: ['7.1.1'],
  chunk: { handler: 'functions/assets/merge-assets-chunk.ts', access: { table: 'write', objects: 'write' }, patterns: [dependencyEntity.patterns.dependents] },
});

export const assetBulkChangeJob = defineJobKind({
  kind: 'asset-bulk-change',
  area: 'assets',
  title: 'Asset bulk change',
  description:
    'Applies one merge patch with one reason to assets named by id (each optionally with the version it must still be at) or by a filter (POST /assets/bulk-changes): each asset changes in its own audited version; the result file lists per asset changed, unchanged, conflict or refused, with why.',
  roles: ['admin', 'security-officer'],
  parameters: bulkChangeSchema,
  queue: 'import',
  clauses: ['7.1.1', '7.2.1'],
  chunk: {
    handler: 'functions/assets/bulk-change-assets-chunk.ts',
    access: { table: 'write', objects: 'write' },
    patterns: [
      assetEntity.patterns.list,
      assetEntity.patterns.byOwner,
      assetEntity.patterns.dueBy,
      assetEntity.patterns.byName,
      assetEntity.patterns.byImportance,
    ],
  },
});
