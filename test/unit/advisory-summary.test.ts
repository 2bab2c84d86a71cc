// Advisory deliveries read into documents, and each document summarised, on the real advisories: CSAF 2.0
// (BSI, Cisco, Red Hat, the VEX examples), OSV (GitHub, Go, PyPI in JSON and YAML, Debian, Red Hat, SUSE),
// CVE JSON 5 and NVD API 2.0. Scores are computed from the vectors and must agree with the scores stated.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { highestSeverity, scoreOf, severityOf } from '../../packages/early-warning/src/documents/cvss.ts';
import { detectFormat, documentsOf } from '../../packages/early-warning/src/documents/delivery-documents.ts';
import { headline } from '../../packages/early-warning/src/documents/summarise-cve.ts';
import { isoDate, shorten, summarise, UnreadableAdvisory } from '../../packages/early-warning/src/documents/summarise.ts';
import type { AdvisoryFormat, AdvisorySummary } from '../../packages/early-warning/src/documents/summary.ts';
import { describeWithRealdata, filesUnder, itWithRealdata, realdata, realdataText } from '../support/realdata.ts';

const JSON_TYPE = 'application/json';
const YAML_TYPE = 'application/yaml';

/** The one document of a real file, summarised. */
function summaryOf(path: string, mediaType = JSON_TYPE): AdvisorySummary {
  const { documents, errors } = documentsOf(Buffer.from(realdataText(path)), mediaType);
  expect(errors).toEqual([]);
  expect(documents).toHaveLength(1);
  const [only] = documents;
  return summarise(only!.format, only!.document);
}

