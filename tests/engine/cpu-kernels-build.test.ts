// The committed WebAssembly of the CPU step is what its AssemblyScript source
// compiles to, byte for byte (asc is deterministic): an edit to the source that
// was not rebuilt (node scripts/build-kernels.mjs) fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, without type declarations
import { buildKernels, TARGET } from '../../scripts/build-kernels.mjs';

describe('CPU step kernels build', () => {
  it('the committed src/engine/nn/cpu/generated/step-wasm.ts rebuilds byte for byte from assembly/step.ts', async () => {
    const rebuilt: string = await buildKernels();
    expect(rebuilt.length).toBeGreaterThan(10_000);
    expect(rebuilt === readFileSync(TARGET, 'utf8')).toBe(true);
  });
});
