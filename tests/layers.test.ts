// The layers hold: cli → ui → labs → engine, no import back up, and the front
// ends (ui, cli) reach the engine only through labs/engine-api.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Each relative import of a file (static, re-export or dynamic), as a path under src. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return specs.map((spec) => relative(SRC, resolve(dirname(file), spec)));
}

/** The layer of a path under src: its first folder, or the entry file itself. */
const layer = (path: string) => path.split('/')[0].replace(/\.(js|tsx?)$/, '');

const RANK: Record<string, number> = { engine: 0, labs: 1, ui: 2, cli: 3 };

describe('layers', () => {
  const all = sources(SRC).map((file) => ({ file: relative(SRC, file), imports: imports(file) }));

  it('finds the sources and their imports', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.find((f) => f.file === 'cli.tsx')?.imports).toContain('ui/session/headless.js');
  });

  it('no import runs back up: engine ← labs ← ui ← cli', () => {
    const upward = all.flatMap(({ file, imports }) =>
      imports
        .filter((target) => RANK[layer(file)] !== undefined && RANK[layer(target)] !== undefined && RANK[layer(target)] > RANK[layer(file)])
        .map((target) => `${file} → ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('the front ends reach the engine only through labs/engine-api.ts', () => {
    const frontEnds = all.filter(({ file }) => ['ui', 'cli'].includes(layer(file)) || file === 'cli.tsx');
    const direct = frontEnds.flatMap(({ file, imports }) => imports.filter((target) => layer(target) === 'engine').map((target) => `${file} → ${target}`));
    expect(direct).toEqual([]);
  });

  it('no import circle between files, type-only imports included', () => {
    const graph = new Map(all.map(({ file, imports }) => [file.replace(/\.tsx?$/, ''), imports.map((target) => target.replace(/\.js$/, ''))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, 'open');
      stack.push(node);
      for (const next of graph.get(node) ?? []) {
        if (!graph.has(next)) continue;
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, 'done');
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });

  it('the runner is not a back door: labs/kit/run.ts exports no engine names', () => {
    expect(readFileSync(join(SRC, 'labs/kit/run.ts'), 'utf8')).not.toMatch(/export\s+(\*|\{[^}]*\}|type\s*\{[^}]*\})\s*from\s*'\.\.\/engine/);
  });
});
