// Dependencies between assets: what an asset depends on, and what depends on it (impact analysis).
import * as z from 'zod';
import { defineOperation } from '@ismf/catalogue/operation';
import { nameSchema, pageQuery } from '@ismf/catalogue/common';
import { dependenciesSchema } from './dependencies.ts';
import { dependencyEntity } from './entities.ts';
import { assetPath, readers, registrars } from './asset-schema.ts';
import { ASSET_STATUSES, ASSET_TYPES } from './rules.ts';

const summarySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(ASSET_TYPES),
  status: z.enum(ASSET_STATUSES),
  importance: z.number().int(),
  businessProcess: z.string().optional(),
});

const dependenciesView = z.object({
  assetId: z.string(),
  version: z.number().int().describe('the asset’s version: send it in If-Match to change its dependencies'),
  dependsOn: z.array(summarySchema).describe('what this asset depends on'),
  dependents: z.array(summarySchema).describe('what depends on this asset (one page, by id)'),
  nextCursor: z.string().optional().describe('present while more dependents follow'),
});
nameSchema(dependenciesView, 'AssetDependencies', 'What an asset depends on, and what depends on it.');

const service = {
  id: '01JDQ8R6Z8W4X3N2K1M0P9Q7S1',
  name: 'Mobile voice service',
  type: 'service' as const,
  status: 'active' as const,
  importance: 5,
  businessProcess: 'Voice',
};
const hss = { id: '01JDQ8R6Z8W4X3N2K1M0P9Q7S2', name: 'HSS cluster A', type: 'physical' as const, status: 'active' as const, importance: 5 };
const site = { id: '01JDQ8R6Z8W4X3N2K1M0P9Q7S3', name: 'DC-North', type: 'physical' as const, status: 'active' as const, importance: 4 };

export const getAssetDependencies = defineOperation({
  name: 'getAssetDependencies',
  area: 'assets',
  method: 'GET',
  path: '/assets/{assetId}/dependencies',
  summary: 'What an asset depends on, and what depends on it',
  description:
    'Both directions of the dependencies: the assets this one depends on, and a page of the assets that depend on it (read through an index of their own). Later areas read the same for impact analysis.',
  handler: 'functions/assets/get-asset-dependencies.ts',
  callers: readers,
  clauses: ['7.1.1'],
  access: { table: 'read' },
  patterns: [dependencyEntity.patterns.dependents],
  params: assetPath,
  query: pageQuery,
  response: dependenciesView,
  successStatus: 200,
  sort: 'dependsOn as given; dependents by asset id',
  examples: { response: { assetId: hss.id, version: 4, dependsOn: [site], dependents: [service] } },
});

export const setAssetDependencies = defineOperation({
  name: 'setAssetDependencies',
  area: 'assets',
  method: 'PUT',
  path: '/assets/{assetId}/dependencies',
  summary: 'Set what an asset depends on',
  description: `Replaces the list of assets this one depends on (at most 40), with a reason kept in its history. Each must be an asset of the tenant that is not disposed of, not the asset itself, and not depend on it in turn (422 naming the entry). When the asset policy's importanceFromDependents is \`equal\` or \`one-below\`, what depends on an asset raises its importance (shown on the asset as importanceRaise, with its reason, and its next review brought forward); the raise travels along the chain shortly after. Needs If-Match with the asset's version.`,
  handler: 'functions/assets/set-asset-dependencies.ts',
  callers: registrars,
  clauses: ['7.1.1', '7.2.1'],
  access: { table: 'write' },
  patterns: [dependencyEntity.patterns.dependents],
  params: assetPath,
  body: dependenciesSchema,
  response: dependenciesView,
  successStatus: 200,
  problems: [410, 422],
  versioned: true,
  examples: {
    body: { dependsOn: [site.id], reason: 'HSS cluster A runs in DC-North' },
    response: { assetId: hss.id, version: 5, dependsOn: [site], dependents: [service] },
  },
});
