// `npm run bench`: how fast nnlab is here, measured, with PyTorch beside it
// where it is installed. Prints a table, or the same numbers as JSON (--json).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { probeBackends, selectBackend, type BackendName } from '../engine/backend.js';
import { mnistDir } from '../engine/data/mnist.js';
import { onBackend, timeMatMul } from '../engine/matmul-bench.js';
import { coldStartMs, keyLatencyMs, peakRssMB, progressEventsPerSec } from './process.js';
import { FLOP_PER_SAMPLE, modelFitEpoch, nnlabEpoch, type Throughput } from '../engine/training-bench.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));
const TORCH_SCRIPT = fileURLToPath(new URL('../bench/torch_mlp.py', import.meta.url));
const BATCH_SIZES = [32, 256];

interface Options {
  json?: boolean;
  samples: string;
  backends: string;
  torch: boolean;
  app: boolean;
}

function findTorchPython(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
      return python;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function torchEpoch(python: string, batchSize: number, samples: number): Throughput & { torch: string } {
  // One torch thread: the machine has two cores and OpenBLAS takes the other (PERFORMANCE.md).
  const out = execFileSync(python, [TORCH_SCRIPT, mnistDir(), String(batchSize), String(samples), '1'], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '2' },
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const options = new Command('bench')
    .option('--json', 'print the results as one JSON object')
    .option('--samples <n>', 'training samples per measured epoch', '60000')
    .option('--backends <list>', 'backends to train on', 'tensorflow,wasm,cpu')
    .option('--no-torch', 'skip PyTorch even where it is installed')
    .option('--no-app', 'skip the app measurements (cold start, key latency, memory)')
    .parse()
    .opts<Options>();
  const samples = Number(options.samples);
  const log = (line: string) => {
    if (!options.json) process.stderr.write(line + '\n');
  };
  const { tfjsVersion } = await selectBackend('cpu');
  const loadable = (await probeBackends()).filter((b) => b.ok && options.backends.split(',').includes(b.backend));
  const results: Record<string, unknown> = { machine: { node: process.version, tfjs: tfjsVersion, samples, flopPerSample: FLOP_PER_SAMPLE } };

  const training: Record<string, unknown>[] = [];
  for (const { backend, reason } of loadable) {
    for (const batchSize of BATCH_SIZES) {
      log(`training: ${backend}, batch ${batchSize}, ${samples} samples…`);
      const ours = await onBackend(backend as BackendName, () => nnlabEpoch(samples, batchSize));
      const fit = await onBackend(backend as BackendName, () => modelFitEpoch(samples, batchSize));
      training.push({
        backend,
        device: reason,
        batchSize,
        samplesPerSec: ours.samplesPerSec,
        gflops: (ours.samplesPerSec * FLOP_PER_SAMPLE) / 1e9,
        modelFitSamplesPerSec: fit.samplesPerSec,
        speedupOverModelFit: ours.samplesPerSec / fit.samplesPerSec,
      });
    }
  }
  results.training = training;

  const python = options.torch ? findTorchPython() : undefined;
  if (python) {
    const torch: Record<string, unknown>[] = [];
    for (const batchSize of BATCH_SIZES) {
      log(`training: PyTorch, batch ${batchSize}…`);
      const run = torchEpoch(python, batchSize, samples);
      torch.push({ batchSize, samplesPerSec: run.samplesPerSec, version: run.torch });
      for (const row of training.filter((r) => r.batchSize === batchSize)) row.ratioToPytorch = (row.samplesPerSec as number) / run.samplesPerSec;
    }
    results.pytorch = torch;
  } else {
    results.pytorch = { skipped: options.torch ? 'no Python with torch (python3 -c "import torch" fails; on Debian: apt-get install python3-torch)' : '--no-torch' };
  }

  log('matrix products…');
  const matmul: Record<string, unknown>[] = [];
  for (const { backend } of loadable) {
    for (const n of [256, 512, 1024]) {
      if (backend === 'cpu' && n > 512) continue; // seconds per product on plain JavaScript
      const timing = await onBackend(backend as BackendName, () => timeMatMul(n, 500));
      matmul.push({ backend, n, gflops: timing.gflops });
    }
  }
  results.matmul = matmul;

  if (options.app) {
    log('cold start to the first menu frame…');
    results.coldStart = await coldStartMs(CLI, 7);
    log('key-to-screen latency while the MLP trains (tmux)…');
    results.keyLatency = await keyLatencyMs(CLI, 8);
    results.progressEventsPerSec = await progressEventsPerSec(CLI);
    log('peak memory of one training epoch (wasm, 60,000 images)…');
    results.peakRssMB = await peakRssMB(CLI, ['run', 'mlp', '--json', '--epochs', '1', '--backend', 'wasm', '--images', '0']);
  }

  if (options.json) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    return;
  }
  const lines = [
    `nnlab benchmark · Node ${process.version} · TensorFlow.js ${tfjsVersion} · one epoch of ${fmt(samples)} MNIST images, course MLP 784-64-128-128-10, SGD 0.1`,
    '',
    'backend     batch   samples/s   GFLOP/s   model.fit samples/s   speed-up   vs PyTorch',
    ...training.map(
      (r) =>
        `${String(r.backend).padEnd(10)}  ${String(r.batchSize).padStart(5)}  ${fmt(r.samplesPerSec as number).padStart(10)}  ${fmt(r.gflops as number, 2).padStart(8)}  ${fmt(r.modelFitSamplesPerSec as number).padStart(20)}  ${fmt(r.speedupOverModelFit as number, 2).padStart(8)}×  ${r.ratioToPytorch ? `${fmt(r.ratioToPytorch as number, 3)}×` : '—'}`,
    ),
  ];
  if (Array.isArray(results.pytorch)) {
    lines.push('', ...results.pytorch.map((r) => `PyTorch ${r.version} (1 thread), batch ${r.batchSize}: ${fmt(r.samplesPerSec)} samples/s`));
  } else lines.push('', `PyTorch: skipped (${(results.pytorch as { skipped: string }).skipped})`);
  lines.push('', 'matrix products n×n: ' + matmul.map((m) => `${m.backend} ${m.n}: ${fmt(m.gflops as number, 1)} GFLOP/s`).join(', '));
  if (options.app) {
    const cold = results.coldStart as { medianMs: number };
    const key = results.keyLatency as { medianMs?: number; maxMs?: number; skipped?: string };
    lines.push(
      `cold start to the first menu frame: ${fmt(cold.medianMs)} ms (median of 7)`,
      key.skipped ? `key-to-screen latency: skipped (${key.skipped})` : `key-to-screen latency while training: median ${fmt(key.medianMs!)} ms, max ${fmt(key.maxMs!)} ms`,
      `screen updates offered while training: ${fmt(results.progressEventsPerSec as number, 1)} progress events/s (the app coalesces to at most 20 frames/s)`,
      `peak RSS of one training epoch (wasm): ${fmt(results.peakRssMB as number)} MB`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
