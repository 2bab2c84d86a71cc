// Advisory documents read into their affected products, on the real advisories: CSAF 2.0 (Red Hat, Cisco, BSI,
// the VEX examples), OSV (GitHub, Debian, Go, PyPI YAML, Maven, Red Hat), CVE JSON 5 and NVD API 2.0. The
// products are what a security officer sees on an early warning: the package or CPE, the status, the versions,
// the fix. Every real document must read without throwing and name its products well.
import { describe, expect, it } from 'vitest';
import { formatCpe, parseCpe } from '@ismf/core/cpe';
import { purlPackage } from '@ismf/core/purl';
import { documentsOf } from '../../packages/early-warning/src/documents/delivery-documents.ts';
import { ORDERINGS, PRODUCT_STATUSES } from '../../packages/early-warning/src/products/affected.ts';
import type { AdvisoryProducts, AffectedProduct, ProductIdentifier } from '../../packages/early-warning/src/products/affected.ts';
import { csafProducts } from '../../packages/early-warning/src/products/csaf-products.ts';
import { normaliseModel, normaliseName, productAndModel } from '../../packages/early-warning/src/products/names.ts';
import { osvProducts } from '../../packages/early-warning/src/products/osv-products.ts';
import { PRODUCT_LIMIT, productsOf } from '../../packages/early-warning/src/products/products.ts';
import { describeWithRealdata, filesUnder, itWithRealdata, realdataText } from '../support/realdata.ts';

/** The products of the one document of a real file. */
function productsIn(path: string): AdvisoryProducts {
  const { documents, errors } = documentsOf(Buffer.from(realdataText(path)), path.endsWith('.yaml') ? 'application/yaml' : 'application/json');
  expect(errors).toEqual([]);
  expect(documents).toHaveLength(1);
  return productsOf(documents[0]!.format, documents[0]!.document);
}

function product(read: AdvisoryProducts, ref: string, status?: AffectedProduct['status']): AffectedProduct {
  const found = read.products.find((candidate) => candidate.ref === ref && (!status || candidate.status === status));
  expect(found, `${ref} ${status ?? ''}`).toBeDefined();
  return found!;
}

function packagesOf(identifiers: readonly ProductIdentifier[]): string[] {
  return identifiers.flatMap((identifier) => (identifier.kind === 'package' ? [identifier.package] : []));
}

function cpesOf(identifiers: readonly ProductIdentifier[]): string[] {
  return identifiers.flatMap((identifier) => (identifier.kind === 'cpe' ? [identifier.cpe] : []));
}

describe('names', () => {
  it('drops legal forms and punctuation, so the same vendor written two ways is one name', () => {
    expect(normaliseName('Siemens AG')).toBe('siemens');
    expect(normaliseName('SIEMENS')).toBe('siemens');
    expect(normaliseName('Cisco Systems, Inc.')).toBe('cisco systems');
    expect(normaliseName('Schneider Electric S.A.')).toBe('schneider electric');
    expect(normaliseName('Foo GmbH & Co. KG')).toBe('foo');
    expect(normaliseName('ACME N.V.')).toBe('acme');
    expect(normaliseName('Node.js®')).toBe('node.js');
    expect(normaliseName('enterprise_linux')).toBe('enterprise linux');
    // "SE" is an edition, not a legal form here; a lone legal word stays.
    expect(normaliseName('Java SE')).toBe('java se');
    expect(normaliseName('AG')).toBe('ag');
  });

  it('is idempotent: the matcher normalises names the readers already normalised', () => {
    for (const name of ['Siemens AG', 'SIMATIC S7-1500 CPU', 'Red Hat Enterprise Linux AppStream AUS (v.8.6)', 'Foo Co., Ltd.']) {
      expect(normaliseName(normaliseName(name))).toBe(normaliseName(name));
    }
  });

  it('splits an order number in parentheses off a product name, and leaves versions in parentheses alone', () => {
    expect(productAndModel('SIMATIC S7-1500 CPU (6ES7511-1AK02-0AB0)')).toEqual({ product: 'simatic s7-1500 cpu', models: ['6ES7511-1AK02-0AB0'] });
    expect(productAndModel('SCALANCE X (6GK5 204-2BB10-2AA3, 6GK5204-2BC10-2AA3)')).toEqual({
      product: 'scalance x',
      models: ['6GK5204-2BB10-2AA3', '6GK5204-2BC10-2AA3'],
    });
    expect(productAndModel('Red Hat Enterprise Linux AppStream AUS (v.8.6)')).toEqual({ product: 'red hat enterprise linux appstream aus v.8.6', models: [] });
    expect(productAndModel('SIMATIC (incl. SIPLUS variants)').models).toEqual([]);
    expect(productAndModel('Foo (x86_64)').models).toEqual([]);
    expect(normaliseModel('6es7 511-1ak02-0ab0')).toBe('6ES7511-1AK02-0AB0');
  });
});

