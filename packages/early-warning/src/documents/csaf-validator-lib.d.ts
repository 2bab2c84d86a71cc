// Types for the parts of @secvisogram/csaf-validator-lib (2.0.10, plain JavaScript without declarations) that
// validate-csaf.ts uses: the runner, the CSAF 2.0 schema tests and the mandatory tests (6.1.x). The shapes follow the
// package's own lib/shared/types.ts.

declare module '@secvisogram/csaf-validator-lib/validate.js' {
  export interface CsafTestMessage {
    message: string;
    instancePath: string;
    /** The ajv error's other fields on a schema error (`keyword`, `params` …). */
    [field: string]: unknown;
  }
  export interface CsafTestResult {
    isValid?: boolean;
    errors?: CsafTestMessage[];
    warnings?: CsafTestMessage[];
    infos?: CsafTestMessage[];
  }
  export type DocumentTest = (doc: unknown) => CsafTestResult | Promise<CsafTestResult>;
  export interface CsafValidation {
    isValid: boolean;
    /** One per test, in the order the tests were given. */
    tests: { name: string; isValid: boolean; errors: CsafTestMessage[]; warnings: CsafTestMessage[]; infos: CsafTestMessage[] }[];
  }
  /** Runs the tests one after the other (awaiting each) on the document. */
  export default function validate(tests: readonly DocumentTest[], doc: unknown): Promise<CsafValidation>;
}

declare module '@secvisogram/csaf-validator-lib/schemaTests.js' {
  import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
  /** The CSAF 2.0 JSON schema (ajv, draft 2020-12, all errors). */
  export const csaf_2_0: DocumentTest;
  /** The same schema with additional properties forbidden. */
  export const csaf_2_0_strict: DocumentTest;
}

declare module '@secvisogram/csaf-validator-lib/mandatoryTests.js' {
  import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
  export const mandatoryTest_6_1_1: DocumentTest;
  export const mandatoryTest_6_1_2: DocumentTest;
  export const mandatoryTest_6_1_3: DocumentTest;
  export const mandatoryTest_6_1_4: DocumentTest;
  export const mandatoryTest_6_1_5: DocumentTest;
  export const mandatoryTest_6_1_6: DocumentTest;
  export const mandatoryTest_6_1_7: DocumentTest;
  export const mandatoryTest_6_1_8: DocumentTest;
  export const mandatoryTest_6_1_9: DocumentTest;
  export const mandatoryTest_6_1_10: DocumentTest;
  export const mandatoryTest_6_1_11: DocumentTest;
  export const mandatoryTest_6_1_12: DocumentTest;
  export const mandatoryTest_6_1_13: DocumentTest;
  export const mandatoryTest_6_1_14: DocumentTest;
  export const mandatoryTest_6_1_15: DocumentTest;
  export const mandatoryTest_6_1_16: DocumentTest;
  export const mandatoryTest_6_1_17: DocumentTest;
  export const mandatoryTest_6_1_18: DocumentTest;
  export const mandatoryTest_6_1_19: DocumentTest;
  export const mandatoryTest_6_1_20: DocumentTest;
  export const mandatoryTest_6_1_21: DocumentTest;
  export const mandatoryTest_6_1_22: DocumentTest;
  export const mandatoryTest_6_1_23: DocumentTest;
  export const mandatoryTest_6_1_24: DocumentTest;
  export const mandatoryTest_6_1_25: DocumentTest;
  export const mandatoryTest_6_1_26: DocumentTest;
  export const mandatoryTest_6_1_27_1: DocumentTest;
  export const mandatoryTest_6_1_27_2: DocumentTest;
  export const mandatoryTest_6_1_27_3: DocumentTest;
  export const mandatoryTest_6_1_27_4: DocumentTest;
  export const mandatoryTest_6_1_27_5: DocumentTest;
  export const mandatoryTest_6_1_27_6: DocumentTest;
  export const mandatoryTest_6_1_27_7: DocumentTest;
  export const mandatoryTest_6_1_27_8: DocumentTest;
  export const mandatoryTest_6_1_27_9: DocumentTest;
  export const mandatoryTest_6_1_27_10: DocumentTest;
  export const mandatoryTest_6_1_27_11: DocumentTest;
  export const mandatoryTest_6_1_28: DocumentTest;
  export const mandatoryTest_6_1_29: DocumentTest;
  export const mandatoryTest_6_1_30: DocumentTest;
  export const mandatoryTest_6_1_31: DocumentTest;
  export const mandatoryTest_6_1_32: DocumentTest;
  export const mandatoryTest_6_1_33: DocumentTest;
}
