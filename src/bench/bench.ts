// `npm run bench`: how fast nnlab is here, measured, with PyTorch beside it
// where it is installed. Prints a table, or the same numbers as JSON (--json).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { BACKENDS, PROFILES, probeBackends, selectBackend, withBackend, type BackendName } from '../engine/backend.js';
import { timeMatMul } from '../engine/bench/matmul-bench.js';
import { classroom, coldStartMs, keyLatencyMs, peakRssMB, progressEventsPerSec, type Classroom } from './process.js';
import { fmt, trainingReport } from './report.js';
import { findTorchPython, gpuEpochs, torchEpoch } from './torch.js';
import { FLOP_PER_SAMPLE, modelFitEpoch, nnlabEpoch } from '../engine/bench/training-bench.js';
import { FAILURE, INPUT } from '../labs/kit/outcome.js';
import { usableCores } from '../engine/machine/cpu-cores.js';
import { wasmThreadPlan } from '../engine/backends/wasm.js';
import { exitCode } from '../ui/session/exit-code.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));
const BENCH = fileURLToPath(import.meta.url);
const CPU_BATCHES = [32, 256];
/** On a GPU the large batch is where it pays: the course's target ratios are set at 32, 256 and 4096. */
const GPU_BATCHES = [32, 256, 4096];
const MATMUL_SIZES = [256, 512, 1024, 4096];

interface Options {
  json?: boolean;
  samples: string;
  backends?: string;
  threads?: string;
  torch: boolean;
  app: boolean;
  matmul: boolean;
  classroom: string;
}

type Row = Record<string, unknown>;

/**
 * The wasm rows on one thread, from a child process: the wasm backend's
 * threads start once per process, and this one runs on all of them.
 */
