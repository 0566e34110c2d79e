// print(model) and a torchinfo-style summary as LabEvents: shared by the mlp
// lab's first screen and `nnlab summary`.
import { describeLayer, modelSize, torchsummarySize, type LayerSpec, type ModelSize } from '../../../engine/nn/model-spec.js';
import type { LabBodyEvent } from '../../kit/lab.js';

const thousands = (n: number) => n.toLocaleString('en-US');
const mb = (n: number) => n.toFixed(2);

const layerRepr = (layer: LayerSpec) => (layer.type === 'Flatten' ? 'Flatten(start_dim=1, end_dim=-1)' : describeLayer(layer));

/** PyTorch's repr of an nn.Sequential. */
export function pytorchRepr(layers: readonly LayerSpec[]): string {
  return ['Sequential(', ...layers.map((layer, i) => `  (${i}): ${layerRepr(layer)}`), ')'].join('\n');
}

/**
 * The repr of the course's nn.Module subclass: `self.flatten = nn.Flatten()` and
 * `self.base_model = nn.Sequential(…)` with the other layers, printed as NeuralNet(…).
 */
export function moduleRepr(layers: readonly LayerSpec[]): string {
  const [first, ...rest] = layers;
  const flatten = first?.type === 'Flatten';
  const base = flatten ? rest : layers;
  const baseRepr = pytorchRepr(base).replace(/^ {2}/gm, '    ').replace(/^\)$/m, '  )');
  return ['NeuralNet(', ...(flatten ? [`  (flatten): ${layerRepr(first)}`] : []), `  (base_model): ${baseRepr.trimStart()}`, ')'].join('\n');
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

/** print(model) as an nn.Sequential, or as the course's nn.Module subclass. */
export type ReprStyle = 'sequential' | 'module';

export function summaryEvents(
  layers: readonly LayerSpec[],
  inputShape: readonly number[],
  batchSize: number,
  repr: ReprStyle = 'sequential',
): { events: LabBodyEvent[]; size: ModelSize } {
  const size = modelSize(layers, inputShape, batchSize);
  const rows = summaryRows(size, batchSize, inputShape, repr);
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
      { kind: 'text', style: 'formula', text: `print(model)\n${repr === 'module' ? moduleRepr(layers) : pytorchRepr(layers)}` },
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

/**
 * torchinfo 1.8's rows: the model, then its children at depth 1 drawn `├─` (the last
 * one too), and their children at depth 2 drawn `│    └─`, numbered depth-index. The
 * course's NeuralNet holds Flatten and a Sequential (base_model) of the other layers.
 */
function summaryRows(size: ModelSize, batchSize: number, inputShape: readonly number[], repr: ReprStyle): string[][] {
  const shape = (s: readonly number[]) => `[${s.join(', ')}]`;
  const params = (n: number) => (n > 0 ? thousands(n) : '--');
  const output = shape(size.layers.at(-1)?.outputShape ?? [batchSize, ...inputShape]);
  const row = (prefix: string, r: ModelSize['layers'][number], index: string) => [`${prefix}${r.layer.type}: ${index}`, shape(r.outputShape), params(r.params)];
  if (repr === 'sequential') return [['Sequential', output, '--'], ...size.layers.map((r, i) => row('├─', r, `1-${i + 1}`))];
  const flatten = size.layers[0]?.layer.type === 'Flatten' ? size.layers[0] : undefined;
  const base = flatten ? size.layers.slice(1) : size.layers;
  return [
    ['NeuralNet', output, '--'],
    ...(flatten ? [row('├─', flatten, '1-1')] : []),
    [`├─Sequential: 1-${flatten ? 2 : 1}`, base.length > 0 ? shape(base.at(-1)!.outputShape) : output, '--'],
    ...base.map((r, i) => row('│    └─', r, `2-${i + 1}`)),
  ];
}

/** torchsummary's printout (the slides' `summary(model, (3, 32, 32))`), line for line. */
export function torchsummaryText(layers: readonly LayerSpec[], inputShape: readonly number[]): string {
  const size = torchsummarySize(layers, inputShape);
  const row = (a: string, b: string, c: string) => `${a.padStart(20)}  ${b.padStart(25)} ${c.padStart(15)}`;
  const rule = '-'.repeat(64);
  const double = '='.repeat(64);
  return [
    rule,
    row('Layer (type)', 'Output Shape', 'Param #'),
    double,
    ...size.layers.map((l) => row(l.name, `[${l.outputShape.join(', ')}]`, thousands(l.params))),
    double,
    `Total params: ${thousands(size.totalParams)}`,
    `Trainable params: ${thousands(size.totalParams)}`,
    'Non-trainable params: 0',
    rule,
    `Input size (MB): ${mb(size.inputMB)}`,
    `Forward/backward pass size (MB): ${mb(size.forwardBackwardMB)}`,
    `Params size (MB): ${mb(size.paramsMB)}`,
    `Estimated Total Size (MB): ${mb(size.totalMB)}`,
    rule,
  ].join('\n');
}
