// Asset management (X.1052 clause 10, X.1051 7.1, 7.2, 9.1, 9.2): the asset policy, the register's
// fields, and the pure rules — valuation by confidentiality, integrity and availability, and review dates.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/id-patterns';

export const ASSET_TYPES = ['information', 'software', 'physical', 'service', 'people', 'intangible'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/** Importance levels, 5 the highest. */
export const IMPORTANCE_NAMES = { 5: 'critical', 4: 'high', 3: 'medium', 2: 'low', 1: 'minimal' } as const;
export type Importance = 1 | 2 | 3 | 4 | 5;

const text = (max: number) => z.string().trim().min(1).max(max);
const ciaValue = z.int('a value from 1 to 5').min(1, 'a value from 1 to 5').max(5, 'a value from 1 to 5');

export const IMPORTANCE_RULES = ['none', 'equal', 'one-below'] as const;

/** How importance follows from C, I and A: the highest (default), the rounded-up mean, or weights. */
export const valuationRuleSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('highest') }),
  z.strictObject({ method: z.literal('mean') }),
  z.strictObject({
    method: z.literal('weighted'),
    weights: z.strictObject({ confidentiality: z.number().min(0).max(10), integrity: z.number().min(0).max(10), availability: z.number().min(0).max(10) }),
  }),
]);
export type ValuationRule = z.infer<typeof valuationRuleSchema>;

export const classificationLevelSchema = z.strictObject({
  name: text(60),
  description: text(1000).optional(),
  /** Labelling and handling (X.1051 7.2.2). */
  labelling: text(1000),
  handling: text(4000),
});

const reviewDays = z.int().min(1).max(3660);
/** The level no default may be: an asset nobody classified is not cleared for release. */
const PUBLIC = 'public';

export const assetPolicySchema = z
  .strictObject({
    protectionObjectives: z.array(text(1000)).min(1).max(50),
    /** The tenant's asset categories, per asset type. */
    categories: z
      .array(z.strictObject({ type: z.enum(ASSET_TYPES), name: text(100) }))
      .max(500)
      .default([]),
    businessProcesses: z.array(text(200)).max(500).default([]),
    /** The rules for the acceptable use of assets (X.1051 7.1.3), per asset type and, optionally, category. */
    acceptableUse: z
      .array(
        z.strictObject({
          type: z.enum(ASSET_TYPES),
          category: text(100).optional().describe('only assets of this category of the type; without it, every asset of the type'),
          title: text(200),
          rules: text(8000),
        }),
      )
      .max(200)
      .default([]),
    classificationLevels: z.array(classificationLevelSchema).min(1).max(10),
    valuation: valuationRuleSchema.default({ method: 'highest' }),
    /**
     * Whether what depends on an asset raises its importance: `none`; `equal` (at least the highest
     * importance of its dependents: a system is as important as the most important service on it);
     * `one-below` (at least one level below it).
     */
    importanceFromDependents: z.enum(IMPORTANCE_RULES).default('none'),
    /** Days between reviews, per importance level. */
    reviewIntervalDays: z.strictObject({ '1': reviewDays, '2': reviewDays, '3': reviewDays, '4': reviewDays, '5': reviewDays }),
    defaultClassification: text(60)
      .optional()
      .describe('the level an imported row or an SBOM-registered asset takes when it names none: one of classificationLevels, never public'),
  })
  .superRefine((policy, context) => {
    const names = policy.classificationLevels.map((level) => level.name.toLowerCase());
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index)
        context.addIssue({ code: 'custom', path: ['classificationLevels', index, 'name'], message: 'classification levels must have distinct names' });
    });
    const fallback = policy.defaultClassification;
    if (fallback === undefined) return;
    // An asset nobody classified must not be cleared for release by default.
    if (fallback.toLowerCase() === PUBLIC) {
      context.addIssue({ code: 'custom', path: ['defaultClassification'], message: 'never public: an unclassified asset is not cleared for release' });
    } else if (!policy.classificationLevels.some((level) => level.name === fallback)) {
      context.addIssue({
        code: 'custom',
        path: ['defaultClassification'],
        message: `one of the classification levels: ${policy.classificationLevels.map((level) => level.name).join(', ')}`,
      });
    }
  });
export type AssetPolicy = z.output<typeof assetPolicySchema>;