describeWithRealdata('CSAF products', () => {
  it('Red Hat RHSA-2021:5186: components of OpenShift 4.6, the not-affected one with its platform', () => {
    const read = productsIn('csaf/examples/csaf/rhsa-2021_5186.json');
    expect(read.products.map((p) => p.status).sort()).toEqual(['fixed', 'not-affected', 'not-affected']);
    expect(read.unresolved).toEqual([]);
    const bundle = product(
      read,
      '8Base-RHOSE-4.6:openshift4/ose-metering-ansible-operator-bundle:v4.6.0.202112161349.p0.gd74112d.assembly.art3595-1',
      'not-affected',
    );
    expect(bundle.vulnerabilities).toEqual(['CVE-2021-4104', 'CVE-2021-4125']);
    expect(bundle.platforms).toHaveLength(1);
    expect(bundle.platforms![0]!.label).toBe('Red Hat OpenShift Container Platform 4.6');
    // The 2.2 URI cpe:/a:redhat:openshift:4.6::el8 as a 2.3 name, and the product by name.
    expect(bundle.platforms![0]!.identifiers).toEqual([
      { kind: 'cpe', vendor: 'redhat', product: 'openshift', cpe: 'cpe:2.3:a:redhat:openshift:4.6:*:el8:*:*:*:*:*', version: '4.6' },
      { kind: 'name', vendor: 'red hat', product: 'red hat openshift container platform 4.6' },
    ]);
    expect(bundle.platforms![0]!.range?.versions).toEqual(['4.6']);
    const hive = product(read, '8Base-RHOSE-4.6:openshift4/ose-metering-hive:v4.6.0-202112160147.p0.gf139e12.assembly.stream');
    expect(hive.status).toBe('fixed');
    expect(hive.remediations[0]).toMatchObject({ category: 'vendor_fix', url: 'https://access.redhat.com/errata/RHSA-2021:5186' });
  });

  it('Cisco cisco-sa-20180328-smi2: every IOS release affected, by service pack, with the workaround', () => {
    const read = productsIn('csaf/examples/csaf/cisco-sa-20180328-smi2.json');
    expect(read.products).toHaveLength(259);
    expect(read.products.every((p) => p.status === 'affected' && p.vulnerabilities.join() === 'CVE-2018-0171')).toBe(true);
    const ios = product(read, 'CVRFPID-103763');
    expect(ios.label).toBe('Cisco IOS 12.2SE 12.2(55)SE');
    expect(ios.identifiers).toEqual([{ kind: 'name', vendor: 'cisco', product: 'ios' }]);
    // The service pack under product_version 12.2SE is the whole version.
    expect(ios.range).toMatchObject({ ordering: 'generic', versions: ['12.2(55)SE'], intervals: [] });
    expect(ios.remediations.map((r) => r.category)).toEqual(['workaround']);
  });

  it('BSI-2022-0001: the affected pre-releases get the fixed product’s version 1.0.0-rc2', () => {
    const read = productsIn('csaf/examples/csaf/bsi-2022-0001.json');
    const alpha = product(read, 'CSAFPID-0001');
    expect(alpha.status).toBe('affected');
    expect(alpha.identifiers).toContainEqual({
      kind: 'cpe',
      vendor: 'csaf-tools',
      product: 'cvrf-csaf-converter',
      cpe: 'cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha:*:*:*:*:*:*:*',
      version: '1.0.0-alpha',
    });
    expect(alpha.identifiers).toContainEqual({ kind: 'name', vendor: 'csaf tools', product: 'cvrf-csaf-converter' });
    expect(alpha.range.versions).toEqual(['1.0.0-alpha']);
    expect(alpha.fixedVersions).toEqual(['1.0.0-rc2']);
    expect(alpha.remediations[0]).toMatchObject({ category: 'vendor_fix', fixedVersion: '1.0.0-rc2' });
    // first_fixed and fixed name the same product: one product, status fixed.
    expect(read.products.filter((p) => p.ref === 'CSAFPID-0006').map((p) => p.status)).toEqual(['fixed']);
    expect(read.products.filter((p) => p.status === 'affected')).toHaveLength(5);
  });

  it('the VEX examples: not affected with its justification, fixed, under investigation, ranges', () => {
    const vex = (name: string) => productsIn(`csaf/examples/csaf/csaf_vex/${name}`);
    const secvisogram = product(vex('sec-vex-2022-0001.json'), 'CSAFPID-0001');
    expect(secvisogram.status).toBe('not-affected');
    expect(secvisogram.justification).toBe('component_not_present: Secvisogram is written in JavaScript. No Java is included.');
    expect(secvisogram.vulnerabilities).toEqual(['CVE-2021-44228', 'CVE-2021-45046', 'CVE-2021-45105']);
    expect(secvisogram.range).toMatchObject({ intervals: [{ to: { version: '1.14.0', inclusive: true } }], text: '<=1.14.0' });

    expect(product(vex('2022-evd-uc-01-na-001.json'), 'CSAFPID-0001').justification).toBe('Class with vulnerable code was removed before shipping.');
    expect(product(vex('2022-evd-uc-01-f-001.json'), 'CSAFPID-0001').status).toBe('fixed');
    expect(product(vex('2022-evd-uc-01-ui-001.json'), 'CSAFPID-0001').status).toBe('under-investigation');
    expect(product(vex('2022-evd-uc-05-001.json'), 'CSAFPID-0001').range).toMatchObject({ all: true, text: 'vers:all/*' });
    expect(product(vex('2022-evd-uc-04-001.json'), 'CSAFPID-0004').range.intervals).toEqual([
      { from: { version: '2.9', inclusive: true }, to: { version: '4.1', inclusive: true } },
    ]);

    // uc-08: JKL 4.5–5.0 affected by Log4Shell, fixed in 5.1 and 5.2 (recommended); 5.1 is affected by CVE-2021-45105.
    const uc08 = vex('2022-evd-uc-08-001.json');
    expect(product(uc08, 'CSAFPID-0008').fixedVersions).toEqual(['5.1', '5.2']);
    expect(product(uc08, 'CSAFPID-0011').vulnerabilities).toEqual(['CVE-2021-44228', 'CVE-2021-45105']);
    expect(product(uc08, 'CSAFPID-0010', 'affected')).toMatchObject({ vulnerabilities: ['CVE-2021-45105'], fixedVersions: ['5.2'] });
    expect(product(uc08, 'CSAFPID-0010', 'fixed').vulnerabilities).toEqual(['CVE-2021-44228']);

    // A product family alone names the product.
    const family = product(vex('2022-evd-uc-09-001.json'), 'CSAFPID-0001');
    expect(family).toMatchObject({ status: 'not-affected', identifiers: [{ kind: 'name', vendor: 'example', product: 'prod alpha' }], range: { all: true } });
  });

  it('an unknown product id and an unreadable range are unresolved, the product kept with the range unsupported', () => {
    const read = csafProducts({
      product_tree: {
        branches: [
          {
            category: 'vendor',
            name: 'Siemens AG',
            branches: [
              {
                category: 'product_name',
                name: 'SIMATIC S7-1500 CPU (6ES7511-1AK02-0AB0)',
                branches: [{ category: 'product_version_range', name: 'all versions of the year 2020', product: { product_id: 'P1', name: 'S7-1500' } }],
              },
            ],
          },
        ],
      },
      vulnerabilities: [
        {
          cve: 'CVE-2099-0001',
          product_status: { known_affected: ['P1', 'P9'] },
          threats: [{ category: 'exploit_status', details: 'Exploited in the wild.' }],
        },
      ],
    });
    expect(read.products).toHaveLength(1);
    expect(read.products[0]).toMatchObject({
      identifiers: [{ kind: 'name', vendor: 'siemens', product: 'simatic s7-1500 cpu', models: ['6ES7511-1AK02-0AB0'] }],
      exploitation: 'Exploited in the wild.',
    });
    expect(read.products[0]!.range.unsupported).toBeTruthy();
    expect(read.unresolved.map((u) => u.ref).sort()).toEqual(['P1', 'P9']);
    expect(read.unresolved.find((u) => u.ref === 'P9')?.reason).toContain('not in the product tree');
  });
});