function wasmOnOneThread(samples: number, matmul: boolean): { training: Row[]; matmul: Row[] } {
  const args = [
    BENCH,
    '--json',
    '--backends',
    'wasm',
    '--threads',
    '1',
    '--samples',
    String(samples),
    '--no-torch',
    '--no-app',
    ...(matmul ? [] : ['--no-matmul']),
  ];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

/** Enough presses for a 95th percentile that is not simply the slowest one. */
const KEY_PRESSES = 40;

/** A usage error: one line on stderr, exit 2, nothing measured. */
function refuse(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
  process.exitCode = exitCode(INPUT);
}

/** MNIST's training images: the most one epoch can take. */
const MAX_SAMPLES = 60_000;

async function main(): Promise<void> {
  const command = new Command('bench')
    .option('--json', 'print the results as one JSON object')
    .option('--samples <n>', 'training samples per measured epoch', '60000')
    .option('--backends <list>', 'backends to measure (default: every one auto would accept; named ones even on a software GPU)')
    .option('--threads <n>', 'threads of wasm and the CPU step (default: one per usable core, and 1 beside it)')
    .option('--no-torch', 'skip PyTorch even where it is installed')
    .option('--no-app', 'skip the app measurements (cold start, key latency, memory)')
    .option('--no-matmul', 'skip the matrix products')
    .option('--classroom <k>', 'K one-epoch MLP runs at once on wasm, default threads against --threads 1 (0 skips)', '3')
    // An unknown option or a missing value is a usage error: exit 2, as nnlab's own.
    .exitOverride((err) => {
      process.exit(err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : exitCode(INPUT));
    });
  const options = command.parse().opts<Options>();
  const samples = Number(options.samples);
  if (!/^\d+$/.test(options.samples.trim()) || !(samples >= 1 && samples <= MAX_SAMPLES)) {
    return refuse(
      `--samples must be a whole number from 1 to ${MAX_SAMPLES.toLocaleString('en-US')} (MNIST's training images; got ${JSON.stringify(options.samples)})`,
    );
  }
  const log = (line: string) => {
    if (!options.json) process.stderr.write(line + '\n');
  };
  const { tfjsVersion } = await selectBackend('cpu');
  // Backends named with --backends are measured even on a software GPU; by default, every one that auto would accept.
  const named = options.backends?.split(',') ?? [...BACKENDS];
  const unknown = named.filter((b) => !(BACKENDS as readonly string[]).includes(b));
  if (unknown.length > 0) return refuse(`unknown backend ${unknown.join(', ')} in --backends (backends: ${BACKENDS.join(', ')})`);
  const wanted = named as BackendName[];
  const classroomRuns = Number(options.classroom);
  if (!(Number.isInteger(classroomRuns) && classroomRuns >= 0 && classroomRuns <= 64))
    return refuse(`--classroom must be a whole number from 0 to 64 (got ${options.classroom})`);
  const asked = options.threads === undefined ? undefined : Number(options.threads);
  if (asked !== undefined && !(Number.isInteger(asked) && asked >= 1 && asked <= 64))
    return refuse(`--threads must be a whole number from 1 to 64 (got ${options.threads})`);
  // All threads: one per usable core (not only the idle ones a run takes by default), and 1 thread beside it.
  const threads = asked ?? wasmThreadPlan(undefined, usableCores()).threads;
  const probed = await probeBackends(undefined, { forced: options.backends !== undefined, only: wanted, threads });
  // A backend named in --backends that cannot load is a failure to measure what was asked: exit 1, and why.
  const failed = options.backends === undefined ? [] : probed.filter((b) => !b.ok);
  if (failed.length > 0) {
    process.stderr.write(failed.map((b) => `bench: --backends names ${b.backend}, which cannot load here: ${b.reason}`).join('\n') + '\n');
    process.exitCode = exitCode(FAILURE);
    return;
  }
  const loadable = probed.filter((b) => b.ok);
  /** The threads a backend computes on: nnlab's CPU step's where it trains (wasm, cpu), else its pool's (wasm's matrix products); none for the others. */
  const threadsOf = (backend: BackendName, training = false) => {
    if (training && PROFILES[backend].hostTensors) return { threads };
    const started = loadable.find((b) => b.backend === backend)?.threads;
    return started ? { threads: started } : {};
  };
  const results: Record<string, unknown> = { machine: { node: process.version, tfjs: tfjsVersion, samples, flopPerSample: FLOP_PER_SAMPLE } };

  const training: Row[] = [];
  for (const { backend, reason, gpu } of loadable) {
    const profile = PROFILES[backend];
    const onGpu = gpu !== undefined;
    for (const batchSize of onGpu ? GPU_BATCHES : CPU_BATCHES) {
      log(`training: ${backend}, batch ${batchSize}, ${samples} samples…`);
      const epochs = onGpu ? gpuEpochs(batchSize) : 1;
      // On a GPU each row is timed over at least 2 s: an epoch at batch 4096 is a few tens of milliseconds.
      const ours = await withBackend(backend, () => nnlabEpoch(samples, batchSize, { epochs, threads, minSeconds: onGpu ? 2 : 0 }), { forced: true });
      // The fused kernels' baseline is the same loop on TensorFlow.js's stock kernels; elsewhere, model.fit.
      const baseline = profile.fusedTraining
        ? await withBackend(backend, () => nnlabEpoch(samples, batchSize, { epochs, fused: false }), { forced: true })
        : await withBackend(backend, () => modelFitEpoch(samples, batchSize, epochs), { forced: true });
      training.push({
        backend,
        ...threadsOf(backend, true),
        device: reason,
        method: ours.method,
        batchSize,
        batch: batchSize,
        ...(onGpu
          ? {
              dispatchesPerStep: ours.dispatchesPerStep,
              submitsPerStep: ours.submitsPerStep,
              hostMicrosPerStep: ours.hostMicrosPerStep,
              hostWallMicrosPerStep: ours.hostWallMicrosPerStep,
              encodeMicrosPerStep: ours.encodeMicrosPerStep,
              submitMicrosPerStep: ours.submitMicrosPerStep,
            }
          : {}),
        samplesPerSec: ours.samplesPerSec,
        gflops: (ours.samplesPerSec * FLOP_PER_SAMPLE) / 1e9,
        baseline: profile.fusedTraining ? 'stock kernels' : 'model.fit',
        baselineSamplesPerSec: baseline.samplesPerSec,
        speedup: ours.samplesPerSec / baseline.samplesPerSec,
      });
    }
  }
  const matmul: Row[] = [];
  if (options.matmul) {
    log('matrix products…');
    for (const { backend } of loadable) {
      for (const n of MATMUL_SIZES.filter((n) => n <= PROFILES[backend].maxBenchMatMul)) {
        const timing = await withBackend(backend, () => timeMatMul(n, { targetMs: 500 }), { forced: true });
        matmul.push({ backend, ...threadsOf(backend), n, gflops: timing.gflops });
      }
    }
  }
  // threads = N against threads = 1 on the same backend, in one run.
  if (asked === undefined && threads > 1 && loadable.some((b) => b.backend === 'wasm')) {
    log('wasm on 1 thread (a second process)…');
    const one = wasmOnOneThread(samples, options.matmul);
    for (const row of one.training) {
      const many = training.find((r) => r.backend === 'wasm' && r.batchSize === row.batchSize);
      if (many) many.threadSpeedup = (many.samplesPerSec as number) / (row.samplesPerSec as number);
    }
    training.splice(training.map((r) => r.backend).lastIndexOf('wasm') + 1, 0, ...one.training);
    matmul.push(...one.matmul);
  }
  results.training = training;
  results.matmul = matmul;

  const torchPython = options.torch ? findTorchPython() : undefined;
  if (torchPython) {
    const torch: Row[] = [];
    const runs: { device: 'cpu' | 'cuda'; threads: 0 | 1; key: string }[] = [
      { device: 'cpu', threads: 1, key: 'ratioToPytorch' },
      { device: 'cpu', threads: 0, key: 'ratioToPytorchDefault' },
      ...(torchPython.cuda ? [{ device: 'cuda' as const, threads: 0 as const, key: 'ratioToPytorchCuda' }] : []),
    ];
    for (const { device, threads: torchThreads, key } of runs) {
      for (const batchSize of device === 'cuda' ? GPU_BATCHES : CPU_BATCHES) {
        log(`training: PyTorch ${device}${device === 'cpu' ? (torchThreads === 1 ? ', 1 thread' : ', its default threads') : ''}, batch ${batchSize}…`);
        const run = torchEpoch(torchPython.python, batchSize, samples, device, torchThreads);
        torch.push({ device, batchSize, samplesPerSec: run.samplesPerSec, version: run.torch, threads: run.threads, defaultThreads: torchThreads === 0 });
        for (const row of training.filter((r) => r.batchSize === batchSize)) row[key] = (row.samplesPerSec as number) / run.samplesPerSec;
      }
    }
    results.pytorch = torch;
  } else {
    results.pytorch = {
      skipped: options.torch ? 'no Python with torch (python3 -c "import torch" fails; on Debian: apt-get install python3-torch)' : '--no-torch',
    };
  }

  if (options.app) {
    log('cold start to the first menu frame…');
    results.coldStart = await coldStartMs(CLI, 7);
    log('key-to-screen latency while the MLP trains (tmux)…');
    results.keyLatency = await keyLatencyMs(CLI, KEY_PRESSES);
    results.progressEventsPerSec = await progressEventsPerSec(CLI);
    log('peak memory of one training epoch (wasm, 60,000 images)…');
    results.peakRssMB = await peakRssMB(CLI, ['run', 'mlp', '--json', '--epochs', '1', '--backend', 'wasm', '--images', '0']);
  }

  if (classroomRuns > 0 && wanted.includes('wasm')) {
    log(`a classroom: ${classroomRuns} MLP runs at once, default threads and --threads 1…`);
    results.classroom = await classroom(CLI, classroomRuns);
  }

  if (options.json) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    return;
  }
  const lines = trainingReport(results, { node: process.version, tfjs: tfjsVersion, samples });
  if (options.app) {
    const cold = results.coldStart as { medianMs: number };
    const key = results.keyLatency as { medianMs?: number; p95Ms?: number; maxMs?: number; skipped?: string };
    lines.push(
      `cold start to the first menu frame: ${fmt(cold.medianMs)} ms (median of 7)`,
      key.skipped
        ? `key-to-screen latency: skipped (${key.skipped})`
        : `key-to-screen latency while training: median ${fmt(key.medianMs!)} ms, 95th percentile ${fmt(key.p95Ms!)} ms, max ${fmt(key.maxMs!)} ms (${KEY_PRESSES} presses)`,
      `screen updates offered while training: ${fmt(results.progressEventsPerSec as number, 1)} progress events/s (the app coalesces to at most 20 frames/s)`,
      `peak RSS of one training epoch (wasm): ${fmt(results.peakRssMB as number)} MB`,
    );
  }
  if (results.classroom) {
    const c = results.classroom as Classroom;
    lines.push(
      `a classroom, ${c.runs} one-epoch MLP runs at once on wasm: ${fmt(c.defaultThreadsMs / 1000, 1)} s on the default threads (${c.defaultThreads.join(', ')} each), ${fmt(c.oneThreadMs / 1000, 1)} s on --threads 1: ${fmt(c.defaultThreadsMs / c.oneThreadMs, 2)}×`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
