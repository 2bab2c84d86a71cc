// Our PURL parser pinned against packageurl-js (the package-url project's own JavaScript parser) on every
// PURL in the real SBOMs and advisories of ../shared/realdata: both read each the same, or fail alike, but
// for the divergences listed below with their reasons. A new divergence, or a listed one that has gone
// (either side changed), fails the test: decide which side is right, then change the list.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { PackageURL } from 'packageurl-js';
import { expect, it } from 'vitest';
import { parsePurl, type Purl } from '@ismf/core/purl';
import { describeWithRealdata, HAS_REALDATA, REALDATA } from '../support/realdata.ts';

type Reading = { ok: true; purl: Purl } | { ok: false; error: string };

/** Each distinct PURL string and the first file it is found in. */
function collectPurls(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (value: string, file: string) => {
    if (!found.has(value)) found.set(value, relative(REALDATA, file));
  };
  // Any string that is a PURL (CycloneDX purl and bom-ref, SPDX externalRefs, OSV, CSAF), and whatever a
  // `purl` field holds, malformed or not (osv-scanner's bad-purls case).
  const visit = (value: unknown, file: string, key?: string): void => {
    if (Array.isArray(value)) value.forEach((item) => visit(item, file, key));
    else if (value !== null && typeof value === 'object') for (const [name, item] of Object.entries(value)) visit(item, file, name);
    else if (typeof value === 'string' && (value.startsWith('pkg:') || key === 'purl')) add(value, file);
  };
  const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
  const files = readdirSync(REALDATA, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  for (const file of files.map((entry) => join(entry.parentPath, entry.name)).sort()) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('pkg:')) continue;
    const type = extname(file);
    if (type === '.json') visit(JSON.parse(text), file);
    else if (type === '.xml') visit(xml.parse(text), file);
    // OSV's PyPI records in YAML: one `purl:` line per affected package.
    else if (type === '.yaml') for (const match of text.matchAll(/^\s*purl:\s*(\S+)\s*$/gm)) add(match[1]!, file);
  }
  return found;
}

function ours(text: string): Reading {
  return parsePurl(text);
}