describeWithRealdata('OSV products', () => {
  it('GHSA-9wv6-86v2-598j: path-to-regexp in five ranges, each with its fix, the package an SBOM names', () => {
    const read = productsIn('osv/npm-ghsa/GHSA-9wv6-86v2-598j.json');
    expect(read.products).toHaveLength(5);
    for (const p of read.products) {
      expect(packagesOf(p.identifiers)).toEqual([purlPackage('pkg:npm/path-to-regexp@0.1.7')!.package]);
      expect(p.vulnerabilities).toEqual(['CVE-2024-45296']);
      expect(p.range.ordering).toBe('npm');
    }
    expect(packagesOf(read.products[0]!.identifiers)).toEqual(['npm/path-to-regexp']);
    expect(read.products.map((p) => p.fixedVersions)).toEqual([['0.1.10'], ['1.9.0'], ['8.0.0'], ['3.3.0'], ['6.3.0']]);
    expect(read.products[1]!.range.intervals).toEqual([{ from: { version: '0.2.0', inclusive: true }, to: { version: '1.9.0', inclusive: false } }]);
    expect(read.products[0]!.remediations).toEqual([{ category: 'vendor_fix', details: 'Fixed in 0.1.10.', fixedVersion: '0.1.10' }]);
  });

  it('DSA-3029-1: nginx in Debian 7, with the distro qualifier an SBOM carries', () => {
    const [nginx] = productsIn('osv/debian/DSA-3029-1.json').products;
    expect(nginx!.identifiers).toEqual([
      { kind: 'package', package: 'deb/debian/nginx', purl: 'pkg:deb/debian/nginx?distro=debian-7', qualifiers: { distro: 'debian-7' }, ecosystem: 'Debian:7' },
    ]);
    expect(purlPackage('pkg:deb/debian/nginx@1.2.1-2.2%2Bwheezy2?arch=amd64&distro=debian-7')!.package).toBe('deb/debian/nginx');
    expect(nginx!.range.ordering).toBe('debian');
    expect(nginx!.fixedVersions).toEqual(['1.2.1-2.2+wheezy3']);
  });

  it('Go, PyPI (YAML) and Maven records name the packages as their PURLs do', () => {
    const go = productsIn('osv/go/GO-2024-2687.json');
    expect(go.products.map((p) => packagesOf(p.identifiers)[0])).toEqual(['golang/stdlib', purlPackage('pkg:golang/golang.org/x/net@v0.22.0')!.package]);
    expect(go.products[0]).toMatchObject({ range: { ordering: 'go' }, fixedVersions: ['1.21.9', '1.22.2'], vulnerabilities: ['CVE-2023-45288'] });

    const [requests] = productsIn('osv/pypi-pysec-yaml/PYSEC-2023-74.yaml').products;
    expect(packagesOf(requests!.identifiers)).toEqual([purlPackage('pkg:pypi/requests@2.30.0')!.package]);
    // The GIT range is set aside: its fix is a commit, and the versions list stands for it.
    expect(requests!.fixedVersions).toEqual(['2.31.0']);
    expect(requests!.range.unsupported).toBeUndefined();
    expect(requests!.range.versions).toContain('2.30.0');
    expect(requests!.range.intervals).toEqual([{ from: { version: '2.3.0', inclusive: true }, to: { version: '2.31.0', inclusive: false } }]);

    const [xwiki] = productsIn('osv/misc/ghsa-raw-vs-osv/maven_greater_than.osv.json').products;
    expect(packagesOf(xwiki!.identifiers)).toEqual([purlPackage('pkg:maven/org.xwiki.commons/xwiki-commons-core@12.10.1')!.package]);
    expect(xwiki!.range.intervals).toHaveLength(3);
    expect(xwiki!.fixedVersions).toEqual(['12.10.2', '12.6.7', '11.10.13']);

    const [pypi] = productsIn('osv/misc/ghsa-raw-vs-osv/pypi_normalize.osv.json').products;
    expect(packagesOf(pypi!.identifiers)).toEqual([purlPackage('pkg:pypi/Products_PluggableAuthService@2.6.0')!.package]);
  });

  it('Red Hat RHSA-2024:4546 names the same packages and platforms in CSAF and in OSV', () => {
    const csaf = productsIn('osv/misc/redhat-csaf-to-osv/rhsa-2024_4546.csaf.json');
    const osv = productsIn('osv/misc/redhat-csaf-to-osv/RHSA-2024_4546.osv.json');
    const purls = new Set(csaf.products.flatMap((p) => p.identifiers.flatMap((i) => (i.kind === 'package' ? [i.purl] : []))));
    expect(purls.size).toBe(7);
    const platformCpes = new Set(csaf.products.flatMap((p) => (p.platforms ?? []).flatMap((platform) => cpesOf(platform.identifiers))));
    expect([...platformCpes].sort()).toEqual([
      'cpe:2.3:a:redhat:rhel_aus:8.6:*:appstream:*:*:*:*:*',
      'cpe:2.3:a:redhat:rhel_e4s:8.6:*:appstream:*:*:*:*:*',
      'cpe:2.3:a:redhat:rhel_tus:8.6:*:appstream:*:*:*:*:*',
    ]);
    const packages = (read: AdvisoryProducts) => [...new Set(read.products.flatMap((p) => packagesOf(p.identifiers)))].sort();
    expect(packages(csaf)).toEqual(['rpm/redhat/git-lfs', 'rpm/redhat/git-lfs-debuginfo', 'rpm/redhat/git-lfs-debugsource']);
    expect(packages(osv)).toEqual(packages(csaf));
    // CSAF: the fixed builds; OSV: affected below the fix, in RPM order that is not compared here.
    expect(csaf.products.every((p) => p.status === 'fixed' && p.range.versions.join() === '2.13.3-3.el8_6.1')).toBe(true);
    expect(osv.products[0]).toMatchObject({ status: 'affected', fixedVersions: ['0:2.13.3-3.el8_6.1'], vulnerabilities: ['CVE-2023-45288'] });
    expect(osv.products[0]!.range.unsupported).toContain('RPM');
  });

  it('a GIT-only range is unsupported and listed; a withdrawn record names nothing', () => {
    const read = osvProducts({
      id: 'OSV-2099-1',
      modified: '2099-01-01T00:00:00Z',
      aliases: ['CVE-2099-1234'],
      affected: [
        {
          package: { ecosystem: 'crates.io', name: 'foo' },
          ranges: [{ type: 'GIT', repo: 'https://example.org/foo', events: [{ introduced: '0' }, { fixed: 'abc123' }] }],
        },
      ],
    });
    expect(read.products[0]).toMatchObject({ identifiers: [{ kind: 'package', package: 'cargo/foo' }], fixedVersions: [], vulnerabilities: ['CVE-2099-1234'] });
    expect(read.products[0]!.range.unsupported).toContain('GIT');
    expect(read.unresolved).toHaveLength(1);
    expect(productsIn('osv/misc/ghsa-raw-vs-osv/withdrawn.osv.json')).toEqual({ products: [], unresolved: [] });
  });
});

