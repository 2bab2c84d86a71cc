// OSV records (https://ossf.github.io/osv-schema/): our own runtime schema, written from the specification, since no
// npm package ships the official JSON schema and the project copies nothing from ../shared/realdata.
//
// It is a JSON Schema object compiled once by ajv (draft 2020-12, ajv-formats), rather than zod, because the OSV
// rules are JSON Schema rules: "exactly one of introduced/fixed/last_affected/limit" is a `oneOf`, "at least one
// introduced event" a `contains`, RFC 3339 times and URIs are the `date-time` and `uri` formats. Written in the same
// terms, our verdicts match the official schema's by construction (test/unit/advisory-validation.test.ts compares
// them on every real record and on mutated ones), and a compiled ajv validator is the cheapest check per record.
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidationReason } from './validation.ts';

/**
 * The home databases whose ids a record may carry (`<PREFIX>-<entry>`), plus the `x_` private prefix: the OSV
 * specification's registry ("id, modified fields") as of schema 1.7 (ossf/osv-schema 51b8156). A database
 * registered later is rejected until it is added here, as the official schema of that date would.
 */
// prettier-ignore
const ID_PREFIXES = [
  'ALBA', 'ALEA', 'ALPINE', 'ALSA', 'ASB-A', 'AZL', 'BELL', 'BIT', 'CGA', 'CLEANSTART', 'CLSA', 'CURL', 'CVE', 'DEBIAN', 'DHI',
  'DLA', 'DRUPAL', 'DSA', 'DTSA', 'ECHO', 'EEF', 'ELA', 'FreeBSD', 'GHSA', 'GO', 'GSD', 'HSEC', 'JLSEC', 'KUBE', 'LBSEC', 'LSN',
  'MAL', 'MGASA', 'MINI', 'OESA', 'OSEC', 'OSV', 'PHSA', 'PSF', 'PUB-A', 'PYSEC', 'RHBA', 'RHEA', 'RHSA', 'RLSA', 'ROOT', 'RSEC',
  'RUSTSEC', 'RXSA', 'SUSE-FU', 'SUSE-OU', 'SUSE-RU', 'SUSE-SU', 'UBUNTU', 'USN', 'V8', 'openSUSE-SU',
];

