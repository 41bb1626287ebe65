import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The layers, top first: each may import only the ones before it (docs/architecture.md). */
const LAYERS = [
  'errors',
  'path',
  'registry',
  'image',
  'ops',
  'boot',
  'package',
  'generate',
  'catalog',
  'host',
  'servicing',
  'scenarios',
  'machine',
  'sweep',
  'cli',
  'testing',
];

const ROOT = join(import.meta.dirname, '..');

/** Where each checked file belongs: a layer, or the package entry (`src/index.ts`) that sits below them all. */
const ENTRY = 'entry';

/** A module graph: each file (relative to the repository, `/`-separated) with the module specifiers it names. */
type Graph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Every module a file names: static imports and re-exports (type-only ones included), bare imports,
 * and `import('...')` calls and types.
 */
function specifiersOf(text: string): string[] {
  const statements = /^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;
  const calls = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...text.matchAll(statements), ...text.matchAll(calls)].map((match) => match[1]!);
}

const posix = (path: string) => path.split(sep).join('/');

/** The repository file a relative specifier names (`./x.js` is `x.ts`); undefined for packages. */
function resolveSpecifier(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return posix(join(dirname(file), spec)).replace(/\.js$/, '.ts');
}

/** The layer of a repository file; `workers/` belong to the catalog layer, whose pool runs them. */
function layerOf(file: string): string | undefined {
  if (file === 'src/index.ts') return ENTRY;
  const [top, layer, ...rest] = file.split('/');
  if (top === 'workers') return 'catalog';
  return top === 'src' && rest.length > 0 ? layer : undefined;
}

/** Every import that breaks the layer order: no exemptions, a file leaving `src` included. */
function layerProblems(graph: Graph, layers: readonly string[]): string[] {
  const rank = (layer: string | undefined) =>
    layer === ENTRY ? layers.length : layer === undefined ? -1 : layers.indexOf(layer);
  const problems: string[] = [];
  for (const [file, specs] of graph) {
    const layer = layerOf(file);
    if (rank(layer) < 0) problems.push(`${file} is in no layer`);
    for (const spec of specs) {
      const target = resolveSpecifier(file, spec);
      if (target === undefined) continue;
      const targetLayer = layerOf(target);
      if (!graph.has(target)) problems.push(`${file} imports ${spec}, which is outside the layers`);
      else if (targetLayer === layer) continue;
      else if (rank(targetLayer) < 0 || rank(targetLayer) >= rank(layer))
        problems.push(`${file} imports ${target} (a lower or unknown layer)`);
      else if (target !== `src/${targetLayer}/index.ts`)
        problems.push(`${file} imports ${target} (not the layer's index)`);
    }
  }
  return problems;
}

/** Every import cycle (Tarjan's strongly connected components), each as its files in order. */
function importCycles(graph: Graph): string[][] {
  const edges = (file: string) =>
    (graph.get(file) ?? [])
      .map((spec) => resolveSpecifier(file, spec))
      .filter((t) => t && graph.has(t)) as string[];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of edges(file)) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || edges(file).includes(file)) cycles.push(component.reverse());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

function graphOf(folders: string[]): Graph {
  const files = folders.flatMap((folder) => sourceFiles(join(ROOT, folder)));
  return new Map(
    files.map((file) => [posix(relative(ROOT, file)), specifiersOf(readFileSync(file, 'utf8'))]),
  );
}

describe('architecture', () => {
  const graph = graphOf(['src', 'workers']);

  it('every folder of src/ is a layer, and every layer has one public index.ts', () => {
    const folders = readdirSync(join(ROOT, 'src')).filter((name) =>
      statSync(join(ROOT, 'src', name)).isDirectory(),
    );
    expect(folders.filter((folder) => !LAYERS.includes(folder))).toEqual([]);
    for (const layer of LAYERS) expect(existsSync(join(ROOT, 'src', layer, 'index.ts'))).toBe(true);
  });

  it('imports flow one way: a layer imports only the layers above it, and only through their index.ts', () => {
    expect(layerProblems(graph, LAYERS)).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('fixtures/ holds test data: its only code re-exports the generate layer', () => {
    const fixtures = graphOf(['fixtures']);
    expect([...fixtures.keys()]).toEqual(['fixtures/index.ts']);
    expect(fixtures.get('fixtures/index.ts')).toEqual(['../src/generate/index.js']);
  });
});

describe('the architecture checks themselves', () => {
  it('read every form of import: type-only, multi-line, re-exports, bare, import() types', () => {
    const text = [
      "import type { A } from './a.js';",
      'import {',
      '  b,',
      '  type C,',
      "} from '../b/index.js';",
      "export type * from './c.js';",
      "export { d } from './d.js';",
      "import './e.js';",
      "type F = import('./f.js').F;",
      "const g = 'import nothing from here';",
    ].join('\n');
    expect(specifiersOf(text)).toEqual(['./a.js', '../b/index.js', './c.js', './d.js', './e.js', './f.js']);
  });

  it('find a cycle made only of type imports, and leave a chain alone', () => {
    const graph: Graph = new Map([
      ['src/machine/a.ts', ['./fs/b.js']],
      ['src/machine/fs/b.ts', ['../a.js']],
      ['src/machine/c.ts', ['./a.js']],
    ]);
    expect(importCycles(graph)).toEqual([['src/machine/a.ts', 'src/machine/fs/b.ts']]);
    expect(importCycles(new Map([...graph].slice(1)))).toEqual([]);
  });

  it('flag an import that leaves src/, an upward import and one past the index', () => {
    const graph: Graph = new Map([
      ['src/errors/index.ts', []],
      ['src/path/index.ts', ['../errors/index.js']],
      ['src/path/x.ts', ['../../fixtures/y.js', '../errors/other.js']],
      ['src/errors/other.ts', ['../path/index.js']],
    ]);
    expect(layerProblems(graph, ['errors', 'path'])).toEqual([
      'src/path/x.ts imports ../../fixtures/y.js, which is outside the layers',
      "src/path/x.ts imports src/errors/other.ts (not the layer's index)",
      'src/errors/other.ts imports src/path/index.ts (a lower or unknown layer)',
    ]);
  });
});
