// The validation of arriving advisories (packages/early-warning/src/documents/validation.ts): CSAF 2.0 against the
// OASIS TC's test cases and examples, OSV against the official OSV JSON schema (same verdict on every real record and
// on mutated ones), CVE JSON 5 and NVD API 2.0 on the real records, and what a rejection tells the user.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { normaliseCategory, prohibitedCategoryReason } from '../../packages/early-warning/src/documents/csaf-6-1-26.ts';
import { CSAF_TESTS } from '../../packages/early-warning/src/documents/validate-csaf.ts';
import { validateOsv } from '../../packages/early-warning/src/documents/validate-osv.ts';
import {
  MAX_REASONS,
  validateAdvisory,
  validationResult,
  type ValidationReason,
  type ValidationResult,
} from '../../packages/early-warning/src/documents/validation.ts';
import { describeWithRealdata, HAS_REALDATA, itWithRealdata, realdata, realdataText } from '../support/realdata.ts';

/** The documents under test: raw JSON. */
type Json = any;

const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
const clone = <T>(value: T): T => structuredClone(value);

/** The reasons of a rejection, failing the test on an acceptance. */
function reasonsOf(result: ValidationResult): ValidationReason[] {
  expect(result.valid).toBe(false);
  return result.valid ? [] : result.reasons;
}

// ---- CSAF 2.0 ----

interface TestCase {
  id: string;
  group: 'mandatory' | 'optional' | 'informative';
  failures?: { name: string }[];
  valid?: { name: string }[];
}
const CSAF_DATA = 'csaf/test/validator/data';
const testcases: TestCase[] = HAS_REALDATA ? JSON.parse(realdataText(CSAF_DATA, 'testcases.json')).tests : [];
const mandatory = testcases.filter((testcase) => testcase.group === 'mandatory');

describeWithRealdata('CSAF 2.0: the OASIS TC test cases of every mandatory test', () => {
  it('runs the schema and every mandatory test the TC has cases for (6.1.1 … 6.1.33, 6.1.27.1 … 6.1.27.11)', () => {
    expect(mandatory).toHaveLength(43);
    expect(CSAF_TESTS).toEqual(['schema', ...mandatory.map((testcase) => testcase.id)]);
  });

  for (const { id, failures = [], valid = [] } of mandatory) {
    it(`${id}: rejects each failing case naming ${id}, accepts each valid case`, async () => {
      expect(failures.length + valid.length).toBeGreaterThan(0);
      for (const { name } of failures) {
        const reasons = reasonsOf(await validateAdvisory('csaf', readJson(realdata(CSAF_DATA, name))));
        expect(
          reasons.map((reason) => reason.test),
          name,
        ).toContain(id);
      }
      for (const { name } of valid) {
        expect(await validateAdvisory('csaf', readJson(realdata(CSAF_DATA, name))), name).toEqual({ valid: true });
      }
    });
  }

  it('rejects 6.1.26-04 (csafsecurityadvisory), which csaf-validator-lib 2.0.10 passes, at /document/category', async () => {
    const reasons = reasonsOf(await validateAdvisory('csaf', readJson(realdata(CSAF_DATA, 'mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-26-04.json'))));
    expect(reasons).toEqual([
      {
        test: '6.1.26',
        path: '/document/category',
        message: expect.stringContaining('"csafsecurityadvisory" is the name or value of the CSAF profile "Security Advisory"'),
      },
    ]);
  });

  it('accepts the same-date revision histories of 6.1.14-12 and 6.1.16-16/17, which the library’s 6.1.21 rejects', async () => {
    for (const name of ['6-1-14-12', '6-1-16-16', '6-1-16-17']) {
      const document = readJson(realdata(CSAF_DATA, `mandatory/oasis_csaf_tc-csaf_2_0-2021-${name}.json`));
      expect(document.document.tracking.revision_history.map((item: Json) => item.date)).toEqual([
        document.document.tracking.revision_history[0].date,
        document.document.tracking.revision_history[0].date,
      ]);
      expect(await validateAdvisory('csaf', document), name).toEqual({ valid: true });
    }
  });
});

describeWithRealdata('CSAF 2.0: real advisories', () => {
  const examples = HAS_REALDATA ? filesUnder(realdata('csaf/examples')).filter((path) => path.endsWith('.json')) : [];

  it('accepts every OASIS example (6 vendor advisories, 13 VEX documents)', async () => {
    expect(examples).toHaveLength(19);
    for (const path of examples) expect(await validateAdvisory('csaf', readJson(path)), relative(realdata(), path)).toEqual({ valid: true });
  });

  it('accepts Red Hat’s RHSA-2024:4546', async () => {
    expect(await validateAdvisory('csaf', readJson(realdata('osv/misc/redhat-csaf-to-osv/rhsa-2024_4546.csaf.json')))).toEqual({ valid: true });
  });
});

