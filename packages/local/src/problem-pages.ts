// The page of each problem type (docs/problems.md), which a problem's `type` URI names: locally served at
// /problems/<type>, one section of the page, so that a developer following a type finds what it means.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROBLEM_TYPES } from '@ismf/core/problems';

/** The sections of docs/problems.md by type: the `## <type>` heading and its text. */
export function problemPages(root: string): Map<string, string> {
  const text = readFileSync(resolve(root, 'docs/problems.md'), 'utf8');
  const pages = new Map<string, string>();
  for (const section of text.split(/^(?=## )/m).slice(1)) {
    const type = section.slice(3, section.indexOf('\n')).trim();
    if (type in PROBLEM_TYPES) pages.set(type, `# ${type}\n\n${section.slice(section.indexOf('\n')).trim()}\n`);
  }
  return pages;
}
