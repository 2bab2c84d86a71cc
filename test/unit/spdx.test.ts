// SPDX 2.2/2.3 JSON import, against the real SPDX examples in ../shared/realdata (read at run time, never copied).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePurl } from '@ismf/core/purl';
import { looksLikeSpdx, parseSpdx, SPDX3_REFUSAL } from '@ismf/core/spdx';
import { describeWithRealdata, itWithRealdata, realdata } from '../support/realdata.ts';

const spdxText = (path: string) => readFileSync(realdata('sbom', 'spdx', path), 'utf8');

interface RawPackage {
  SPDXID: string;
  name: string;
  externalRefs?: { referenceType: string; referenceLocator: string }[];
}
/** The file's own packages, read without the parser: the counts the parser must reproduce. */
const packagesOf = (text: string) => (JSON.parse(text) as { packages: RawPackage[] }).packages;
const purlsOf = (pkgs: RawPackage[]) => pkgs.flatMap((p) => (p.externalRefs ?? []).filter((r) => r.referenceType === 'purl').map((r) => r.referenceLocator));

const EXAMPLE9 = 'software/example9/spdx2.2/appbomination.spdx.json';
const EXAMPLE14 = 'software/example14/spdx2.3/examplemaven-0.0.1-enriched.spdx.json';
const SECURITY = 'presentations/OSS-NA-2023/SPDXVersion2.3/04-SBOMwSecurity.json';
const SPDX3 = 'software/example11/spdx3.0/sbom.spdx3.json';

describeWithRealdata('parseSpdx on the real SPDX 2.x examples', () => {
  it('reads appbomination (SPDX-2.2): documentDescribes names the asset, the other packages are components with their PURLs', () => {
    const text = spdxText(EXAMPLE9);
    const pkgs = packagesOf(text);
    const sbom = parseSpdx(text);
    expect(sbom.specVersion).toBe('SPDX-2.2');
    expect(sbom.metadataComponent).toMatchObject({ ref: 'SPDXRef-1', name: 'App-BOM-ination', version: '1.0', supplier: 'ACT Project' });
    expect(sbom.components).toHaveLength(pkgs.length - 1);
    expect(sbom.components.map((c) => c.ref).sort()).toEqual(
      pkgs
        .map((p) => p.SPDXID)
        .filter((id) => id !== 'SPDXRef-1')
        .sort(),
    );
    expect(sbom.components.flatMap((c) => c.purl ?? []).sort()).toEqual(purlsOf(pkgs).sort());
    expect(purlsOf(pkgs)).toHaveLength(4);
    expect(sbom.components.find((c) => c.name === 'junit')).toEqual({
      ref: 'SPDXRef-22',
      name: 'junit',
      version: '4.12',
      purl: 'pkg:maven/junit/junit@4.12',
      licence: 'EPL-1.0',
      problems: [],
    });
    // NOASSERTION is no value: the declared licence stands in for a concluded one only when that says something.
    expect(sbom.components.find((c) => c.name === 'slf4j-api')?.licence).toBe('Apache-2.0');
    expect(sbom.components.every((c) => c.problems.length === 0 && (c.purl === undefined || parsePurl(c.purl).ok))).toBe(true);
    expect(sbom.errors).toEqual([]);
  });

  it('reads examplemaven (SPDX-2.3): a DESCRIBES relationship names the asset; packages without versions or PURLs still count', () => {
    const text = spdxText(EXAMPLE14);
    const pkgs = packagesOf(text);
    const sbom = parseSpdx(text);
    expect(sbom.specVersion).toBe('SPDX-2.3');
    expect(sbom.metadataComponent).toMatchObject({ ref: 'SPDXRef-example', name: 'examplemaven', version: '0.0.1', supplier: 'SPDX', licence: 'Apache-2.0' });
    expect(sbom.components).toHaveLength(pkgs.length - 1);
    expect(sbom.components.find((c) => c.name === 'JUnit')).toMatchObject({ version: '3.8.1', licence: 'CPL-1.0' });
    expect(sbom.components.find((c) => c.name === 'Apache Log4j Core')).toEqual({ ref: 'SPDXRef-log4jImpl', name: 'Apache Log4j Core', problems: [] });
  });

  it('reads the security example (SPDX-2.3): the PURL among advisory references, the supplier without its address', () => {
    const text = spdxText(SECURITY);
    const pkgs = packagesOf(text);
    const sbom = parseSpdx(text);
    expect(sbom.metadataComponent).toMatchObject({
      name: 'tools-java',
      supplier: 'SPDX',
      purl: 'pkg:github/spdx/tools-java@2235d5d7f7fe46ce1e0d54b7831c5681633b25cc',
    });
    expect(sbom.components).toHaveLength(pkgs.length - 1);
    expect(sbom.components[0]).toEqual({
      ref: 'SPDXRef-xlsx',
      name: 'xlsx',
      version: '0.16.6',
      supplier: 'Webjar',
      purl: 'pkg:maven/org.webjars.npm/xlsx@0.16.6',
      problems: [],
    });
  });

  it('is recognised as SPDX from its first characters', () => {
    for (const path of [EXAMPLE9, EXAMPLE14, SECURITY, SPDX3]) expect(looksLikeSpdx(spdxText(path))).toBe(true);
    expect(looksLikeSpdx(readFileSync(realdata('sbom', 'cyclonedx', 'SBOM/laravel-7.12.0/bom.1.4.json'), 'utf8'))).toBe(false);
    expect(looksLikeSpdx('[{"spdxVersion":"SPDX-2.3"}]')).toBe(false);
  });
});

