// The tests run on the Node.js that Lambda runs (nodejs24.x), through the pinned devDependency; the
// guard in start/test/bench refuses an older one with a message that says how to fix it.
import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from '../../packages/local/src/require-node.mjs';

describe('the Node.js runtime', () => {
  it('is version 24, as on Lambda', () => {
    expect(process.version).toMatch(/^v24\./);
    expect(process.execPath).toMatch(/node_modules[\\/]node[\\/]bin[\\/]node$/);
  });

  it('refuses Node.js 20 and 22 with a message naming the fix, and accepts 24 and later', () => {
    for (const old of ['20.20.2', '22.12.0']) {
      const problem = nodeVersionProblem(old) as string;
      expect(problem).toContain(`this is Node.js ${old}`);
      expect(problem).toContain('npm ci');
      expect(problem).toContain('allowScripts');
    }
    expect(nodeVersionProblem('24.0.0')).toBeUndefined();
    expect(nodeVersionProblem('26.1.0')).toBeUndefined();
  });
});
