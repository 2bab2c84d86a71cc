// Whether a module runs as the program (`tsx packages/…/x-cli.ts`, an npm script) rather than imported by a
// test: a CLI module then runs its main. Compared by real path, since npm and tsx may reach it through links.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function runsAsProgram(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
