// `npm run bench`: how fast nnlab is here, measured, with PyTorch beside it
// where it is installed. Prints a table, or the same numbers as JSON (--json).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { BACKENDS, PROFILES, probeBackends, selectBackend, withBackend, type BackendName } from '../engine/backend.js';
import { mnistDir } from '../engine/data/mnist.js';
import { timeMatMul } from '../engine/matmul-bench.js';
import { coldStartMs, keyLatencyMs, peakRssMB, progressEventsPerSec } from './process.js';
import { FLOP_PER_SAMPLE, modelFitEpoch, nnlabEpoch, type Throughput } from '../engine/training-bench.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));
const TORCH_SCRIPT = fileURLToPath(new URL('../bench/torch_mlp.py', import.meta.url));
const CPU_BATCHES = [32, 256];
/** On a GPU the large batch is where it pays: the course's target ratios are set at 32, 256 and 4096. */
const GPU_BATCHES = [32, 256, 4096];
const MATMUL_SIZES = [256, 512, 1024, 4096];

interface Options {
  json?: boolean;
  samples: string;
  backends?: string;
  torch: boolean;
  app: boolean;
}

interface TorchPython {
  python: string;
  cuda: boolean;
}

function findTorchPython(): TorchPython | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const out = execFileSync(python, ['-c', 'import torch; print(torch.cuda.is_available())'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
      return { python, cuda: out.trim().endsWith('True') };
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function torchEpoch(python: string, batchSize: number, samples: number, device: 'cpu' | 'cuda'): Throughput & { torch: string; threads: number } {
  // On the CPU one torch thread: OpenBLAS takes the other core of a 2-core machine (README, benchmark).
  const args = [TORCH_SCRIPT, mnistDir(), String(batchSize), String(samples), device === 'cpu' ? '1' : '0', device, String(device === 'cuda' ? gpuEpochs(batchSize) : 1)];
  const env = device === 'cpu' ? { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '2' } : process.env;
  const out = execFileSync(python, args, { encoding: 'utf8', env });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/** Epochs per GPU measurement: one warm-up, then enough steps to time (large batches make few steps per epoch). */
function gpuEpochs(batchSize: number): number {
  return batchSize >= 1024 ? 8 : 2;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const options = new Command('bench')
    .option('--json', 'print the results as one JSON object')
    .option('--samples <n>', 'training samples per measured epoch', '60000')
    .option('--backends <list>', 'backends to measure (default: every one auto would accept; named ones even on a software GPU)')
    .option('--no-torch', 'skip PyTorch even where it is installed')
    .option('--no-app', 'skip the app measurements (cold start, key latency, memory)')
    .parse()
    .opts<Options>();
  const samples = Number(options.samples);
  const log = (line: string) => {
    if (!options.json) process.stderr.write(line + '\n');
  };
  const { tfjsVersion } = await selectBackend('cpu');
  // Backends named with --backends are measured even on a software GPU; by default, every one that auto would accept.
  const named = options.backends?.split(',') ?? [...BACKENDS];
  const unknown = named.filter((b) => !(BACKENDS as readonly string[]).includes(b));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown backend ${unknown.join(', ')} in --backends (backends: ${BACKENDS.join(', ')})\n`);
    process.exitCode = 2;
    return;
  }
  const wanted = named as BackendName[];
  const loadable = (await probeBackends(undefined, { forced: options.backends !== undefined, only: wanted })).filter((b) => b.ok);
  const results: Record<string, unknown> = { machine: { node: process.version, tfjs: tfjsVersion, samples, flopPerSample: FLOP_PER_SAMPLE } };

  const training: Record<string, unknown>[] = [];
  for (const { backend, reason, gpu } of loadable) {
    const profile = PROFILES[backend];
    const onGpu = gpu !== undefined;
    for (const batchSize of onGpu ? GPU_BATCHES : CPU_BATCHES) {
      log(`training: ${backend}, batch ${batchSize}, ${samples} samples…`);
      const epochs = onGpu ? gpuEpochs(batchSize) : 1;
      const ours = await withBackend(backend, () => nnlabEpoch(samples, batchSize, { epochs }), { forced: true });
      // The fused kernels' baseline is the same loop on TensorFlow.js's stock kernels; elsewhere, model.fit.
      const baseline = profile.fusedTraining
        ? await withBackend(backend, () => nnlabEpoch(samples, batchSize, { epochs, fused: false }), { forced: true })
        : await withBackend(backend, () => modelFitEpoch(samples, batchSize, epochs), { forced: true });
      training.push({
        backend,
        device: reason,
        method: ours.method,
        batchSize,
        samplesPerSec: ours.samplesPerSec,
        gflops: (ours.samplesPerSec * FLOP_PER_SAMPLE) / 1e9,
        baseline: profile.fusedTraining ? 'stock kernels' : 'model.fit',
        baselineSamplesPerSec: baseline.samplesPerSec,
        speedup: ours.samplesPerSec / baseline.samplesPerSec,
      });
    }
  }
  results.training = training;

  const torchPython = options.torch ? findTorchPython() : undefined;
  if (torchPython) {
    const torch: Record<string, unknown>[] = [];
    const devices: ('cpu' | 'cuda')[] = torchPython.cuda ? ['cpu', 'cuda'] : ['cpu'];
    for (const device of devices) {
      for (const batchSize of device === 'cuda' ? GPU_BATCHES : CPU_BATCHES) {
        log(`training: PyTorch ${device}, batch ${batchSize}…`);
        const run = torchEpoch(torchPython.python, batchSize, samples, device);
        torch.push({ device, batchSize, samplesPerSec: run.samplesPerSec, version: run.torch, threads: run.threads });
        const key = device === 'cuda' ? 'ratioToPytorchCuda' : 'ratioToPytorch';
        for (const row of training.filter((r) => r.batchSize === batchSize)) row[key] = (row.samplesPerSec as number) / run.samplesPerSec;
      }
    }
    results.pytorch = torch;
  } else {
    results.pytorch = { skipped: options.torch ? 'no Python with torch (python3 -c "import torch" fails; on Debian: apt-get install python3-torch)' : '--no-torch' };
  }

  log('matrix products…');
  const matmul: Record<string, unknown>[] = [];
  for (const { backend } of loadable) {
    for (const n of MATMUL_SIZES.filter((n) => n <= PROFILES[backend].maxBenchMatMul)) {
      const timing = await withBackend(backend, () => timeMatMul(n, { targetMs: 500 }), { forced: true });
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
  const ratio = (value: unknown) => (typeof value === 'number' ? `${fmt(value, 3)}×` : '—');
  const lines = [
    `nnlab benchmark · Node ${process.version} · TensorFlow.js ${tfjsVersion} · ${fmt(samples)} MNIST images per epoch, course MLP 784-64-128-128-10, SGD 0.1`,
    '',
    'backend     batch   samples/s   GFLOP/s   baseline            samples/s   speed-up   vs PyTorch CPU   vs PyTorch CUDA',
    ...training.map(
      (r) =>
        `${String(r.backend).padEnd(10)}  ${String(r.batchSize).padStart(5)}  ${fmt(r.samplesPerSec as number).padStart(10)}  ${fmt(r.gflops as number, 2).padStart(8)}   ${String(r.baseline).padEnd(14)}  ${fmt(r.baselineSamplesPerSec as number).padStart(10)}  ${fmt(r.speedup as number, 2).padStart(8)}×  ${ratio(r.ratioToPytorch).padStart(15)}  ${ratio(r.ratioToPytorchCuda).padStart(15)}`,
    ),
    '',
    ...[...new Map(training.map((r) => [r.backend, `${r.backend}: ${r.device}; training step: ${r.method}`])).values()],
  ];
  if (Array.isArray(results.pytorch)) {
    lines.push('', ...results.pytorch.map((r) => `PyTorch ${r.version} ${r.device === 'cuda' ? 'CUDA' : `CPU (${r.threads} thread${r.threads === 1 ? '' : 's'})`}, batch ${r.batchSize}: ${fmt(r.samplesPerSec)} samples/s`));
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