describeWithRealdata('CVE JSON 5 products', () => {
  it('CVE-2024-3094: xz 5.6.0 and 5.6.1 affected; xz on RHEL 6–10 not affected, RHEL by its CPE as the platform', () => {
    const read = productsIn('cve/cve5/CVE-2024-3094.json');
    const xz = product(read, 'cna.affected[0]');
    expect(xz).toMatchObject({ status: 'affected', range: { versions: ['5.6.0', '5.6.1'] } });
    expect(xz.identifiers).toContainEqual({ kind: 'name', vendor: 'tukaani-project', product: 'xz' });
    const rhel9 = product(read, 'cna.affected[5]');
    expect(rhel9).toMatchObject({ status: 'not-affected', label: 'xz in Red Hat Enterprise Linux 9', range: { all: true } });
    expect(packagesOf(rhel9.identifiers)).toEqual(['rpm/redhat/xz']);
    expect(cpesOf(rhel9.platforms![0]!.identifiers)).toEqual(['cpe:2.3:o:redhat:enterprise_linux:9:*:*:*:*:*:*:*']);
  });

  it('CVE-2021-44228: Log4j2 from 2.0-beta9, whose "lessThan" is no version: unsupported, the changes not read', () => {
    const read = productsIn('cve/cve5/CVE-2021-44228.json');
    const log4j = product(read, 'cna.affected[0]');
    expect(log4j.identifiers).toEqual([{ kind: 'name', vendor: 'apache software foundation', product: 'apache log4j2' }]);
    expect(log4j.range.unsupported).toBe('"log4j-core*" is not a version');
    expect(log4j.range.text).toBe('>= 2.0-beta9, < log4j-core*');
    expect(read.unresolved.map((u) => u.ref)).toEqual(['cna.affected[0].versions[0]', 'cna.affected[0]']);
  });

  it('reads semver bounds with their fix, the CPE, vendor ranges in words, and n/a as nothing', () => {
    const gitlab = productsIn('cve/cve5/CVE-2025-1110.json').products[0]!;
    expect(cpesOf(gitlab.identifiers)).toEqual(['cpe:2.3:a:gitlab:gitlab:*:*:*:*:*:*:*:*']);
    expect(gitlab).toMatchObject({ range: { ordering: 'semver', intervals: [{ from: { version: '18.0' }, to: { version: '18.0.1', inclusive: false } }] } });
    expect(gitlab.fixedVersions).toEqual(['18.0.1']);
    const urllib3 = productsIn('cve/cve5/CVE-2023-45803.json').products[0]!;
    expect(urllib3.range.intervals).toEqual([
      { from: { version: '2.0.0', inclusive: true }, to: { version: '2.0.7', inclusive: false } },
      { to: { version: '1.26.18', inclusive: false } },
    ]);
    const protobuf = productsIn('cve/cve5/CVE-2025-4565.json').products;
    expect(packagesOf(protobuf[1]!.identifiers)).toEqual([purlPackage('pkg:pypi/protobuf@5.29.4')!.package]);
    const kernel = productsIn('cve/cve5/CVE-2025-21631.json');
    expect(product(kernel, 'cna.affected[0]').range.unsupported).toContain('git');
    expect(product(kernel, 'cna.affected[1]', 'not-affected').range.intervals).toContainEqual({
      from: { version: '5.15.177', inclusive: true },
      to: { version: '5.16.0', inclusive: false },
    });
    const none = productsIn('cve/cve5/CVE-2016-1897.json');
    expect(none.products).toEqual([]);
    expect(none.unresolved[0]!.reason).toContain('names no product');
  });
});