/** The smallest CSAF Base document: the schema's required fields, one revision. */
const csafBase = (): Json => ({
  document: {
    category: 'csaf_base',
    csaf_version: '2.0',
    publisher: { category: 'vendor', name: 'Example Company', namespace: 'https://example.com' },
    title: 'Example advisory',
    tracking: {
      current_release_date: '2024-01-01T10:00:00.000Z',
      id: 'EXAMPLE-2024-0001',
      initial_release_date: '2024-01-01T10:00:00.000Z',
      revision_history: [{ date: '2024-01-01T10:00:00.000Z', number: '1', summary: 'Initial version.' }],
      status: 'final',
      version: '1',
    },
  },
});
const withCategory = (category: string) => {
  const document = csafBase();
  document.document.category = category;
  return document;
};

describe('CSAF 2.0: 6.1.26 Prohibited Document Category Name', () => {
  it('accepts the base document and the categories the test allows', async () => {
    for (const category of ['csaf_base', 'Example Company Security Notice', 'CSAF Base', 'vexation', 'Security Advisory Bulletin', 'csaf']) {
      expect(await validateAdvisory('csaf', withCategory(category)), category).toEqual({ valid: true });
    }
    // The other profiles' own values skip the test (they bring their own profile tests).
    for (const value of ['csaf_security_incident_response', 'csaf_informational_advisory', 'csaf_security_advisory', 'csaf_vex']) {
      expect(prohibitedCategoryReason(value)).toBeUndefined();
    }
  });

  it('rejects the spec’s prohibited values and their Unicode variants at /document/category', async () => {
    const prohibited = [
      // CSAF 2.0 §6.1.26, examples 74 and 75
      'Csaf_a',
      'Informational Advisory',
      'security-incident-response',
      'Security      Advisory',
      'veX',
      'V_eX',
      'Security_Incident_Response',
      // a profile's value without its underscores (6.1.26-04), or with its reserved prefix in another case
      'csafsecurityadvisory',
      'csafvex',
      'CSAF_VEX',
      'csaf_Base',
      // dash, hyphen, white space and underscore variants
      'Security\u2011Advisory', // non-breaking hyphen
      'Security\u2014Advisory', // em dash
      'Security\u2013Incident\u2015Response', // en dash, horizontal bar
      'Informational\u2212Advisory', // minus sign
      'Security\u00A0Advisory', // no-break space
      'VE\uFF3FX', // fullwidth low line
      'V\u0332EX', // combining low line
      'Security\u2010Advisory', // hyphen
    ];
    for (const category of prohibited) {
      const reasons = reasonsOf(await validateAdvisory('csaf', withCategory(category)));
      expect(reasons, category).toEqual([{ test: '6.1.26', path: '/document/category', message: expect.stringContaining(`"${category}"`) }]);
    }
  });

  it('names the reserved prefix, or the profile and the value to use', () => {
    expect(prohibitedCategoryReason('Csaf_a')).toMatch(/reserved prefix csaf_/);
    expect(prohibitedCategoryReason('V_eX')).toBe(
      '"V_eX" is the name or value of the CSAF profile "VEX" (dashes, white space, underscores and case aside): use "csaf_vex" for that profile, or a category of another name',
    );
    expect(normaliseCategory('Security \u2014 Incident_Response\uFF3F')).toBe('securityincidentresponse');
  });
});

