// print(model) and a torchinfo-style summary as LabEvents: shared by the mlp
// lab's first screen and `nnlab summary`.
import { describeLayer, modelSize, type LayerSpec, type ModelSize } from '../engine/model-spec.js';
import type { LabBodyEvent } from './lab.js';

const thousands = (n: number) => n.toLocaleString('en-US');
const mb = (n: number) => n.toFixed(2);

/** PyTorch's repr of an nn.Sequential. */
export function pytorchRepr(layers: readonly LayerSpec[]): string {
  const lines = layers.map((layer, i) => `  (${i}): ${layer.type === 'Flatten' ? 'Flatten(start_dim=1, end_dim=-1)' : describeLayer(layer)}`);
  return ['Sequential(', ...lines, ')'].join('\n');
}

/** The summary's metrics under the keys scripts rely on. */
export function summaryMetrics(size: ModelSize): Record<string, number> {
  return {
    totalParams: size.totalParams,
    trainableParams: size.trainableParams,
    multAddsM: size.multAddsM,
    inputMB: size.inputMB,
    forwardBackwardMB: size.forwardBackwardMB,
    paramsMB: size.paramsMB,
    totalMB: size.totalMB,
  };
}

export function summaryEvents(layers: readonly LayerSpec[], inputShape: readonly number[], batchSize: number): { events: LabBodyEvent[]; size: ModelSize } {
  const size = modelSize(layers, inputShape, batchSize);
  const last = size.layers.length - 1;
  const shape = (s: readonly number[]) => `[${s.join(', ')}]`;
  const rows = [
    ['Sequential', shape(size.layers[last]?.outputShape ?? [batchSize, ...inputShape]), '--'],
    ...size.layers.map((row, i) => [`${i === last ? '└─' : '├─'}${row.layer.type}: 1-${i + 1}`, shape(row.outputShape), row.params > 0 ? thousands(row.params) : '--']),
  ];
  const totals = [
    `Total params: ${thousands(size.totalParams)}`,
    `Trainable params: ${thousands(size.trainableParams)}`,
    `Non-trainable params: ${thousands(size.totalParams - size.trainableParams)}`,
    `Total mult-adds (M): ${mb(size.multAddsM)}`,
    `Input size (MB): ${mb(size.inputMB)}`,
    `Forward/backward pass size (MB): ${mb(size.forwardBackwardMB)}`,
    `Params size (MB): ${mb(size.paramsMB)}`,
    `Estimated Total Size (MB): ${mb(size.totalMB)}`,
  ];
  return {
    size,
    events: [
      { kind: 'text', style: 'formula', text: `print(model)\n${pytorchRepr(layers)}` },
      {
        kind: 'table',
        id: 'summary',
        title: `summary(model, input_size=(${batchSize}, ${inputShape.join(', ')}))`,
        columns: ['Layer (type:depth-idx)', 'Output Shape', 'Param #'],
        rows,
      },
      { kind: 'text', style: 'formula', text: totals.join('\n') },
    ],
  };
}