/** The work result of a returned asset policy change's revision (its flow's work task). */
export const policyRevisionSchema = z.strictObject({
  policy: assetPolicySchema,
  note: z.string().trim().min(1).max(2000).describe('what the revision changed, in answer to the return'),
});

/** The orders a list of asset policy changes takes: by submission (ids are time-ordered), oldest or newest first. */
export const POLICY_CHANGE_SORTS = ['submitted', '-submitted'] as const;
export type PolicyChangeSort = (typeof POLICY_CHANGE_SORTS)[number];

/** What a tenant works with until it sets its own policy. */
export const DEFAULT_ASSET_POLICY: AssetPolicy = {
  protectionObjectives: ['Protect the confidentiality, integrity and availability of the organization’s information assets'],
  categories: [],
  businessProcesses: [],
  acceptableUse: [],
  classificationLevels: [
    { name: 'public', labelling: 'No label required', handling: 'May be released to anyone' },
    { name: 'internal', labelling: 'Label "INTERNAL"', handling: 'Staff and contracted third parties only' },
    { name: 'confidential', labelling: 'Label "CONFIDENTIAL" on every page and medium', handling: 'Named recipients only; encrypted in transit and at rest' },
    { name: 'secret', labelling: 'Label "SECRET"; numbered copies', handling: 'Named recipients approved by the owner; no removable media' },
  ],
  valuation: { method: 'highest' },
  importanceFromDependents: 'none',
  reviewIntervalDays: { '1': 730, '2': 365, '3': 365, '4': 180, '5': 90 },
};

export interface Cia {
  confidentiality: number;
  integrity: number;
  availability: number;
}

export function importanceOf(value: Cia, rule: ValuationRule): Importance {
  const { confidentiality: c, integrity: i, availability: a } = value;
  let score: number;
  if (rule.method === 'highest') score = Math.max(c, i, a);
  else if (rule.method === 'mean') score = Math.ceil((c + i + a) / 3);
  else {
    const { confidentiality: wc, integrity: wi, availability: wa } = rule.weights;
    const total = wc + wi + wa;
    score = total === 0 ? Math.max(c, i, a) : Math.round((c * wc + i * wi + a * wa) / total);
  }
  return Math.min(5, Math.max(1, score)) as Importance;
}

/** The next review date (YYYY-MM-DD, UTC) after `from` for an asset of this importance. */
export function nextReviewDue(from: Date, importance: Importance, policy: AssetPolicy): string {
  const due = new Date(from.getTime() + policy.reviewIntervalDays[String(importance) as keyof AssetPolicy['reviewIntervalDays']] * 86_400_000);
  return due.toISOString().slice(0, 10);
}

const equipmentSchema = z.strictObject({
  manufacturer: text(200).optional(),
  model: text(200).optional(),
  serialNumber: text(200).optional(),
  /** Siting and protection, supporting utilities, maintenance (X.1051 9.2). */
  siting: text(1000).optional(),
  powerSupply: text(200).optional(),
  maintenance: text(1000).optional(),
});

/** Where an asset can be reached from (X.1052 12.2.1 b): how much an exploitable weakness in it weighs. */
export const EXPOSURES = ['internet-facing', 'partner-facing', 'internal', 'isolated'] as const;
export type Exposure = (typeof EXPOSURES)[number];

/** The asset types that run vendor products an advisory can name (equipment and software). */
export const IDENTIFIED_TYPES = ['physical', 'software'] as const;

/**
 * What a product is, for equipment and software without an SBOM (routers, base stations, OSS/BSS
 * appliances): as its vendor names it. Advisories are matched on it (early warning, X.1052 12.2.1 b).
 */
export const productIdentitySchema = z
  .strictObject({
    vendor: text(200).describe('the vendor as its advisories name it (“Nokia”, “Siemens AG”): compared without case, punctuation or legal suffix'),
    product: text(200).describe('the product name (“7750 SR”, “SIMATIC S7-1500 CPU”); a parenthesised model number counts as the model'),
    model: text(200).optional().describe('the model or order number (matched against CSAF model_numbers)'),
    version: text(100).describe('the installed firmware or software version, as the vendor writes it (`V6.6.1`, `R3.09.50`, `22.10.R1`)'),
    cpe: text(1000).optional().describe('its CPE name, 2.3 formatted string or 2.2 URI, when known (matched against NVD and CSAF CPEs)'),
  })
  .describe('the vendor product this asset is, for advisory matching without an SBOM (physical and software assets)');
