// CVE records: CVE JSON 5 (the CVE Program's record, cvelistV5) and the `cve` object of an NVD API 2.0
// `vulnerabilities[]` entry. The structure a record must have for us to read it and the CVE id's format, in zod;
// fields we do not read stay open (objects are not strict: `x_…` extensions and later additions pass).
import * as z from 'zod';
import type { ValidationReason } from './validation.ts';

/** The CVE id format of both schemas: the year, then 4 to 19 digits. */
export const CVE_ID = /^CVE-[0-9]{4}-[0-9]{4,19}$/;

const MISSING = 'is required but missing';
/** A message of ours for a wrong value; a missing one still says it is missing (a schema's own message wins over PARSE_OPTIONS'). */
const says = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? MISSING : message);

const cveId = z.string().regex(CVE_ID, { error: says('must be a CVE id: CVE-, the year, -, 4 to 19 digits (CVE-2024-3094)') });
const text = z.string().min(1, { error: says('must not be empty') });
// CVE 5 times carry a zone or not (5.0 records: `2021-02-08T22:22:51`), NVD's carry none or Z.
const timestamp = z.iso.datetime({ local: true, offset: true, error: says('must be an ISO 8601 date and time (2024-03-29T16:51:12.588Z)') });
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { error: says('must be a UUID') });
const url = z.url({ error: says('must be a URL') });
const strings = z.array(z.string());
const ENGLISH = /^en([_-]|$)/i;

// ---- CVE JSON 5 ----

const description = z.object({ lang: text, value: text });
const withEnglish = (items: z.ZodType<{ lang: string }[]>) =>
  items.refine((list) => list.some((item) => ENGLISH.test(item.lang)), { error: says('needs an English entry (lang en, en-US …)') });
const descriptions = withEnglish(z.array(description).min(1, { error: says('needs at least one description') }));

const providerMetadata = z.object({ orgId: uuid, shortName: z.string().optional(), dateUpdated: timestamp.optional() });

const VERSION_STATUS = z.enum(['affected', 'unaffected', 'unknown']);
const version = z
  .object({
    version: text,
    status: VERSION_STATUS,
    versionType: z.string().optional(),
    lessThan: z.string().optional(),
    lessThanOrEqual: z.string().optional(),
    changes: z.array(z.object({ at: text, status: VERSION_STATUS })).optional(),
  })
  .refine((entry) => entry.lessThan === undefined || entry.lessThanOrEqual === undefined, {
    error: says('gives lessThan or lessThanOrEqual, not both'),
    path: ['lessThanOrEqual'],
  });

const product = z
  .object({
    vendor: text.optional(),
    product: text.optional(),
    collectionURL: z.string().optional(),
    packageName: text.optional(),
    defaultStatus: VERSION_STATUS.optional(),
    versions: z.array(version).min(1).optional(),
    cpes: strings.optional(),
  })
  .refine((entry) => (entry.vendor !== undefined && entry.product !== undefined) || (entry.collectionURL !== undefined && entry.packageName !== undefined), {
    error: says('must name a vendor and product, or a collectionURL and packageName'),
  });

const reference = z.object({ url, name: z.string().optional(), tags: strings.optional() });

