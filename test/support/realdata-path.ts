// Where the real data is (ISMF_REALDATA, else ../shared/realdata beside the repository): for the tests
// (realdata.ts, which adds their skip helpers) and the bench, which runs outside vitest.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const REALDATA = resolve(process.env.ISMF_REALDATA ?? resolve(import.meta.dirname, '../../../shared/realdata'));

/** Whether the real data is there to read. */
export const HAS_REALDATA = existsSync(REALDATA);