describe('CSAF 2.0: what a rejection says', () => {
  it('names the missing property and the wrong value under `schema`', async () => {
    const document = csafBase();
    delete document.document.title;
    document.document.csaf_version = '2.1';
    expect(reasonsOf(await validateAdvisory('csaf', document))).toEqual([
      { test: 'schema', path: '/document/title', message: 'is required but missing' },
      { test: 'schema', path: '/document/csaf_version', message: 'must be equal to one of the allowed values: "2.0"' },
    ]);
  });

  it('rejects what is not a JSON object without running the tests', async () => {
    for (const value of [null, 'csaf', 42, [csafBase()]]) {
      expect(await validateAdvisory('csaf', value)).toEqual({
        valid: false,
        reasons: [{ test: 'schema', path: '', message: 'a CSAF document must be a JSON object' }],
      });
    }
  });

  it('gives the schema’s reasons for a malformed document, not the mandatory tests that cannot read it', async () => {
    const document = { ...csafBase(), vulnerabilities: [null], product_tree: { product_groups: [null] } };
    const reasons = reasonsOf(await validateAdvisory('csaf', document));
    expect(reasons).toContainEqual({ test: 'schema', path: '/vulnerabilities/0', message: 'must be object' });
    expect(reasons).toContainEqual({ test: 'schema', path: '/product_tree/product_groups/0', message: 'must be object' });
    expect(reasons.every((reason) => reason.test === 'schema')).toBe(true);
  });

  it('still rejects a revision history that omits a version once same-date items are ordered by number (6.1.21)', async () => {
    const document = csafBase();
    const date = '2024-01-01T10:00:00.000Z';
    document.document.tracking.revision_history = [
      { date, number: '3', summary: 'Third version.' },
      { date, number: '1', summary: 'Initial version.' },
    ];
    document.document.tracking.version = '3';
    expect(reasonsOf(await validateAdvisory('csaf', document))).toContainEqual({
      test: '6.1.21',
      path: '/document/tracking/revision_history',
      message: 'major version 2 was omitted',
    });
  });

  it('names each mandatory test that fails, with its path (6.1.2 and 6.1.1)', async () => {
    const document = csafBase();
    document.product_tree = {
      full_product_names: [
        { name: 'Product A', product_id: 'CSAFPID-1' },
        { name: 'Product B', product_id: 'CSAFPID-1' },
      ],
      product_groups: [{ group_id: 'CSAFGID-1', product_ids: ['CSAFPID-1', 'CSAFPID-2'] }],
    };
    const reasons = reasonsOf(await validateAdvisory('csaf', document));
    expect(reasons).toContainEqual({ test: '6.1.1', path: '/product_tree/product_groups/0/product_ids/1', message: expect.any(String) });
    expect(reasons).toContainEqual({ test: '6.1.2', path: '/product_tree/full_product_names/1/product_id', message: expect.any(String) });
  });
});

// ---- OSV ----

const OSV = 'osv';
/** Every OSV record of the real data: JSON ones (not the raw GitHub API inputs, not the CSAF) and the PYSEC YAML ones. */
const osvRecords: { name: string; record: Json }[] = HAS_REALDATA
  ? filesUnder(realdata(OSV))
      .filter((path) => !path.includes('/schema/') && !path.endsWith('.csaf.json'))
      .filter((path) => (path.includes('/ghsa-raw-vs-osv/') ? path.endsWith('.osv.json') : path.endsWith('.json') || path.endsWith('.yaml')))
      .sort()
      .map((path) => {
        const text = readFileSync(path, 'utf8');
        // yaml's default (YAML 1.2 core) keeps the unquoted `modified:` times as strings, as the OSV JSON has them.
        return { name: relative(realdata(OSV), path), record: path.endsWith('.yaml') ? parseYaml(text) : JSON.parse(text) };
      })
  : [];

/** The official OSV JSON schema (ossf/osv-schema), compiled as its dialect asks: draft 2020-12 with the formats. */
function officialOsv() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(realdataText(OSV, 'schema/osv-schema.json')));
  return (record: unknown) => validate(record);
}
const oursAccepts = (record: unknown) => validateOsv(record).length === 0;

