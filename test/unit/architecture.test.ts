// The shape the code must keep (docs/architecture.md): generic packages never import an area or the
// composition root; areas never import the composition root; only the composition root names every
// area; package edges form no loop; every package exports what it shares by name (no wildcard, no barrel).
// Read from the sources themselves, so a violation fails here whatever the lint configuration says.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '@ismf/app/areas';

const ROOT = resolve(import.meta.dirname, '../..');
const COMPOSITION_ROOT = 'packages/app/src/areas.ts';

type Layer = 'generic' | 'area' | 'composition' | 'console';
interface Package {
  name: string;
  dir: string;
  layer: Layer;
  exports: Record<string, string>;
}

const packages: Package[] = readdirSync(join(ROOT, 'packages')).map((dir) => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as {
    name: string;
    ismf?: { layer?: Layer };
    exports: Record<string, string>;
  };
  return { name: manifest.name.replace(/^@ismf\//, ''), dir, layer: manifest.ismf?.layer as Layer, exports: manifest.exports };
});
const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.d.mts') ? [path] : [];
  });
}

/** Every module specifier a file names: static imports and exports, side-effect imports, import() with a literal. */
export function specifiers(source: string): string[] {
  const found = [
    ...source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms),
    ...source.matchAll(/^\s*import\s+'([^']+)'/gm),
    ...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ];
  return found.map((match) => match[1]!);
}

interface Edge {
  file: string;
  from: Package | undefined;
  to: string;
  /** The workspace package and module a specifier reaches, if it reaches one. */
  target?: { pkg: Package; module: string };
}

function packageOfFile(file: string): Package | undefined {
  const match = /^packages\/([^/]+)\//.exec(file);
  return match ? packages.find((pkg) => pkg.dir === match[1]) : undefined;
}

function edgesOf(file: string): Edge[] {
  const from = packageOfFile(file);
  return specifiers(readFileSync(join(ROOT, file), 'utf8')).map((to) => {
    const scoped = /^@ismf\/([^/]+)(?:\/(.+))?$/.exec(to);
    const pkg = scoped ? byName.get(scoped[1]!) : undefined;
    if (scoped) return pkg ? { file, from, to, target: { pkg, module: scoped[2] ?? '' } } : { file, from, to };
    if (to.startsWith('.')) {
      const path = relative(ROOT, resolve(ROOT, dirname(file), to));
      const pkg = packageOfFile(path);
      if (pkg) return { file, from, to, target: { pkg, module: path } };
    }
    return { file, from, to };
  });
}

const files = ['packages', 'functions', 'infra'].flatMap(sourceFiles);
const edges = files.flatMap(edgesOf);
const crossing = edges.filter((edge) => edge.target && edge.target.pkg !== edge.from);
const areaPackages = packages.filter((pkg) => pkg.layer === 'area');

describe('the architecture', () => {
  it('knows every package’s layer', () => {
    for (const pkg of packages) expect(['generic', 'area', 'composition', 'console'], `packages/${pkg.dir}/package.json ismf.layer`).toContain(pkg.layer);
    expect(packages.filter((pkg) => pkg.layer === 'composition').map((pkg) => pkg.name)).toEqual(['app']);
  });

  it('has no generic package that imports an area or the composition root', () => {
    const violations = crossing
      .filter((edge) => edge.from?.layer === 'generic' && edge.target!.pkg.layer !== 'generic')
      .map((edge) => `${edge.file} → ${edge.to}`);
    expect(violations).toEqual([]);
  });

  it('has a console (browser code) that reaches only generic packages and the areas’ pure rules, and only npm start, the CDK app and the tests reach it', () => {
    const browser = crossing.filter((edge) => edge.from?.layer === 'console' && !edge.file.includes('/src/server/'));
    expect(
      browser
        .filter((edge) => !(edge.target!.pkg.layer === 'generic' || (edge.target!.pkg.layer === 'area' && edge.target!.module === 'rules')))
        .map((edge) => `${edge.file} → ${edge.to}`),
    ).toEqual([]);
    expect(
      crossing
        .filter((edge) => edge.target!.pkg.layer === 'console' && edge.from?.layer !== 'composition' && !edge.file.startsWith('infra/'))
        .map((edge) => `${edge.file} → ${edge.to}`),
    ).toEqual([]);
  });

  it('has no area that imports the composition root, and no package that imports another’s files by a relative path', () => {
    expect(
      crossing.filter((edge) => edge.from?.layer === 'area' && edge.target!.pkg.layer === 'composition').map((edge) => `${edge.file} → ${edge.to}`),
    ).toEqual([]);
    expect(crossing.filter((edge) => edge.from && edge.to.startsWith('.')).map((edge) => `${edge.file} → ${edge.to}`)).toEqual([]);
  });

  it('names every area in the composition root only, and the composition root names every area package', () => {
    const declarations = edges.filter((edge) => edge.target?.module === 'area');
    expect([...new Set(declarations.map((edge) => edge.file))]).toEqual([COMPOSITION_ROOT]);
    const named = declarations.map((edge) => edge.target!.pkg.name).sort();
    for (const pkg of areaPackages) expect(named, `${pkg.name} declares an area`).toContain(pkg.name);
    expect(registry.areas.length).toBe(named.length);
  });

  it('has no loop between packages', () => {
    const graph = new Map<string, Set<string>>();
    for (const edge of crossing.filter((candidate) => candidate.from)) {
      graph.set(edge.from!.name, (graph.get(edge.from!.name) ?? new Set()).add(edge.target!.pkg.name));
    }
    const loops: string[] = [];
    const visit = (name: string, path: string[]) => {
      if (path.includes(name)) {
        loops.push([...path.slice(path.indexOf(name)), name].join(' → '));
        return;
      }
      for (const next of graph.get(name) ?? []) visit(next, [...path, name]);
    };
    for (const name of graph.keys()) visit(name, []);
    expect([...new Set(loops)]).toEqual([]);
  });

  it('exports each shared module by name, and every import names an exported module', () => {
    for (const pkg of packages) {
      expect(
        Object.keys(pkg.exports).filter((key) => key.includes('*')),
        `packages/${pkg.dir}/package.json exports`,
      ).toEqual([]);
      expect(
        Object.keys(pkg.exports).filter((key) => key === '.' || /(^|\/)index$/.test(key)),
        `${pkg.name}: no barrel`,
      ).toEqual([]);
    }
    expect(edges.filter((edge) => edge.to.startsWith('@ismf/') && !edge.target).map((edge) => `${edge.file} → ${edge.to}`)).toEqual([]);
    const testFiles = sourceFiles('test');
    const missing = [...edges, ...testFiles.flatMap(edgesOf)]
      .filter((edge) => edge.target && edge.to.startsWith('@ismf/'))
      .filter((edge) => !Object.hasOwn(edge.target!.pkg.exports, `./${edge.target!.module}`))
      .map((edge) => `${edge.file} → ${edge.to}`);
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('reading imports', () => {
  it('finds static, multi-line, re-exported, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from '@ismf/x/a';",
      "import {\n  b,\n  c,\n} from '@ismf/y/b';",
      "export { d } from './d.ts';",
      "import '@ismf/z/side';",
      "const e = await import('@ismf/w/e');",
      "// import { f } from '@ismf/comment/f' is not at the start of a statement: 'x' from 'y'",
    ].join('\n');
    expect(specifiers(source)).toEqual(['@ismf/x/a', '@ismf/y/b', './d.ts', '@ismf/z/side', '@ismf/w/e']);
  });
});
