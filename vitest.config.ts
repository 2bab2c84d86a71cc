import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { HAS_REALDATA } from './test/support/realdata.ts';

export default defineConfig({
  resolve: {
    // The workspace packages from this tree (their exports map: `@ismf/<pkg>/<module>` is
    // packages/<pkg>/src/<module>.ts), not through node_modules' symlinks: Stryker's sandbox copy of the
    // tree shares node_modules with the original, whose links would lead back to the unmutated sources.
    alias: [{ find: /^@ismf\/([a-z-]+)\/(.+)$/, replacement: resolve(import.meta.dirname, 'packages/$1/src/$2.ts') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run, started here; every test file makes its own tenants.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/env.ts'],
    // Fails the run on an answer whose (operation, status) the API document does not list (test/support/status-coverage.ts).
    reporters: ['default', './test/support/status-coverage.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'functions/**/*.ts'],
      // The console's browser code runs in Chromium, out of V8's sight here; its server side (build, site) is counted.
      exclude: ['test/**', '**/*.test.ts', '**/*.d.ts', 'packages/console/src/!(server)/**', 'packages/console/src/*.{ts,tsx}'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'build/coverage',
      reportOnFailure: true,
      // What the suite holds today (npm test runs `vitest run --coverage`), about a point below the measured
      // figures (94.7 % lines, 87.1 % branches, 92.5 % statements), which move by a tenth between runs.
      // Held on the whole suite: without the real data (its tests skipped, test/support/realdata.ts) the figures
      // are reported but not held.
      thresholds: HAS_REALDATA
        ? {
            lines: 93,
            branches: 85,
            statements: 91,
            functions: 94,
            // The pure rules and the data layer are held higher, and mutation-tested (stryker.config.mjs).
            'packages/core/src/**': { lines: 90, branches: 90 },
            'packages/store/src/**': { lines: 90, branches: 90 },
          }
        : undefined,
    },
  },
});
