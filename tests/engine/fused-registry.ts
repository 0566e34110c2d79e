// Test-only: nnlab's fused kernels in TensorFlow.js's kernel registry (webgpu backend), and
// typed calls to them. Each call is one dispatch and one tensor out.
import type { Tf, Tensor } from '../../src/engine/tf.js';
import {
  applyPartsProgram,
  backwardProgram,
  crossEntropyGradProgram,
  forwardProgram,
  gradientPartsProgram,
  lossSumsProgram,
  SPLIT_CHUNK,
  SPLIT_ROWS,
  updateProgram,
  type Activation,
  type Program,
  type UpdateRule,
} from '../../src/engine/nn/fused/wgsl.js';

type Uniform = { type: 'int32' | 'float32'; data: number[] };
interface WebGpuBackend {
  runWebGPUProgram(program: Program, inputs: unknown[], dtype: 'float32', uniforms: Uniform[]): unknown;
}

const int = (...data: number[]): Uniform[] => data.map((v) => ({ type: 'int32', data: [v] }));
const float = (...data: number[]): Uniform[] => data.map((v) => ({ type: 'float32', data: [v] }));
/** The optimizer's uniforms, in the order of RULE_UNIFORMS in wgsl.ts. */
const ruleUniforms = (a: UpdateAttrs) => float(a.lr, a.beta1, a.beta2, a.eps, a.bc1, a.sqrtBc2);

type Input = { shape: number[] };
/** A layer's input as a kernel binds it: the data X through the order I (first layer), or A. */
const layerInput = ({ A, X, I }: Record<string, Input>): { fromData: boolean; bound: Input[] } =>
  X !== undefined ? { fromData: true, bound: [X, I] } : { fromData: false, bound: [A] };

export const KERNELS = {
  forward: 'NnlabDenseForward',
  backward: 'NnlabDenseBackward',
  update: 'NnlabDenseUpdate',
  gradientParts: 'NnlabDenseGradientParts',
  applyParts: 'NnlabApplyParts',
  crossEntropyGrad: 'NnlabCrossEntropyGrad',
  lossSums: 'NnlabLossSums',
} as const;

export interface ForwardAttrs {
  act: Activation;
  offset: number;
  rows: number;
}
export interface UpdateAttrs {
  rule: UpdateRule;
  offset: number;
  rows: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  bc1: number;
  sqrtBc2: number;
}
export interface RowsAttrs {
  offset: number;
  rows: number;
}
/** `act`: the activation of the layer below, whose derivative masks the gradient. */
export interface BackwardAttrs {
  act: Activation;
  rows: number;
}

let registered = false;

