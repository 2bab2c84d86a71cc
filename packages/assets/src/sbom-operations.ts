// POST /assets/sbom-import, declared apart: its function carries the SBOM parsers, and not every other
// asset operation's declaration besides.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/ids';
import { defineOperation } from '@ismf/catalogue/operation';
import { EXAMPLE_ID } from '@ismf/catalogue/common';
import { assetEntity } from './entities.ts';
import { assetPath, assetSchema, exampleAsset, policyKeepers } from './asset-schema.ts';

export const importSbom = defineOperation({
  name: 'importSbom',
  area: 'assets',
  method: 'POST',
  path: '/assets/sbom-import',
  summary: 'Import an SBOM as a software asset’s components',
  description:
    'A CycloneDX 1.2–1.6 SBOM (application/vnd.cyclonedx+json or +xml) or an SPDX 2.2/2.3 JSON SBOM (application/spdx+json); either JSON SBOM is also recognised as application/json. SPDX 3.0 and VEX-only CycloneDX documents (vulnerabilities, no components) are refused. Up to 5 MiB here; up to 50 MiB through an import job (POST /jobs, kind sbom-import). The SBOM replaces the component set of `?asset=`. Without it, it goes to the asset of the software it describes (metadata.component; SPDX: the package the document describes): the asset registered from an earlier SBOM of the same package (its PURL without version), else the one software asset named as the software (with or without its version); importing the same SBOM again, or the next release’s, replaces that asset’s components (reported under `updated`, `matchedBy` says how it was found), and two assets matching by name answer 409. Only when none matches is a software asset registered, owned by `?owner=` (default: the caller) and classified by the policy’s defaultClassification (else the first level that is not public).',
  handler: 'functions/assets/import-sbom.ts',
  callers: policyKeepers,
  clauses: ['7.1.1', '7.2.1', '12.6.1'],
  access: { table: 'write' },
  // An SBOM without ?asset= looks for its software's asset by name among the register's software assets.
  patterns: [assetEntity.patterns.list],
  query: z.strictObject({
    asset: ulidSchema.optional(),
    owner: ulidSchema.optional(),
  }),
  rawBody: {
    mediaTypes: {
      'application/vnd.cyclonedx+json': { type: 'object', description: 'a CycloneDX 1.2–1.6 BOM' },
      'application/vnd.cyclonedx+xml': { type: 'string', description: 'a CycloneDX 1.2–1.6 BOM' },
      'application/spdx+json': { type: 'object', description: 'an SPDX 2.2/2.3 JSON document' },
      'application/json': { type: 'object', description: 'a CycloneDX or SPDX JSON document, recognised by its bomFormat or spdxVersion' },
    },
  },
  response: z.object({
    created: z.array(z.object({ row: z.literal(1), id: z.string() })).describe('the document (row 1) registered a software asset'),
    updated: z.array(z.object({ row: z.literal(1), id: z.string() })).describe('the document (row 1) replaced an existing asset’s components'),
    unchanged: z.array(z.object({ row: z.number().int(), id: z.string() })).describe('always empty: a document replaces the set'),
    failed: z
      .array(z.object({ row: z.number().int(), errors: z.array(z.object({ path: z.string(), message: z.string() })) }))
      .describe('always empty: a refused document is a 4xx'),
    asset: assetSchema,
    matchedBy: z
      .enum(['asset', 'purl', 'name'])
      .optional()
      .describe('when not created, how the asset was found: named by ?asset=, or the software the SBOM describes, by PURL or by name'),
    componentSet: z.object({ id: z.string(), count: z.number().int(), withProblems: z.number().int(), specVersion: z.string() }).loose(),
    componentProblems: z.array(z.object({ component: z.number().int(), name: z.string(), purl: z.string().optional(), problems: z.array(z.string()) })),
  }),
  successStatus: 200,
  problems: [404, 409, 422], // ?asset= names no asset; several assets match the SBOM by name; no software asset, or ?owner= no active user
  examples: {
    response: {
      created: [{ row: 1 as const, id: EXAMPLE_ID }],
      updated: [],
      unchanged: [],
      failed: [],
      asset: exampleAsset,
      componentSet: { id: EXAMPLE_ID, count: 62, withProblems: 1, specVersion: '1.4' },
      componentProblems: [{ component: 17, name: 'left-pad', purl: 'pkg:npm/left-pad@', problems: ['the PURL has an empty version after @'] }],
    },
  },
});

export const importVex = defineOperation({
  name: 'importVex',
  area: 'assets',
  method: 'POST',
  path: '/assets/{assetId}/vex',
  summary: 'Import a VEX document beside a software asset’s SBOM',
  description:
    'A CycloneDX VEX document (1.4–1.6, JSON or XML): each vulnerability with an `analysis.state` (`not_affected` with its justification, `resolved`, `false_positive`, `exploitable`, `in_triage` …) is kept on the components of the asset’s current set that it `affects` (by bom-ref, a BOM-Link ending in it, or the component’s PURL). A later document’s statement on a vulnerability replaces an earlier one’s. Advisory matching honours `not_affected`, `resolved` and `false_positive`: the match is suppressed with the justification shown. The asset is re-matched. An SBOM that carries its own `vulnerabilities` is honoured the same way on import.',
  handler: 'functions/assets/import-vex.ts',
  callers: policyKeepers,
  clauses: ['7.1.1', '12.6.1'],
  access: { table: 'write' },
  params: assetPath,
  rawBody: {
    mediaTypes: {
      'application/vnd.cyclonedx+json': { type: 'object', description: 'a CycloneDX 1.4–1.6 VEX document' },
      'application/vnd.cyclonedx+xml': { type: 'string', description: 'a CycloneDX 1.4–1.6 VEX document' },
      'application/json': { type: 'object', description: 'a CycloneDX VEX document' },
    },
  },
  response: z.object({
    assetId: z.string(),
    statements: z.number().int().describe('vulnerabilities with an analysis in the document'),
    components: z.number().int().describe('components of the asset it named'),
    unmatched: z.array(z.string()).describe('references it names that are no component of the asset’s current set (the first 100)'),
  }),
  successStatus: 200,
  problems: [404, 409, 422], // no such asset; disposed; no component set
  examples: { response: { assetId: EXAMPLE_ID, statements: 1, components: 1, unmatched: [] } },
});
