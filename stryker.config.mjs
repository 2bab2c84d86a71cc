// Mutation testing (npm run mutation) of the pure rules (packages/core, the asset rules) and the data layer
// (packages/store): a surviving mutant is an assertion that cannot fail.
//
// The vitest runner runs vitest.config.ts in each worker: its global setup starts a DynamoDB Local per
// worker (two JVMs at concurrency 2), and its `@ismf/*` alias makes the sandbox's tests import the
// sandbox's mutated sources rather than the originals behind node_modules' workspace links.
// A trial over one file: npx stryker run --mutate packages/core/src/merge-patch.ts
import { resolve } from 'node:path';

// The tests run in a sandbox copy of the tree under build/: the real data beside the repository is
// found through its absolute path (the workers inherit this process's environment).
process.env.ISMF_REALDATA ??= resolve(import.meta.dirname, '../shared/realdata');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true },
  mutate: ['packages/core/src/**/*.ts', 'packages/store/src/**/*.ts', 'packages/assets/src/rules.ts'],
  // The tests that exercise core and store: not the CDK synth (infra) or the npm start (e2e) suites.
  testFiles: ['test/unit/**/*.test.ts', 'test/api/**/*.test.ts'],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants: schemas, key prefixes) would each rerun the whole suite
  // (39 % of the mutants, 96 % of the time: about 14 hours on two cores); they are left out and counted as ignored.
  ignoreStatic: true,
  // Two cores: two workers, each running its tests one file at a time.
  concurrency: 2,
  timeoutMS: 60_000,
  timeoutFactor: 2,
  ignorePatterns: ['build', 'cdk.out', '.ismf', 'test/bench/results.json'],
  reporters: ['clear-text', 'html', 'progress'],
  htmlReporter: { fileName: 'build/mutation/index.html' },
  clearTextReporter: { allowColor: false, logTests: false },
  // Inside build/ (ignored by git, eslint and tsc), so that a lint or type check never reads the sandboxes.
  tempDirName: 'build/stryker-tmp',
  cleanTempDir: 'always',
};