/** The ecosystems of `affected[].package.ecosystem` (each may take a `:<suffix>`, as `Debian:7`; GIT names a bare repository), same registry and date. */
// prettier-ignore
const ECOSYSTEMS = [
  'AlmaLinux', 'Alpaquita', 'Alpine', 'Android', 'Azure Linux', 'BellSoft Hardened Containers', 'Bioconductor', 'Bitnami',
  'Chainguard', 'CleanStart', 'ConanCenter', 'CRAN', 'crates.io', 'Debian', 'Docker Hardened Images', 'Echo', 'FreeBSD', 'GHC',
  'GIT', 'GitHub Actions', 'Go', 'Hackage', 'Hex', 'Julia', 'Kubernetes', 'Linux', 'Mageia', 'Maven', 'MinimOS', 'npm', 'NuGet',
  'opam', 'openEuler', 'openSUSE', 'OSS-Fuzz', 'Packagist', 'Photon OS', 'Pub', 'PyPI', 'Red Hat', 'Rocky Linux', 'Root',
  'RubyGems', 'SUSE', 'SwiftURL', 'TuxCare', 'Ubuntu', 'VSCode', 'Wolfi',
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (values: readonly string[]) => values.map(escapeRegExp).join('|');

const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

/** An event: exactly one of the four kinds, its value valid (an event whose other kinds are malformed still counts once). */
const event = (value: object, title: string) => ({
  title,
  type: 'object',
  oneOf: EVENT_KINDS.map((kind) => ({ required: [kind], properties: { [kind]: value } })),
});

/** RFC 3339 in UTC, as the spec asks: `YYYY-MM-DDTHH:MM:SS[.fraction]Z`. */
const timestamp = {
  type: 'string',
  format: 'date-time',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$',
  title: 'an RFC 3339 time in UTC (…Z)',
};
const strings = { type: 'array', items: { type: 'string' } };
const nullableStrings = { type: ['array', 'null'], items: { type: 'string' } };
const object = { type: 'object' };

// The CVSS vectors the spec names for `severity[].score` (v2 bare, v3.0/3.1 and v4.0 with their prefix): any
// order of valid metrics for v2 and v3, v4.0's fixed order.
const CVSS_V2_METRIC =
  'AV:[NAL]|AC:[LMH]|Au:[MSN]|[CIA]:[NPC]|E:(U|POC|F|H|ND)|RL:(OF|TF|W|U|ND)|RC:(UC|UR|C|ND)|CDP:(N|L|LM|MH|H|ND)|TD:(N|L|M|H|ND)|[CIA]R:(L|M|H|ND)';
const CVSS_V3_METRIC =
  'AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH]';
const CVSS_V4 = [
  '^CVSS:4[.]0/AV:[NALP]/AC:[LH]/AT:[NP]/PR:[NLH]/UI:[NPA]/VC:[HLN]/VI:[HLN]/VA:[HLN]/SC:[HLN]/SI:[HLN]/SA:[HLN]',
  '(/E:[XAPU])?(/CR:[XHML])?(/IR:[XHML])?(/AR:[XHML])?(/MAV:[XNALP])?(/MAC:[XLH])?(/MAT:[XNP])?(/MPR:[XNLH])?(/MUI:[XNPA])?',
  '(/MVC:[XNLH])?(/MVI:[XNLH])?(/MVA:[XNLH])?(/MSC:[XNLH])?(/MSI:[XNLHS])?(/MSA:[XNLHS])?(/S:[XNP])?(/AU:[XNY])?(/R:[XAUI])?',
  '(/V:[XDC])?(/RE:[XLMH])?(/U:(X|Clear|Green|Amber|Red))?$',
].join('');
const SCORE_BY_TYPE: Record<string, object> = {
  CVSS_V2: { pattern: `^((${CVSS_V2_METRIC})/)*(${CVSS_V2_METRIC})$`, title: 'a CVSS v2 vector (AV:N/AC:L/…)' },
  CVSS_V3: { pattern: `^CVSS:3[.][01]/((${CVSS_V3_METRIC})/)*(${CVSS_V3_METRIC})$`, title: 'a CVSS v3.0 or v3.1 vector (CVSS:3.1/AV:N/…)' },
  CVSS_V4: { pattern: CVSS_V4, title: 'a CVSS v4.0 vector (CVSS:4.0/AV:N/…)' },
  Ubuntu: { enum: ['negligible', 'low', 'medium', 'high', 'critical'] },
};

const severity = {
  type: ['array', 'null'],
  items: {
    type: 'object',
    required: ['type', 'score'],
    properties: { type: { type: 'string', enum: Object.keys(SCORE_BY_TYPE) }, score: { type: 'string' } },
    allOf: Object.entries(SCORE_BY_TYPE).map(([type, score]) => ({ if: { properties: { type: { const: type } } }, then: { properties: { score } } })),
  },
};

const GIT_COMMIT = { type: 'string', pattern: '^(0|[a-f0-9]{40}|[a-f0-9]{64})$' };

const range = {
  type: 'object',
  required: ['type', 'events'],
  properties: {
    type: { type: 'string', enum: ['GIT', 'SEMVER', 'ECOSYSTEM'] },
    repo: { type: 'string' },
    events: {
      title: 'events: a non-empty array with an introduced event, and fixed, last_affected or limit events',
      type: 'array',
      minItems: 1,
      contains: { required: ['introduced'] },
      items: event({ type: 'string' }, 'an event has exactly one of introduced, fixed, last_affected and limit, a string'),
    },
    database_specific: object,
  },
  allOf: [
    {
      if: { properties: { type: { const: 'GIT' } } },
      then: {
        title: 'a GIT range names its repo',
        required: ['repo'],
        properties: {
          events: { items: event(GIT_COMMIT, 'a GIT event has exactly one of introduced, fixed, last_affected and limit, a full commit hash or 0') },
        },
      },
    },
    {
      // Only said of an array of events: a missing or malformed one has its own reason (the verdict is the same).
      title: 'a range must not have both fixed and last_affected events',
      not: {
        required: ['events'],
        properties: { events: { type: 'array', allOf: [{ contains: { required: ['last_affected'] } }, { contains: { required: ['fixed'] } }] } },
      },
    },
  ],
};

const affected = {
  type: ['array', 'null'],
  items: {
    type: 'object',
    properties: {
      package: {
        type: 'object',
        required: ['ecosystem', 'name'],
        properties: {
          ecosystem: { type: 'string', pattern: `^(${alternatives(ECOSYSTEMS)})(:.+)?$`, title: 'an OSV ecosystem (npm, PyPI, Go, Debian:12 …)' },
          name: { type: 'string' },
          purl: { type: 'string' },
        },
      },
      severity,
      ranges: { type: 'array', items: range },
      versions: strings,
      ecosystem_specific: object,
      database_specific: object,
    },
  },
};

const OSV_SCHEMA = {
  type: 'object',
  required: ['id', 'modified'],
  additionalProperties: false,
  properties: {
    schema_version: { type: 'string' },
    id: { type: 'string', pattern: `^(x_|(${alternatives(ID_PREFIXES)})-)`, title: 'an id of a known database (GHSA-…, GO-…, PYSEC-…) or x_…' },
    modified: timestamp,
    published: timestamp,
    withdrawn: timestamp,
    aliases: nullableStrings,
    related: strings,
    upstream: strings,
    summary: { type: 'string' },
    details: { type: 'string' },
    severity,
    affected,
    references: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        required: ['type', 'url'],
        properties: {
          type: {
            type: 'string',
            enum: ['ADVISORY', 'ARTICLE', 'DETECTION', 'DISCUSSION', 'REPORT', 'FIX', 'INTRODUCED', 'GIT', 'PACKAGE', 'EVIDENCE', 'WEB'],
          },
          url: { type: 'string', format: 'uri' },
        },
      },
    },
    credits: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          contact: strings,
          type: {
            type: 'string',
            enum: [
              'FINDER',
              'REPORTER',
              'ANALYST',
              'COORDINATOR',
              'REMEDIATION_DEVELOPER',
              'REMEDIATION_REVIEWER',
              'REMEDIATION_VERIFIER',
              'TOOL',
              'SPONSOR',
              'OTHER',
            ],
          },
        },
      },
    },
    database_specific: object,
  },
  // A record with a top-level severity gives none per package.
  dependentSchemas: {
    severity: { properties: { affected: { items: { properties: { severity: { type: 'null', title: 'the record has a top-level severity' } } } } } },
  },
};

