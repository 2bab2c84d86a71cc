// A delivery (an upload, a feed's response) read into advisory documents, each with its format. One delivery
// may hold one JSON document, a JSON array of them, JSON Lines, an NVD API 2.0 response (one document per CVE
// item) or an OSV record in YAML. A document that cannot be read fails alone, named by its index; the others
// go on.
//
// JSON.parse, not @ismf/core/strict-json: the strict reader builds a syntax tree beside the parse to find
// repeated member names, which costs some 25 × JSON.parse on a 1.4 MB feed, and a delivery must be read and
// summarised in about 2 × JSON.parse. A repeated member is read as JSON.parse reads it (the last one wins), and
// `__proto__` stays an own property: nothing here spreads or merges a document.
import { isAscii, isUtf8 } from 'node:buffer';
import { parseAllDocuments } from 'yaml';
import type { AdvisoryFormat } from './summary.ts';

export interface DeliveryDocument {
  /** The document's place in the delivery, from 0 (an NVD response's CVE items each take one). */
  index: number;
  format: AdvisoryFormat;
  document: unknown;
}

export interface DeliveryError {
  index: number;
  message: string;
}

export interface DeliveryDocuments {
  documents: DeliveryDocument[];
  errors: DeliveryError[];
}

/** A JSON object (not an array, not null), for reading unknown documents. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The value when it is an array, else an empty one. */
export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a non-empty string. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const JSON_LINES_TYPES = new Set([
  'application/jsonl',
  'application/x-jsonl',
  'application/jsonlines',
  'application/x-jsonlines',
  'application/x-ndjson',
  'application/ndjson',
]);
const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']);

// OSV records have no anchors: the cap only stops a "billion laughs" expansion.
const YAML_MAX_ALIAS_COUNT = 100;

const UNDETECTED =
  'no advisory format detected: not CSAF (document.csaf_version), OSV (id and modified), CVE JSON 5 (dataType CVE_RECORD) or NVD API 2.0 (cve.id and cve.lastModified)';

/** The format of one document, or undefined when it is none of the four. */
export function detectFormat(document: unknown): AdvisoryFormat | undefined {
  const record = asRecord(document);
  if (!record) return undefined;
  const csaf = asRecord(record.document);
  if (csaf) return typeof csaf.csaf_version === 'string' ? 'csaf' : undefined;
  if (record.dataType === 'CVE_RECORD') return 'cve';
  if (typeof record.id === 'string' && typeof record.modified === 'string') return 'osv';
  const cve = asRecord(record.cve) ?? record;
  if (typeof cve.id === 'string' && typeof cve.lastModified === 'string') return 'nvd';
  return undefined;
}

// Why a document is not one of the four, where a known neighbour format explains it better than "none".
function undetectedReason(document: unknown): string {
  const record = asRecord(document);
  if (!record) return `not a JSON object but ${Array.isArray(document) ? 'an array' : document === null ? 'null' : typeof document}`;
  if (asRecord(record.document)) return 'a CSAF-like document without document.csaf_version';
  if (Array.isArray(record.CVE_Items)) return 'an NVD 1.1 feed (retired): send NVD API 2.0 responses';
  if (typeof record.ghsaId === 'string') return 'a GitHub advisory API object: send its OSV record';
  return UNDETECTED;
}

function isNvdResponse(record: Record<string, unknown>): boolean {
  if (!Array.isArray(record.vulnerabilities) || record.document !== undefined) return false;
  // A CSAF document also has `vulnerabilities`, whose `cve` is a string; NVD's items hold a `cve` object.
  return record.format === 'NVD_CVE' || asRecord(asRecord(record.vulnerabilities[0])?.cve) !== undefined;
}

class Collector {
  readonly documents: DeliveryDocument[] = [];
  readonly errors: DeliveryError[] = [];
  private next = 0;

