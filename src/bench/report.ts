// The benchmark's results as the text table `npm run bench` prints.
import { plural } from '../engine/describe.js';

type Row = Record<string, unknown>;

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (value: unknown) => (typeof value === 'number' ? `${fmt(value, 3)}×` : '—');
const times = (value: unknown) => (typeof value === 'number' ? `${fmt(value, 2)}×` : '—');

/** The training table, the devices, PyTorch's own rows and the matrix products. */
export function trainingReport(results: Row, machine: { node: string; tfjs: string; samples: number }): string[] {
  const training = results.training as Row[];
  const matmul = results.matmul as Row[];
  const lines = [
    `nnlab benchmark · Node ${machine.node} · TensorFlow.js ${machine.tfjs} · ${fmt(machine.samples)} MNIST images per epoch, course MLP 784-64-128-128-10, SGD 0.1`,
    '',
    'backend   threads  batch   samples/s  GFLOP/s  baseline        samples/s  speed-up  N/1 threads  vs PyTorch 1 thread  vs PyTorch default  vs PyTorch CUDA',
    ...training.map((r) =>
      [
        String(r.backend).padEnd(8),
        String(r.threads ?? '').padStart(8),
        String(r.batchSize).padStart(6),
        fmt(r.samplesPerSec as number).padStart(11),
        fmt(r.gflops as number, 2).padStart(8),
        ' ' + String(r.baseline).padEnd(14),
        fmt(r.baselineSamplesPerSec as number).padStart(10),
        times(r.speedup).padStart(9),
        times(r.threadSpeedup).padStart(12),
        ratio(r.ratioToPytorch).padStart(20),
        ratio(r.ratioToPytorchDefault).padStart(19),
        ratio(r.ratioToPytorchCuda).padStart(16),
      ].join(' '),
    ),
    '',
    ...[...new Map(training.map((r) => [`${r.backend} ${r.threads ?? ''}`, `${r.backend}: ${r.device}; training step: ${r.method}`])).values()],
  ];
  if (Array.isArray(results.pytorch)) {
    lines.push(
      '',
      ...(results.pytorch as Row[]).map(
        (r) =>
          `PyTorch ${r.version} ${r.device === 'cuda' ? 'CUDA' : `CPU (${plural(r.threads as number, 'thread')}${r.defaultThreads ? ', its default' : ''})`}, batch ${r.batchSize}: ${fmt(r.samplesPerSec as number)} samples/s`,
      ),
    );
  } else lines.push('', `PyTorch: skipped (${(results.pytorch as { skipped: string }).skipped})`);
  if (matmul.length > 0)
    lines.push(
      '',
      'matrix products n×n: ' +
        matmul
          .map((m) => `${m.backend}${m.threads ? ` (${plural(m.threads as number, 'thread')})` : ''} ${m.n}: ${fmt(m.gflops as number, 1)} GFLOP/s`)
          .join(', '),
    );
  return lines;
}
