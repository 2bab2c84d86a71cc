// How every function is bundled: CDK's NodejsFunction and the bench's size and import measurements use this.
export const LAMBDA_NODE_TARGET = 'node24';

/** Each function's minified bundle stays within this (cold starts grow with it); the bench prints every size against it. */
export const BUNDLE_BUDGET_BYTES = 300 * 1024;

export const BUNDLE = {
  format: 'esm' as const,
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  // The runtime ships the AWS SDK v3.
  external: ['@aws-sdk/*'],
  // ESM bundles need `require` for the CommonJS dependencies they inline.
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};
