// How every function is bundled: CDK's NodejsFunction and the bench's size and import measurements use this.
export const LAMBDA_NODE_TARGET = 'node24';

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
