// The README is tested: every ```sh block runs, as written and in README order, against a real `npm start`.
//
// Conventions (the README's "Testing" section says the same):
// - A fenced block is ```sh (a shell block: it runs) or a plain ``` (a drawing, an output: never run). Any
//   other info string fails here, so that no shell block escapes the test by its spelling.
// - A shell block that cannot run here says so on its first line, visibly to readers:
//     # not run by the README test: <why>
//   It is reported as skipped, by its place and reason.
// - A shell block that shows a refusal says so on its first line:
//     # expect: 412 …
//   Its curl calls do not fail on an error status; its output must show a problem (or a status line) with that
//   status. Every other command in it must still succeed.
// - Everything else must succeed. The blocks run in one bash session (`set -euo pipefail`), so variables carry
//   from one block to the next; curl reads the test's .curlrc (CURL_HOME): `fail-with-body` and `show-error`,
//   so an answer of 4xx or 5xx fails the block and its problem is shown. A failure names the block (README line,
//   heading, first command), the README line and the command that failed, the block's output and the end of
//   what `npm start` printed; the whole session goes to build/readme-test.log.
// - Blocks reach the stack through `$API`, which the README's first runnable block derives from ISMF_URL;
//   `npm run -s token` and `npm run -s ismf` read ISMF_URL too. A fixed host:port in a runnable block fails here.
//
// The stack: `npm start` as a user runs it, in its own process group, on a free PORT, with its keys, stack URL,
// mail and blobs in a temporary folder (ISMF_KEY_DIR, ISMF_BLOB_DIR) so that a developer's stack and its
// `.ismf/` are left alone; data in memory. The blocks run once the demo seed has printed its summary. Ctrl-C
// (SIGINT to the group) stops it, the JVM included; SIGKILL to the group if it lingers, or if vitest exits.
// Files the examples write go to `build/` (ignored by git), as the README says.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@ismf/local/dynamodb-local';
import { blockName, readmeBlocks, readmeScript, showsStatus, splitOutput, type ReadmeBlock } from './readme-blocks.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const blocks = readmeBlocks(README);
const shell = blocks.filter((block) => block.language === 'sh');
const runnable = shell.filter((block) => !block.skip);
const skipped = shell.filter((block) => block.skip);

/** The stack is up once the demo seed has printed its summary (packages/app/src/seed-demo.ts, seedBanner). */
const READY = /^Demo tenant demo-telecom: \d+ assets.*$/m;
const STACK_START_MS = 90_000;
/** The whole session's output, markers included (build/ is ignored by git). */
const LOG = resolve(ROOT, 'build/readme-test.log');
const BLOCKS_MS = 100_000;

/** The environment a user's shell would have: none of what vitest, its setup files or npm put there for this run. */
function userEnvironment(): NodeJS.ProcessEnv {
  const foreign =
    /^(ISMF_(?!REALDATA$)|DYNAMODB_|AWS_|POWERTOOLS_|VITEST|TABLE_NAME$|USER_POOL_ID$|PORT$|HOST$|CURL_HOME$|NODE_V8_COVERAGE$|NODE_OPTIONS$|npm_(?!config_))/;
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !foreign.test(name)));
}

const tail = (text: string, lines: number) => text.trimEnd().split('\n').slice(-lines).join('\n');

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // gone already
  }
};

describe('the README', () => {
  it('has only ```sh blocks and plain ones (drawings, outputs)', () => {
    const other = blocks.filter((block) => block.language !== 'sh' && block.language !== '');
    expect(other.map((block) => `${blockName(block)}: \`\`\`${block.language}`)).toEqual([]);
  });

  it('names the stack through $API in every block that runs, never a fixed host and port', () => {
    const fixed = runnable.flatMap((block) =>
      block.lines.flatMap((line, offset) => (/(localhost|127\.0\.0\.1|\[::1\]):\d/.test(line) ? [`README.md:${block.line + offset}: ${line.trim()}`] : [])),
    );
    expect(fixed).toEqual([]);
  });

  it('leaves out only blocks that cannot run here, each saying why: they deploy, take minutes, or are the start itself', () => {
    // Listed in the run's report (below); a block left out for any other reason fails here.
    const unjustified = skipped.filter((block) => !/needs an AWS account|minutes|starts this stack itself/.test(block.skip!));
    expect(unjustified.map((block) => `${blockName(block)} — ${block.skip}`)).toEqual([]);
    expect(skipped.length).toBeLessThan(shell.length / 4);
  });
});

