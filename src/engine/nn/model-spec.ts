// PyTorch-like model specs ("Flatten, Linear(784,64), ReLU, …"): parsing,
// shape checking before anything is built, and torchinfo-style size arithmetic.
import { InputError } from '../input-error.js';

export type LayerSpec =
  { type: 'Flatten' } | { type: 'Linear'; in: number; out: number } | { type: 'ReLU' | 'Sigmoid' | 'Tanh' | 'LeakyReLU' | 'ELU' | 'Softmax' };

export const ACTIVATION_LAYERS = ['ReLU', 'Sigmoid', 'Tanh', 'LeakyReLU', 'ELU', 'Softmax'] as const;

/** A spec the parser cannot read; the message names the piece and what is allowed. */
export class SpecError extends InputError {}

/** Two layers whose sizes do not fit; the message names both layers and both sizes. */
export class ShapeError extends InputError {
  constructor(
    message: string,
    readonly layerIndex: number,
    readonly expected: number,
    readonly got: number,
    /** Why, as data for a front end to word: a Linear fed a multi-dimensional input, or the layer (or the input) that sized it. */
    readonly reason: { kind: 'flatten'; shape: number[] } | { kind: 'features'; sourceIndex?: number } = { kind: 'features' },
  ) {
    super(message);
  }
}

/** Splits at commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

export function parseModelSpec(text: string): LayerSpec[] {
  const parts = splitTopLevel(text);
  return parts.map((part, index) => {
    const where = `layer (${index}) ${JSON.stringify(part)}`;
    if (part === '') throw new SpecError(`${where} is empty: layers are separated by single commas`);
    const call = /^(\w+)\s*(?:\(\s*([^)]*)\))?$/.exec(part);
    if (!call) throw new SpecError(`${where} is not a layer: write e.g. Linear(784, 64) or ReLU`);
    const [, name, args] = call;
    if (name === 'Flatten') return { type: 'Flatten' };
    if ((ACTIVATION_LAYERS as readonly string[]).includes(name)) return { type: name as (typeof ACTIVATION_LAYERS)[number] };
    if (name === 'Linear') {
      const sizes = (args ?? '').split(',').map((s) => s.trim());
      if (sizes.length !== 2 || !sizes.every((s) => /^\d+$/.test(s) && Number(s) > 0)) {
        throw new SpecError(`${where}: Linear takes two positive integers, Linear(in_features, out_features)`);
      }
      return { type: 'Linear', in: Number(sizes[0]), out: Number(sizes[1]) };
    }
    throw new SpecError(`${where}: unknown layer '${name}' (known: Flatten, Linear(in, out), ${ACTIVATION_LAYERS.join(', ')})`);
  });
}

/** As PyTorch writes it: Linear(in_features=784, out_features=64, bias=True). */
export function describeLayer(layer: LayerSpec): string {
  return layer.type === 'Linear' ? `Linear(in_features=${layer.in}, out_features=${layer.out}, bias=True)` : `${layer.type}()`;
}

export const shortName = (layer: LayerSpec) => (layer.type === 'Linear' ? `Linear(${layer.in}, ${layer.out})` : layer.type);

/** Features out of each layer for one sample; throws ShapeError at the first mismatch. */
export function checkShapes(layers: readonly LayerSpec[], inputShape: readonly number[]): number[][] {
  let shape = [...inputShape];
  let lastSizer: { index: number; layer: LayerSpec } | undefined;
  const shapes: number[][] = [];
  layers.forEach((layer, index) => {
    if (layer.type === 'Flatten') shape = [shape.reduce((a, b) => a * b, 1)];
    else if (layer.type === 'Linear') {
      const features = shape.at(-1)!;
      if (shape.length !== 1) {
        throw new ShapeError(`layer (${index}) ${shortName(layer)} gets a ${shape.join('×')} input: add Flatten before it`, index, layer.in, features, {
          kind: 'flatten',
          shape: [...shape],
        });
      }
      if (features !== layer.in) {
        const source = lastSizer ? `layer (${lastSizer.index}) ${shortName(lastSizer.layer)} outputs ${features}` : `the input has ${features}`;
        throw new ShapeError(`layer (${index}) ${shortName(layer)} expects ${layer.in} input features, but ${source}`, index, layer.in, features, {
          kind: 'features',
          sourceIndex: lastSizer?.index,
        });
      }
      shape = [layer.out];
      lastSizer = { index, layer };
    }
    shapes.push([...shape]);
  });
  return shapes;
}