function parsed(path: string): Record<string, unknown> {
  return JSON.parse(realdataText(path)) as Record<string, unknown>;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('CVSS base scores', () => {
  it('computes 3.1 and 3.0 base scores and rates them on the 3.x scale', () => {
    expect(scoreOf('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'NVD')).toEqual({
      version: '3.1',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      baseScore: 9.8,
      severity: 'critical',
      source: 'NVD',
    });
    expect(scoreOf('CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H')).toMatchObject({ version: '3.0', baseScore: 7.5, severity: 'high' });
    // Temporal and environmental metrics leave the base score alone.
    expect(scoreOf('CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C')?.baseScore).toBe(6.1);
    expect(scoreOf('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/MC:N/MI:N/MA:N')?.baseScore).toBe(10);
  });

  it('keeps a stated score only where it differs from the computed one', () => {
    const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H';
    expect(scoreOf(vector, 7.5)).not.toHaveProperty('statedScore');
    expect(scoreOf(vector, 7.500000001)).not.toHaveProperty('statedScore');
    expect(scoreOf(vector, 9.1)).toMatchObject({ baseScore: 7.5, statedScore: 9.1 });
  });

  it('computes CVSS 2.0 however it is written, on NVD’s low / medium / high scale', () => {
    for (const vector of ['AV:N/AC:L/Au:N/C:P/I:P/A:P', '(AV:N/AC:L/Au:N/C:P/I:P/A:P)', 'CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P']) {
      expect(scoreOf(vector)).toMatchObject({ version: '2.0', baseScore: 7.5, severity: 'high', vector });
    }
    expect(scoreOf('AV:L/AC:L/Au:N/C:N/I:N/A:P')).toMatchObject({ baseScore: 2.1, severity: 'low' });
  });

  it('gives CVSS 4.0 its base score (CVSS-B), which a threat metric does not lower', () => {
    const vector = 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N';
    expect(scoreOf(vector, 8.2)).toEqual({ version: '4.0', vector, baseScore: 8.2, severity: 'high' });
    expect(scoreOf(`${vector}/E:U`)?.baseScore).toBe(8.2);
  });

  it('has no score for a vector that is not a complete, valid one', () => {
    expect(scoreOf('garbage')).toBeUndefined();
    expect(scoreOf('')).toBeUndefined();
    expect(scoreOf('CVSS:3.1/AV:N')).toBeUndefined();
    expect(scoreOf('CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBeUndefined();
    expect(scoreOf('CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBeUndefined();
    expect(scoreOf('CVSS:9.9/AV:N')).toBeUndefined();
  });

  it('rates scores on each version’s scale and picks the highest', () => {
    const rated = (version: '2.0' | '3.1' | '4.0', scores: number[]) => scores.map((score) => severityOf(score, version));
    expect(rated('3.1', [0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10])).toEqual(['none', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
    expect(rated('4.0', [0, 9.3])).toEqual(['none', 'critical']);
    expect(rated('2.0', [0, 3.9, 4, 6.9, 7, 10])).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
    const low = scoreOf('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N')!;
    const critical = scoreOf('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')!;
    expect(highestSeverity([low, critical, low])).toBe('critical');
    expect(highestSeverity([])).toBeUndefined();
  });
});

describe('summary helpers', () => {
  it('writes dates as ISO in UTC, reading a time without a zone as UTC and Go’s zero time as unknown', () => {
    expect(isoDate('2021-02-08T22:22:51')).toBe('2021-02-08T22:22:51.000Z');
    expect(isoDate('2014-11-24T15:59:00.090')).toBe('2014-11-24T15:59:00.090Z');
    expect(isoDate('2023-10-25T18:28:34.811764Z')).toBe('2023-10-25T18:28:34.811Z');
    expect(isoDate('2024-07-16T13:38:03+00:00')).toBe('2024-07-16T13:38:03.000Z');
    expect(isoDate('2024-07-16T15:38:03+02:00')).toBe('2024-07-16T13:38:03.000Z');
    expect(isoDate('2014-09-20')).toBe('2014-09-20T00:00:00.000Z');
    expect(isoDate('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(isoDate('not a date')).toBeUndefined();
    expect(isoDate(undefined)).toBeUndefined();
  });

  it('cuts a long text with an ellipsis, never inside a surrogate pair', () => {
    expect(shorten('  short  ', 10)).toBe('short');
    expect(shorten('a'.repeat(3000), 2000)).toHaveLength(2000);
    expect(shorten('a'.repeat(3000), 2000).endsWith('…')).toBe(true);
    const emoji = `${'a'.repeat(1998)}😀tail`;
    expect(shorten(emoji, 2000)).toBe(`${'a'.repeat(1998)}…`);
  });

  it('makes a title of a description’s first sentence, or its start cut at a word', () => {
    expect(headline('A flaw was found in libXpm. When processing a file…')).toBe('A flaw was found in libXpm.');
    const long = `${'word '.repeat(40)}end`;
    const title = headline(long)!;
    expect(title.length).toBeLessThanOrEqual(120);
    expect(title.endsWith('word…')).toBe(true);
    expect(headline(undefined)).toBeUndefined();
  });
});

describeWithRealdata('CSAF 2.0 advisories', () => {
  it('summarises Red Hat’s RHSA-2022:0011 as a user sees it', () => {
    const summary = summaryOf('csaf/examples/csaf/rhsa-2022_0011.json');
    expect(summary).toMatchObject({
      format: 'csaf',
      documentId: 'RHSA-2022:0011',
      documentVersion: '1',
      publisher: { name: 'Red Hat Product Security', namespace: 'https://www.redhat.com', category: 'vendor' },
      title: 'Red Hat Security Advisory: telnet security update',
      published: '2022-01-04T08:38:00.000Z',
      updated: '2022-01-04T08:38:00.000Z',
      status: 'final',
      cveIds: ['CVE-2020-10188'],
      aliases: ['https://bugzilla.redhat.com/show_bug.cgi?id=1811673'],
      cwes: [{ id: 'CWE-119', name: 'Improper Restriction of Operations within the Bounds of a Memory Buffer' }],
      cvss: [],
      tlp: 'WHITE',
      productCount: 25,
    });
    expect(summary.severity).toBeUndefined();
    expect(summary.description).toMatch(/^An update for telnet is now available for Red Hat Enterprise Linux 7\.6/);
    expect(summary.references[0]).toEqual({ url: 'https://access.redhat.com/errata/RHSA-2022:0011', category: 'self' });
    expect(summary.references.map((reference) => reference.url)).toContain('https://access.redhat.com/security/cve/CVE-2020-10188');
  });

  it('computes the RHSA-2024:4546 score equal to the stated 7.5, as its OSV conversion does', () => {
    const csaf = summaryOf('osv/misc/redhat-csaf-to-osv/rhsa-2024_4546.csaf.json');
    expect(csaf).toMatchObject({ documentId: 'RHSA-2024:4546', documentVersion: '3', cveIds: ['CVE-2023-45288'], productCount: 25 });
    expect(csaf.cvss).toEqual([{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', baseScore: 7.5, severity: 'high' }]);
    expect(csaf.updated).toBe('2024-07-16T13:38:03.000Z');
    const osv = summaryOf('osv/misc/redhat-csaf-to-osv/RHSA-2024_4546.osv.json');
    expect(osv).toMatchObject({ format: 'osv', documentId: 'RHSA-2024:4546', publisher: { name: 'Red Hat Product Security' }, productCount: 9 });
    expect(osv.cvss).toEqual(csaf.cvss);
  });

  it('summarises BSI-2022-0001 and Cisco’s advisory with their scores, ids and product trees', () => {
    const bsi = summaryOf('csaf/examples/csaf/bsi-2022-0001.json');
    expect(bsi).toMatchObject({
      documentId: 'BSI-2022-0001',
      publisher: { name: 'Bundesamt für Sicherheit in der Informationstechnik', category: 'coordinator' },
      cveIds: ['CVE-2022-27193'],
      aliases: ['csaf-tools/CVRF-CSAF-Converter#78'],
      cwes: [{ id: 'CWE-611', name: 'Improper Restriction of XML External Entity Reference' }],
      severity: 'medium',
      tlp: 'WHITE',
      productCount: 6,
    });
    expect(bsi.cvss).toEqual([{ version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C', baseScore: 6.1, severity: 'medium' }]);
    const cisco = summaryOf('csaf/examples/csaf/cisco-sa-20180328-smi2.json');
    expect(cisco).toMatchObject({
      documentId: 'cisco-sa-20180328-smi2',
      documentVersion: '3.0.0',
      publisher: { name: 'Cisco PSIRT', category: 'vendor' },
      cveIds: ['CVE-2018-0171'],
      aliases: ['CSCvg76186'],
      severity: 'critical',
      productCount: 259,
    });
    expect(cisco.cvss).toEqual([{ version: '3.0', vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, severity: 'critical' }]);
    expect(cisco.tlp).toBeUndefined();
  });

  it('keeps one score per vector in a VEX document that repeats them per product group', () => {
    const vex = summaryOf('csaf/examples/csaf/csaf_vex/2022-evd-uc-08-001.json');
    expect(vex.cveIds).toEqual(['CVE-2021-44228', 'CVE-2021-45105']);
    expect(vex.cvss.map((score) => [score.vector, score.baseScore])).toEqual([
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/MC:N/MI:N/MA:N', 10],
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', 5.9],
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H/MC:N/MI:N/MA:N', 5.9],
    ]);
    expect(vex.severity).toBe('critical');
  });

  it('reads TLP 2.0 CLEAR as WHITE and AMBER+STRICT as RED, and caps a long summary note', () => {
    const document = parsed('csaf/examples/csaf/bsi-2022-0001.json') as { document: Record<string, any> };
    document.document.distribution.tlp.label = 'CLEAR';
    expect(summarise('csaf', document).tlp).toBe('WHITE');
    document.document.distribution.tlp.label = 'AMBER+STRICT';
    expect(summarise('csaf', document).tlp).toBe('RED');
    document.document.notes = [{ category: 'summary', text: 'x'.repeat(5000) }];
    const description = summarise('csaf', document).description!;
    expect(description).toHaveLength(2000);
    expect(description.endsWith('…')).toBe(true);
  });

  it('refuses a document without the id or version the register files it under', () => {
    const document = parsed('csaf/examples/csaf/bsi-2022-0001.json') as { document: { tracking: Record<string, unknown> } };
    delete document.document.tracking.version;
    expect(() => summarise('csaf', document)).toThrow(UnreadableAdvisory);
    expect(() => summarise('csaf', document)).toThrow('csaf document BSI-2022-0001 has no document.tracking.version');
    delete document.document.tracking.id;
    expect(() => summarise('csaf', document)).toThrow('a csaf document without document.tracking.id');
  });
});

describeWithRealdata('OSV records', () => {
  it('summarises GitHub’s path-to-regexp advisory', () => {
    const summary = summaryOf('osv/npm-ghsa/GHSA-9wv6-86v2-598j.json');
    expect(summary).toMatchObject({
      format: 'osv',
      documentId: 'GHSA-9wv6-86v2-598j',
      documentVersion: '2024-09-11T17:17:48Z',
      publisher: { name: 'GitHub Advisory Database', namespace: 'https://github.com/advisories' },
      title: 'path-to-regexp outputs backtracking regular expressions',
      published: '2024-09-09T20:19:15.000Z',
      updated: '2024-09-11T17:17:48.000Z',
      cveIds: ['CVE-2024-45296'],
      aliases: ['GHSA-9wv6-86v2-598j', 'CVE-2024-45296'],
      cwes: [{ id: 'CWE-1333' }],
      severity: 'high',
      productCount: 5,
    });
    expect(summary.cvss).toEqual([{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', baseScore: 7.5, severity: 'high' }]);
    expect(summary.status).toBeUndefined();
    expect(summary.references[0]?.category).toBe('WEB');
  });

  it('has no score and no severity for a record with an empty severity list (axios)', () => {
    const summary = summaryOf('osv/npm-ghsa/GHSA-wf5p-g6vw-rhxx.json');
    expect(summary.cvss).toEqual([]);
    expect(summary.severity).toBeUndefined();
    expect(summary.cwes).toEqual([{ id: 'CWE-352' }]);
  });

  it('marks a withdrawn record, and takes CWE names from GitHub’s per-package data', () => {
    expect(summaryOf('osv/misc/ghsa-raw-vs-osv/withdrawn.osv.json').status).toBe('withdrawn');
    expect(summaryOf('osv/misc/ghsa-raw-vs-osv/equals_with_patch.osv.json').cwes).toEqual([
      { id: 'CWE-88', name: "Improper Neutralization of Argument Delimiters in a Command ('Argument Injection')" },
    ]);
  });

  it('names each database by its id prefix', () => {
    const publishers = {
      'osv/go/GO-2022-0535.json': 'Go Vulnerability Database',
      'osv/debian/DSA-3029-1.json': 'Debian Security Tracker',
      'osv/misc/osv-linter-testdata/MAL-2024-10238.json': 'OpenSSF Malicious Packages',
      'osv/misc/osv-linter-testdata/SUSE-FU-2022_0444-1.json': 'SUSE',
      'osv/misc/osv-linter-testdata/PYSEC-2023-74.json': 'PyPI Advisory Database',
    };
    for (const [path, name] of Object.entries(publishers)) expect(summaryOf(path).publisher.name, path).toBe(name);
  });

  it('reads the Go database’s zero times as unknown, but keeps the record’s modified as its version', () => {
    const summary = summaryOf('osv/go/GO-2021-0113.json');
    expect(summary.documentVersion).toBe('0001-01-01T00:00:00Z');
    expect(summary.published).toBe('2021-10-06T17:51:21.000Z');
    expect(summary.updated).toBeUndefined();
    expect(summary.aliases).toEqual(['GO-2021-0113', 'CVE-2021-38561', 'GHSA-ppp9-7jff-5vj2']);
  });

  it('keeps the first 100 of SUSE’s 352 references', () => {
    const summary = summaryOf('osv/misc/osv-linter-testdata/SUSE-FU-2022_0444-1.json');
    expect(summary.references).toHaveLength(100);
    expect(summary.productCount).toBe(0);
  });
});

describeWithRealdata('OSV records in YAML (PYSEC)', () => {
  it('converts PYSEC-2023-212, keeping the unquoted timestamps as the strings they are', () => {
    const { documents, errors } = documentsOf(Buffer.from(realdataText('osv/pypi-pysec-yaml/PYSEC-2023-212.yaml')), YAML_TYPE);
    expect(errors).toEqual([]);
    expect(documents).toHaveLength(1);
    const document = documents[0]!.document as { modified: unknown; affected: { versions: unknown[] }[] };
    expect(documents[0]!.format).toBe('osv');
    expect(document.modified).toBe('2023-10-25T18:28:34.811764Z');
    // Quoted versions stay strings ("1.10" is not the number 1.1).
    expect(document.affected[0]!.versions).toContain('1.10');
    const summary = summarise('osv', document);
    expect(summary).toMatchObject({
      documentId: 'PYSEC-2023-212',
      documentVersion: '2023-10-25T18:28:34.811764Z',
      publisher: { name: 'PyPI Advisory Database' },
      title: 'PYSEC-2023-212',
      cveIds: ['CVE-2023-45803'],
      aliases: ['PYSEC-2023-212', 'CVE-2023-45803', 'GHSA-g4mx-q9vg-27p4'],
      productCount: 1,
      severity: 'medium',
    });
    expect(summary.description).toMatch(/^urllib3 is a user-friendly HTTP client library for Python\./);
    // The same vulnerability as GitHub's CNA record scores it: the same vector, the same 4.2.
    const cve = summaryOf('cve/cve5/CVE-2023-45803.json');
    expect(summary.cvss.map(({ vector, baseScore }) => ({ vector, baseScore }))).toEqual(cve.cvss.map(({ vector, baseScore }) => ({ vector, baseScore })));
    expect(summary.cvss[0]?.baseScore).toBe(4.2);
  });

  it('reads every PYSEC YAML file as one OSV document, and a YAML stream as several', () => {
    const files = filesUnder('osv/pypi-pysec-yaml', ['.yaml']);
    expect(files).toHaveLength(11);
    for (const file of files) expect(summaryOf(file, 'application/x-yaml').documentId).toBe(file.replace(/^.*\//, '').replace('.yaml', ''));
    const stream = files.map((file) => realdataText(file)).join('\n---\n');
    const { documents, errors } = documentsOf(Buffer.from(stream), 'text/yaml; charset=utf-8');
    expect(errors).toEqual([]);
    expect(documents.map((document) => document.index)).toEqual(files.map((_, index) => index));
  });

  it('refuses an alias bomb, a tag of its own, a known YAML 1.1 tag and a repeated key', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const refused = (text: string) => documentsOf(Buffer.from(text), YAML_TYPE);
    expect(refused(bomb)).toEqual({
      documents: [],
      errors: [{ index: 0, message: expect.stringMatching(/^document 0: not valid YAML: Excessive alias count/) }],
    });
    expect(refused('id: X\nmodified: !!python/object:os.system x\n').errors[0]?.message).toMatch(/Unresolved tag/);
    expect(refused('id: X\nmodified: !!timestamp 2001-12-14\n').errors[0]?.message).toMatch(/Unresolved tag/);
    expect(refused('id: X\nid: Y\nmodified: "2020-01-01T00:00:00Z"\n').errors[0]?.message).toMatch(/Map keys must be unique/);
    expect(refused('').errors[0]?.message).toBe('document 0: the delivery is empty');
  });
});

describeWithRealdata('CVE JSON 5 records', () => {
  it('summarises Log4Shell (CVE-2021-44228): the CNA’s title and CWEs, CISA’s ADP score', () => {
    const summary = summaryOf('cve/cve5/CVE-2021-44228.json');
    expect(summary).toMatchObject({
      format: 'cve',
      documentId: 'CVE-2021-44228',
      documentVersion: '2025-02-04T14:25:37.215Z',
      publisher: { name: 'apache' },
      title: 'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP and other JNDI related endpoints',
      published: '2021-12-10T00:00:00.000Z',
      cveIds: ['CVE-2021-44228'],
      aliases: [],
      cwes: [
        { id: 'CWE-502', name: 'Deserialization of Untrusted Data' },
        { id: 'CWE-400', name: 'Uncontrolled Resource Consumption' },
        { id: 'CWE-20', name: 'Improper Input Validation' },
      ],
      severity: 'critical',
      productCount: 1,
    });
    expect(summary.cvss).toEqual([
      { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', baseScore: 10, severity: 'critical', source: 'CISA-ADP' },
    ]);
    expect(summary.status).toBeUndefined();
  });

  it('scores CVSS 3.1, 3.0 and 2.0 of VulDB’s record and 4.0 of Google’s, each equal to the stated score', () => {
    expect(summaryOf('cve/cve5/CVE-2016-15012.json').cvss).toEqual([
      { version: '3.1', vector: 'CVSS:3.1/AV:A/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L', baseScore: 5.5, severity: 'medium', source: 'VulDB' },
      { version: '3.0', vector: 'CVSS:3.0/AV:A/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L', baseScore: 5.5, severity: 'medium', source: 'VulDB' },
      { version: '2.0', vector: 'AV:A/AC:L/Au:S/C:P/I:P/A:P', baseScore: 5.2, severity: 'medium', source: 'VulDB' },
    ]);
    expect(summaryOf('cve/cve5/CVE-2025-4565.json').cvss).toEqual([
      {
        version: '4.0',
        vector: 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N',
        baseScore: 8.2,
        severity: 'high',
        source: 'Google',
      },
    ]);
  });

  it('reads a CWE from a problem type’s text, a GHSA id from GitHub’s record, and dates without a zone as UTC', () => {
    expect(summaryOf('cve/cve5/CVE-2024-7264.json').cwes).toEqual([{ id: 'CWE-125', name: 'Out-of-bounds Read' }]);
    expect(summaryOf('cve/cve5/CVE-2023-22466.json').aliases).toEqual(['GHSA-7rrj-xr53-82p7']);
    expect(summaryOf('cve/cve5/CVE-2024-3094.json')).toMatchObject({ aliases: ['GHSA-rxwq-x6h5-x525'], productCount: 7, severity: 'critical' });
    const early = summaryOf('cve/cve5/CVE-2021-26917.json');
    expect(early).toMatchObject({ documentVersion: '2021-02-08T22:22:51', published: '2021-02-08T22:22:51.000Z', publisher: { name: 'mitre' } });
    // No title: the description's start stands in.
    expect(early.title).toMatch(/^PyBitmessage through 0\.6\.3\.2 allows attackers to write screen captures/);
    expect(early.title.length).toBeLessThanOrEqual(120);
  });

  it('marks a rejected record and reads its reason', () => {
    const record = parsed('cve/cve5/CVE-2023-1055.json') as { cveMetadata: Record<string, unknown>; containers: { cna: Record<string, unknown> } };
    record.cveMetadata.state = 'REJECTED';
    record.containers.cna.rejectedReasons = [{ lang: 'en', value: 'This candidate was withdrawn by its CNA.' }];
    expect(summarise('cve', record)).toMatchObject({ status: 'rejected', description: 'This candidate was withdrawn by its CNA.' });
  });
});

describeWithRealdata('NVD API 2.0 records', () => {
  it('summarises libwebp’s CVE-2023-4863 with its 14 CPE matches', () => {
    const summary = summaryOf('cve/nvd-api-2.0/CVE-2023-4863.json');
    expect(summary).toMatchObject({
      format: 'nvd',
      documentId: 'CVE-2023-4863',
      documentVersion: '2023-10-28T19:15:38.643',
      publisher: { name: 'NVD', namespace: 'https://nvd.nist.gov' },
      published: '2023-09-12T15:15:24.327Z',
      updated: '2023-10-28T19:15:38.643Z',
      cveIds: ['CVE-2023-4863'],
      cwes: [{ id: 'CWE-787' }],
      severity: 'high',
      productCount: 14,
    });
    expect(summary.title).toMatch(/^Heap buffer overflow in libwebp in Google Chrome prior to 116\.0\.5845\.187/);
    expect(summary.cvss).toEqual([
      { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', baseScore: 8.8, severity: 'high', source: 'nvd@nist.gov' },
    ]);
  });

  it('keeps NVD’s and the CNA’s scores of different vectors, one entry for a vector both give', () => {
    expect(summaryOf('cve/nvd-api-2.0/CVE-2016-1585.json').cvss.map(({ version, baseScore, source }) => [version, baseScore, source])).toEqual([
      ['3.1', 9.8, 'nvd@nist.gov'],
      ['3.0', 3.9, 'security@ubuntu.com'],
      ['2.0', 7.5, 'nvd@nist.gov'],
    ]);
    // Snyk lists its score first; NVD's primary one names the shared vector.
    expect(summaryOf('cve/nvd-api-2.0/CVE-2022-25761.json').cvss).toEqual([
      { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', baseScore: 7.5, severity: 'high', source: 'nvd@nist.gov' },
    ]);
    expect(summaryOf('cve/nvd-api-2.0/CVE-2014-1424.json')).toMatchObject({ severity: 'medium', cwes: [{ id: 'CWE-264' }] });
  });

  it('counts no product before NVD’s analysis, names no CWE for NVD-CWE-noinfo, and no GHSA id where several are linked', () => {
    expect(summaryOf('cve/nvd-api-2.0/CVE-2023-5341.json').productCount).toBe(0);
    expect(summaryOf('cve/nvd-api-2.0/CVE-2022-33745.json').cwes).toEqual([]);
    expect(summaryOf('cve/nvd-api-2.0/CVE-2024-47177.json').aliases).toEqual([]);
    expect(summaryOf('cve/nvd-api-2.0/CVE-2022-29194.json').aliases).toEqual(['GHSA-h5g4-ppwx-48q2']);
  });
});

describe('reading a delivery', () => {
  itWithRealdata('reads a JSON array of all four formats, an NVD response inside it adding its CVE items', () => {
    const nvd = parsed('cve/nvd-api-2.0/CVE-2023-4863.json') as { vulnerabilities: unknown[] };
    nvd.vulnerabilities.push(...(parsed('cve/nvd-api-2.0/CVE-2014-1424.json') as { vulnerabilities: unknown[] }).vulnerabilities);
    const batch = [parsed('csaf/examples/csaf/bsi-2022-0001.json'), parsed('osv/go/GO-2022-0535.json'), nvd, parsed('cve/cve5/CVE-2024-2002.json')];
    const { documents, errors } = documentsOf(Buffer.from(JSON.stringify(batch)), JSON_TYPE);
    expect(errors).toEqual([]);
    expect(documents.map(({ index, format }) => [index, format])).toEqual([
      [0, 'csaf'],
      [1, 'osv'],
      [2, 'nvd'],
      [3, 'nvd'],
      [4, 'cve'],
    ]);
    expect(documents.map(({ format, document }) => summarise(format, document).documentId)).toEqual([
      'BSI-2022-0001',
      'GO-2022-0535',
      'CVE-2023-4863',
      'CVE-2014-1424',
      'CVE-2024-2002',
    ]);
  });

  itWithRealdata('reads JSON Lines, a broken line failing alone with its index and line', () => {
    const line = (path: string) => JSON.stringify(parsed(path));
    const text = [line('cve/cve5/CVE-2021-44228.json'), '{"dataType": "CVE_RECORD", ', '', line('osv/debian/DSA-3029-1.json'), ''].join('\r\n');
    for (const mediaType of ['application/jsonl', 'application/x-ndjson; charset=utf-8', JSON_TYPE]) {
      const { documents, errors } = documentsOf(Buffer.from(text), mediaType);
      expect(
        documents.map(({ index, format }) => [index, format]),
        mediaType,
      ).toEqual([
        [0, 'cve'],
        [2, 'osv'],
      ]);
      expect(errors).toEqual([{ index: 1, message: expect.stringMatching(/^document 1 \(line 2\): not valid JSON: /) }]);
    }
  });

  itWithRealdata('reads an NVD API response as one document per CVE item', () => {
    const { documents } = documentsOf(Buffer.from(realdataText('cve/nvd-api-2.0/CVE-2024-3094.json')), JSON_TYPE);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ index: 0, format: 'nvd', document: { cve: { id: 'CVE-2024-3094' } } });
    // The bare `cve` object reads the same.
    const bare = (documents[0]!.document as { cve: unknown }).cve;
    expect(detectFormat(bare)).toBe('nvd');
    expect(summarise('nvd', bare)).toEqual(summarise('nvd', documents[0]!.document));
  });

  itWithRealdata('names the neighbour formats it does not read', () => {
    const legacy = documentsOf(Buffer.from(realdataText('cve/nvd-feed-1.1-legacy/nvdcve-1.1-test-data.json')), JSON_TYPE);
    expect(legacy).toEqual({ documents: [], errors: [{ index: 0, message: 'document 0: an NVD 1.1 feed (retired): send NVD API 2.0 responses' }] });
    const ghsa = documentsOf(Buffer.from(realdataText('osv/misc/ghsa-raw-vs-osv/withdrawn.json')), JSON_TYPE);
    expect(ghsa.errors).toEqual([{ index: 0, message: 'document 0: a GitHub advisory API object: send its OSV record' }]);
  });

  it('detects each format by its marks', () => {
    expect(detectFormat({ document: { csaf_version: '2.0' } })).toBe('csaf');
    expect(detectFormat({ document: { title: 'no version' } })).toBeUndefined();
    expect(detectFormat({ id: 'GHSA-xxxx-xxxx-xxxx', modified: '2024-01-01T00:00:00Z' })).toBe('osv');
    expect(detectFormat({ dataType: 'CVE_RECORD' })).toBe('cve');
    expect(detectFormat({ cve: { id: 'CVE-2024-1', lastModified: '2024-01-01T00:00:00' } })).toBe('nvd');
    expect(detectFormat({ id: 'CVE-2024-1', lastModified: '2024-01-01T00:00:00' })).toBe('nvd');
    expect(detectFormat({ id: 'x' })).toBeUndefined();
    expect(detectFormat([])).toBeUndefined();
  });

  it('refuses what is no JSON, no UTF-8, no object or no advisory, naming the index and why', () => {
    const read = (text: string | Buffer, mediaType = JSON_TYPE) => documentsOf(Buffer.isBuffer(text) ? text : Buffer.from(text), mediaType).errors;
    expect(read('{"document": ')).toEqual([{ index: 0, message: expect.stringMatching(/^document 0: not valid JSON: /) }]);
    expect(read('{"foo": 1}')[0]?.message).toMatch(/^document 0: no advisory format detected: not CSAF/);
    expect(read('[{"dataType": "CVE_RECORD"}, 3, null, [1]]')).toEqual([
      { index: 1, message: 'document 1: not a JSON object but number' },
      { index: 2, message: 'document 2: not a JSON object but null' },
      { index: 3, message: 'document 3: not a JSON object but an array' },
    ]);
    expect(read(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toEqual([{ index: 0, message: 'document 0: the delivery is not UTF-8 text' }]);
    expect(read(' \n ')).toEqual([{ index: 0, message: 'document 0: the delivery is empty' }]);
    expect(read('[]')).toEqual([]);
  });

  it('drops a byte order mark and reads UTF-8 text', () => {
    const text = '\ufeff{"id": "OSV-2024-1", "modified": "2024-01-01T00:00:00Z", "summary": "Überlauf in “x”"}';
    const { documents, errors } = documentsOf(Buffer.from(text), JSON_TYPE);
    expect(errors).toEqual([]);
    expect(summarise('osv', documents[0]!.document)).toMatchObject({ title: 'Überlauf in “x”', publisher: { name: 'OSS-Fuzz' } });
  });
});

describeWithRealdata('every real advisory', () => {
  const files = [
    ...filesUnder('csaf/examples/csaf', ['.json']),
    ...filesUnder('osv', ['.json', '.yaml']).filter((file) => !file.startsWith('osv/schema/')),
    ...filesUnder('cve/cve5', ['.json']),
    ...filesUnder('cve/nvd-api-2.0', ['.json']),
  ];
  // Not advisories: GitHub's API objects that the OSV records beside them were converted from.
  const notAdvisories = files.filter((file) => /ghsa-raw-vs-osv\/(?!.*\.osv\.json$)/.test(file));

  it('summarises without throwing, each score computed equal to the one stated', () => {
    expect(files.length).toBeGreaterThan(120);
    const formats = new Map<AdvisoryFormat, number>();
    const disagreements: string[] = [];
    let scored = 0;
    for (const file of files) {
      const { documents, errors } = documentsOf(readFileSync(realdata(file)), file.endsWith('.yaml') ? YAML_TYPE : JSON_TYPE);
      if (notAdvisories.includes(file)) {
        expect(errors, file).toHaveLength(1);
        continue;
      }
      expect(errors, file).toEqual([]);
      for (const { format, document } of documents) {
        formats.set(format, (formats.get(format) ?? 0) + 1);
        const summary = summarise(format, document);
        expect(summary.documentId, file).not.toBe('');
        expect(summary.title, file).not.toBe('');
        expect(summary.publisher.name, file).not.toBe('');
        for (const date of [summary.published, summary.updated]) if (date) expect(date, file).toMatch(ISO);
        expect((summary.description ?? '').length, file).toBeLessThanOrEqual(2000);
        expect(summary.references.length, file).toBeLessThanOrEqual(100);
        expect(new Set(summary.cvss.map((score) => score.vector)).size, file).toBe(summary.cvss.length);
        expect(summary.severity, file).toBe(highestSeverity(summary.cvss));
        for (const score of summary.cvss) {
          scored++;
          if (score.statedScore !== undefined) disagreements.push(`${file} ${score.vector}: ${score.statedScore} stated, ${score.baseScore} computed`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(scored).toBeGreaterThan(80);
    expect(Object.fromEntries(formats)).toEqual({ csaf: 20, osv: 58, cve: 23, nvd: 23 });
  });

  it('reads every CSAF validator test document, or refuses it by name', () => {
    const testDocuments = filesUnder('csaf/test/validator/data', ['.json']);
    expect(testDocuments.length).toBeGreaterThan(200);
    for (const file of testDocuments) {
      const { documents } = documentsOf(readFileSync(realdata(file)), JSON_TYPE);
      for (const { format, document } of documents) {
        try {
          expect(summarise(format, document).format).toBe('csaf');
        } catch (error) {
          expect(error, file).toBeInstanceOf(UnreadableAdvisory);
        }
      }
    }
  });
});
