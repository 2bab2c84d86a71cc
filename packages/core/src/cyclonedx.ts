// CycloneDX 1.2–1.6 SBOM reader (JSON and XML) that flattens components into one list for import.
// Per-component faults (bad PURL, missing name) are reported on the component; only a document that is not
// a supported CycloneDX BOM at all throws.
import { XMLParser } from 'fast-xml-parser';
import { parsePurl } from './purl.ts';

export interface SbomComponent {
  ref?: string;
  type?: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  cpe?: string;
  /** Every CPE when a format gives more than one (SPDX externalRefs); `cpe` is the first of them. */
  cpes?: string[];
  supplier?: string;
  /** The licence expression, where the format gives one (SPDX licenseConcluded, else licenseDeclared). */
  licence?: string;
  problems: string[];
}

export interface SbomParseResult {
  specVersion: string;
  serialNumber?: string;
  metadataComponent?: SbomComponent;
  components: SbomComponent[];
  /** How many entries the document's `vulnerabilities` holds (CycloneDX VEX), when it has that field. */
  vulnerabilities?: number;
  /** The VEX statements among them: each vulnerability with an `analysis.state`, and the components it affects. */
  vex: VexStatement[];
  errors: { path: string; message: string }[];
}

/** CycloneDX `analysis.state` values. */
export const VEX_STATES = ['resolved', 'resolved_with_pedigree', 'exploitable', 'in_triage', 'false_positive', 'not_affected'] as const;
export type VexState = (typeof VEX_STATES)[number];

/** A CycloneDX vulnerability with its analysis: what the producer states of the components it affects. */
export interface VexStatement {
  /** The vulnerability (a CVE id, a GHSA …). */
  id: string;
  state: VexState;
  justification?: string;
  detail?: string;
  response?: string[];
  /** The affected components: bom-refs, or BOM-Links (`urn:cdx:<serial>/<version>#<bom-ref>`). */
  affects: string[];
}

/** Statements kept per document: one per vulnerability with an analysis. */
const MAX_VEX = 10_000;

function vexStatement(raw: unknown): VexStatement | undefined {
  if (!isObject(raw)) return undefined;
  const id = text(raw.id);
  const analysis = isObject(raw.analysis) ? raw.analysis : undefined;
  const state = text(analysis?.state);
  if (!id || !state || !(VEX_STATES as readonly string[]).includes(state)) return undefined;
  // JSON: affects[].ref; XML: <affects><target><ref>.
  const targets = isObject(raw.affects) ? list(raw.affects.target) : list(raw.affects);
  const affects = targets.map((target) => (isObject(target) ? text(target.ref) : undefined)).filter((ref): ref is string => ref !== undefined);
  const statement: VexStatement = { id, state: state as VexState, affects };
  const justification = text(analysis?.justification);
  if (justification) statement.justification = justification;
  const detail = text(analysis?.detail);
  if (detail) statement.detail = detail.slice(0, 2000);
  const responses = isObject(analysis?.responses) ? list(analysis.responses.response) : list(analysis?.response);
  const response = responses.map(text).filter((value): value is string => value !== undefined);
  if (response.length) statement.response = response;
  return statement;
}

const SUPPORTED_VERSIONS = new Set(['1.2', '1.3', '1.4', '1.5', '1.6']);
const XML_NAMESPACE = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/;
// Nesting is recursive in the schema; a cap keeps a hostile document from exhausting the stack.
const MAX_DEPTH = 64;

/** A component as both encodings describe it, after XML has been mapped onto the JSON shape. */
interface RawComponent {
  type?: unknown;
  'bom-ref'?: unknown;
  name?: unknown;
  group?: unknown;
  version?: unknown;
  purl?: unknown;
  cpe?: unknown;
  publisher?: unknown;
  supplier?: unknown;
  components?: unknown;
}

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

// XML gives one child as a value and several as an array; JSON gives arrays. Treat both as a list.
const list = (v: unknown): unknown[] => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** Trimmed text of a JSON string/number or an XML text node (which may carry attributes as `#text`). */
function text(v: unknown): string | undefined {
  if (isObject(v)) return text(v['#text']);
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const trimmed = v.trim();
  return trimmed === '' ? undefined : trimmed;
}

function toComponent(raw: RawComponent): SbomComponent {
  const problems: string[] = [];
  const name = text(raw.name);
  if (name === undefined) problems.push('name: required');
  const component: SbomComponent = { name: name ?? '', problems };
  const fields = { ref: raw['bom-ref'], type: raw.type, group: raw.group, version: raw.version, purl: raw.purl, cpe: raw.cpe };
  for (const [key, value] of Object.entries(fields)) {
    const v = text(value);
    if (v !== undefined) component[key as keyof typeof fields] = v;
  }
  const supplier = (isObject(raw.supplier) ? text(raw.supplier.name) : undefined) ?? text(raw.publisher);
  if (supplier !== undefined) component.supplier = supplier;
  if (component.purl !== undefined) {
    const parsed = parsePurl(component.purl);
    if (!parsed.ok) problems.push(`purl: ${parsed.error}`);
  }
  return component;
}