type Mutation = [name: string, mutate: (record: Json) => void, stillValid: boolean];
/** The first range of the first package that is not a GIT range (the GIT mutations make it one). */
const firstRange = (record: Json) => record.affected[0].ranges.find((range: Json) => range.type !== 'GIT');
const gitRange = (record: Json, events: Json[], repo?: string) => {
  const range = firstRange(record);
  range.type = 'GIT';
  range.events = events;
  if (repo === undefined) delete range.repo;
  else range.repo = repo;
};
/** Hand-made mutations of a valid record, with the verdict the OSV specification gives them. */
const MUTATIONS: Mutation[] = [
  ['missing id', (r) => delete r.id, false],
  ['missing modified', (r) => delete r.modified, false],
  ['modified without a zone', (r) => (r.modified = '2024-01-01T00:00:00'), false],
  ['modified with an offset', (r) => (r.modified = '2024-01-01T00:00:00+01:00'), false],
  ['modified a date only', (r) => (r.modified = '2024-01-01'), false],
  ['modified on 30 February', (r) => (r.modified = '2024-02-30T00:00:00Z'), false],
  ['modified in lower case', (r) => (r.modified = '2024-01-01t00:00:00z'), false],
  ['modified a number', (r) => (r.modified = 1704067200), false],
  ['modified with a fraction', (r) => (r.modified = '2024-01-01T00:00:00.123456Z'), true],
  ['published malformed', (r) => (r.published = 'yesterday'), false],
  ['withdrawn set', (r) => (r.withdrawn = '2024-05-01T00:00:00Z'), true],
  ['id of an unknown database', (r) => (r.id = 'NOPE-2024-1'), false],
  ['id of a private database', (r) => (r.id = 'x_example-1'), true],
  ['id a number', (r) => (r.id = 42), false],
  ['schema_version a number', (r) => (r.schema_version = 1.6), false],
  ['schema_version set', (r) => (r.schema_version = '1.6.0'), true],
  ['unknown top-level field', (r) => (r.vendor = 'x'), false],
  ['aliases null', (r) => (r.aliases = null), true],
  ['aliases with a number', (r) => (r.aliases = ['CVE-2024-1', 2]), false],
  ['related null', (r) => (r.related = null), false],
  ['upstream strings', (r) => (r.upstream = ['CVE-2024-1']), true],
  ['summary a number', (r) => (r.summary = 1), false],
  ['affected null', (r) => (r.affected = null), true],
  ['affected an object', (r) => (r.affected = {}), false],
  ['package without name', (r) => delete r.affected[0].package.name, false],
  ['package without ecosystem', (r) => delete r.affected[0].package.ecosystem, false],
  ['unknown ecosystem', (r) => (r.affected[0].package.ecosystem = 'CPAN'), false],
  ['ecosystem with a suffix', (r) => (r.affected[0].package.ecosystem = 'Debian:12'), true],
  ['ecosystem with an empty suffix', (r) => (r.affected[0].package.ecosystem = 'Debian:'), false],
  ['affected without package', (r) => delete r.affected[0].package, true],
  ['wrong range type', (r) => (firstRange(r).type = 'NPM'), false],
  ['range without type', (r) => delete firstRange(r).type, false],
  ['range without events', (r) => delete firstRange(r).events, false],
  ['events not an array', (r) => (firstRange(r).events = { introduced: '0' }), false],
  ['events empty', (r) => (firstRange(r).events = []), false],
  ['events without introduced', (r) => (firstRange(r).events = [{ fixed: '1.0.0' }]), false],
  ['event with two kinds', (r) => (firstRange(r).events = [{ introduced: '0', fixed: '1.0.0' }]), false],
  ['event with one valid kind and one malformed', (r) => (firstRange(r).events = [{ introduced: '0', fixed: 1 }]), true],
  ['event of an unknown kind', (r) => firstRange(r).events.push({ affected: '1.0.0' }), false],
  ['event value a number', (r) => (firstRange(r).events = [{ introduced: 0 }]), false],
  ['fixed and last_affected', (r) => (firstRange(r).events = [{ introduced: '0' }, { fixed: '2' }, { last_affected: '1' }]), false],
  ['last_affected and limit', (r) => (firstRange(r).events = [{ introduced: '0' }, { last_affected: '1' }, { limit: '3' }]), true],
  ['GIT range without repo', (r) => gitRange(r, [{ introduced: '0' }]), false],
  ['GIT range with a short hash', (r) => gitRange(r, [{ introduced: '0' }, { fixed: 'abc123' }], 'https://github.com/a/b'), false],
  ['GIT range with a version', (r) => gitRange(r, [{ introduced: '1.0.0' }], 'https://github.com/a/b'), false],
  [
    'GIT range with full hashes',
    (r) => gitRange(r, [{ introduced: '0' }, { fixed: 'a'.repeat(40) }, { limit: 'b'.repeat(64) }], 'https://github.com/a/b'),
    true,
  ],
  ['range database_specific a string', (r) => (firstRange(r).database_specific = 'x'), false],
  ['versions with a number', (r) => (r.affected[0].versions = ['1.0', 2]), false],
  ['ecosystem_specific an array', (r) => (r.affected[0].ecosystem_specific = []), false],
  ['unknown severity type', (r) => (r.severity = [{ type: 'CVSS_V5', score: 'x' }]), false],
  ['severity without score', (r) => (r.severity = [{ type: 'CVSS_V3' }]), false],
  ['severity a bad CVSS v3 vector', (r) => (r.severity = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:Q' }]), false],
  ['severity a CVSS v3.1 vector', (r) => (r.severity = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }]), true],
  ['severity a CVSS v4 vector', (r) => (r.severity = [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }]), true],
  ['severity an Ubuntu priority', (r) => (r.severity = [{ type: 'Ubuntu', score: 'medium' }]), true],
  ['severity an unknown Ubuntu priority', (r) => (r.severity = [{ type: 'Ubuntu', score: 'urgent' }]), false],
  ['severity at both levels', (r) => ((r.severity = []), (r.affected[0].severity = [])), false],
  ['severity null at the top, per package below', (r) => ((r.severity = null), (r.affected[0].severity = [])), false],
  ['severity per package only', (r) => (delete r.severity, (r.affected[0].severity = [{ type: 'Ubuntu', score: 'low' }])), true],
  ['reference of an unknown type', (r) => (r.references = [{ type: 'BLOG', url: 'https://example.com' }]), false],
  ['reference URL not a URI', (r) => (r.references = [{ type: 'WEB', url: 'example.com/x' }]), false],
  ['reference without url', (r) => (r.references = [{ type: 'WEB' }]), false],
  ['references null', (r) => (r.references = null), true],
  ['credit without name', (r) => (r.credits = [{ type: 'FINDER' }]), false],
  ['credit of an unknown type', (r) => (r.credits = [{ name: 'A', type: 'HERO' }]), false],
  ['credit with contacts', (r) => (r.credits = [{ name: 'A', contact: ['mailto:a@example.com'], type: 'REPORTER' }]), true],
  ['database_specific a string', (r) => (r.database_specific = 'x'), false],
  ['database_specific an object', (r) => (r.database_specific = { any: ['thing'] }), true],
];
/** Bases with an affected package and a range: npm (ECOSYSTEM), Go (SEMVER), Debian, PyPI with a GIT range. */
const MUTATION_BASES = ['npm-ghsa/GHSA-c2qf-rxjj-qqgw.json', 'go/GO-2022-0969.json', 'debian/DSA-3029-1.json', 'misc/osv-linter-testdata/PYSEC-2023-74.json'];