export type ProductIdentity = z.infer<typeof productIdentitySchema>;

export const assetFields = {
  name: text(200),
  externalId: text(128)
    .optional()
    .describe('the asset’s id in the register it came from (a CMDB): unique in the tenant; an import row naming it updates that asset'),
  type: z.enum(ASSET_TYPES),
  category: text(100).optional(),
  businessProcess: text(200).optional(),
  description: text(4000).optional(),
  owner: ulidSchema.describe('the user accountable for the asset (X.1051 7.1.2)'),
  custodian: text(200).optional(),
  location: text(200).optional(),
  secureArea: text(200).optional().describe('the secure area housing it (X.1051 9.1)'),
  equipment: equipmentSchema.optional(),
  labels: z.array(text(60)).max(50).optional(),
  identity: productIdentitySchema.optional(),
  exposure: z.enum(EXPOSURES).optional().describe('where it can be reached from: weighs in the priority of an early warning that hits it'),
  acceptableUse: text(4000).optional().describe('rules for using this asset beyond those of its category and type in the asset policy (X.1051 7.1.3)'),
  classification: text(60).describe('one of the policy’s classification levels'),
  confidentiality: ciaValue,
  integrity: ciaValue,
  availability: ciaValue,
};

/** Who owns an asset, as a request names them: their user id, or their e-mail address (resolved, or refused). */
export const ownerReference = z
  .union([ulidSchema, z.email()], 'a user of the tenant: their id or their e-mail address')
  .describe('the user accountable for the asset (X.1051 7.1.2): their id, or their e-mail address (stored as their id)');

export const assetInputSchema = z.strictObject({ ...assetFields, owner: ownerReference });
export type AssetInput = z.infer<typeof assetInputSchema>;

/** An asset as an import row or an SBOM gives it: its classification may be left to the policy's default. */
export type UnclassifiedAssetInput = Omit<AssetInput, 'classification'> & { classification?: AssetInput['classification'] };

/**
 * The row with the policy's defaultClassification when it names none (absent or blank). Without a default
 * the row stays as it is, so that validation reports the missing classification on the row's own field.
 */
export function applyDefaultClassification(input: UnclassifiedAssetInput, policy: AssetPolicy): AssetInput {
  const given = input.classification;
  const missing = given === undefined || given === null || (typeof given === 'string' && given.trim() === '');
  if (!missing || policy.defaultClassification === undefined) return input as AssetInput;
  return { ...input, classification: policy.defaultClassification };
}

/** A merge patch of an asset; `reason` is required and kept in the history. */
export const assetPatchSchema = z.strictObject({
  name: assetFields.name.optional(),
  externalId: assetFields.externalId.nullable(),
  type: assetFields.type.optional(),
  category: assetFields.category.nullable(),
  businessProcess: assetFields.businessProcess.nullable(),
  description: assetFields.description.nullable(),
  owner: ownerReference.optional(),
  custodian: assetFields.custodian.nullable(),
  location: assetFields.location.nullable(),
  secureArea: assetFields.secureArea.nullable(),
  equipment: equipmentSchema.nullable().optional(),
  labels: assetFields.labels.nullable(),
  identity: assetFields.identity.nullable(),
  exposure: assetFields.exposure.nullable(),
  acceptableUse: assetFields.acceptableUse.nullable(),
  classification: assetFields.classification.optional(),
  confidentiality: ciaValue.optional(),
  integrity: ciaValue.optional(),
  availability: ciaValue.optional(),
  reason: text(1000),
});
export type AssetPatch = z.infer<typeof assetPatchSchema>;

