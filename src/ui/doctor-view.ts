import type { DoctorReport } from '../labs/run.js';
import { VERSION } from '../version.js';

/** `nnlab doctor` as lines a student can act on. */
export function renderDoctor(report: DoctorReport): string[] {
  const lines = [
    `nnlab ${VERSION} · Node.js ${report.node} · TensorFlow.js ${report.tfjs}`,
    '',
    'backends (tried in this order by --backend auto):',
    ...report.backends.map((b) => `  ${b.ok ? 'ok  ' : 'FAIL'} ${b.backend.padEnd(10)} ${b.reason}`),
    '',
    report.chosen
      ? `chosen: ${report.chosen.backend} · ${report.chosen.deviceDetail} (requested: ${report.chosen.requested})`
      : `chosen: none — ${report.chosenError}`,
    '',
    'GPU:',
    `  @tensorflow/tfjs-node-gpu: ${report.gpu.tfjsNodeGpuInstalled ? 'installed' : 'not installed'}`,
    `  nvidia-smi: ${report.gpu.nvidiaSmi}${report.gpu.gpus.length ? ` — ${report.gpu.gpus.join(', ')}` : ''}`,
    ...Object.entries(report.gpu.libs).map(([lib, path]) => `  ${lib}: ${path ?? 'not found'}`),
  ];
  if (report.gpu.advice.length > 0) lines.push('', ...report.gpu.advice.map((a) => `  ${a}`));
  return lines;
}
