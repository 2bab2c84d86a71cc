// What the asset operations share: who calls them, the asset as the API shows it, and its example.
// Kept apart so that a function declaring one operation need not carry every other's declaration.
import * as z from 'zod';
import { ASSET_STATUSES, assetFields } from './rules.ts';
import { ulidSchema } from '@ismf/core/ids';
import { entityMeta, EXAMPLE_ID, EXAMPLE_PERSON, EXAMPLE_TIME, nameSchema, personRefSchema } from '@ismf/catalogue/common';

export const readers = { roles: ['admin', 'security-officer', 'manager', 'auditor', 'asset-owner', 'isirt'] } as const;
export const registrars = { roles: ['admin', 'security-officer', 'asset-owner'] } as const;
export const policyKeepers = { roles: ['admin', 'security-officer'] } as const;
export const assetPath = z.strictObject({ assetId: ulidSchema });
export const OWNER_ID = EXAMPLE_PERSON.id;

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
  ownerPerson: personRefSchema.describe('the owner, named'),
  importance: z.number().int().min(1).max(5),
  importanceName: z.enum(['minimal', 'low', 'medium', 'high', 'critical']),
  nextReviewDue: z.iso.date().describe('an active asset’s next review; a retired or disposed one is no longer reviewed'),
  lastReviewedAt: z.iso.datetime().optional(),
  status: z
    .enum(ASSET_STATUSES)
    .describe('active (in service), retired (out of service, kept for history), disposed (refuses changes) or merged (into another asset: answers 410)'),
  retirement: z.object({ on: z.iso.date(), reason: z.string(), recordedAt: z.iso.datetime() }).optional(),
  disposal: z
    .object({
      method: z.string(),
      on: z.iso.date(),
      performedBy: z.string(),
      reason: z.string(),
      sanitisation: z.object({ technique: z.string(), verifiedBy: z.string().optional(), evidenceId: z.string().optional() }).optional(),
      recordedAt: z.iso.datetime(),
    })
    .optional(),
  offSite: z
    .object({
      destination: z.string(),
      purpose: z.string(),
      takenBy: z.string().describe('user id'),
      authorizedBy: z.string().describe('user id of the authoriser'),
      authorizedAt: z.iso.datetime(),
      removedOn: z.iso.date(),
      expectedReturnOn: z.iso.date(),
    })
    .optional()
    .describe('present while the asset is off site (X.1051 9.2.7)'),
  mergedFrom: z.array(z.string()).optional().describe('duplicates merged into this asset; their histories go on at /assets/{id}/history'),
  lastChange: z
    .object({ changeId: z.string(), title: z.string(), outcome: z.string(), at: z.iso.datetime() })
    .optional()
    .describe('the last change implemented on it (GET /change-requests/{id}); its history holds every one'),
  dependsOn: z
    .array(z.string())
    .optional()
    .describe('the assets this one depends on (GET /assets/{assetId}/dependencies names them, and what depends on this one)'),
  importanceRaise: z
    .object({
      importance: z.number().int().min(1).max(5),
      by: z.object({ assetId: z.string(), name: z.string(), importance: z.number().int() }).describe('the dependent asset that raises it'),
      rule: z.string().describe('the asset policy’s importanceFromDependents'),
    })
    .optional()
    .describe('present while what depends on this asset raises its importance (the asset policy’s importanceFromDependents)'),
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
  lastVexImport: z
    .object({ at: z.iso.datetime(), statements: z.number().int(), components: z.number().int(), serialNumber: z.string().optional() })
    .optional()
    .describe('the last VEX document imported beside its SBOM (POST /assets/{assetId}/vex)'),
});
nameSchema(assetSchema, 'Asset', 'An asset of the register, as the API shows it.');

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
  ownerPerson: EXAMPLE_PERSON,
  importance: 5,
  importanceName: 'critical' as const,
  nextReviewDue: '2027-02-27',
  status: 'active' as const,
  version: 1,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};
