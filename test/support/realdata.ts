// The real advisories, SBOMs and catalogues beside the repository (../shared/realdata), read from there
// and never copied in. ISMF_REALDATA points elsewhere (an absolute path: mutation testing runs the
// tests in a sandbox copy of the tree, where the relative default would miss it).
import { resolve } from 'node:path';

export const REALDATA = resolve(process.env.ISMF_REALDATA ?? resolve(import.meta.dirname, '../../../shared/realdata'));

/** A path inside the real-data folder. */
export function realdata(...parts: string[]): string {
  return resolve(REALDATA, ...parts);
}

/** A path in the reference material beside the real data (../shared/reference: X.1051 controls, EventBridge vectors). */
export function reference(...parts: string[]): string {
  return resolve(REALDATA, '../reference', ...parts);
}
