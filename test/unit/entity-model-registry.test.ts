// The entity models the areas declare, against docs/data-model.md and the declarations that read them:
// the page lists every model as it is (audited or derived, sensitive fields, patterns) and every pattern
// on its index; no model has two patterns on one index; the indexes a declaration is granted cover what
// it reads; and no code outside the store names an index or builds a key.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '@ismf/app/areas';
import { INDEX_NAMES } from '@ismf/core/access';
import { listMyTasks } from '@ismf/approvals/operations';
import { PEOPLE_PATTERNS } from '@ismf/store/access';
import { auditTrailByDay } from '@ismf/store/audit-entry';
import { digestLinesDue } from '@ismf/store/digest-lines';
import { LIST_PATTERN, type AccessPattern } from '@ismf/store/entity-model';

const ROOT = resolve(import.meta.dirname, '../..');
const page = readFileSync(join(ROOT, 'docs/data-model.md'), 'utf8');

/** The rows of the first table after a heading, cell by cell. */
function tableAfter(heading: string): string[][] {
  const start = page.indexOf(`\n## ${heading}\n`);
  expect(start, `docs/data-model.md has a section "${heading}"`).toBeGreaterThanOrEqual(0);
  const lines = page.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const table: string[] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    table.push(line);
  }
  return table.slice(2).map((line) =>
    line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim()),
  );
}

const unquote = (cell: string) => cell.replace(/`/g, '');
const list = (cell: string) => (cell === '—' ? [] : unquote(cell).split(', '));

describe('docs/data-model.md', () => {
  it('lists every entity model as declared: audited or derived, its sensitive fields, listed or not, its patterns', () => {
    const documented = tableAfter('Entity models').map(([type, kind, sensitive, listed, patterns]) => ({
      type: unquote(type!),
      kind,
      sensitive: list(sensitive!),
      listed: listed!.startsWith('yes'),
      patterns: list(patterns!).map((pattern) => pattern.replace(/ \((GSI\d)\)$/, ':$1')),
    }));
    const declared = registry.entities.map((model) => ({
      type: model.type,
      kind: model.audited ? 'audited' : 'derived',
      sensitive: [...model.sensitive],
      listed: model.listed,
      patterns: Object.values(model.patterns)
        .filter((pattern) => pattern.name !== LIST_PATTERN)
        .map((pattern) => `${pattern.name}:${pattern.index}`),
    }));
    expect(documented).toEqual(declared);
  });

  it('shows each index with every pattern that shares it, built or planned', () => {
    const rows = tableAfter('Index budget');
    expect(rows.map((row) => row[0])).toEqual(['GSI1', 'GSI2', 'GSI3', 'GSI4', 'GSI5', 'GSI6']);
    for (const row of rows) expect(row[1], `${row[0]} built`).toBe((INDEX_NAMES as readonly string[]).includes(row[0]!) ? 'yes' : 'planned');
    const patterns: AccessPattern[] = [...registry.entities.flatMap((model) => Object.values(model.patterns)), auditTrailByDay, digestLinesDue];
    for (const pattern of patterns) {
      const row = rows.find((candidate) => candidate[0] === pattern.index)!;
      expect(row[4], `${pattern.entity}.${pattern.name} in the row of ${pattern.index}`).toContain(`\`${pattern.entity}.${pattern.name}\``);
    }
  });
});

describe('the declared models', () => {
  it('have no two patterns on one index (an entity indexed twice on one GSI uses a child item)', () => {
    for (const model of registry.entities) {
      const indexes = Object.values(model.patterns).map((pattern) => pattern.index);
      expect(new Set(indexes).size, `${model.type}: ${indexes.join(', ')}`).toBe(indexes.length);
    }
  });

  it('serve the people patterns the generic declarations name, through the directory’s user model', () => {
    const user = registry.entities.find((model) => model.type === PEOPLE_PATTERNS.everyone.entity)!;
    for (const wanted of Object.values(PEOPLE_PATTERNS)) {
      const served = user.patterns[wanted.name]!;
      expect({ index: served.index, partition: served.partition, sort: served.sort }).toEqual({
        index: wanted.index,
        partition: wanted.partition,
        sort: wanted.sort,
      });
    }
  });

  it('grant /me/tasks the indexes every owed source reads', () => {
    for (const source of registry.owed) {
      for (const pattern of source.patterns ?? []) expect(listMyTasks.access.indexes, `${pattern.entity}.${pattern.name}`).toContain(pattern.index);
    }
    expect(registry.owed.every((source) => source.patterns?.length)).toBe(true);
  });

  it('grant each declaration only indexes derived from the patterns it names', () => {
    const entries = [...registry.operations, ...registry.consumers, ...registry.jobs, ...registry.flows.flatMap((flow) => Object.values(flow.tasks))];
    for (const entry of entries) {
      const derived = INDEX_NAMES.filter((index) => (entry.patterns ?? []).some((pattern) => pattern.index === index));
      expect(entry.access.indexes ?? [], entry.handler).toEqual(derived);
    }
  });
});

describe('code outside the store', () => {
  const sources = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });
  const files = [...sources('packages'), ...sources('functions')].filter(
    (file) => !file.startsWith('packages/store/') && file !== 'packages/core/src/access.ts',
  );

  it('names no index and builds no key: it reads through named patterns', () => {
    const found = files.flatMap((file) => {
      const source = readFileSync(join(ROOT, file), 'utf8');
      const problems: string[] = [];
      // The local relay's checkpoint is platform machinery (keys.platformState), not tenant data.
      if (/@ismf\/store\/keys'/.test(source) && file !== 'packages/local/src/outbox-relay.ts') problems.push('imports the key builder');
      if (/@ismf\/store\/query'/.test(source)) problems.push('queries an index directly');
      if (/gsi\d(pk|sk)/i.test(source)) problems.push('writes an index attribute');
      // An entity model (entities.ts, or an area's models of one part: feed-entities.ts) chooses its patterns'
      // indexes; nothing else names one.
      if (/'GSI\d'/.test(source) && !/\/([a-z]+-)?entities\.ts$/.test(file)) problems.push('names an index');
      return problems.map((problem) => `${file} ${problem}`);
    });
    expect(found).toEqual([]);
  });
});
