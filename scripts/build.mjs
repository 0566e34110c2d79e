// Bundles the CLI with esbuild: one ES module file starts far faster than Node
// resolving Ink and React module by module (0.83 s against 0.17 s when this was
// measured; README, "Benchmark", has today's cold start to the menu).
// TensorFlow.js stays external: it is loaded lazily, and the wasm backend finds
// its .wasm files next to its own module.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEventCheck, SCHEMA, TARGET, TYPES } from './gen-event-check.mjs';
import { EVENT_TYPES, generateEventTypes } from './gen-event-types.mjs';
import { cliTruncatePlugin } from './cli-truncate-fix.mjs';
import { lazyEmojiRegexPlugin } from './lazy-emoji-regex.mjs';
import { fileURLToPath } from 'node:url';

const KERNELS_SOURCE = fileURLToPath(new URL('../src/engine/nn/cpu/assembly/step.ts', import.meta.url));
const KERNELS_TARGET = fileURLToPath(new URL('../src/engine/nn/cpu/generated/step-wasm.ts', import.meta.url));

const entries = { cli: 'src/cli.tsx', index: 'src/index.ts', bench: 'src/bench/bench.ts' };
const outdir = 'dist';

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(path) : st.mtimeMs);
  }
  return newest;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && existsSync(join(outdir, 'cli.js'))) {
  const built = statSync(join(outdir, 'cli.js')).mtimeMs;
  const sources = Math.max(newestMtime('src'), newestMtime('schema'), statSync('package.json').mtimeMs);
  if (built >= sources) process.exit(0);
}

// The event types and the runner's event validator follow the schema (a test fails if they are stale).
const generatedAt = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);
if (statSync(SCHEMA).mtimeMs > Math.min(generatedAt(TARGET), generatedAt(EVENT_TYPES))) {
  const { code, types } = generateEventCheck();
  writeFileSync(TARGET, code);
  writeFileSync(TYPES, types);
  writeFileSync(EVENT_TYPES, generateEventTypes());
}

// The CPU step's WebAssembly follows its AssemblyScript source (committed; a test
// fails if it is stale). Only a changed source needs the compiler, a devDependency.
if (statSync(KERNELS_SOURCE).mtimeMs > (existsSync(KERNELS_TARGET) ? statSync(KERNELS_TARGET).mtimeMs : 0)) {
  const { buildKernels } = await import('./build-kernels.mjs');
  writeFileSync(KERNELS_TARGET, await buildKernels());
}

// A clean folder: chunk names carry content hashes, and old ones would pile up.
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  // Chunks for dynamic imports: Ink loads only for the full-screen app, and Ink's
  // devtools (react-devtools-core, not installed) only under DEV=true.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // NNLAB_NO_MINIFY=1 keeps the output readable, for profiling the start-up with --cpu-prof.
  minify: !process.env.NNLAB_NO_MINIFY,
  jsx: 'automatic',
  // webgpu (Dawn) finds its native dawn.node next to its own module.
  external: ['@tensorflow/*', 'react-devtools-core', 'webgpu'],
  // React and its reconciler in their production builds: without this the bundle holds both
  // and picks development at run time (NODE_ENV unset), slower to load and to render.
  define: { 'process.env.DEV': '"false"', 'process.env.NODE_ENV': '"production"' },
  // Some bundled dependencies are CommonJS and call require().
  banner: {
    js: "import { createRequire as __nnlabCreateRequire } from 'node:module'; const require = __nnlabCreateRequire(import.meta.url);",
  },
  plugins: [lazyEmojiRegexPlugin, cliTruncatePlugin],
  logLevel: 'warning',
});

// Types for the programmatic API and for lab modules written in TypeScript. A type
// error must not stop `npm install` or `npm start` (the bundle above is complete);
// `npm test` type-checks strictly and fails on it.
try {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
} catch {
  console.warn('build: the type declarations (dist/types) have errors; `npm test` reports them');
}