describeWithRealdata('NVD products', () => {
  it('CVE-2023-4863: 14 CPE matches, 8 with bounds, as 12 products (one per CPE), fixes from the excluding ends', () => {
    const read = productsIn('cve/nvd-api-2.0/CVE-2023-4863.json');
    expect(read.products).toHaveLength(12);
    expect(read.products.reduce((count, p) => count + p.range.intervals.length + p.range.versions.length, 0)).toBe(14);
    expect(read.products.reduce((count, p) => count + p.range.intervals.length, 0)).toBe(8);
    const chrome = product(read, 'cpe:2.3:a:google:chrome:*:*:*:*:*:*:*:*');
    expect(chrome).toMatchObject({ status: 'affected', range: { ordering: 'generic', intervals: [{ to: { version: '116.0.5845.187', inclusive: false } }] } });
    expect(chrome.fixedVersions).toEqual(['116.0.5845.187']);
    expect(product(read, 'cpe:2.3:a:mozilla:firefox_esr:*:*:*:*:*:*:*:*').fixedVersions).toEqual(['102.15.1', '115.2.1']);
    expect(product(read, 'cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*').range.versions).toEqual(['12.0']);
    expect(product(read, 'cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:*').identifiers).toEqual([
      { kind: 'cpe', vendor: 'webmproject', product: 'libwebp', cpe: 'cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:*' },
    ]);
  });

  it('AND configurations: the vulnerable firmware on the hardware it runs on', () => {
    const esp = productsIn('cve/nvd-api-2.0/CVE-2020-13595.json').products;
    expect(esp).toHaveLength(1);
    expect(esp[0]!.range.intervals).toEqual([{ from: { version: '4.0.0', inclusive: true }, to: { version: '4.2', inclusive: true } }]);
    expect(esp[0]!.fixedVersions).toEqual([]);
    expect(esp[0]!.platforms).toEqual([
      {
        label: 'cpe:2.3:h:espressif:esp32:-:*:*:*:*:*:*:*',
        identifiers: [{ kind: 'cpe', vendor: 'espressif', product: 'esp32', cpe: 'cpe:2.3:h:espressif:esp32:-:*:*:*:*:*:*:*' }],
        range: { ordering: 'generic', all: true, intervals: [], versions: [], text: '*' },
      },
    ]);
    const aspen = productsIn('cve/nvd-api-2.0/CVE-2023-24256.json').products;
    expect(aspen.map((p) => [p.ref, p.fixedVersions, p.platforms?.map((platform) => platform.label)])).toEqual([
      ['cpe:2.3:o:nio:aspen:*:*:*:*:*:*:*:*', ['3.3.0'], ['cpe:2.3:h:nio:ec6:-:*:*:*:*:*:*:*']],
    ]);
  });

  it('a CVE NVD has not analysed yet names no product and says so', () => {
    const read = productsIn('cve/nvd-api-2.0/CVE-2023-5341.json');
    expect(read.products).toEqual([]);
    expect(read.unresolved).toEqual([
      { ref: 'CVE-2023-5341', text: 'Undergoing Analysis', reason: 'not yet analysed by NVD (Undergoing Analysis): no CPE configurations' },
    ]);
  });
});