// The FIRST CVSS objects embedded in the record: what a score needs to be read.
const cvssObject = (versionValue: string, severity: boolean) =>
  z.object({
    version: z.literal(versionValue),
    vectorString: text,
    baseScore: z.number().min(0).max(10),
    ...(severity ? { baseSeverity: z.enum(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']) } : {}),
  });
const metric = z.object({
  cvssV4_0: cvssObject('4.0', true).optional(),
  cvssV3_1: cvssObject('3.1', true).optional(),
  cvssV3_0: cvssObject('3.0', true).optional(),
  cvssV2_0: cvssObject('2.0', false).optional(),
});

const problemType = z.object({
  descriptions: z
    .array(
      z.object({
        lang: text,
        description: text,
        type: z.string().optional(),
        cweId: z
          .string()
          .regex(/^CWE-[1-9][0-9]*$/, { error: says('must be CWE-<number>') })
          .optional(),
      }),
    )
    .min(1),
});

const publishedCna = z.object({
  providerMetadata,
  title: z.string().optional(),
  datePublic: timestamp.optional(),
  descriptions,
  affected: z.array(product).min(1, { error: says('needs at least one affected product') }),
  references: z.array(reference).min(1, { error: says('needs at least one reference') }),
  problemTypes: z.array(problemType).optional(),
  metrics: z.array(metric).optional(),
});

const rejectedCna = z.object({
  providerMetadata,
  rejectedReasons: withEnglish(z.array(description).min(1, { error: says('needs at least one reason') })),
  replacedBy: z.array(cveId).optional(),
});

const CNA_BY_STATE = { PUBLISHED: publishedCna, REJECTED: rejectedCna } as const;

const cveRecord = z.object({
  dataType: z.literal('CVE_RECORD'),
  dataVersion: z.string().regex(/^5\.[0-9]+(\.[0-9]+)?$/, { error: says('must be a CVE JSON 5 version (5.0, 5.1, 5.2 …)') }),
  cveMetadata: z.object({
    cveId,
    assignerOrgId: uuid,
    assignerShortName: z.string().optional(),
    state: z.enum(['PUBLISHED', 'REJECTED']),
    dateReserved: timestamp.optional(),
    datePublished: timestamp.optional(),
    dateUpdated: timestamp.optional(),
    dateRejected: timestamp.optional(),
  }),
  // The CNA container's shape depends on the state: checked beside (validateCve), so both report together.
  containers: z.object({ cna: z.object({}), adp: z.array(z.object({ providerMetadata })).min(1).optional() }),
});

// ---- NVD API 2.0 ----

const langString = z.object({ lang: text, value: z.string() });
const PRIMARY_OR_SECONDARY = z.enum(['Primary', 'Secondary']);
const nvdMetric = (cvssData: z.ZodType) => z.array(z.object({ source: text, type: PRIMARY_OR_SECONDARY, cvssData }));
const cpeMatch = z.object({
  vulnerable: z.boolean(),
  criteria: z.string().regex(/^cpe:2\.3:/, { error: says('must be a CPE 2.3 name (cpe:2.3:…)') }),
  matchCriteriaId: uuid,
  versionStartIncluding: z.string().optional(),
  versionStartExcluding: z.string().optional(),
  versionEndIncluding: z.string().optional(),
  versionEndExcluding: z.string().optional(),
});
const AND_OR = z.enum(['AND', 'OR']);

const nvdCve = z.object({
  id: cveId,
  sourceIdentifier: z.string().optional(),
  published: timestamp,
  lastModified: timestamp,
  vulnStatus: text,
  descriptions: z.array(langString).min(1, { error: says('needs at least one description') }),
  metrics: z
    .object({
      cvssMetricV40: nvdMetric(cvssObject('4.0', true)).optional(),
      cvssMetricV31: nvdMetric(cvssObject('3.1', true)).optional(),
      cvssMetricV30: nvdMetric(cvssObject('3.0', true)).optional(),
      cvssMetricV2: nvdMetric(cvssObject('2.0', false)).optional(),
    })
    .optional(),
  weaknesses: z.array(z.object({ source: text, type: text, description: z.array(langString).min(1) })).optional(),
  configurations: z
    .array(
      z.object({
        operator: AND_OR.optional(),
        negate: z.boolean().optional(),
        nodes: z.array(z.object({ operator: AND_OR, negate: z.boolean().optional(), cpeMatch: z.array(cpeMatch).min(1) })).min(1),
      }),
    )
    .optional(),
  references: z
    .array(
      z.object({
        url: z.string().regex(/^(ftp|http)s?:\/\/\S+$/, { error: says('must be an http(s) or ftp URL') }),
        source: z.string().optional(),
        tags: strings.optional(),
      }),
    )
    .optional(),
});

// ---- reasons ----

/** A missing field says so, rather than zod's "expected string, received undefined". */
const PARSE_OPTIONS = {
  error: (issue: z.core.$ZodRawIssue) => (issue.code === 'invalid_type' && issue.input === undefined ? MISSING : undefined),
};

const escapePointer = (token: PropertyKey) => String(token).replaceAll('~', '~0').replaceAll('/', '~1');

function reasons(schema: z.ZodType, value: unknown, at: string = ''): ValidationReason[] {
  const result = schema.safeParse(value, PARSE_OPTIONS);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    test: 'schema',
    path: at + issue.path.map((token) => `/${escapePointer(token)}`).join(''),
    message: issue.message,
  }));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with a CVE JSON 5 record: empty when it is valid. */
export function validateCve(document: unknown): ValidationReason[] {
  const found = reasons(cveRecord, document);
  if (!isObject(document) || !isObject(document.cveMetadata) || !isObject(document.containers)) return found;
  const cna = CNA_BY_STATE[document.cveMetadata.state as keyof typeof CNA_BY_STATE];
  if (cna && isObject(document.containers.cna)) found.push(...reasons(cna, document.containers.cna, '/containers/cna'));
  return found;
}

/** What is wrong with the `cve` object of an NVD API 2.0 `vulnerabilities[]` entry: empty when it is valid. */
export function validateNvd(document: unknown): ValidationReason[] {
  // The response or its entry instead of the `cve` object: say what to pass rather than list every missing field.
  if (isObject(document) && !('id' in document) && ('vulnerabilities' in document || isObject(document.cve))) {
    return [{ test: 'schema', path: '', message: 'an NVD API response or vulnerabilities[] entry: pass the `cve` object of each vulnerabilities[] entry' }];
  }
  return reasons(nvdCve, document);
}