/** Registers the kernels for the webgpu backend (once per process). */
export function registerFusedKernels(tf: Tf): void {
  if (registered) return;
  registered = true;
  const register = (kernelName: string, run: (inputs: Record<string, Input>, attrs: never, backend: WebGpuBackend) => unknown) =>
    tf.registerKernel({
      kernelName,
      backendName: 'webgpu',
      kernelFunc: ({ inputs, attrs, backend }) => run(inputs as never, attrs as never, backend as unknown as WebGpuBackend) as never,
    });

  register(KERNELS.forward, (inputs, { act, offset, rows }: ForwardAttrs, backend) => {
    const { fromData, bound } = layerInput(inputs);
    const S = inputs.S;
    const [features, outputs] = [S.shape[1] - 1, S.shape[2]];
    return backend.runWebGPUProgram(forwardProgram(rows, outputs, act, fromData), [...bound, S], 'float32', int(rows, outputs, features, offset));
  });
  register(KERNELS.backward, ({ G, S, H }, { act, rows }: BackwardAttrs, backend) => {
    const [inputs, outputs] = [S.shape[1] - 1, S.shape[2]];
    const program = backwardProgram(rows, inputs, act);
    return backend.runWebGPUProgram(program, act === 'relu' ? [G, S, H] : [G, S], 'float32', int(rows, inputs, outputs));
  });
  register(KERNELS.update, (inputs, attrs: UpdateAttrs, backend) => {
    const { fromData, bound } = layerInput(inputs);
    const { G, S } = inputs;
    const [features, outputs] = [S.shape[1] - 1, S.shape[2]];
    const program = updateProgram(features, outputs, attrs.rule, fromData);
    return backend.runWebGPUProgram(program, [...bound, G, S], 'float32', [
      ...int(features + 1, outputs, attrs.rows, attrs.offset, features),
      ...ruleUniforms(attrs),
    ]);
  });
  register(KERNELS.gradientParts, (inputs, { offset, rows, inputs: features, outputs }: RowsAttrs & { inputs: number; outputs: number }, backend) => {
    const { fromData, bound } = layerInput(inputs);
    const program = gradientPartsProgram(features, outputs, fromData, Math.ceil(rows / SPLIT_CHUNK));
    return backend.runWebGPUProgram(program, [...bound, inputs.G], 'float32', int(features + 1, outputs, rows, offset, features, SPLIT_CHUNK));
  });
  register(KERNELS.applyParts, ({ D, S }, attrs: UpdateAttrs, backend) => {
    const [slots, rows, columns] = S.shape;
    const program = applyPartsProgram(slots, rows, columns, attrs.rule);
    return backend.runWebGPUProgram(program, [D, S], 'float32', [...int(rows * columns, D.shape[0]), ...ruleUniforms(attrs)]);
  });
  register(KERNELS.crossEntropyGrad, ({ L, Y, I }, { offset, rows }: RowsAttrs, backend) =>
    backend.runWebGPUProgram(crossEntropyGradProgram(rows, L.shape[1]), [L, Y, I], 'float32', int(rows, L.shape[1], offset)),
  );
  register(KERNELS.lossSums, ({ L, Y, I, Q }, { offset, rows }: RowsAttrs, backend) =>
    backend.runWebGPUProgram(lossSumsProgram(), [L, Y, I, Q], 'float32', int(rows, L.shape[1], offset)),
  );
}

/** The layer's input: the resident data rows through the epoch order, or the layer below's output. */
export type LayerInput = { data: Tensor; order: Tensor } | { hidden: Tensor };

function inputTensors(input: LayerInput): Record<string, Tensor> {
  return 'hidden' in input ? { A: input.hidden } : { X: input.data, I: input.order };
}

/** Typed calls; each returns a new tensor the caller owns. */
export function fusedOps(tf: Tf) {
  const run = (name: string, inputs: Record<string, Tensor>, attrs: object) => tf.engine().runKernel(name, inputs, attrs as never) as Tensor;
  return {
    forward: (input: LayerInput, S: Tensor, attrs: ForwardAttrs) => run(KERNELS.forward, { ...inputTensors(input), S }, attrs),
    backward: (G: Tensor, S: Tensor, below: Tensor, attrs: BackwardAttrs) => run(KERNELS.backward, attrs.act === 'relu' ? { G, S, H: below } : { G, S }, attrs),
    /** One kernel; above SPLIT_ROWS rows two: the gradient in slices of the batch, then their sum applied. */
    update(input: LayerInput, G: Tensor, S: Tensor, attrs: UpdateAttrs): Tensor {
      if (attrs.rows <= SPLIT_ROWS) return run(KERNELS.update, { ...inputTensors(input), G, S }, attrs);
      const [, rows, outputs] = S.shape as [number, number, number];
      const inputs = rows - 1;
      const parts = run(KERNELS.gradientParts, { ...inputTensors(input), G }, { offset: attrs.offset, rows: attrs.rows, inputs, outputs });
      try {
        return run(KERNELS.applyParts, { D: parts, S }, attrs);
      } finally {
        parts.dispose();
      }
    },
    crossEntropyGrad: (L: Tensor, labels: Tensor, order: Tensor, attrs: RowsAttrs) => run(KERNELS.crossEntropyGrad, { L, Y: labels, I: order }, attrs),
    lossSums: (L: Tensor, labels: Tensor, order: Tensor, sums: Tensor, attrs: RowsAttrs) => run(KERNELS.lossSums, { L, Y: labels, I: order, Q: sums }, attrs),
  };
}
