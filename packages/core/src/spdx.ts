// SPDX 2.2/2.3 JSON SBOM reader, giving the same result as the CycloneDX reader so that both import alike:
// the package the document DESCRIBES is the metadata component, every other package a component.
// Per-package faults (bad PURL, missing name) are reported on the component; only a document that is not
// SPDX 2.2/2.3 JSON at all throws. SPDX 3.0 (JSON-LD) is refused by name until it is read.
import type { SbomComponent, SbomParseResult } from './cyclonedx.ts';
import { parsePurl } from './purl.ts';

const SUPPORTED_VERSIONS = new Set(['SPDX-2.2', 'SPDX-2.3']);
export const SPDX3_REFUSAL = 'SPDX 3.0 is not accepted yet; send SPDX 2.2/2.3 JSON or CycloneDX';
const SPDX3_CONTEXT = /spdx\.org\/rdf\/3\./;
// How far into a body the sniffing looks: the version and context keys lead in every real document.
const SNIFF_CHARS = 4096;

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** Trimmed text, or undefined for absent, empty, NOASSERTION and NONE (SPDX's "no value"). */
function text(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const trimmed = v.trim();
  return trimmed === '' || trimmed === 'NOASSERTION' || trimmed === 'NONE' ? undefined : trimmed;
}

/** "Organization: ACME (ops@acme.example)" or "Person: …" names its supplier without the kind and address. */
function supplierName(v: unknown): string | undefined {
  const value = text(v);
  if (value === undefined) return undefined;
  const name = value
    .replace(/^(Organization|Person|Tool)\s*:\s*/i, '')
    .replace(/\s*\([^()]*\)\s*$/, '')
    .trim();
  return name === '' ? undefined : name;
}

/** True for a JSON body that names itself SPDX (2.x `spdxVersion`, or a 3.x JSON-LD context) near its start. */
export function looksLikeSpdx(body: string): boolean {
  const head = body.slice(0, SNIFF_CHARS);
  return /^\s*\{/.test(head) && (/"spdxVersion"\s*:/.test(head) || (/"@context"/.test(head) && SPDX3_CONTEXT.test(head)));
}

function isSpdx3(doc: Raw): boolean {
  if (typeof doc.spdxVersion === 'string' && /^SPDX-3\./.test(doc.spdxVersion)) return true;
  return list(doc['@context']).some((context) => typeof context === 'string' && SPDX3_CONTEXT.test(context));
}

function toComponent(raw: Raw): SbomComponent {
  const problems: string[] = [];
  const name = text(raw.name);
  if (name === undefined) problems.push('name: required');
  const component: SbomComponent = { name: name ?? '', problems };
  const ref = text(raw.SPDXID);
  if (ref !== undefined) component.ref = ref;
  const purpose = text(raw.primaryPackagePurpose);
  if (purpose !== undefined) component.type = purpose.toLowerCase().replace(/_/g, '-');
  const version = text(raw.versionInfo);
  if (version !== undefined) component.version = version;
  const supplier = supplierName(raw.supplier) ?? supplierName(raw.originator);
  if (supplier !== undefined) component.supplier = supplier;
  const licence = text(raw.licenseConcluded) ?? text(raw.licenseDeclared);
  if (licence !== undefined) component.licence = licence;

  const externalRefs = list(raw.externalRefs).filter(isObject);
  const locators = (type: string): string[] =>
    externalRefs.filter((external) => external.referenceType === type).flatMap((external) => text(external.referenceLocator) ?? []);
  const [purl, ...otherPurls] = locators('purl');
  if (purl !== undefined) {
    component.purl = purl;
    const parsed = parsePurl(purl);
    if (!parsed.ok) problems.push(`purl: ${parsed.error}`);
  }
  if (otherPurls.length) problems.push(`purl: ${otherPurls.length + 1} PURLs given; the first is kept`);
  // CPE 2.3 first: it is the form advisories name.
  const cpes = [...locators('cpe23Type'), ...locators('cpe22Type')];
  if (cpes.length) component.cpe = cpes[0]!;
  if (cpes.length > 1) component.cpes = cpes;
  return component;
}

/** The SPDX ids the document describes: documentDescribes (2.2), DESCRIBES from the document, DESCRIBED_BY to it. */
function described(doc: Raw): string[] {
  const documentId = text(doc.SPDXID) ?? 'SPDXRef-DOCUMENT';
  const ids = list(doc.documentDescribes).flatMap((id) => text(id) ?? []);
  for (const rel of list(doc.relationships).filter(isObject)) {
    if (rel.relationshipType === 'DESCRIBES' && rel.spdxElementId === documentId) ids.push(String(rel.relatedSpdxElement));
    if (rel.relationshipType === 'DESCRIBED_BY' && rel.relatedSpdxElement === documentId) ids.push(String(rel.spdxElementId));
  }
  return [...new Set(ids)];
}

/** Parses an SPDX 2.2/2.3 JSON document; throws an Error (for a 400) when the input is not one. */
export function parseSpdx(input: string | Buffer): SbomParseResult {
  const source = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(doc)) throw new Error('not an SPDX document: the JSON is not an object');
  if (isSpdx3(doc)) throw new Error(SPDX3_REFUSAL);
  if (typeof doc.spdxVersion !== 'string') throw new Error('not an SPDX document: spdxVersion is missing');
  if (!SUPPORTED_VERSIONS.has(doc.spdxVersion)) {
    throw new Error(`unsupported spdxVersion ${doc.spdxVersion}: supported are SPDX-2.2 and SPDX-2.3`);
  }
  const result: SbomParseResult = { specVersion: doc.spdxVersion, components: [], vex: [], errors: [] };
  const namespace = text(doc.documentNamespace);
  if (namespace !== undefined) result.serialNumber = namespace;
  if (doc.packages !== undefined && !Array.isArray(doc.packages)) {
    result.errors.push({ path: 'packages', message: 'packages must be an array' });
    return result;
  }
  const describedIds = described(doc);
  const packages: { raw: Raw; index: number }[] = [];
  list(doc.packages).forEach((item, index) => {
    if (isObject(item)) packages.push({ raw: item, index });
    else result.errors.push({ path: `packages[${index}]`, message: 'package must be an object; skipped' });
  });
  // The first described element that is a package names the asset; a described file or snippet does not.
  const top = describedIds.map((id) => packages.find((pkg) => pkg.raw.SPDXID === id)).find((pkg) => pkg !== undefined);
  if (top) result.metadataComponent = toComponent(top.raw);
  for (const pkg of packages) if (pkg !== top) result.components.push(toComponent(pkg.raw));
  return result;
}
