// The README's fenced blocks, and the one bash script that runs its shell blocks in order (see readme.test.ts
// for the conventions). Pure: reads text, writes text.

/** A block that cannot run against `npm start` says so on its first line, visibly: `# not run by the README test: why`. */
export const SKIP_MARKER = /^#\s*not run by the README test:\s*(.+)$/;
/** A block that shows a refusal says so on its first line: `# expect: 412 …`. Its curl calls then do not fail on it. */
export const EXPECT_MARKER = /^#\s*expect:\s*(\d{3})\b/;

export interface ReadmeBlock {
  /** 1-based, among the README's fenced blocks. */
  readonly number: number;
  /** The info string after the opening fence (`sh`, or empty for a drawing). */
  readonly language: string;
  /** README line of the block's first line (the one after the fence). */
  readonly line: number;
  /** The heading the block stands under. */
  readonly section: string;
  readonly lines: readonly string[];
  /** Why it is not run, when its first line says so. */
  readonly skip?: string;
  /** The HTTP status the block shows, when its first line says so. */
  readonly expectStatus?: number;
}

const FENCE = /^```(\S*)\s*$/;
const HEADING = /^(#{1,6})\s+(.+)$/;

export function readmeBlocks(text: string): ReadmeBlock[] {
  const lines = text.split('\n');
  const blocks: ReadmeBlock[] = [];
  let section = '(top)';
  for (let index = 0; index < lines.length; index++) {
    const heading = HEADING.exec(lines[index]!);
    if (heading) {
      section = `${heading[1]} ${heading[2]}`;
      continue;
    }
    const open = FENCE.exec(lines[index]!);
    if (!open) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    if (end === lines.length) throw new Error(`README.md:${index + 1}: a fenced block is never closed`);
    const body = lines.slice(start, end);
    const first = body[0] ?? '';
    const skip = SKIP_MARKER.exec(first)?.[1];
    const expected = EXPECT_MARKER.exec(first)?.[1];
    blocks.push({
      number: blocks.length + 1,
      language: open[1]!,
      line: start + 1,
      section,
      lines: body,
      ...(skip ? { skip: skip.trim() } : {}),
      ...(expected ? { expectStatus: Number(expected) } : {}),
    });
    index = end;
  }
  return blocks;
}

/** How a block is named in reports: where it is, under which heading, and its first command. */
export function blockName(block: ReadmeBlock): string {
  const first = block.lines.find((line) => line.trim() !== '' && !line.trimStart().startsWith('#')) ?? block.lines[0] ?? '';
  const command = first.trim().length > 70 ? `${first.trim().slice(0, 69)}…` : first.trim();
  return `README.md:${block.line} (${block.section}): ${command}`;
}

export const MARK = '@@readme';

export interface ReadmeScript {
  readonly text: string;
  /** The README line of a line of the script (1-based both), where the script line is a README line. */
  readmeLine(scriptLine: number): number | undefined;
}

/**
 * One bash script for the blocks, in order, in one shell: the variables a block sets carry on to the next.
 * `set -euo pipefail`: a failing command (curl fails on 4xx/5xx through the test's .curlrc) stops the run,
 * and the ERR trap names the script line and the command. Markers on stdout separate the blocks' output.
 * An expecting block runs with `lenientCurlHome` (its curl calls answer the refusal instead of failing).
 */
export function readmeScript(blocks: readonly ReadmeBlock[], strictCurlHome: string, lenientCurlHome: string): ReadmeScript {
  const out: string[] = [];
  const origin = new Map<number, number>();
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  out.push('set -euo pipefail', 'exec 2>&1', `trap 'printf "\\n${MARK} failed %s %s@@\\n%s\\n${MARK} end@@\\n" "$LINENO" "$?" "$BASH_COMMAND"' ERR`);
  for (const block of blocks) {
    out.push(`printf '\\n${MARK} block ${block.number} start@@\\n'`);
    out.push(`export CURL_HOME=${quote(block.expectStatus ? lenientCurlHome : strictCurlHome)}`);
    out.push('{');
    for (const [offset, line] of block.lines.entries()) {
      out.push(line);
      origin.set(out.length, block.line + offset);
    }
    out.push('}');
    out.push(`printf '\\n${MARK} block ${block.number} done@@\\n'`);
  }
  return { text: `${out.join('\n')}\n`, readmeLine: (scriptLine) => origin.get(scriptLine) };
}

export interface BlockRun {
  readonly number: number;
  readonly output: string;
  readonly done: boolean;
}

export interface ScriptFailure {
  readonly scriptLine: number;
  readonly status: number;
  readonly command: string;
}

/** Splits the script's output into each block's output, and finds the failure the ERR trap reported. */
export function splitOutput(output: string): { runs: BlockRun[]; failure?: ScriptFailure } {
  const runs: BlockRun[] = [];
  const starts = [...output.matchAll(new RegExp(`\\n${MARK} block (\\d+) start@@\\n`, 'g'))];
  for (const [index, start] of starts.entries()) {
    const from = start.index + start[0].length;
    const to = starts[index + 1]?.index ?? output.length;
    const text = output.slice(from, to);
    const done = new RegExp(`\\n${MARK} block ${start[1]} done@@\\n?`).exec(text);
    runs.push({ number: Number(start[1]), output: done ? text.slice(0, done.index) : text, done: !!done });
  }
  const failed = new RegExp(`\\n${MARK} failed (\\d+) (\\d+)@@\\n([\\s\\S]*?)\\n${MARK} end@@`).exec(output);
  const failure = failed ? { scriptLine: Number(failed[1]), status: Number(failed[2]), command: failed[3]! } : undefined;
  // The failure report is not the block's own output.
  const last = runs.at(-1);
  if (failed && last && !last.done) runs[runs.length - 1] = { ...last, output: last.output.replace(failed[0], '') };
  return failure ? { runs, failure } : { runs };
}

/** Whether a block's output shows the expected refusal: a problem with that status, or a status line with it. */
export function showsStatus(output: string, status: number): boolean {
  return new RegExp(`"status"\\s*:\\s*${status}\\b`).test(output) || new RegExp(`^HTTP/[\\d.]+ ${status}\\b`, 'm').test(output);
}
