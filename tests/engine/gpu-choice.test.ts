// NNLAB_GPU=N: the Nth adapter Dawn lists, chosen by its name (Dawn's `adapter=` flag);
// identical GPUs have identical names, and that is said plainly.
import { describe, expect, it } from 'vitest';
import { gpuChoice } from '../../src/engine/backends/webgpu.js';

const list = (names: string[]) => () => names;

describe('NNLAB_GPU', () => {
  it('unset or empty: no flag, and no listing', () => {
    const never = () => {
      throw new Error('listed');
    };
    expect(gpuChoice(undefined, never)).toEqual([]);
    expect(gpuChoice('', never)).toEqual([]);
  });

  it('a number picks that adapter by its name', () => {
    expect(gpuChoice('1', list(['NVIDIA H100 80GB HBM3', 'NVIDIA L4']))).toEqual(['adapter=NVIDIA L4']);
    expect(gpuChoice('0', list(['llvmpipe (LLVM 15.0.6, 256 bits)']))).toEqual(['adapter=llvmpipe (LLVM 15.0.6, 256 bits)']);
  });

  it('says so where Dawn cannot tell identical GPUs apart', () => {
    const eight = list(Array(8).fill('NVIDIA H100 80GB HBM3'));
    expect(gpuChoice('0', eight)).toEqual(['adapter=NVIDIA H100 80GB HBM3']);
    expect(() => gpuChoice('3', eight)).toThrow(
      "NNLAB_GPU=3: GPUs 0 and 3 are both 'NVIDIA H100 80GB HBM3', and Dawn picks a GPU by its name: it cannot tell identical GPUs apart (use NNLAB_GPU=0, or run where only one is visible)",
    );
  });

  it('refuses what is not a GPU here, listing those there are', () => {
    expect(() => gpuChoice('2', list(['a', 'b']))).toThrow('NNLAB_GPU=2: Dawn sees 2 GPUs here (0: a, 1: b)');
    expect(() => gpuChoice('0', list([]))).toThrow('NNLAB_GPU=0: Dawn sees 0 GPUs here (none)');
    expect(() => gpuChoice('-1', list(['a']))).toThrow("NNLAB_GPU=-1 is not a GPU's number");
    expect(() => gpuChoice('one', list(['a']))).toThrow("NNLAB_GPU=one is not a GPU's number");
  });
});
