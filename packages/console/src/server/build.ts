// Building the console for `npm start` and the tests: a Vite build into build/console, done again only when
// one of the files that went into the last build changed (their SHA-256 are kept beside it), so a start
// after a `git pull` serves what the sources say and an unchanged start costs a few hashes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const here = import.meta.dirname;
export const CONSOLE_ROOT = resolve(here, '../..');
const REPO_ROOT = resolve(CONSOLE_ROOT, '../..');
/** build/console; ISMF_CONSOLE_BUILD_DIR elsewhere (two test runs building different sources side by side). */
export const CONSOLE_BUILD_DIR = process.env.ISMF_CONSOLE_BUILD_DIR ? resolve(process.env.ISMF_CONSOLE_BUILD_DIR) : resolve(REPO_ROOT, 'build/console');
const STAMP = resolve(CONSOLE_BUILD_DIR, '.inputs.json');
/** Inputs no module graph names: the page, the build's settings, and the installed versions. */
const ALWAYS = ['packages/console/index.html', 'packages/console/vite.config.ts', 'package-lock.json'];

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function stale(): boolean {
  if (!existsSync(STAMP) || !existsSync(resolve(CONSOLE_BUILD_DIR, 'index.html'))) return true;
  const inputs = JSON.parse(readFileSync(STAMP, 'utf8')) as Record<string, string>;
  return Object.entries(inputs).some(([path, hash]) => {
    const file = resolve(REPO_ROOT, path);
    return !existsSync(file) || sha256(file) !== hash;
  });
}

export interface ConsoleBuild {
  dir: string;
  built: boolean;
  milliseconds: number;
}

/** Builds the console unless the last build's inputs are unchanged. */
export async function buildConsole(options: { force?: boolean } = {}): Promise<ConsoleBuild> {
  const started = performance.now();
  if (!options.force && !stale()) return { dir: CONSOLE_BUILD_DIR, built: false, milliseconds: performance.now() - started };
  // Vite is a development dependency: loaded only when a build is needed.
  const { build } = await import('vite');
  const result = await build({ configFile: resolve(CONSOLE_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: CONSOLE_BUILD_DIR } });
  const outputs = Array.isArray(result) ? result : [result];
  const modules = new Set<string>(ALWAYS);
  for (const output of outputs) {
    if (!('output' in output)) continue;
    for (const chunk of output.output) {
      if (chunk.type !== 'chunk') continue;
      for (const id of chunk.moduleIds) {
        if (id.startsWith('\0') || id.includes('/node_modules/') || !existsSync(id)) continue;
        modules.add(relative(REPO_ROOT, id));
      }
    }
  }
  const inputs = Object.fromEntries([...modules].sort().map((path) => [path, sha256(resolve(REPO_ROOT, path))]));
  writeFileSync(STAMP, `${JSON.stringify(inputs, null, 2)}\n`);
  return { dir: CONSOLE_BUILD_DIR, built: true, milliseconds: performance.now() - started };
}