describeWithRealdata('OSV: our schema against the official one', () => {
  const official = HAS_REALDATA ? officialOsv() : () => false;

  it('reaches the same verdict on every real record: all 58 accepted but the deliberate negative', () => {
    // 47 JSON records (osv/SOURCE.md) and the 11 PYSEC YAML files there are.
    expect(osvRecords).toHaveLength(47 + 11);
    const verdicts = osvRecords.map(({ name, record }) => ({ name, official: official(record), ours: oursAccepts(record) }));
    for (const verdict of verdicts) expect(verdict.ours, verdict.name).toBe(verdict.official);
    expect(verdicts.filter((verdict) => !verdict.ours).map((verdict) => verdict.name)).toEqual(['misc/osv-linter-testdata/nointroduced-CVE-2023-41045.json']);
  });

  it('reaches the same verdict on every hand-made mutation, the one the specification gives', () => {
    for (const base of MUTATION_BASES) {
      const record = osvRecords.find((entry) => entry.name === base)?.record;
      expect(record, base).toBeDefined();
      for (const [name, mutate, stillValid] of MUTATIONS) {
        const mutated = clone(record);
        mutate(mutated);
        expect({ base, name, official: official(mutated), ours: oursAccepts(mutated) }).toEqual({ base, name, official: stillValid, ours: stillValid });
      }
    }
  });

  it('reaches the same verdict on random mutations of the real records (a value replaced or a field removed anywhere)', () => {
    const records = osvRecords.map(({ record }) => record);
    const paths = records.map((record) => {
      const found: (string | number)[][] = [];
      const walk = (value: Json, path: (string | number)[]) => {
        found.push(path);
        if (value !== null && typeof value === 'object')
          for (const [key, child] of Object.entries(value)) walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
      };
      walk(record, []);
      return found.filter((path) => path.length > 0);
    });
    const replacements = [
      null,
      '',
      '0',
      'GIT',
      'SEMVER',
      'introduced',
      '2024-01-01T00:00:00Z',
      '2024-01-01',
      'https://example.com',
      'a'.repeat(40),
      'CVSS:3.1/AV:N',
      0,
      1.5,
      true,
      [],
      [{}],
      {},
      { introduced: '0' },
      { fixed: '1' },
      { last_affected: '1' },
      ['x'],
      undefined,
    ];
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.constantFrom(...replacements), (recordIndex, pathIndex, replacement) => {
        const index = recordIndex % records.length;
        const candidates = paths[index] as (string | number)[][];
        const path = candidates[pathIndex % candidates.length] as (string | number)[];
        const mutated = clone(records[index]);
        let parent = mutated;
        for (const key of path.slice(0, -1)) parent = parent[key];
        const last = path[path.length - 1] as string | number;
        if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
        else parent[last] = replacement ?? null;
        expect(oursAccepts(mutated), `${path.join('/')} := ${JSON.stringify(replacement)}`).toBe(official(mutated));
      }),
      { numRuns: 2000, seed: 1051 },
    );
  });
});