describe('productsOf', () => {
  it('caps the products at PRODUCT_LIMIT and says so', () => {
    const affected = Array.from({ length: PRODUCT_LIMIT + 2 }, (_, i) => ({ package: { ecosystem: 'npm', name: `p${i}` } }));
    const read = productsOf('osv', { id: 'X-1', modified: '2099-01-01T00:00:00Z', affected });
    expect(read.products).toHaveLength(PRODUCT_LIMIT);
    expect(read.unresolved.at(-1)?.reason).toContain(`more than ${PRODUCT_LIMIT} products`);
  });
});

function checkWellFormed(path: string, read: AdvisoryProducts): void {
  const checkIdentifier = (identifier: ProductIdentifier) => {
    if (identifier.kind === 'package') {
      expect(identifier.package, path).toMatch(/^[a-z][a-z0-9.+-]*\/\S/);
      if (identifier.purl) expect(purlPackage(identifier.purl)?.package, path).toBe(identifier.package);
    } else if (identifier.kind === 'cpe') {
      const parsed = parseCpe(identifier.cpe);
      expect(parsed.ok, `${path}: ${identifier.cpe}`).toBe(true);
      if (parsed.ok) expect(formatCpe(parsed.cpe)).toBe(identifier.cpe);
      expect(identifier.vendor && identifier.product, path).toBeTruthy();
    } else {
      expect(identifier.product, `${path}: ${JSON.stringify(identifier)}`).not.toBe('');
      expect(normaliseName(identifier.product)).toBe(identifier.product);
    }
  };
  for (const p of read.products) {
    expect(PRODUCT_STATUSES, path).toContain(p.status);
    expect(ORDERINGS, path).toContain(p.range.ordering);
    expect(p.identifiers.length, `${path} ${p.ref}`).toBeGreaterThan(0);
    expect(p.vulnerabilities.length, `${path} ${p.ref}`).toBeGreaterThan(0);
    p.identifiers.forEach(checkIdentifier);
    for (const platform of p.platforms ?? []) platform.identifiers.forEach(checkIdentifier);
  }
  for (const u of read.unresolved) expect(u.reason, path).not.toBe('');
}