/** The lifecycle (X.1051 9.2.6): in service, out of service but kept for history, gone. */
export const ASSET_STATUSES = ['active', 'retired', 'disposed', 'merged'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export interface ImportanceRaise {
  importance: Importance;
  by: { assetId: string; name: string; importance: number };
  rule: string;
}

/** The importance dependents raise an asset to by the rule; undefined when they raise it to nothing. */
export function raisedImportance(dependents: readonly { importance: number }[], rule: (typeof IMPORTANCE_RULES)[number] | undefined): Importance | undefined {
  if (!rule || rule === 'none' || dependents.length === 0) return undefined;
  const highest = Math.max(...dependents.map((dependent) => dependent.importance));
  const level = rule === 'equal' ? highest : highest - 1;
  return level >= 1 ? (Math.min(5, level) as Importance) : undefined;
}

/** How an asset left service (X.1051 9.2.6). */
export interface Retirement {
  on: string;
  reason: string;
  recordedAt: string;
}

/** Secure disposal or re-use (X.1051 9.2.6): how, when, by whom, and the evidence that its media were sanitised. */
export interface Disposal {
  method: string;
  on: string;
  performedBy: string;
  reason: string;
  sanitisation?: { technique: string; verifiedBy?: string; evidenceId?: string };
  recordedAt: string;
}

/** Equipment, information or software taken off site (X.1051 9.2.7), with its authorisation. */
export interface OffSite {
  destination: string;
  purpose: string;
  takenBy: string;
  authorizedBy: string;
  authorizedAt: string;
  removedOn: string;
  expectedReturnOn: string;
}

export interface AssetData extends AssetInput {
  [key: string]: unknown;
  importance: Importance;
  importanceName: string;
  nextReviewDue: string;
  lastReviewedAt?: string;
  /** Absent on entries written before the lifecycle existed: active. */
  status?: AssetStatus;
  /** The assets this one depends on (a service on systems, a system on network elements and sites). */
  dependsOn?: string[];
  /** Importance raised by a dependent, by the policy's importanceFromDependents: to what, by which asset. */
  importanceRaise?: ImportanceRaise;
  retirement?: Retirement;
  disposal?: Disposal;
  offSite?: OffSite;
  /** A duplicate merged into another asset: that asset's id (GET answers 410 pointing there). */
  mergedInto?: string;
  /** The duplicates merged into this asset, whose histories go on in theirs. */
  mergedFrom?: string[];
  /** The last change (security change management) implemented on it: its history holds every one. */
  lastChange?: RecordedChange;
}

/** A change implemented on an asset, as the asset keeps it. */
export interface RecordedChange {
  changeId: string;
  title: string;
  outcome: string;
  at: string;
}

/** The orders the register lists in. */
export const ASSET_SORTS = ['registered', 'name', '-name', 'importance', '-importance', 'nextReview'] as const;
export type AssetSort = (typeof ASSET_SORTS)[number];

/**
 * What an importance change travels to: the assets this one depends on, whose raise by their dependents
 * may follow (AssetChanged's `dependencies`, which the raiseImportance consumer reads).
 */
export const cascadeTo = (importanceBefore: number | undefined, after: Pick<AssetData, 'importance' | 'dependsOn'>) =>
  importanceBefore !== after.importance && after.dependsOn?.length ? { dependencies: after.dependsOn } : {};

/** An entry's status (entries written before the lifecycle are active). */
export const statusOf = (data: Pick<AssetData, 'status'>): AssetStatus => data.status ?? 'active';

/** Where an asset's fields break the tenant's policy: the field and why. */
export function policyViolations(
  asset: Pick<AssetInput, 'type' | 'category' | 'businessProcess' | 'classification' | 'identity'>,
  policy: AssetPolicy,
  prefix = 'body',
) {
  const errors: { path: string; message: string }[] = [];
  if (asset.identity && !(IDENTIFIED_TYPES as readonly string[]).includes(asset.type)) {
    errors.push({ path: `${prefix}.identity`, message: `only ${IDENTIFIED_TYPES.join(' and ')} assets run a vendor product` });
  }
  if (!policy.classificationLevels.some((level) => level.name === asset.classification)) {
    errors.push({ path: `${prefix}.classification`, message: `one of: ${policy.classificationLevels.map((level) => level.name).join(', ')}` });
  }
  const categories = policy.categories.filter((category) => category.type === asset.type).map((category) => category.name);
  if (asset.category !== undefined && categories.length > 0 && !categories.includes(asset.category)) {
    errors.push({ path: `${prefix}.category`, message: `a ${asset.type} category of the asset policy: ${categories.join(', ')}` });
  }
  if (asset.businessProcess !== undefined && policy.businessProcesses.length > 0 && !policy.businessProcesses.includes(asset.businessProcess)) {
    errors.push({ path: `${prefix}.businessProcess`, message: 'a business process of the asset policy' });
  }
  return errors;
}
