// PyTorch beside nnlab in the benchmark: the same model, data and settings
// (bench/torch_mlp.py), where a Python with torch is installed.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mnistDir } from '../engine/data/mnist.js';
import type { Throughput } from '../engine/bench/training-bench.js';

const TORCH_SCRIPT = fileURLToPath(new URL('../bench/torch_mlp.py', import.meta.url));

export interface TorchPython {
  python: string;
  cuda: boolean;
}

export interface TorchRun extends Throughput {
  torch: string;
  threads: number;
}

export function findTorchPython(): TorchPython | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const out = execFileSync(python, ['-c', 'import torch; print(torch.cuda.is_available())'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 60_000,
      });
      return { python, cuda: out.trim().endsWith('True') };
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/** Epochs per GPU measurement: one warm-up, then enough steps to time (large batches make few steps per epoch). */
export function gpuEpochs(batchSize: number): number {
  return batchSize >= 1024 ? 8 : 2;
}

/**
 * One measured PyTorch run. On the CPU with `threads` 1, everything on one
 * thread (torch, OpenMP and OpenBLAS); with 0, PyTorch's own default.
 */
export function torchEpoch(python: string, batchSize: number, samples: number, device: 'cpu' | 'cuda', threads: 0 | 1 = 0): TorchRun {
  const args = [TORCH_SCRIPT, mnistDir(), String(batchSize), String(samples), String(threads), device, String(device === 'cuda' ? gpuEpochs(batchSize) : 1)];
  const env = threads === 1 ? { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } : process.env;
  const out = execFileSync(python, args, { encoding: 'utf8', env });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}