  fail(message: string, where = ''): void {
    const index = this.next++;
    this.errors.push({ index, message: `document ${index}${where}: ${message}` });
  }

  /** One parsed item of the delivery: an NVD response adds each CVE item, anything else itself. */
  add(value: unknown, where = ''): void {
    const record = asRecord(value);
    if (record && isNvdResponse(record)) {
      for (const item of record.vulnerabilities as unknown[]) this.addOne(item, where);
      return;
    }
    this.addOne(value, where);
  }

  private addOne(value: unknown, where: string): void {
    const format = detectFormat(value);
    if (!format) return this.fail(undetectedReason(value), where);
    this.documents.push({ index: this.next++, format, document: value });
  }
}

function jsonMessage(error: unknown): string {
  return `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
}

function readJsonLines(text: string, collector: Collector): void {
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const content = text.slice(start, end).trim();
    start = end + 1;
    if (content === '') continue; // a blank line (the last newline, a separator) is no document
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      collector.fail(jsonMessage(error), ` (line ${line})`);
      continue;
    }
    collector.add(value, ` (line ${line})`);
  }
}

// Without a JSON Lines media type: a text that is no single JSON value but whose first line is one.
function looksLikeJsonLines(text: string): boolean {
  const first = text.indexOf('\n');
  if (first < 0) return false;
  const head = text.slice(0, first).trim();
  if (!head.startsWith('{') || text.slice(first + 1).trim() === '') return false;
  try {
    JSON.parse(head);
    return true;
  } catch {
    return false;
  }
}

function readJson(text: string, collector: Collector): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse stops at the end of the first line's value, so a JSON Lines text costs one line here.
    if (looksLikeJsonLines(text)) return readJsonLines(text, collector);
    return collector.fail(jsonMessage(error));
  }
  if (Array.isArray(value)) for (const item of value) collector.add(item);
  else collector.add(value);
}

function readYaml(text: string, collector: Collector): void {
  const documents = parseAllDocuments(text, {
    version: '1.2',
    // The core schema reads `modified: 2023-10-25T18:28:34Z` as the string it is (YAML 1.1 would make a Date),
    // and without the known tags (!!timestamp, !!binary, !!set …) nothing but JSON values comes out.
    schema: 'core',
    resolveKnownTags: false,
    customTags: [],
    merge: false,
    strict: true,
    uniqueKeys: true,
    prettyErrors: false,
  });
  if (!Array.isArray(documents)) return collector.fail('an empty YAML document');
  for (const document of documents) {
    // An unresolved tag (!!python/object …) is only a warning to the library; here it refuses the document.
    const problem = document.errors[0] ?? document.warnings[0];
    if (problem) {
      collector.fail(`not valid YAML: ${problem.message.split('\n')[0]}`);
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT });
    } catch (error) {
      collector.fail(`not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    collector.add(value);
  }
}

/**
 * The advisory documents of a delivery, each with its index and format, and an error naming the index for
 * each document that is no valid JSON (or YAML) or no advisory format. `mediaType` may carry parameters.
 */
export function documentsOf(bytes: Buffer, mediaType: string): DeliveryDocuments {
  const collector = new Collector();
  // A delivery that is not UTF-8 is refused rather than read with replacement characters. ASCII (most feeds)
  // is read as Latin-1, a plain copy: decoding UTF-8 costs nearly as much as JSON.parse itself.
  if (!isUtf8(bytes)) {
    collector.fail('the delivery is not UTF-8 text');
    return { documents: collector.documents, errors: collector.errors };
  }
  let text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte order mark
  const type = (mediaType.split(';')[0] ?? '').trim().toLowerCase();
  if (!/\S/.test(text)) collector.fail('the delivery is empty');
  else if (YAML_TYPES.has(type)) readYaml(text, collector);
  else if (JSON_LINES_TYPES.has(type)) readJsonLines(text, collector);
  else readJson(text, collector);
  return { documents: collector.documents, errors: collector.errors };
}
