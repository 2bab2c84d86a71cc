// CycloneDX import and PURL parsing, against the real SBOMs in ../shared/realdata (read at run time, never copied).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCycloneDx, type SbomComponent } from '@ismf/core/cyclonedx';
import { formatPurl, parsePurl, type Purl } from '@ismf/core/purl';
import { describeWithRealdata, itWithRealdata, realdata } from '../support/realdata.ts';

const sbomFile = (path: string) => readFileSync(realdata('sbom', path));
const cdx = (path: string) => sbomFile(`cyclonedx/${path}`);
const purlType = (c: SbomComponent) => c.purl?.slice(0, c.purl.indexOf('/'));

describeWithRealdata('parseCycloneDx on real SBOMs', () => {
  it('reads cern-lhc-vdm-editor: CycloneDX 1.2 JSON, 43 npm components', () => {
    const bom = parseCycloneDx(cdx('SBOM/cern-lhc-vdm-editor-e564943/bom.json'), 'json');
    expect(bom.specVersion).toBe('1.2');
    expect(bom.serialNumber).toBe('urn:uuid:699b6458-60da-4f52-b1b3-34915dc01eb6');
    expect(bom.metadataComponent).toMatchObject({ name: 'lhc-vdm-editor', version: '0.0.1', purl: 'pkg:npm/lhc-vdm-editor@0.0.1' });
    expect(bom.components).toHaveLength(43);
    expect(bom.components.every((c) => purlType(c) === 'pkg:npm' && c.problems.length === 0)).toBe(true);
    expect(bom.components[0]).toEqual({
      ref: 'pkg:npm/puppeteer@1.19.0',
      type: 'library',
      name: 'puppeteer',
      version: '1.19.0',
      purl: 'pkg:npm/puppeteer@1.19.0',
      problems: [],
    });
    expect(bom.errors).toEqual([]);
  });

  it('reads dropwizard: CycloneDX 1.2 JSON, 167 maven components with group and publisher', () => {
    const bom = parseCycloneDx(cdx('SBOM/dropwizard-1.3.15/bom.json'), 'json');
    expect(bom.specVersion).toBe('1.2');
    expect(bom.components).toHaveLength(167);
    expect(bom.components.every((c) => purlType(c) === 'pkg:maven' && c.problems.length === 0)).toBe(true);
    expect(bom.components[0]).toMatchObject({
      group: 'com.fasterxml.jackson.core',
      name: 'jackson-annotations',
      version: '2.9.10',
      supplier: 'FasterXML',
      purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.9.10?type=jar',
    });
  });

  it('reads laravel 1.4 as JSON and as XML to the same 62 composer components', () => {
    const json = parseCycloneDx(cdx('SBOM/laravel-7.12.0/bom.1.4.json'), 'json');
    const xml = parseCycloneDx(cdx('SBOM/laravel-7.12.0/bom.1.4.xml'), 'xml');
    for (const bom of [json, xml]) {
      expect(bom.specVersion).toBe('1.4');
      expect(bom.components).toHaveLength(62);
      expect(bom.components.every((c) => purlType(c) === 'pkg:composer' && c.problems.length === 0)).toBe(true);
      expect(bom.errors).toEqual([]);
    }
    const key = (c: SbomComponent) => `${c.group}/${c.name}@${c.version} ${c.purl}`;
    const jsonSet = json.components.map(key).sort();
    expect(new Set(jsonSet).size).toBe(62);
    expect(xml.components.map(key).sort()).toEqual(jsonSet);
    // Beyond the identity triple, both encodings give exactly the same records.
    expect(xml.components).toEqual(json.components);
    expect(xml.metadataComponent).toEqual(json.metadataComponent);
  });

  it('reads the VEX companion BOM (1.3) and VEX-only documents without components', () => {
    expect(parseCycloneDx(cdx('VEX/bom.json'), 'json')).toMatchObject({ specVersion: '1.3', components: { length: 3 } });
    const vex = parseCycloneDx(cdx('VEX/CISA-Use-Cases/Case-2/vex.json'), 'json');
    expect(vex).toMatchObject({ specVersion: '1.4', components: [], vulnerabilities: 19, errors: [] });
    expect(vex.metadataComponent?.name).toBe('ABC');
    expect(parseCycloneDx(cdx('VEX/vex.json'), 'json')).toMatchObject({ components: [], vulnerabilities: 1 });
    expect(parseCycloneDx(cdx('VEX/bom.json'), 'json').vulnerabilities).toBeUndefined();
    const xml = (inner: string) => parseCycloneDx(`<bom xmlns="http://cyclonedx.org/schema/bom/1.4">${inner}</bom>`, 'xml');
    expect(
      xml('<vulnerabilities><vulnerability><id>CVE-1</id></vulnerability><vulnerability><id>CVE-2</id></vulnerability></vulnerabilities>').vulnerabilities,
    ).toBe(2);
    expect(xml('<vulnerabilities/>').vulnerabilities).toBe(0);
    expect(xml('').vulnerabilities).toBeUndefined();
  });

  it('reads the VEX statements: state, justification, detail, responses and what each affects, in both encodings', () => {
    const pair = parseCycloneDx(cdx('VEX/vex.json'), 'json').vex;
    expect(pair).toEqual([
      {
        id: 'CVE-2020-25649',
        state: 'not_affected',
        justification: 'code_not_reachable',
        detail: expect.stringMatching(/^Automated dataflow analysis/),
        response: ['will_not_fix', 'update'],
        affects: ['urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar'],
      },
    ]);
    const cisa = parseCycloneDx(cdx('VEX/CISA-Use-Cases/Case-2/vex.json'), 'json').vex;
    expect(cisa).toHaveLength(19);
    expect(new Set(cisa.map((statement) => statement.state))).toEqual(new Set(['not_affected']));
    expect(cisa.every((statement) => statement.affects.includes('product-ABC'))).toBe(true);
    const xml = parseCycloneDx(
      `<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><vulnerabilities><vulnerability><id>CVE-1</id><analysis><state>resolved</state><responses><response>update</response></responses></analysis><affects><target><ref>lib-a</ref></target></affects></vulnerability><vulnerability><id>CVE-2</id></vulnerability><vulnerability><id>CVE-3</id><analysis><state>made_up</state></analysis></vulnerability></vulnerabilities></bom>`,
      'xml',
    );
    // Only statements with a known analysis state count: CVE-2 has none, CVE-3 an unknown one.
    expect(xml.vex).toEqual([{ id: 'CVE-1', state: 'resolved', response: ['update'], affects: ['lib-a'] }]);
  });

  it('reads postgres-stretch: 137 components, 132 of them pkg:deb/debian', () => {
    const bom = parseCycloneDx(cdx('osv-scanner-testdata/postgres-stretch.cdx.xml'), 'xml');
    expect(bom.specVersion).toBe('1.4');
    expect(bom.serialNumber).toBe('urn:uuid:7f5ffdc8-0965-4bce-9d01-6e0accc26c19');
    expect(bom.metadataComponent).toMatchObject({ type: 'container', name: 'postgres:11.15-stretch' });
    expect(bom.components).toHaveLength(137);
    expect(bom.components.filter((c) => c.purl !== undefined)).toHaveLength(136);
    const debian = bom.components.filter((c) => c.purl?.startsWith('pkg:deb/debian/'));
    expect(debian).toHaveLength(132);
    for (const c of debian) {
      const parsed = parsePurl(c.purl ?? '');
      expect(parsed.ok && parsed.purl.name === c.name && parsed.purl.version === c.version).toBe(true);
    }
    expect(bom.components.every((c) => c.problems.length === 0)).toBe(true);
    expect(bom.components[0]).toEqual({
      ref: 'pkg:deb/debian/adduser@3.115?arch=all&distro=debian-9&package-id=55b15606ad877995',
      type: 'library',
      name: 'adduser',
      version: '3.115',
      purl: 'pkg:deb/debian/adduser@3.115?arch=all&distro=debian-9',
      cpe: 'cpe:2.3:a:adduser:adduser:3.115:*:*:*:*:*:*:*',
      supplier: 'Debian Adduser Developers <adduser-devel@lists.alioth.debian.org>',
      problems: [],
    });
    expect(bom.components.at(-1)).toEqual({ type: 'operating-system', name: 'debian', version: '9', problems: [] });
  });

  it('reads alpine: 16 components, 14 pkg:apk PURLs, no problems', () => {
    const bom = parseCycloneDx(cdx('osv-scanner-testdata/alpine.cdx.xml'), 'xml');
    expect(bom.components).toHaveLength(16);
    expect(bom.components.filter((c) => purlType(c) === 'pkg:apk')).toHaveLength(14);
    expect(bom.components.flatMap((c) => c.problems)).toEqual([]);
  });

  it('reports each of bad-purls’ malformed PURLs and missing names on its component, and keeps them all', () => {
    const bom = parseCycloneDx(cdx('osv-scanner-testdata/bad-purls.cdx.xml'), 'xml');
    expect(bom.components).toHaveLength(16);
    expect(bom.errors).toEqual([]);
    const flagged = bom.components.map((c, index) => ({ index, name: c.name, purl: c.purl, problems: c.problems })).filter((c) => c.problems.length > 0);
    expect(flagged).toEqual([
      {
        index: 0,
        name: '',
        purl: 'pkg:apk/alpine/alpine-baselayout@3.4.0-r0?arch=x86_64&upstream=alpine-baselayout&distro=alpine-3.17.2',
        problems: ['name: required'],
      },
      { index: 2, name: 'alpine-keys', purl: 'pkg:pypi/', problems: ['purl: name: required'] },
      { index: 6, name: 'ca-certificates-bundle', purl: 'pkg:pypi/', problems: ['purl: name: required'] },
      { index: 7, name: 'libc-utils', purl: 'pkg:///', problems: ['purl: type: required'] },
      { index: 10, name: 'musl', purl: '/', problems: ["purl: scheme: must start with 'pkg:'"] },
      {
        index: 13,
        name: 'ssl_client',
        purl: 'pkg:apk/alpine/@1.36.1-r27?arch=x86_64&upstream=busybox&distro=alpine-3.17.2',
        problems: ['purl: name: required'],
      },
      { index: 14, name: 'zlib', purl: 'pkg:pypi/', problems: ['purl: name: required'] },
      { index: 15, name: '', purl: undefined, problems: ['name: required'] },
    ]);
    // Everything else is the same as the clean alpine SBOM it was derived from.
    const clean = parseCycloneDx(cdx('osv-scanner-testdata/alpine.cdx.xml'), 'xml');
    const untouched = new Set([1, 3, 4, 5, 8, 9, 11, 12]);
    for (const i of untouched) expect(bom.components[i]).toEqual(clean.components[i]);
  });
});