describeWithRealdata('every real advisory', () => {
  const sweep = (folder: string, endings: string[]) => {
    let documents = 0;
    let products = 0;
    for (const path of filesUnder(folder, endings)) {
      const read = documentsOf(Buffer.from(realdataText(path)), path.endsWith('.yaml') ? 'application/yaml' : 'application/json');
      for (const document of read.documents) {
        const result = productsOf(document.format, document.document);
        checkWellFormed(path, result);
        documents++;
        products += result.products.length;
      }
    }
    return { documents, products };
  };

  itWithRealdata('CSAF: every document reads, every product well named', () => {
    const { documents, products } = sweep('csaf', ['.json']);
    expect(documents).toBeGreaterThanOrEqual(15);
    expect(products).toBeGreaterThan(300);
  });

  itWithRealdata('OSV (JSON and YAML): every record reads, every package well named', () => {
    const { documents, products } = sweep('osv', ['.json', '.yaml']);
    expect(documents).toBeGreaterThanOrEqual(50);
    expect(products).toBeGreaterThan(50);
  });

  itWithRealdata('CVE JSON 5 and NVD: every record reads, every product well named', () => {
    const { documents, products } = sweep('cve', ['.json']);
    expect(documents).toBeGreaterThanOrEqual(45);
    expect(products).toBeGreaterThan(40);
  });
});
