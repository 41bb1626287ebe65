import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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
  'catalog',
  'host',
  'servicing',
  'scenarios',
  'machine',
  'sweep',
  'cli',
  'testing',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
}

describe('architecture', () => {
  const root = join(import.meta.dirname, '..', 'src');
  const files = sourceFiles(root).filter((f) => relative(root, f).includes('/'));

  it('every layer folder has one public index.ts', () => {
    for (const layer of LAYERS) expect(statSync(join(root, layer, 'index.ts')).isFile()).toBe(true);
  });

  it('imports flow one way: a layer imports only the layers above it, and only through their index.ts', () => {
    const problems: string[] = [];
    for (const file of files) {
      const layer = relative(root, file).split('/')[0];
      const rank = LAYERS.indexOf(layer);
      for (const spec of importsOf(file)) {
        const target = relative(root, join(file, '..', spec));
        if (target.startsWith('..')) continue;
        const [targetLayer, ...rest] = target.split('/');
        if (targetLayer === layer) continue;
        const targetRank = LAYERS.indexOf(targetLayer);
        if (targetRank < 0 || targetRank >= rank)
          problems.push(`${relative(root, file)} imports ${target} (a lower or unknown layer)`);
        else if (rest.join('/') !== 'index.js')
          problems.push(`${relative(root, file)} imports ${target} (not the layer's index)`);
      }
    }
    expect(problems).toEqual([]);
  });
});