describe('parseSpdx on constructed documents', () => {
  const doc = (packages: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', documentNamespace: 'https://example.test/doc', packages, ...extra });

  it('takes CPE 2.3 before 2.2, keeps every CPE, and reports a bad PURL on its package', () => {
    const sbom = parseSpdx(
      doc([
        {
          SPDXID: 'SPDXRef-a',
          name: 'openssl',
          versionInfo: '3.0.2',
          primaryPackagePurpose: 'OPERATING_SYSTEM',
          externalRefs: [
            { referenceCategory: 'SECURITY', referenceType: 'cpe22Type', referenceLocator: 'cpe:/a:openssl:openssl:3.0.2' },
            { referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: 'cpe:2.3:a:openssl:openssl:3.0.2:*:*:*:*:*:*:*' },
            { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'not a purl' },
          ],
        },
        { SPDXID: 'SPDXRef-b', versionInfo: 'NOASSERTION', supplier: 'Person: Jane Doe (jane@example.test)' },
        'junk',
      ]),
    );
    expect(sbom.serialNumber).toBe('https://example.test/doc');
    expect(sbom.metadataComponent).toBeUndefined(); // nothing is described: ?asset= must name the asset
    expect(sbom.components[0]).toMatchObject({
      type: 'operating-system',
      cpe: 'cpe:2.3:a:openssl:openssl:3.0.2:*:*:*:*:*:*:*',
      cpes: ['cpe:2.3:a:openssl:openssl:3.0.2:*:*:*:*:*:*:*', 'cpe:/a:openssl:openssl:3.0.2'],
      purl: 'not a purl',
    });
    expect(sbom.components[0]!.problems).toEqual([expect.stringMatching(/^purl: /)]);
    expect(sbom.components[1]).toEqual({ ref: 'SPDXRef-b', name: '', supplier: 'Jane Doe', problems: ['name: required'] });
    expect(sbom.errors).toEqual([{ path: 'packages[2]', message: 'package must be an object; skipped' }]);
  });

  it('takes DESCRIBED_BY too, and skips a described file for the first described package', () => {
    const packages = [
      { SPDXID: 'SPDXRef-lib', name: 'lib' },
      { SPDXID: 'SPDXRef-app', name: 'app' },
    ];
    const describedBy = parseSpdx(
      doc(packages, { relationships: [{ spdxElementId: 'SPDXRef-app', relationshipType: 'DESCRIBED_BY', relatedSpdxElement: 'SPDXRef-DOCUMENT' }] }),
    );
    expect(describedBy.metadataComponent?.name).toBe('app');
    expect(describedBy.components.map((c) => c.name)).toEqual(['lib']);
    const fileFirst = parseSpdx(doc(packages, { documentDescribes: ['SPDXRef-file', 'SPDXRef-lib'] }));
    expect(fileFirst.metadataComponent?.name).toBe('lib');
    expect(fileFirst.components.map((c) => c.name)).toEqual(['app']);
  });

  it('reports packages that are not an array', () => {
    expect(parseSpdx(JSON.stringify({ spdxVersion: 'SPDX-2.2', packages: {} })).errors).toEqual([{ path: 'packages', message: 'packages must be an array' }]);
    expect(parseSpdx(JSON.stringify({ spdxVersion: 'SPDX-2.2' })).components).toEqual([]);
  });
});

describe('parseSpdx refuses what it does not read', () => {
  itWithRealdata('refuses the real SPDX 3.0 JSON-LD example by name', () => {
    expect(() => parseSpdx(spdxText(SPDX3))).toThrow(SPDX3_REFUSAL);
    expect(SPDX3_REFUSAL).toBe('SPDX 3.0 is not accepted yet; send SPDX 2.2/2.3 JSON or CycloneDX');
    expect(() => parseSpdx('{"spdxVersion":"SPDX-3.0","packages":[]}')).toThrow(SPDX3_REFUSAL);
    expect(() => parseSpdx('{"@context":["https://spdx.org/rdf/3.0.0/spdx-context.jsonld"],"@graph":[]}')).toThrow(SPDX3_REFUSAL);
  });

  itWithRealdata('refuses other versions, non-SPDX JSON and non-JSON', () => {
    expect(() => parseSpdx('{"spdxVersion":"SPDX-2.1","packages":[]}')).toThrow('unsupported spdxVersion SPDX-2.1: supported are SPDX-2.2 and SPDX-2.3');
    expect(() => parseSpdx(readFileSync(realdata('sbom', 'cyclonedx', 'SBOM/laravel-7.12.0/bom.1.4.json')))).toThrow(
      'not an SPDX document: spdxVersion is missing',
    );
    expect(() => parseSpdx('[]')).toThrow('not an SPDX document: the JSON is not an object');
    expect(() => parseSpdx('SPDXVersion: SPDX-2.3')).toThrow(/^not valid JSON/);
  });
});