describe('the README, run against npm start', () => {
  const work = mkdtempSync(join(tmpdir(), 'ismf-readme-'));
  let stack: ChildProcess | undefined;
  let stackOutput = '';
  let url = '';
  // Its own process group does not get the terminal's Ctrl-C: when this worker ends, by exit or by a signal, so does the stack.
  const killOnExit = () => stack && killGroup(stack, 'SIGKILL');
  const killOnSignal = (signal: NodeJS.Signals) => {
    killOnExit();
    process.kill(process.pid, signal);
  };
  const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

  beforeAll(async () => {
    for (const tool of ['curl', 'jq']) {
      if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0) {
        throw new Error(`the README's examples use curl and jq, and ${tool} is missing: apt-get install -y curl jq (.ci/run does)`);
      }
    }
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    mkdirSync(join(work, 'keys'));
    mkdirSync(join(work, 'blobs'));
    stack = spawn('npm', ['start'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...userEnvironment(), PORT: String(port), ISMF_KEY_DIR: join(work, 'keys'), ISMF_BLOB_DIR: join(work, 'blobs') },
    });
    process.once('exit', killOnExit);
    for (const signal of SIGNALS) process.once(signal, killOnSignal);
    stack.stdout!.on('data', (chunk: Buffer) => (stackOutput += chunk.toString()));
    stack.stderr!.on('data', (chunk: Buffer) => (stackOutput += chunk.toString()));
    let gone = false;
    const exited = new Promise<string>((done) =>
      stack!.once('exit', (code, signal) => {
        gone = true;
        done(`npm start exited (${signal ?? code})`);
      }),
    );
    const started = Date.now();
    const up = new Promise<string>((done) => {
      const check = () => {
        if (gone) return;
        if (READY.test(stackOutput)) return done('ready');
        if (stackOutput.includes('The demo data could not be seeded')) return done('the demo seed failed');
        if (Date.now() - started > STACK_START_MS) return done(`no seed summary within ${STACK_START_MS / 1000} s`);
        setTimeout(check, 100);
      };
      check();
    });
    const outcome = await Promise.race([up, exited]);
    if (outcome !== 'ready') throw new Error(`npm start did not come up: ${outcome}. It said:\n${tail(stackOutput, 60)}`);
  }, STACK_START_MS + 10_000);

  afterAll(async () => {
    if (stack && stack.exitCode === null && stack.signalCode === null) {
      const exited = new Promise<void>((done) => stack!.once('exit', () => done()));
      killGroup(stack, 'SIGINT');
      const timer = setTimeout(() => killGroup(stack!, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    // What the stack's process group left (a JVM that outlived it) goes too.
    if (stack) killGroup(stack, 'SIGKILL');
    process.removeListener('exit', killOnExit);
    for (const signal of SIGNALS) process.removeListener(signal, killOnSignal);
    rmSync(work, { recursive: true, force: true });
  }, 30_000);

  it(
    'runs every shell block, in order, as written',
    async () => {
      const strict = join(work, 'curl-strict');
      const lenient = join(work, 'curl-lenient');
      mkdirSync(strict);
      mkdirSync(lenient);
      writeFileSync(join(strict, '.curlrc'), 'fail-with-body\nshow-error\n');
      writeFileSync(join(lenient, '.curlrc'), 'show-error\n');
      const script = readmeScript(runnable, strict, lenient);
      const scriptFile = join(work, 'readme.sh');
      writeFileSync(scriptFile, script.text);

      const started = Date.now();
      const times = new Map<number, number>();
      let output = '';
      const bash = spawn('bash', [scriptFile], {
        cwd: ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...userEnvironment(), ISMF_URL: url },
      });
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        for (const match of output.matchAll(/@@readme block (\d+) done@@/g)) {
          if (!times.has(Number(match[1]))) times.set(Number(match[1]), Date.now());
        }
      };
      bash.stdout!.on('data', onData);
      bash.stderr!.on('data', onData);
      const timer = setTimeout(() => killGroup(bash, 'SIGKILL'), BLOCKS_MS);
      // 'close': once bash has exited and its output is all read.
      const status = await new Promise<number | string>((done) => bash.once('close', (code, signal) => done(signal ?? code ?? 'unknown')));
      clearTimeout(timer);
      killGroup(bash, 'SIGKILL');

      // The whole session, for a look at what the examples answered.
      mkdirSync(resolve(ROOT, 'build'), { recursive: true });
      writeFileSync(LOG, output);
      const { runs, failure } = splitOutput(output);
      const byNumber = new Map(runnable.map((block) => [block.number, block]));
      // bash names lines of the script: name the README's instead.
      const readmeLines = (text: string) =>
        text.replace(/(\S*readme\.sh: line )(\d+)/g, (whole, _prefix: string, line: string) => {
          const origin = script.readmeLine(Number(line));
          return origin ? `README.md:${origin}` : whole;
        });
      const report = (block: ReadmeBlock | undefined, what: string, blockOutput: string) =>
        [
          `README block ${block ? blockName(block) : '(none)'} ${what}`,
          `--- its output (the end) ---\n${readmeLines(tail(blockOutput, 40))}`,
          `--- npm start said (the end) ---\n${tail(stackOutput, 20)}`,
          `(the whole session: ${LOG})`,
        ].join('\n');

      const last = runs.at(-1);
      if (status !== 0 || failure) {
        const block = last && byNumber.get(last.number);
        if (failure) {
          const line = script.readmeLine(failure.scriptLine);
          throw new Error(report(block, `failed with exit status ${failure.status} at README.md:${line ?? '?'}: ${failure.command}`, last?.output ?? output));
        }
        const why =
          typeof status === 'string'
            ? `was stopped (${status}${Date.now() - started >= BLOCKS_MS ? `: still running after ${BLOCKS_MS / 1000} s` : ''})`
            : `exited with ${status}`;
        throw new Error(report(block, why, last?.output ?? output));
      }
      expect(runs.map((run) => run.number)).toEqual(runnable.map((block) => block.number));

      for (const run of runs) {
        const block = byNumber.get(run.number)!;
        if (block.expectStatus && !showsStatus(run.output, block.expectStatus)) {
          throw new Error(report(block, `should show HTTP ${block.expectStatus} (its first line says so), and its output does not`, run.output));
        }
      }

      let previous = started;
      const lines = runnable.map((block) => {
        const done = times.get(block.number) ?? previous;
        const line = `${String(done - previous).padStart(6)} ms  ${blockName(block)}${block.expectStatus ? ` (shows ${block.expectStatus})` : ''}`;
        previous = done;
        return line;
      });
      console.log(
        [
          `README: ${runnable.length} shell blocks ran in ${((Date.now() - started) / 1000).toFixed(1)} s against npm start at ${url}`,
          ...lines,
          `not run (${skipped.length}):`,
          ...skipped.map((block) => `  ${blockName(block)} — ${block.skip}`),
        ].join('\n'),
      );
    },
    BLOCKS_MS + 15_000,
  );
});