describe('parseCycloneDx on synthetic documents', () => {
  it('flattens nested components depth-first in JSON and XML', () => {
    const json = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [
        { type: 'application', name: 'app', components: [{ type: 'library', name: ' inner ', components: [{ name: 'deepest' }] }] },
        { type: 'library', name: 'sibling', supplier: { name: 'Acme' }, publisher: 'ignored when a supplier is given' },
      ],
    });
    const xml = `<?xml version="1.0"?>
      <c:bom xmlns:c="http://cyclonedx.org/schema/bom/1.5" serialNumber="urn:uuid:00000000-0000-0000-0000-000000000001">
        <c:components>
          <c:component type="application"><c:name>app</c:name>
            <c:components><c:component type="library"><c:name> inner </c:name>
              <c:components><c:component><c:name>deepest</c:name></c:component></c:components>
            </c:component></c:components>
          </c:component>
          <c:component type="library"><c:supplier><c:name>Acme</c:name></c:supplier><c:name>sibling</c:name></c:component>
        </c:components>
      </c:bom>`;
    const expected = [
      { type: 'application', name: 'app', problems: [] },
      { type: 'library', name: 'inner', problems: [] },
      { name: 'deepest', problems: [] },
      { type: 'library', name: 'sibling', supplier: 'Acme', problems: [] },
    ];
    expect(parseCycloneDx(json, 'json').components).toEqual(expected);
    const fromXml = parseCycloneDx(Buffer.from(xml), 'xml');
    expect(fromXml).toMatchObject({ specVersion: '1.5', serialNumber: 'urn:uuid:00000000-0000-0000-0000-000000000001' });
    expect(fromXml.components).toEqual(expected);
  });

  it('keeps XML text as text (versions are not numbers) and decodes entities', () => {
    const xml = `<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components>
      <component type="library"><name>x</name><version>1.10</version><purl>pkg:npm/x@1.10?a=1&amp;b=2</purl></component>
    </components></bom>`;
    expect(parseCycloneDx(xml, 'xml').components).toEqual([{ type: 'library', name: 'x', version: '1.10', purl: 'pkg:npm/x@1.10?a=1&b=2', problems: [] }]);
  });

  it('records entries that are not components as errors, and keeps going', () => {
    const bom = parseCycloneDx(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.4', components: [42, { name: 'ok' }] }), 'json');
    expect(bom.components).toEqual([{ name: 'ok', problems: [] }]);
    expect(bom.errors).toEqual([{ path: 'components[0]', message: 'component must be an object; skipped' }]);

    const notArray = parseCycloneDx('{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": {"name": "x"}}', 'json');
    expect(notArray).toMatchObject({ components: [], errors: [{ path: 'components', message: 'components must be an array' }] });

    // Nesting is capped, so a hostile document cannot exhaust the stack.
    const deep = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":${'[{"name":"x","components":'.repeat(1000)}[]${'}]'.repeat(1000)}}`;
    const capped = parseCycloneDx(deep, 'json');
    expect(capped.components).toHaveLength(64);
    expect(capped.errors).toEqual([{ path: `${'components[0].'.repeat(64)}components`, message: 'nesting deeper than 64; skipped' }]);
  });

  itWithRealdata('throws, saying why, for a document it cannot import', () => {
    const cases: [string | Buffer, 'json' | 'xml', RegExp][] = [
      ['{"bomFormat": "CycloneDX", ', 'json', /not valid JSON/],
      ['<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components>', 'xml', /not valid XML/],
      ['[]', 'json', /not a CycloneDX document/],
      [sbomFile('spdx/software/example14/spdx2.3/examplemaven-0.0.1-enriched.spdx.json'), 'json', /not a CycloneDX document/],
      ['{"bomFormat": "CycloneDX"}', 'json', /specVersion is missing/],
      ['{"bomFormat": "CycloneDX", "specVersion": "1.1"}', 'json', /unsupported CycloneDX specVersion 1.1/],
      ['{"bomFormat": "CycloneDX", "specVersion": "1.7"}', 'json', /unsupported CycloneDX specVersion 1.7/],
      ['<bom xmlns="http://cyclonedx.org/schema/bom/1.1"/>', 'xml', /unsupported CycloneDX specVersion 1.1/],
      ['<bom/>', 'xml', /not in a http:\/\/cyclonedx.org\/schema\/bom\/1.x namespace/],
      ['<spdx xmlns="http://cyclonedx.org/schema/bom/1.4"/>', 'xml', /root element is not <bom>/],
      ['<!DOCTYPE bom [<!ENTITY a "b">]><bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>', 'xml', /DOCTYPE/],
      [cdx('SBOM/laravel-7.12.0/bom.1.4.json'), 'xml', /not valid XML/],
    ];
    for (const [input, mediaType, message] of cases) expect(() => parseCycloneDx(input, mediaType)).toThrow(message);
  });
});

