// CSAF 2.0: the JSON schema and every mandatory test (6.1.x), run by csaf-validator-lib's own runner.
//
// The schema is the one OASIS published (the library's `csaf_2_0`). Its `csaf_2_0_strict` (the library's "basic"
// preset) also forbids properties the schema does not define: CSAF 2.1 does, the CSAF 2.0 schema does not, so a 2.0
// advisory with a publisher's extra field is kept.
//
// Only the schema and mandatory test modules are imported: the strict entry and the informative tests pull undici,
// whose dynamic `require` crashes an esbuild ESM bundle at import, and 6.3.6/6.3.7 fetch the URLs a document names
// (never on the server). Two of the library's tests are adjusted here:
// - 6.1.26 is ours (csaf-6-1-26.ts): the library's passes the TC's failing case 6.1.26-04;
// - 6.1.21 sorts the revision history by date alone, keeping the document's order between items of the same date, so
//   it rejects the TC's valid cases 6.1.14-12, 6.1.16-16 and 6.1.16-17 (numbers 2 then 1, same date), which its own
//   6.1.14 and 6.1.16 accept by ordering same-date items by number. A failure is checked again with that order.
import validate, { type CsafTestMessage, type CsafTestResult, type DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import { csaf_2_0 } from '@secvisogram/csaf-validator-lib/schemaTests.js';
import { prohibitedDocumentCategoryName } from './csaf-6-1-26.ts';
import type { ValidationReason } from './validation.ts';

const { mandatoryTest_6_1_21: libraryTest_6_1_21 } = mandatoryTests;

interface RevisionHistoryItem {
  number?: unknown;
  date?: unknown;
}

/** 6.1.21 with same-date items taken in ascending order of their (major) number, as the library's 6.1.14 and 6.1.16 do. */
function missingItemInRevisionHistory(doc: unknown): CsafTestResult | Promise<CsafTestResult> {
  const result = libraryTest_6_1_21(doc);
  if (result instanceof Promise || result.isValid !== false) return result;
  const document = (doc as { document: { tracking: { revision_history: RevisionHistoryItem[] } } }).document;
  // The library sorts by date with a stable sort: sorted by number first, same-date items keep that order.
  const byNumber = [...document.tracking.revision_history].sort((a, b) => parseInt(String(a.number), 10) - parseInt(String(b.number), 10));
  return libraryTest_6_1_21({ ...(doc as object), document: { ...document, tracking: { ...document.tracking, revision_history: byNumber } } });
}

/**
 * A test that throws fails closed with the error, instead of ending the run. Many of the library's tests read the
 * document without a guard (`vulnerabilities: [null]` throws in eight of them): on a document the schema rejects, the
 * schema's reasons say it and the crash is left out (`crashed`).
 */
function guarded(test: DocumentTest): DocumentTest {
  return (doc) => {
    try {
      return test(doc);
    } catch (error) {
      return { isValid: false, errors: [{ instancePath: '', message: `the test could not run on this document: ${(error as Error).message}`, crashed: true }] };
    }
  };
}

/** `6_1_27_1` → `6.1.27.1`, compared number by number. */
const testNumber = (exportName: string) => exportName.replace('mandatoryTest_', '').replaceAll('_', '.');
const byTestNumber = (a: string, b: string) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
  return 0;
};

const REPLACED: Readonly<Record<string, DocumentTest>> = { '6.1.21': missingItemInRevisionHistory, '6.1.26': prohibitedDocumentCategoryName };

/** The tests in report order (the schema, then 6.1.1 … 6.1.33), built once: `validate` returns its results in this order. */
const TESTS: readonly (readonly [id: string, test: DocumentTest])[] = [
  ['schema', csaf_2_0] as const,
  ...Object.entries(mandatoryTests)
    .map(([name, test]) => [testNumber(name), test] as const)
    .sort(([a], [b]) => byTestNumber(a, b))
    .map(([id, test]) => [id, guarded(REPLACED[id] ?? test)] as const),
];
const TEST_FUNCTIONS: readonly DocumentTest[] = TESTS.map(([, test]) => test);

/** The numbers of the tests run, in order (`schema`, `6.1.1` …). */
export const CSAF_TESTS: readonly string[] = TESTS.map(([id]) => id);

const escapePointer = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

/** A library message as a reason: ajv's `required` and `additionalProperties` name the property in the path. */
function reason(test: string, error: CsafTestMessage): ValidationReason {
  const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] } | undefined;
  if (error.keyword === 'required' && params?.missingProperty !== undefined) {
    return { test, path: `${error.instancePath}/${escapePointer(params.missingProperty)}`, message: 'is required but missing' };
  }
  if (error.keyword === 'additionalProperties' && params?.additionalProperty !== undefined) {
    return { test, path: `${error.instancePath}/${escapePointer(params.additionalProperty)}`, message: 'is not a property CSAF 2.0 defines here' };
  }
  if (error.keyword === 'enum' && params?.allowedValues) {
    return { test, path: error.instancePath, message: `${error.message}: ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}` };
  }
  return { test, path: error.instancePath, message: error.message };
}

/** What is wrong with a CSAF 2.0 document: empty when it passes the schema and every mandatory test. */
export async function validateCsaf(document: unknown): Promise<ValidationReason[]> {
  // The mandatory tests read `doc.document` without a guard: anything but an object is the schema's alone to reject.
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return [{ test: 'schema', path: '', message: 'a CSAF document must be a JSON object' }];
  }
  const { isValid, tests } = await validate(TEST_FUNCTIONS, document);
  if (isValid) return [];
  const schemaValid = tests[0]?.isValid === true;
  const reasons: ValidationReason[] = [];
  tests.forEach((result, index) => {
    if (result.isValid) return;
    const id = CSAF_TESTS[index] as string;
    if (result.errors.length === 0) reasons.push({ test: id, path: '', message: 'the test failed' });
    for (const error of result.errors) if (schemaValid || error.crashed !== true) reasons.push(reason(id, error));
  });
  return reasons;
}