/** Walks components depth-first, appending each and then its nested `components`. */
function collect(items: unknown, path: string, depth: number, result: SbomParseResult): void {
  if (items !== undefined && !Array.isArray(items)) {
    result.errors.push({ path, message: 'components must be an array' });
    return;
  }
  list(items).forEach((item, index) => {
    const here = `${path}[${index}]`;
    if (!isObject(item)) {
      result.errors.push({ path: here, message: 'component must be an object; skipped' });
      return;
    }
    result.components.push(toComponent(item));
    if (item.components === undefined) return;
    if (depth >= MAX_DEPTH) result.errors.push({ path: `${here}.components`, message: `nesting deeper than ${MAX_DEPTH}; skipped` });
    else collect(item.components, `${here}.components`, depth + 1, result);
  });
}

function fromBom(specVersion: string, serialNumber: unknown, metadata: unknown, components: unknown, vulnerabilities: unknown): SbomParseResult {
  if (!SUPPORTED_VERSIONS.has(specVersion)) {
    throw new Error(`unsupported CycloneDX specVersion ${specVersion}: supported are 1.2 to 1.6`);
  }
  const result: SbomParseResult = { specVersion, components: [], vex: [], errors: [] };
  const serial = text(serialNumber);
  if (serial !== undefined) result.serialNumber = serial;
  if (isObject(metadata) && isObject(metadata.component)) result.metadataComponent = toComponent(metadata.component);
  collect(components, 'components', 1, result);
  if (vulnerabilities !== undefined) {
    result.vulnerabilities = list(vulnerabilities).length;
    for (const raw of list(vulnerabilities).slice(0, MAX_VEX)) {
      const statement = vexStatement(raw);
      if (statement) result.vex.push(statement);
    }
  }
  return result;
}

function parseJson(source: string): SbomParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(doc) || doc.bomFormat !== 'CycloneDX') throw new Error('not a CycloneDX document: bomFormat is not "CycloneDX"');
  if (typeof doc.specVersion !== 'string') throw new Error('not a CycloneDX document: specVersion is missing');
  return fromBom(doc.specVersion, doc.serialNumber, doc.metadata, doc.components, doc.vulnerabilities);
}

/** Maps an XML <component> element onto the JSON shape: attributes become fields, wrappers are unwrapped. */
function xmlComponent(el: unknown): unknown {
  if (!isObject(el)) return el;
  const raw: RawComponent = { ...el, type: el['@_type'], 'bom-ref': el['@_bom-ref'] };
  if (isObject(el.components)) raw.components = list(el.components.component).map(xmlComponent);
  else if (el.components !== undefined) raw.components = [];
  return raw;
}

function parseXml(source: string): SbomParseResult {
  // CycloneDX never needs a DTD, and refusing one rules out entity-expansion attacks.
  if (/<!DOCTYPE/i.test(source)) throw new Error('not accepted: XML with a DOCTYPE declaration');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false, // keep "1.10" a string
    parseAttributeValue: false,
    // Elements may be prefixed (<c:bom xmlns:c="...">); match on local names, keep xmlns attributes to read the version.
    transformTagName: (tag) => tag.slice(tag.indexOf(':') + 1),
  });
  let doc: unknown;
  try {
    doc = parser.parse(source, true);
  } catch (error) {
    throw new Error(`not valid XML: ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(doc) || !('bom' in doc)) throw new Error('not a CycloneDX document: the root element is not <bom>');
  const bom = isObject(doc.bom) ? doc.bom : {}; // a bare <bom/> parses to ''
  const namespaces = Object.entries(bom).filter(([k]) => k === '@_xmlns' || k.startsWith('@_xmlns:'));
  const match = namespaces.map(([, v]) => (typeof v === 'string' ? XML_NAMESPACE.exec(v) : null)).find((m) => m !== null);
  if (!match?.[1]) throw new Error('not a CycloneDX document: <bom> is not in a http://cyclonedx.org/schema/bom/1.x namespace');
  const metadata = isObject(bom.metadata) ? { component: xmlComponent(bom.metadata.component) } : undefined;
  let components: unknown;
  if (isObject(bom.components)) components = list(bom.components.component).map(xmlComponent);
  else if (bom.components !== undefined) components = []; // an empty <components/> element
  // <vulnerabilities><vulnerability/>…</vulnerabilities>: count the children, as JSON counts its array.
  const vulnerabilities = isObject(bom.vulnerabilities) ? list(bom.vulnerabilities.vulnerability) : bom.vulnerabilities === undefined ? undefined : [];
  return fromBom(match[1], bom['@_serialNumber'], metadata, components, vulnerabilities);
}

/** Parses a CycloneDX BOM; throws an Error (for a 400) when the input is not a supported CycloneDX document. */
export function parseCycloneDx(input: string | Buffer, mediaType: 'json' | 'xml'): SbomParseResult {
  const source = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  return mediaType === 'json' ? parseJson(source) : parseXml(source);
}