describe('parsePurl', () => {
  const ok = (text: string): Purl => {
    const result = parsePurl(text);
    if (!result.ok) throw new Error(`${text}: ${result.error}`);
    return result.purl;
  };
  const error = (text: string): string => {
    const result = parsePurl(text);
    if (result.ok) throw new Error(`${text} parsed to ${JSON.stringify(result.purl)}`);
    return result.error;
  };

  it('parses the spec test suite’s valid examples to their components and canonical form', () => {
    const cases: [string, Purl, string][] = [
      [
        'pkg:maven/org.apache.commons/io@1.3.4',
        { type: 'maven', namespace: 'org.apache.commons', name: 'io', version: '1.3.4' },
        'pkg:maven/org.apache.commons/io@1.3.4',
      ],
      [
        'pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/api/annotations/',
        { type: 'golang', namespace: 'google.golang.org', name: 'genproto', version: 'abcdedf', subpath: 'googleapis/api/annotations' },
        'pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations',
      ],
      [
        'pkg:bitbucket/birKenfeld/pyGments-main@244fd47e07d1014f0aed9c',
        { type: 'bitbucket', namespace: 'birkenfeld', name: 'pygments-main', version: '244fd47e07d1014f0aed9c' },
        'pkg:bitbucket/birkenfeld/pygments-main@244fd47e07d1014f0aed9c',
      ],
      [
        'pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c',
        { type: 'github', namespace: 'package-url', name: 'purl-spec', version: '244fd47e07d1004f0aed9c' },
        'pkg:github/package-url/purl-spec@244fd47e07d1004f0aed9c',
      ],
      [
        'pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie',
        { type: 'deb', namespace: 'debian', name: 'curl', version: '7.50.3-1', qualifiers: { arch: 'i386', distro: 'jessie' } },
        'pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie',
      ],
      [
        'pkg:deb/Debian/LibC6@2.24-11+deb9u4?distro=debian-9&arch=amd64',
        { type: 'deb', namespace: 'debian', name: 'libc6', version: '2.24-11+deb9u4', qualifiers: { arch: 'amd64', distro: 'debian-9' } },
        'pkg:deb/debian/libc6@2.24-11%2Bdeb9u4?arch=amd64&distro=debian-9',
      ],
      [
        'pkg:docker/customer/dockerimage@sha256:244fd47e07d1004f0aed9c?repository_url=gcr.io',
        { type: 'docker', namespace: 'customer', name: 'dockerimage', version: 'sha256:244fd47e07d1004f0aed9c', qualifiers: { repository_url: 'gcr.io' } },
        'pkg:docker/customer/dockerimage@sha256:244fd47e07d1004f0aed9c?repository_url=gcr.io',
      ],
      [
        'pkg:gem/jruby-launcher@1.1.2?Platform=java',
        { type: 'gem', name: 'jruby-launcher', version: '1.1.2', qualifiers: { platform: 'java' } },
        'pkg:gem/jruby-launcher@1.1.2?platform=java',
      ],
      [
        'pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?repositorY_url=repo.spring.io/release&classifier=sources',
        {
          type: 'maven',
          namespace: 'org.apache.xmlgraphics',
          name: 'batik-anim',
          version: '1.9.1',
          qualifiers: { classifier: 'sources', repository_url: 'repo.spring.io/release' },
        },
        'pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io/release',
      ],
      [
        'pkg:npm/%40angular/animation@12.3.1',
        { type: 'npm', namespace: '@angular', name: 'animation', version: '12.3.1' },
        'pkg:npm/%40angular/animation@12.3.1',
      ],
      ['pkg:npm/%40MyScope/MyPackage@1.0.0', { type: 'npm', namespace: '@myscope', name: 'mypackage', version: '1.0.0' }, 'pkg:npm/%40myscope/mypackage@1.0.0'],
      // An unencoded scope '@' is not a version separator: only the last path segment carries the version.
      [
        'pkg:npm/@babel/core#/googleapis/api/annotations/',
        { type: 'npm', namespace: '@babel', name: 'core', subpath: 'googleapis/api/annotations' },
        'pkg:npm/%40babel/core#googleapis/api/annotations',
      ],
      [
        'pkg:Nuget/EnterpriseLibrary.Common@6.0.1304',
        { type: 'nuget', name: 'EnterpriseLibrary.Common', version: '6.0.1304' },
        'pkg:nuget/EnterpriseLibrary.Common@6.0.1304',
      ],
      ['pkg:PYPI/Django_package@1.11.1.dev1', { type: 'pypi', name: 'django-package', version: '1.11.1.dev1' }, 'pkg:pypi/django-package@1.11.1.dev1'],
      [
        'pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25',
        { type: 'rpm', namespace: 'fedora', name: 'curl', version: '7.50.3-1.fc25', qualifiers: { arch: 'i386', distro: 'fedora-25' } },
        'pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25',
      ],
      ['pkg://maven/org.apache.commons/io', { type: 'maven', namespace: 'org.apache.commons', name: 'io' }, 'pkg:maven/org.apache.commons/io'],
      ['pkg:///maven/org.apache.commons/io', { type: 'maven', namespace: 'org.apache.commons', name: 'io' }, 'pkg:maven/org.apache.commons/io'],
      [
        'pkg:maven/HTTPClient/HTTPClient@0.3-3',
        { type: 'maven', namespace: 'HTTPClient', name: 'HTTPClient', version: '0.3-3' },
        'pkg:maven/HTTPClient/HTTPClient@0.3-3',
      ],
      [
        'pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value',
        { type: 'maven', namespace: 'mygroup', name: 'myartifact', version: '1.0.0 Final', qualifiers: { mykey: 'my value' } },
        'pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value',
      ],
      [
        'pkg:npm/packageurl-js@0.0.7?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fpackage-url%2Fpackageurl-js.git',
        { type: 'npm', name: 'packageurl-js', version: '0.0.7', qualifiers: { vcs_url: 'git+https://github.com/package-url/packageurl-js.git' } },
        'pkg:npm/packageurl-js@0.0.7?vcs_url=git%2Bhttps://github.com/package-url/packageurl-js.git',
      ],
      [
        'pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343',
        { type: 'npm', name: 'mypackage', version: '12.4.5', qualifiers: { vcs_url: 'git://host.com/path/to/repo.git@4345abcd34343' } },
        'pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343',
      ],
      [
        'pkg:swift/github.com/Alamofire/Alamofire@5.4.3',
        { type: 'swift', namespace: 'github.com/Alamofire', name: 'Alamofire', version: '5.4.3' },
        'pkg:swift/github.com/Alamofire/Alamofire@5.4.3',
      ],
      ['pkg:cran/A3@0.9.1', { type: 'cran', name: 'A3', version: '0.9.1' }, 'pkg:cran/A3@0.9.1'],
      ['pkg:hackage/AC-HalfInteger@1.2.1', { type: 'hackage', name: 'AC-HalfInteger', version: '1.2.1' }, 'pkg:hackage/AC-HalfInteger@1.2.1'],
      [
        'pkg:npm/foo@1.0.0#src/%F0%9F%98%83/file.js',
        { type: 'npm', name: 'foo', version: '1.0.0', subpath: 'src/😃/file.js' },
        'pkg:npm/foo@1.0.0#src/%F0%9F%98%83/file.js',
      ],
      // An empty qualifier value is the same as no qualifier; '.' and '..' subpath segments are dropped.
      [
        'pkg:generic/openssl@1.1.10g?arch=&os=linux#./a/../b',
        { type: 'generic', name: 'openssl', version: '1.1.10g', qualifiers: { os: 'linux' }, subpath: 'a/b' },
        'pkg:generic/openssl@1.1.10g?os=linux#a/b',
      ],
      ['pkg:c++.pkg-x/thing', { type: 'c++.pkg-x', name: 'thing' }, 'pkg:c++.pkg-x/thing'],
    ];
    for (const [text, components, canonical] of cases) {
      expect(ok(text), text).toEqual(components);
      expect(formatPurl(ok(text)), text).toBe(canonical);
      // The canonical form is a fixed point.
      expect(formatPurl(ok(canonical)), canonical).toBe(canonical);
    }
  });

  it('rejects invalid purls with a reason', () => {
    const cases: [string, RegExp][] = [
      ['EnterpriseLibrary.Common@6.0.1304', /^scheme:/],
      ['pkg%3Amaven/org.apache.commons/io', /^scheme:/],
      ['http://example.com/npm/foo', /^scheme:/],
      ['', /^scheme:/],
      ['/', /^scheme:/],
      ['pkg:', /^type: required/],
      ['pkg:///', /^type: required/],
      ['pkg:EnterpriseLibrary.Common@6.0.1304', /^type: 'EnterpriseLibrary.Common@6.0.1304'/],
      // Parsing runs right to left, so the '?' inside this bad type is met first, as a qualifier without '='.
      ['pkg:n&g?inx/nginx@0.8.9', /^qualifiers: 'inx\/nginx@0.8.9' is not key=value/],
      ['pkg:n&ginx/nginx@0.8.9', /^type: 'n&ginx'/],
      ['pkg:3nginx/nginx@0.8.9', /^type: '3nginx'/],
      ['pkg:nginx:a/nginx@0.8.9', /^type: 'nginx:a'/],
      ['pkg:np%6Dm/foo', /^type:/],
      ['pkg:maven/@1.3.4', /^name: required/],
      ['pkg:cran/@0.9.1', /^name: required/],
      ['pkg:hackage', /^name: required/],
      ['pkg:npm/', /^name: required/],
      ['pkg:pypi/', /^name: required/],
      ['pkg:apk/alpine/@1.36.1-r27?arch=x86_64', /^name: required/],
      ['pkg:npm/foobar@', /^version: empty/],
      ['pkg:npm/myartifact@1.0.0?in%20production=true', /^qualifiers: invalid key 'in%20production'/],
      ['pkg:npm/foo@1?1arch=x', /^qualifiers: invalid key/],
      ['pkg:npm/foo@1?arch=x&ARCH=y', /^qualifiers: duplicate key 'arch'/],
      ['pkg:npm/foo@1?arch', /^qualifiers: 'arch' is not key=value/],
      ['pkg:npm/foo@1?=x', /^qualifiers: invalid key/],
      ['pkg:npm/foo%zz@1', /^name: invalid percent-encoding/],
      ['pkg:npm/foo@1#a%2Fb', /^subpath: segment 'a%2Fb' decodes to a '\/'/],
      ['pkg:maven/org%2Fapache/io', /^namespace: segment/],
      ['pkg:swift/Alamofire@5.4.3', /^namespace: required for type 'swift'/],
      ['pkg:swift/github.com/Alamofire/Alamofire', /^version: required for type 'swift'/],
      ['pkg:cran/A3', /^version: required for type 'cran'/],
    ];
    for (const [text, reason] of cases) expect(error(text), text).toMatch(reason);
  });

  it('formats built purls canonically and refuses invalid ones', () => {
    expect(formatPurl({ type: 'NPM', namespace: '@Angular', name: 'Core', version: '1.0.0', qualifiers: { b: '2', a: 'x y', c: '' } })).toBe(
      'pkg:npm/%40angular/core@1.0.0?a=x%20y&b=2',
    );
    expect(formatPurl({ type: 'generic', name: 'a/b', version: 'v/1', qualifiers: { checksum: 'sha1:ad95,sha256:41bf' } })).toBe(
      'pkg:generic/a%2Fb@v%2F1?checksum=sha1:ad95%2Csha256:41bf',
    );
    expect(ok(formatPurl({ type: 'generic', name: 'a/b', version: 'v/1' }))).toEqual({ type: 'generic', name: 'a/b', version: 'v/1' });
    expect(() => formatPurl({ type: '', name: 'x' })).toThrow(/type: required/);
    expect(() => formatPurl({ type: 'npm', name: '' })).toThrow(/name: required/);
    expect(() => formatPurl({ type: 'npm', name: 'x', qualifiers: { 'in production': 'true' } })).toThrow(/invalid key/);
  });
});
