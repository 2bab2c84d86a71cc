// Lint config: typescript-eslint recommended rules over every TypeScript file of the repo, and the
// layering of docs/architecture.md read from each package's `ismf.layer`: generic packages never import
// an area or the composition root, areas never the composition root, and only the composition root
// imports an area's declaration (test/unit/architecture.test.ts checks the same from the sources).
import { readdirSync, readFileSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const packages = readdirSync('packages').map((dir) => {
  const manifest = JSON.parse(readFileSync(`packages/${dir}/package.json`, 'utf8'));
  return { dir, name: manifest.name, layer: manifest.ismf?.layer };
});
const namesOf = (...layers) => packages.filter((pkg) => layers.includes(pkg.layer)).map((pkg) => `${pkg.name}/*`);
const filesOf = (layer) => packages.filter((pkg) => pkg.layer === layer).map((pkg) => `packages/${pkg.dir}/**/*.ts`);
const layering = (forbidden, message) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...(forbidden.length ? [{ group: forbidden, message }] : []),
        { group: ['@ismf/*/area'], message: 'Only the composition root (packages/app/src/areas.ts) imports an area’s declaration.' },
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'build/', '.ismf/', '**/*.js', 'packages/api-client/src/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='ScanCommand']", message: 'No Scan: use keys and GSIs.' },
        {
          selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z']",
          message: "Use `import * as z from 'zod'`: the named `z` export defeats tree-shaking (+300 KB of locales per bundle).",
        },
      ],
    },
  },
  {
    files: filesOf('generic'),
    rules: layering(namesOf('area', 'composition'), 'A generic package never imports an area or the composition root: take a registry as a parameter.'),
  },
  { files: filesOf('area'), rules: layering(namesOf('composition'), 'An area never imports the composition root.') },
  {
    // The console runs in the browser: generic packages and the areas' pure rules (their zod schemas) only.
    files: ['packages/console/src/**/*.{ts,tsx}'],
    ignores: ['packages/console/src/server/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...layering(
        [...namesOf('composition', 'area'), '!@ismf/*/rules'],
        'The console reaches the API through the typed client; of an area it imports only its pure rules (rules.ts).',
      ),
    },
  },
  { files: ['functions/**/*.ts', 'infra/**/*.ts'], rules: layering([]) },
  {
    // The few plain scripts (the Node version guard) run on Node directly.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Tests read raw table items (a filtered Scan is fine there) and loosely typed JSON replies.
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
