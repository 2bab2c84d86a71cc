// Whether an arriving advisory document is one we keep: the format's schema and rules, whatever the format. Each
// format's checks are in their own module; this one dispatches and bounds what a rejection says.
import type { AdvisoryFormat } from './summary.ts';
import { validateCve, validateNvd } from './validate-cve.ts';
import { validateOsv } from './validate-osv.ts';

/** One thing wrong with a document. */
export interface ValidationReason {
  /** Which check: a CSAF test number (`6.1.26`, `6.1.27.1`) or `schema`. */
  test?: string;
  /** Where: a JSON pointer into the document (`/document/category`; `` for the document itself). */
  path: string;
  message: string;
}

export type ValidationResult = { valid: true } | { valid: false; reasons: ValidationReason[] };

/** The most reasons a rejection carries; past it, the last one says how many more there were. */
export const MAX_REASONS = 50;

/** The result for a document's reasons: valid without any, else at most MAX_REASONS of them. */
export function validationResult(reasons: readonly ValidationReason[]): ValidationResult {
  if (reasons.length === 0) return { valid: true };
  if (reasons.length <= MAX_REASONS) return { valid: false, reasons: [...reasons] };
  const kept = reasons.slice(0, MAX_REASONS - 1);
  const more = reasons.length - kept.length;
  return { valid: false, reasons: [...kept, { path: '', message: `and ${more} more reasons not shown (${reasons.length} in all)` }] };
}

/**
 * Validates a parsed advisory document of the given format: CSAF 2.0 (the JSON schema and every mandatory test
 * 6.1.x), an OSV record, a CVE JSON 5 record, or the `cve` object of an NVD API 2.0 `vulnerabilities[]` entry.
 * Asynchronous because the CSAF runner of csaf-validator-lib is; the other formats answer at once.
 */
export async function validateAdvisory(format: AdvisoryFormat, document: unknown): Promise<ValidationResult> {
  switch (format) {
    case 'csaf':
      // Loaded on the first CSAF document: the library compiles its schemas at import (seconds), which an OSV,
      // CVE or NVD delivery, or the webhook's function, should not wait for.
      return validationResult(await (await import('./validate-csaf.ts')).validateCsaf(document));
    case 'osv':
      return validationResult(validateOsv(document));
    case 'cve':
      return validationResult(validateCve(document));
    case 'nvd':
      // A delivery splits an NVD response into its vulnerabilities[] entries: each holds the `cve` object.
      return validationResult(validateNvd(nvdItem(document)));
    default:
      // Only reached by a caller that bypassed the type (a format read from outside).
      return validationResult([{ path: '', message: `unknown advisory format "${String(format satisfies never)}"` }]);
  }
}

/** The `cve` object of an NVD vulnerabilities[] entry (`{ cve: {…} }`), or the item itself. */
function nvdItem(document: unknown): unknown {
  const entry = document as { cve?: unknown } | null;
  return entry && typeof entry === 'object' && !Array.isArray(entry) && entry.cve && typeof entry.cve === 'object' ? entry.cve : document;
}