// Strict, but for union types (`array` or `null`, as the spec has them) and for the `if`, `then`, `not` and `contains`
// subschemas, which name properties and test them without restating the parent's type and properties, as JSON
// Schema allows. `verbose` gives each error its schema's title.
const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, strictTypes: false, strictRequired: false });
addFormats(ajv, ['date-time', 'uri']);
const validateOsvSchema = ajv.compile(OSV_SCHEMA);

const escapePointer = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

function reason(error: ErrorObject): ValidationReason {
  const title = (error.parentSchema as { title?: string } | undefined)?.title;
  const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  if (error.keyword === 'required')
    return { test: 'schema', path: `${error.instancePath}/${escapePointer(String(params.missingProperty))}`, message: 'is required but missing' };
  if (error.keyword === 'additionalProperties') {
    return { test: 'schema', path: `${error.instancePath}/${escapePointer(String(params.additionalProperty))}`, message: 'is not a field of the OSV schema' };
  }
  let message = error.message ?? error.keyword;
  if (error.keyword === 'enum') message += `: ${(params.allowedValues ?? []).map((value) => JSON.stringify(value)).join(', ')}`;
  else if ((error.keyword === 'pattern' || error.keyword === 'format') && title) message = `must be ${title}`;
  else if (error.keyword === 'not' && title) message = title;
  else if (title) message += ` (${title})`;
  return { test: 'schema', path: error.instancePath, message };
}

// The errors inside a failed `oneOf` branch or `contains` item: the `oneOf` or `contains` error says it for them.
const BRANCH = /\/oneOf\/\d|\/contains\//;

/** What is wrong with an OSV record: empty when it is valid. */
export function validateOsv(document: unknown): ValidationReason[] {
  if (validateOsvSchema(document)) return [];
  // The `if` of a failed `then` and the branch errors repeat what the error beside them says; a timestamp's format
  // and pattern say the same thing once.
  const reasons = new Map<string, ValidationReason>();
  for (const error of validateOsvSchema.errors ?? []) {
    if (error.keyword === 'if' || BRANCH.test(error.schemaPath)) continue;
    const found = reason(error);
    reasons.set(`${found.path}\u0000${found.message}`, found);
  }
  return [...reasons.values()];
}