/** packageurl-js's reading in our shape: absent and empty components left out. */
function theirs(text: string): Reading {
  try {
    const parsed = PackageURL.fromString(text);
    const purl: Purl = { type: parsed.type, name: parsed.name };
    if (parsed.namespace) purl.namespace = parsed.namespace;
    if (parsed.version) purl.version = parsed.version;
    if (parsed.qualifiers && Object.keys(parsed.qualifiers).length) purl.qualifiers = { ...parsed.qualifiers };
    if (parsed.subpath) purl.subpath = parsed.subpath;
    return { ok: true, purl };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

const sorted = (value: unknown): unknown =>
  value !== null && typeof value === 'object'
    ? Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
      )
    : value;

/** The same reading: both refuse the string, or both give the same components. */
function agree(a: Reading, b: Reading): boolean {
  if (!a.ok || !b.ok) return a.ok === b.ok;
  return JSON.stringify(sorted(a.purl)) === JSON.stringify(sorted(b.purl));
}

interface Divergence {
  why: string;
  /** The difference as it stands, so that a divergence of another kind on the same string is not taken for it. */
  expect(ours: Reading, theirs: Reading): void;
}

/** '+' in a qualifier value: packageurl-js reads the qualifiers with URLSearchParams, whose form decoding turns it into a space. */
const plusInQualifier = (qualifier: string): Divergence => ({
  why: `'+' in the ${qualifier} qualifier: the PURL spec percent-decodes qualifier values, so '+' stays '+' (Debian versions carry it); packageurl-js decodes it as a space (URLSearchParams, form encoding)`,
  expect(a, b) {
    if (!a.ok || !b.ok) throw new Error('both read it');
    expect(a.purl.qualifiers![qualifier]).toContain('+');
    expect(b.purl).toEqual({ ...a.purl, qualifiers: { ...a.purl.qualifiers, [qualifier]: a.purl.qualifiers![qualifier]!.replaceAll('+', ' ') } });
  },
});

const KNOWN_DIVERGENCES: Record<string, Divergence> = {
  'pkg:apk/alpine/@1.36.1-r27?arch=x86_64&upstream=busybox&distro=alpine-3.17.2': {
    why: "no name before '@' (osv-scanner's bad-purls case): we refuse it, name: required; packageurl-js takes an '@' right after '/' as part of the name (its leniency for unencoded npm scopes) and reads the name '@1.36.1-r27' with no version",
    expect(a, b) {
      expect(a).toEqual({ ok: false, error: 'name: required' });
      expect(b).toMatchObject({ ok: true, purl: { type: 'apk', namespace: 'alpine', name: '@1.36.1-r27' } });
      expect(b.ok && b.purl.version).toBeUndefined();
    },
  },
  'pkg:deb/debian/bsdutils@1:2.29.2-1+deb9u1?arch=amd64&upstream=util-linux%402.29.2-1+deb9u1&distro=debian-9': plusInQualifier('upstream'),
  'pkg:deb/debian/bsdutils@1:2.29.2-1+deb9u1?arch=amd64&upstream=util-linux%402.29.2-1+deb9u1&distro=debian-9&package-id=30092af40321c6bc':
    plusInQualifier('upstream'),
  'pkg:deb/debian/libgcc1@1:6.3.0-18+deb9u1?arch=amd64&upstream=gcc-6%406.3.0-18+deb9u1&distro=debian-9': plusInQualifier('upstream'),
  'pkg:deb/debian/libgcc1@1:6.3.0-18+deb9u1?arch=amd64&upstream=gcc-6%406.3.0-18+deb9u1&distro=debian-9&package-id=af08b921c1b9b46b':
    plusInQualifier('upstream'),
};

describeWithRealdata('parsePurl against packageurl-js on the real PURLs', () => {
  const purls = HAS_REALDATA ? collectPurls() : new Map<string, string>();

  it('finds every PURL of the real SBOMs and advisories', () => {
    // Distinct strings, first found in 25 files: CycloneDX purl and bom-ref (JSON and XML), SPDX 2.x externalRefs and
    // 3.0 packageUrl, OSV affected packages (JSON and YAML), CSAF product helpers.
    expect(purls.size).toBe(616);
    expect(new Set(purls.values()).size).toBe(25);
    expect([...purls.keys()].filter((text) => !text.startsWith('pkg:'))).toEqual(['/']);
  });

  it('reads each the same, or refuses it alike, but for the known divergences', () => {
    const divergent = [...purls.keys()].filter((text) => !agree(ours(text), theirs(text)));
    expect(divergent.sort()).toEqual(Object.keys(KNOWN_DIVERGENCES).sort());
    // Both refuse only the negative cases: CSAF's mandatory test 6.1.13 (an invalid PURL) and osv-scanner's bad PURLs.
    const refused = [...purls].filter(([text]) => !ours(text).ok && !theirs(text).ok);
    expect(new Map(refused)).toEqual(
      new Map([
        ['pkg:maven/@1.3.4', 'csaf/test/validator/data/mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-13-01.json'],
        ['pkg:pypi/', 'sbom/cyclonedx/osv-scanner-testdata/bad-purls.cdx.xml'],
        ['pkg:///', 'sbom/cyclonedx/osv-scanner-testdata/bad-purls.cdx.xml'],
        ['/', 'sbom/cyclonedx/osv-scanner-testdata/bad-purls.cdx.xml'],
      ]),
    );
  });

  for (const [text, divergence] of Object.entries(KNOWN_DIVERGENCES)) {
    it(`diverges on ${text} as listed: ${divergence.why}`, () => {
      expect(purls.has(text), 'the PURL is still in the real data').toBe(true);
      divergence.expect(ours(text), theirs(text));
    });
  }
});
