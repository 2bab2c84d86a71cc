// What the asset operations share: who calls them, the asset as the API shows it, and its example.
// Kept apart so that a function declaring one operation need not carry every other's declaration.
import * as z from 'zod';
import { assetFields } from './rules.ts';
import { ulidSchema } from '@ismf/core/ids';
import { entityMeta, EXAMPLE_ID, EXAMPLE_TIME } from '@ismf/catalogue/common';

export const readers = { roles: ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt'] } as const;
export const registrars = { roles: ['admin', 'security-officer', 'asset-owner'] } as const;
export const policyKeepers = { roles: ['admin', 'security-officer'] } as const;
export const assetPath = z.strictObject({ assetId: ulidSchema });
export const OWNER_ID = '01JDQ8R6Z8W4X3N2K1M0P9Q7RV';

const describedSoftwareSchema = z
  .object({
    name: z.string(),
    group: z.string().optional(),
    version: z.string().optional(),
    purl: z.string().optional(),
    package: z.string().optional().describe('the PURL without version (type/namespace/name): the next SBOM of this package replaces the set'),
  })
  .describe('the software the SBOM describes (CycloneDX metadata.component; SPDX: the described package)');

export const assetSchema = z.object({
  ...entityMeta,
  ...assetFields,
  importance: z.number().int().min(1).max(5),
  importanceName: z.enum(['minimal', 'low', 'medium', 'high', 'critical']),
  nextReviewDue: z.iso.date(),
  lastReviewedAt: z.iso.datetime().optional(),
  componentSet: z
    .object({
      id: z.string(),
      count: z.number().int(),
      withProblems: z.number().int(),
      specVersion: z.string(),
      serialNumber: z.string().optional(),
      importedAt: z.iso.datetime(),
      describes: describedSoftwareSchema.optional(),
    })
    .optional()
    .describe('the components from the latest SBOM (GET /assets/{assetId}/components lists them)'),
});

export const exampleInput = {
  name: 'Subscriber billing database',
  type: 'information' as const,
  businessProcess: 'Billing',
  owner: OWNER_ID,
  location: 'DC-North, hall 2',
  secureArea: 'DC-North core room',
  labels: ['PCI'],
  classification: 'confidential',
  confidentiality: 5,
  integrity: 4,
  availability: 3,
};
export const exampleAsset = {
  id: EXAMPLE_ID,
  ...exampleInput,
  importance: 5,
  importanceName: 'critical' as const,
  nextReviewDue: '2027-02-27',
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};
