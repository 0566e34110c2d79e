// nnlab's fused kernels in TensorFlow.js's kernel registry (webgpu backend), and
// typed calls to them. Each call is one dispatch and one tensor out.
import type { Tf, Tensor } from '../../tf.js';
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
} from './wgsl.js';

type Uniform = { type: 'int32' | 'float32'; data: number[] };
interface WebGpuBackend {
  runWebGPUProgram(program: Program, inputs: unknown[], dtype: 'float32', uniforms: Uniform[]): unknown;
}

const int = (...data: number[]): Uniform[] => data.map((v) => ({ type: 'int32', data: [v] }));
const float = (...data: number[]): Uniform[] => data.map((v) => ({ type: 'float32', data: [v] }));

export const KERNELS = {
  forward: 'NnlabDenseForward',
  backward: 'NnlabDenseBackward',
  update: 'NnlabDenseUpdate',
  gradientParts: 'NnlabDenseGradientParts',
  applyParts: 'NnlabApplyParts',
  crossEntropyGrad: 'NnlabCrossEntropyGrad',
  lossSums: 'NnlabLossSums',
} as const;

export interface ForwardAttrs { act: Activation; offset: number; rows: number }
export interface UpdateAttrs { rule: UpdateRule; offset: number; rows: number; lr: number; beta1: number; beta2: number; eps: number; bc1: number; sqrtBc2: number }
export interface RowsAttrs { offset: number; rows: number }
/** `act`: the activation of the layer below, whose derivative masks the gradient. */
export interface BackwardAttrs { act: Activation; rows: number }

let registered = false;

/** Registers the kernels for the webgpu backend (once per process). */
export function registerFusedKernels(tf: Tf): void {
  if (registered) return;
  registered = true;
  const register = (kernelName: string, run: (inputs: Record<string, { shape: number[] }>, attrs: never, backend: WebGpuBackend) => unknown) =>
    tf.registerKernel({
      kernelName,
      backendName: 'webgpu',
      kernelFunc: ({ inputs, attrs, backend }) => run(inputs as never, attrs as never, backend as unknown as WebGpuBackend) as never,
    });

  register(KERNELS.forward, ({ A, X, I, S }, { act, offset, rows }: ForwardAttrs, backend) => {
    const fromData = X !== undefined;
    const [inputs, outputs] = [S.shape[1] - 1, S.shape[2]];
    const program = forwardProgram(rows, outputs, act, fromData);
    return backend.runWebGPUProgram(program, fromData ? [X, I, S] : [A, S], 'float32', int(rows, outputs, inputs, offset));
  });
  register(KERNELS.backward, ({ G, S, H }, { act, rows }: BackwardAttrs, backend) => {
    const [inputs, outputs] = [S.shape[1] - 1, S.shape[2]];
    const program = backwardProgram(rows, inputs, act);
    return backend.runWebGPUProgram(program, act === 'relu' ? [G, S, H] : [G, S], 'float32', int(rows, inputs, outputs));
  });
  register(KERNELS.update, ({ A, X, I, G, S }, attrs: UpdateAttrs, backend) => {
    const fromData = X !== undefined;
    const [inputs, outputs] = [S.shape[1] - 1, S.shape[2]];
    const program = updateProgram(inputs, outputs, attrs.rule, fromData);
    return backend.runWebGPUProgram(program, fromData ? [X, I, G, S] : [A, G, S], 'float32', [
      ...int(inputs + 1, outputs, attrs.rows, attrs.offset, inputs),
      ...float(attrs.lr, attrs.beta1, attrs.beta2, attrs.eps, attrs.bc1, attrs.sqrtBc2),
    ]);
  });
  register(KERNELS.gradientParts, ({ A, X, I, G }, { offset, rows, inputs, outputs }: RowsAttrs & { inputs: number; outputs: number }, backend) => {
    const fromData = X !== undefined;
    const splits = Math.ceil(rows / SPLIT_CHUNK);
    const program = gradientPartsProgram(inputs, outputs, fromData, splits);
    return backend.runWebGPUProgram(program, fromData ? [X, I, G] : [A, G], 'float32', int(inputs + 1, outputs, rows, offset, inputs, SPLIT_CHUNK));
  });
  register(KERNELS.applyParts, ({ D, S }, attrs: UpdateAttrs, backend) => {
    const [slots, rows, columns] = S.shape;
    const program = applyPartsProgram(slots, rows, columns, attrs.rule);
    return backend.runWebGPUProgram(program, [D, S], 'float32', [
      ...int(rows * columns, D.shape[0]),
      ...float(attrs.lr, attrs.beta1, attrs.beta2, attrs.eps, attrs.bc1, attrs.sqrtBc2),
    ]);
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
