// The real advisories, SBOMs and catalogues beside the repository (../shared/realdata, with ../shared/reference
// and ../shared/spec beside it), read from there and never copied in. ISMF_REALDATA points elsewhere (an
// absolute path: mutation testing runs the tests in a sandbox copy of the tree, where the relative default
// would miss it). A clone without it still passes `npm test`: the tests that read it are skipped, and the run
// says so once (global-setup.ts); under CI=true its absence fails the run instead, so CI never skips them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'vitest';

import { HAS_REALDATA, REALDATA } from './realdata-path.ts';

export { HAS_REALDATA, REALDATA };

/** Why the tests that read it are skipped, said once per run. */
export const REALDATA_MISSING = `the real data (${REALDATA}) is not there: the tests that read it are skipped. Set ISMF_REALDATA to its folder (../shared/realdata beside the repository by default).`;

/** A test, or a group of tests, that reads the real data: skipped without it. */
export const itWithRealdata = it.skipIf(!HAS_REALDATA);
export const describeWithRealdata = describe.skipIf(!HAS_REALDATA);

/** A path inside the real-data folder. */
export function realdata(...parts: string[]): string {
  return resolve(REALDATA, ...parts);
}

/** A file of the real data as text; empty without it (the tests that use it are skipped then). */
export function realdataText(...parts: string[]): string {
  return HAS_REALDATA ? readFileSync(realdata(...parts), 'utf8') : '';
}

/** A path in the reference material beside the real data (../shared/reference: X.1051 controls, EventBridge vectors). */
export function reference(...parts: string[]): string {
  return resolve(REALDATA, '../reference', ...parts);
}

/** A path in the Recommendations' text beside the real data (../shared/spec: X.1052). */
export function spec(...parts: string[]): string {
  return resolve(REALDATA, '../spec', ...parts);
}

/** A reference file as parsed JSON; undefined without the real data (the tests that use it are skipped then). */
export function referenceJson<T>(...parts: string[]): T {
  return (HAS_REALDATA ? JSON.parse(readFileSync(reference(...parts), 'utf8')) : undefined) as T;
}

/** Every file under a real-data folder with one of the endings, as paths relative to the real data, sorted. */
export function filesUnder(folder: string, endings: string[]): string[] {
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (endings.some((ending) => name.endsWith(ending))) found.push(relative(realdata(), path));
    }
  };
  walk(realdata(folder));
  return found.sort();
}