export interface ModelSize {
  layers: { index: number; layer: LayerSpec; outputShape: number[]; params: number }[];
  totalParams: number;
  trainableParams: number;
  /** torchinfo: batch × parameters for Linear layers, in millions. */
  multAddsM: number;
  inputMB: number;
  /** torchinfo: the output of every layer that has parameters, twice (values and gradients), 4 bytes each. */
  forwardBackwardMB: number;
  paramsMB: number;
  totalMB: number;
}

const BYTES_PER_FLOAT = 4;
const MB = 1e6; // torchinfo's megabyte

/** Sizes in torchinfo's conventions for a batch (float32). */
/** The exact number of parameters, as a BigInt: a float sum is not exact past 2⁵³. */
export function exactParams(layers: readonly LayerSpec[]): bigint {
  return layers.reduce((sum, l) => (l.type === 'Linear' ? sum + BigInt(l.in) * BigInt(l.out) + BigInt(l.out) : sum), 0n);
}

export function modelSize(layers: readonly LayerSpec[], inputShape: readonly number[], batchSize: number): ModelSize {
  const shapes = checkShapes(layers, inputShape);
  const rows = layers.map((layer, index) => ({
    index,
    layer,
    outputShape: [batchSize, ...shapes[index]],
    params: layer.type === 'Linear' ? layer.in * layer.out + layer.out : 0,
  }));
  const totalParams = rows.reduce((s, r) => s + r.params, 0);
  // torchinfo (ModelStatistics) counts the outputs of layers with parameters only: not Flatten, not activations.
  const outputs = rows.filter((r) => r.params > 0).reduce((s, r) => s + r.outputShape.reduce((a, b) => a * b, 1), 0);
  const inputMB = (batchSize * inputShape.reduce((a, b) => a * b, 1) * BYTES_PER_FLOAT) / MB;
  const forwardBackwardMB = (2 * outputs * BYTES_PER_FLOAT) / MB;
  const paramsMB = (totalParams * BYTES_PER_FLOAT) / MB;
  return {
    layers: rows,
    totalParams,
    trainableParams: totalParams,
    multAddsM: (batchSize * totalParams) / 1e6,
    inputMB,
    forwardBackwardMB,
    paramsMB,
    totalMB: inputMB + forwardBackwardMB + paramsMB,
  };
}

export interface TorchsummarySize {
  /** Per layer: "Linear-2", output shape with -1 for the batch, parameters. */
  layers: { name: string; outputShape: number[]; params: number }[];
  totalParams: number;
  inputMB: number;
  forwardBackwardMB: number;
  paramsMB: number;
  totalMB: number;
}

const MIB = 1024 ** 2; // torchsummary's "MB"

/**
 * Sizes as torchsummary (sksq96/pytorch-summary) computes them with its default
 * batch_size = -1: every layer's output counts (activations too), for one sample,
 * twice for gradients; 4 bytes a number; MB = 2²⁰ bytes. Layers are numbered from 1.
 */
export function torchsummarySize(layers: readonly LayerSpec[], inputShape: readonly number[]): TorchsummarySize {
  const shapes = checkShapes(layers, inputShape);
  const rows = layers.map((layer, index) => ({
    name: `${layer.type}-${index + 1}`,
    outputShape: [-1, ...shapes[index]],
    params: layer.type === 'Linear' ? layer.in * layer.out + layer.out : 0,
  }));
  const totalParams = rows.reduce((s, r) => s + r.params, 0);
  const perSample = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const inputMB = (perSample(inputShape) * BYTES_PER_FLOAT) / MIB;
  const forwardBackwardMB = (2 * rows.reduce((s, r) => s + perSample(r.outputShape.slice(1)), 0) * BYTES_PER_FLOAT) / MIB;
  const paramsMB = (totalParams * BYTES_PER_FLOAT) / MIB;
  return { layers: rows, totalParams, inputMB, forwardBackwardMB, paramsMB, totalMB: inputMB + forwardBackwardMB + paramsMB };
}