describe('OSV: what a rejection says', () => {
  const record = (): Json => ({
    id: 'GHSA-aaaa-bbbb-cccc',
    modified: '2024-01-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }],
    references: [{ type: 'ADVISORY', url: 'https://example.com/advisory' }],
  });

  it('accepts the hand-made record', async () => {
    expect(await validateAdvisory('osv', record())).toEqual({ valid: true });
  });

  it('names each broken field’s path, with what it must be', async () => {
    const broken = record();
    delete broken.id;
    broken.modified = '2024-01-01 00:00';
    broken.affected[0].ranges[0].type = 'NPM';
    broken.affected[0].ranges.push({ type: 'ECOSYSTEM', events: { introduced: '0' } });
    broken.affected[0].ranges.push({ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.0' }, { last_affected: '1.9.0' }] });
    broken.severity = [{ type: 'CVSS_V5', score: '9.8' }];
    broken.references[0].url = 'not a uri';
    expect(reasonsOf(await validateAdvisory('osv', broken))).toEqual([
      { test: 'schema', path: '/id', message: 'is required but missing' },
      { test: 'schema', path: '/modified', message: 'must be an RFC 3339 time in UTC (…Z)' },
      { test: 'schema', path: '/severity/0/type', message: 'must be equal to one of the allowed values: "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu"' },
      { test: 'schema', path: '/affected/0/ranges/0/type', message: 'must be equal to one of the allowed values: "GIT", "SEMVER", "ECOSYSTEM"' },
      {
        test: 'schema',
        path: '/affected/0/ranges/1/events',
        message: 'must be array (events: a non-empty array with an introduced event, and fixed, last_affected or limit events)',
      },
      { test: 'schema', path: '/affected/0/ranges/2', message: 'a range must not have both fixed and last_affected events' },
      { test: 'schema', path: '/references/0/url', message: 'must match format "uri"' },
    ]);
  });

  it('says once what is wrong with an event, and why a range lacks its introduced event', async () => {
    const broken = record();
    broken.affected[0].ranges[0].events = [{ fixed: '1.0.0', limit: '2.0.0' }];
    expect(reasonsOf(await validateAdvisory('osv', broken))).toEqual([
      { test: 'schema', path: '/affected/0/ranges/0/events/0', message: expect.stringContaining('exactly one of introduced, fixed, last_affected and limit') },
      { test: 'schema', path: '/affected/0/ranges/0/events', message: expect.stringContaining('an introduced event') },
    ]);
  });

  it('keeps 50 reasons of a record with more, the last saying how many more', async () => {
    const broken = record();
    broken.references = Array.from({ length: 60 }, (_, index) => ({ type: 'WEB', url: `no uri ${index}` }));
    const reasons = reasonsOf(await validateAdvisory('osv', broken));
    expect(reasons).toHaveLength(MAX_REASONS);
    expect(reasons[0]).toEqual({ test: 'schema', path: '/references/0/url', message: 'must match format "uri"' });
    expect(reasons[48]).toEqual({ test: 'schema', path: '/references/48/url', message: 'must match format "uri"' });
    expect(reasons[49]).toEqual({ path: '', message: 'and 11 more reasons not shown (60 in all)' });
  });
});

// ---- CVE JSON 5 and NVD API 2.0 ----

const cve5Files = HAS_REALDATA ? readdirSync(realdata('cve/cve5')).filter((name) => name.endsWith('.json')) : [];
const nvdFiles = HAS_REALDATA ? readdirSync(realdata('cve/nvd-api-2.0')).filter((name) => name.endsWith('.json')) : [];
const cve5 = (name: string): Json => readJson(realdata('cve/cve5', name));
const nvdCve = (name: string): Json => readJson(realdata('cve/nvd-api-2.0', name)).vulnerabilities[0].cve;

describeWithRealdata('CVE JSON 5 records', () => {
  it('accepts every real record (CVE JSON 5.0, 5.1 and 5.2)', async () => {
    expect(cve5Files).toHaveLength(23);
    expect(new Set(cve5Files.map((name) => cve5(name).dataVersion))).toEqual(new Set(['5.0', '5.1', '5.2']));
    for (const name of cve5Files) expect(await validateAdvisory('cve', cve5(name)), name).toEqual({ valid: true });
  });

  it('names the broken field of a published record', async () => {
    const cases: [string, (record: Json) => void, ValidationReason][] = [
      [
        'a short id',
        (r) => (r.cveMetadata.cveId = 'CVE-21-1'),
        { test: 'schema', path: '/cveMetadata/cveId', message: expect.stringContaining('must be a CVE id') },
      ],
      [
        'a 20-digit id',
        (r) => (r.cveMetadata.cveId = `CVE-2024-${'1'.repeat(20)}`),
        { test: 'schema', path: '/cveMetadata/cveId', message: expect.stringContaining('4 to 19 digits') },
      ],
      ['another data type', (r) => (r.dataType = 'CVE_RECORD_V4'), { test: 'schema', path: '/dataType', message: expect.stringContaining('CVE_RECORD') }],
      ['a version 4', (r) => (r.dataVersion = '4.0'), { test: 'schema', path: '/dataVersion', message: 'must be a CVE JSON 5 version (5.0, 5.1, 5.2 …)' }],
      [
        'an unknown state',
        (r) => (r.cveMetadata.state = 'RESERVED'),
        { test: 'schema', path: '/cveMetadata/state', message: expect.stringContaining('PUBLISHED') },
      ],
      ['no CNA container', (r) => delete r.containers.cna, { test: 'schema', path: '/containers/cna', message: 'is required but missing' }],
      [
        'no affected products',
        (r) => delete r.containers.cna.affected,
        { test: 'schema', path: '/containers/cna/affected', message: 'is required but missing' },
      ],
      [
        'no references',
        (r) => (r.containers.cna.references = []),
        { test: 'schema', path: '/containers/cna/references', message: 'needs at least one reference' },
      ],
      [
        'a product without vendor or package',
        (r) => (r.containers.cna.affected = [{ versions: [{ version: '1.0', status: 'affected' }] }]),
        { test: 'schema', path: '/containers/cna/affected/0', message: 'must name a vendor and product, or a collectionURL and packageName' },
      ],
      [
        'no English description',
        (r) => (r.containers.cna.descriptions = [{ lang: 'de', value: 'Eine Schwachstelle.' }]),
        { test: 'schema', path: '/containers/cna/descriptions', message: 'needs an English entry (lang en, en-US …)' },
      ],
      [
        'a bad publication time',
        (r) => (r.cveMetadata.datePublished = '2024-02-30T00:00:00Z'),
        { test: 'schema', path: '/cveMetadata/datePublished', message: expect.stringContaining('ISO 8601') },
      ],
      [
        'a provider without org id',
        (r) => delete r.containers.cna.providerMetadata.orgId,
        { test: 'schema', path: '/containers/cna/providerMetadata/orgId', message: 'is required but missing' },
      ],
    ];
    for (const [name, mutate, reason] of cases) {
      const record = cve5('CVE-2021-44228.json');
      mutate(record);
      expect(reasonsOf(await validateAdvisory('cve', record)), name).toContainEqual(reason);
    }
  });

  it('accepts a 19-digit id and a rejected record with its reasons; rejects one without', async () => {
    const long = cve5('CVE-2024-3094.json');
    long.cveMetadata.cveId = `CVE-2024-${'9'.repeat(19)}`;
    expect(await validateAdvisory('cve', long)).toEqual({ valid: true });

    const rejected = cve5('CVE-2024-3094.json');
    rejected.cveMetadata = { ...rejected.cveMetadata, state: 'REJECTED', dateRejected: '2024-04-01T00:00:00.000Z' };
    rejected.containers = {
      cna: { providerMetadata: rejected.containers.cna.providerMetadata, rejectedReasons: [{ lang: 'en', value: 'DO NOT USE THIS CVE ID. Duplicate.' }] },
    };
    expect(await validateAdvisory('cve', rejected)).toEqual({ valid: true });
    delete rejected.containers.cna.rejectedReasons;
    expect(reasonsOf(await validateAdvisory('cve', rejected))).toEqual([
      { test: 'schema', path: '/containers/cna/rejectedReasons', message: 'is required but missing' },
    ]);
  });
});

describeWithRealdata('NVD API 2.0 CVE items', () => {
  it('accepts the `cve` object of every real response', async () => {
    expect(nvdFiles).toHaveLength(23);
    for (const name of nvdFiles) {
      const response = readJson(realdata('cve/nvd-api-2.0', name));
      for (const { cve } of response.vulnerabilities) expect(await validateAdvisory('nvd', cve), name).toEqual({ valid: true });
    }
  });

  it('names the broken field', async () => {
    const cases: [string, (item: Json) => void, ValidationReason][] = [
      ['a 3-digit id', (c) => (c.id = 'CVE-2023-486'), { test: 'schema', path: '/id', message: expect.stringContaining('must be a CVE id') }],
      ['no publication time', (c) => delete c.published, { test: 'schema', path: '/published', message: 'is required but missing' }],
      [
        'a bad modification time',
        (c) => (c.lastModified = 'Oct 28 2023'),
        { test: 'schema', path: '/lastModified', message: expect.stringContaining('ISO 8601') },
      ],
      ['no status', (c) => delete c.vulnStatus, { test: 'schema', path: '/vulnStatus', message: 'is required but missing' }],
      ['no descriptions', (c) => (c.descriptions = []), { test: 'schema', path: '/descriptions', message: 'needs at least one description' }],
      [
        'a match that is not a boolean',
        (c) => (c.configurations[0].nodes[0].cpeMatch[0].vulnerable = 'yes'),
        { test: 'schema', path: '/configurations/0/nodes/0/cpeMatch/0/vulnerable', message: expect.stringContaining('boolean') },
      ],
      [
        'a match that is not a CPE',
        (c) => (c.configurations[0].nodes[0].cpeMatch[0].criteria = 'libwebp 1.3.1'),
        { test: 'schema', path: '/configurations/0/nodes/0/cpeMatch/0/criteria', message: 'must be a CPE 2.3 name (cpe:2.3:…)' },
      ],
      [
        'a metric neither Primary nor Secondary',
        (c) => (c.metrics.cvssMetricV31[0].type = 'Tertiary'),
        { test: 'schema', path: '/metrics/cvssMetricV31/0/type', message: expect.stringContaining('Primary') },
      ],
      [
        'a score over 10',
        (c) => (c.metrics.cvssMetricV31[0].cvssData.baseScore = 11),
        { test: 'schema', path: '/metrics/cvssMetricV31/0/cvssData/baseScore', message: expect.any(String) },
      ],
      ['a reference without URL', (c) => delete c.references[0].url, { test: 'schema', path: '/references/0/url', message: 'is required but missing' }],
    ];
    for (const [name, mutate, reason] of cases) {
      const item = nvdCve('CVE-2023-4863.json');
      mutate(item);
      expect(reasonsOf(await validateAdvisory('nvd', item)), name).toContainEqual(reason);
    }
  });

  it('says to pass the `cve` object when given the whole response, and takes a vulnerabilities[] entry as a delivery splits it', async () => {
    const response = readJson(realdata('cve/nvd-api-2.0', 'CVE-2023-4863.json'));
    expect(reasonsOf(await validateAdvisory('nvd', response))).toEqual([
      { test: 'schema', path: '', message: expect.stringContaining('pass the `cve` object') },
    ]);
    expect(await validateAdvisory('nvd', response.vulnerabilities[0])).toEqual({ valid: true });
  });

  it('checks a record in the format it is said to be in', async () => {
    // A CVE JSON 5 record is no NVD item, nor the other way round.
    expect(reasonsOf(await validateAdvisory('nvd', cve5('CVE-2021-44228.json')))).toContainEqual({
      test: 'schema',
      path: '/id',
      message: 'is required but missing',
    });
    expect(reasonsOf(await validateAdvisory('cve', nvdCve('CVE-2023-4863.json')))).toContainEqual({
      test: 'schema',
      path: '/cveMetadata',
      message: 'is required but missing',
    });
  });
});

// ---- the result ----

describe('validationResult and the dispatcher', () => {
  const reason = (index: number): ValidationReason => ({ test: 'schema', path: `/items/${index}`, message: 'must be string' });

  it('is valid without reasons, keeps up to 50, then 49 and how many more', () => {
    expect(validationResult([])).toEqual({ valid: true });
    const fifty = Array.from({ length: MAX_REASONS }, (_, index) => reason(index));
    expect(validationResult(fifty)).toEqual({ valid: false, reasons: fifty });
    const many = Array.from({ length: 75 }, (_, index) => reason(index));
    expect(validationResult(many)).toEqual({
      valid: false,
      reasons: [...many.slice(0, 49), { path: '', message: 'and 26 more reasons not shown (75 in all)' }],
    });
  });

  it('rejects a format it does not know', async () => {
    expect(await validateAdvisory('cyclonedx' as never, {})).toEqual({ valid: false, reasons: [{ path: '', message: 'unknown advisory format "cyclonedx"' }] });
  });

  itWithRealdata('reads the PYSEC YAML records’ unquoted times as the strings OSV JSON has', () => {
    const pysec = osvRecords.find((entry) => entry.name === 'pypi-pysec-yaml/PYSEC-2023-212.yaml');
    expect(pysec?.record.modified).toBe('2023-10-25T18:28:34.811764Z');
  });
});
