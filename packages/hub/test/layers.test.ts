import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The hub's layers as its import graph shows them (STYLE §2, §8): routes → lifecycle/dispatch → store.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every relative import and re-export (type-only ones too), as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.map((spec) => relative(SRC, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))));
}

const GRAPH = new Map(sourceFiles(SRC).map((file) => [relative(SRC, file), importsOf(file)]));
const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '(root)');

/** Files reachable from `start` by following imports. */
function reachable(start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop() ?? '';
    for (const next of GRAPH.get(file) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

describe('hub layers', () => {
  it('reads the import graph (a guard against a parser that finds nothing)', () => {
    expect(GRAPH.get('dispatch/dispatcher.ts')).toContain('lifecycle/jobs.ts');
    expect(GRAPH.get('store/jobs.ts')).toContain('store/schema.ts');
  });

  it('keeps store/ to itself: no import of lifecycle/, dispatch/ or anything else of the hub', () => {
    const outside = [...GRAPH].flatMap(([file, imports]) =>
      folderOf(file) === 'store' ? imports.filter((i) => folderOf(i) !== 'store').map((i) => `${file} → ${i}`) : [],
    );
    expect(outside).toEqual([]);
  });

  it('lets dispatch/ build on lifecycle/, never the reverse', () => {
    const upward = [...GRAPH].flatMap(([file, imports]) =>
      folderOf(file) === 'lifecycle' ? imports.filter((i) => folderOf(i) === 'dispatch').map((i) => `${file} → ${i}`) : [],
    );
    expect(upward).toEqual([]);
  });

  it('has no import cycle through a lifecycle/ and a dispatch/ file', () => {
    const cycles = [...GRAPH.keys()]
      .filter((file) => folderOf(file) === 'lifecycle')
      .flatMap((file) => [...reachable(file)].filter((other) => folderOf(other) === 'dispatch' && reachable(other).has(file)).map((other) => `${file} ⇄ ${other}`));
    expect(cycles).toEqual([]);
  });
});
