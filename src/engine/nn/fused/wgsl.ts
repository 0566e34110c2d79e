// The WGSL of nnlab's fused training kernels, as tfjs-backend-webgpu programs.
// tfjs writes the preamble: the output buffer `result`, one read-only buffer per
// name in variableNames, and `uniforms` with our own fields appended. Every
// product below is one tiled kernel whose loads and epilogue are filled in:
//   forward   H = act(A·W + b)                    (A: the data rows, or the layer below)
//   backward  G′ = (G·Wᵀ) ⊙ act′(H′)               (the gradient one layer down)
//   update    S′ = optimizer(S, [Aᵀ·G ; Σᵣ G])    (weights and bias in one state tensor)
// A layer's state S is [slots, in + 1, out]: slot 0 holds W with b as its last
// row; Adam keeps its moments m and v in slots 1 and 2.
import { tiled, tiledProduct, type Program } from './tiled-product.js';

export type { Program } from './tiled-product.js';

import type { Activation } from '../dense-chain.js';
export type { Activation };

/**
 * Row i of the layer's input: the data row order[offset + i] (first layer: the
 * batch is never copied out of the resident data), or row i of the layer below.
 */
function inputRow(fromData: boolean): string {
  return fromData ? 'I[uniforms.offset + i]' : 'i';
}

/**
 * How the resident data X is held: 'f32' (a float tensor, as TensorFlow.js keeps it)
 * or 'bytes' (the images' bytes, four to a u32: a quarter of the memory and of the
 * upload; the direct step's form). dataAt(k) is element k as a float in [0, 1].
 */
export type DataFormat = 'f32' | 'bytes';

function dataAt(format: DataFormat): string {
  return format === 'f32'
    ? 'fn dataAt(k : i32) -> f32 { return X[k]; }'
    : 'fn dataAt(k : i32) -> f32 { let w = X[u32(k) >> 2u]; return f32((w >> ((u32(k) & 3u) * 8u)) & 255u) / 255.0; }';
}

/** H[rows, out] = act(A·W + b); A is X (data, through the order I) or the layer below. */
export function forwardProgram(rows: number, outputs: number, act: Activation, fromData: boolean, format: DataFormat = 'f32'): Program {
  const read = fromData ? `dataAt(${inputRow(fromData)} * uniforms.P + p)` : 'A[i * uniforms.P + p]';
  const code = tiledProduct(
    `if (i >= uniforms.M || p >= uniforms.P) { return 0.0; } return ${read};`,
    'if (p >= uniforms.P || j >= uniforms.N) { return 0.0; } return S[p * uniforms.N + j];',
    `let v = c + S[uniforms.P * uniforms.N + j]; result[i * uniforms.N + j] = ${act === 'relu' ? 'max(v, 0.0)' : 'v'};`,
    { a: 'p', b: 'j' },
  );
  return tiled(
    `forward_${act}_${fromData ? `data_${format}` : 'hidden'}`,
    fromData ? ['X', 'I', 'S'] : ['A', 'S'],
    [rows, outputs],
    rows,
    outputs,
    'offset : i32,',
    (fromData ? dataAt(format) : '') + code,
  );
}

/** G′[rows, in] = (G·Wᵀ) ⊙ act′(H′), with H′ = the layer below's output (ReLU′: H′ > 0). */
export function backwardProgram(rows: number, inputs: number, act: Activation): Program {
  const code = tiledProduct(
    'if (i >= uniforms.M || p >= uniforms.P) { return 0.0; } return G[i * uniforms.P + p];',
    'if (p >= uniforms.P || j >= uniforms.N) { return 0.0; } return S[j * uniforms.P + p];',
    act === 'relu' ? 'let k = i * uniforms.N + j; result[k] = select(0.0, c, H[k] > 0.0);' : 'result[i * uniforms.N + j] = c;',
    { a: 'p', b: 'p' },
  );
  // Here M = rows, N = in (the output's columns), P = out (the reduction).
  return tiled(`backward_${act}`, act === 'relu' ? ['G', 'S', 'H'] : ['G', 'S'], [rows, inputs], rows, inputs, '', code);
}

export type UpdateRule = 'sgd' | 'adam';

/** Batches above this many rows compute the weight gradient in parallel slices of it (split-K). */
export const SPLIT_ROWS = 512;
/** Rows of the batch per slice. */
export const SPLIT_CHUNK = 256;

/**
 * The optimizer on element k of a layer's state (size elements per slot) with
 * its gradient c: SGD θ ← θ − η·c, or Adam as torch.optim.Adam.
 */
function applyRule(rule: UpdateRule): string {
  if (rule === 'sgd') return 'result[k] = S[k] - uniforms.lr * c;';
  return `
    let m = uniforms.beta1 * S[size + k] + (1.0 - uniforms.beta1) * c;
    let v = uniforms.beta2 * S[2 * size + k] + (1.0 - uniforms.beta2) * c * c;
    result[k] = S[k] - uniforms.lr / uniforms.bc1 * m / (sqrt(v) / uniforms.sqrtBc2 + uniforms.eps);
    result[size + k] = m;
    result[2 * size + k] = v;`;
}

const RULE_UNIFORMS = 'lr : f32, beta1 : f32, beta2 : f32, eps : f32, bc1 : f32, sqrtBc2 : f32,';

/** D[in + 1, out] = [Aᵀ·G ; Σᵣ G]: a(i, p) reads row p of the layer's input; column `inputs` of Aᵀ is all ones. */
function gradientProduct(fromData: boolean, epilogue: string, split: boolean, format: DataFormat): string {
  const read = fromData ? 'dataAt(I[uniforms.offset + p] * uniforms.inputs + i)' : 'A[p * uniforms.inputs + i]';
  const code = tiledProduct(
    `if (i > uniforms.inputs || p >= uniforms.P) { return 0.0; }
     if (i == uniforms.inputs) { return 1.0; }
     return ${read};`,
    'if (p >= uniforms.P || j >= uniforms.N) { return 0.0; } return G[p * uniforms.N + j];',
    epilogue,
    { a: 'i', b: 'j' },
    split,
  );
  return (fromData ? dataAt(format) : '') + code;
}

/**
 * S′ = rule(S, D) with D = [Aᵀ·G ; Σᵣ G]: the gradient of the weights and, in
 * its last row, of the bias — computed and applied in one kernel.
 */
export function updateProgram(inputs: number, outputs: number, rule: UpdateRule, fromData: boolean, format: DataFormat = 'f32'): Program {
  const code = gradientProduct(fromData, `let k = i * uniforms.N + j; let size = uniforms.M * uniforms.N; ${applyRule(rule)}`, false, format);
  const slots = rule === 'sgd' ? 1 : 3;
  // M = in + 1 (rows of D), N = out, P = rows of the batch (the reduction).
  return tiled(
    `update_${rule}_${fromData ? `data_${format}` : 'hidden'}`,
    fromData ? ['X', 'I', 'G', 'S'] : ['A', 'G', 'S'],
    [slots, inputs + 1, outputs],
    inputs + 1,
    outputs,
    `offset : i32, inputs : i32, ${RULE_UNIFORMS}`,
    code,
  );
}

/**
 * For large batches, D in `splits` partial sums over slices of SPLIT_CHUNK rows
 * ([splits, in + 1, out]), each slice a workgroup layer: many more workgroups
 * than one reduction over the whole batch keeps busy.
 */
export function gradientPartsProgram(inputs: number, outputs: number, fromData: boolean, splits: number, format: DataFormat = 'f32'): Program {
  const code = gradientProduct(fromData, 'result[(i32(workgroupId.z) * uniforms.M + i) * uniforms.N + j] = c;', true, format);
  return tiled(
    `gradient_parts_${fromData ? `data_${format}` : 'hidden'}`,
    fromData ? ['X', 'I', 'G'] : ['A', 'G'],
    [splits, inputs + 1, outputs],
    inputs + 1,
    outputs,
    'offset : i32, inputs : i32, chunk : i32,',
    code,
    splits,
  );
}

/** S′ = rule(S, Σ_z D[z]): the partial sums added and the optimizer applied, one thread per element. */
export function applyPartsProgram(slots: number, rows: number, columns: number, rule: UpdateRule): Program {
  return {
    variableNames: ['D', 'S'],
    outputShape: [slots, rows, columns],
    shaderKey: `nnlab_apply_parts_${rule}`,
    dispatchLayout: { x: [0, 1, 2] },
    dispatch: [Math.ceil((rows * columns) / 64), 1, 1],
    workgroupSize: [64, 1, 1],
    uniforms: `size : i32, splits : i32, ${RULE_UNIFORMS}`,
    getUserCode: () => `
  fn main(k : i32) {
    let size = uniforms.size;
    if (k >= size) { return; }
    var c = 0.0;
    for (var z = 0; z < uniforms.splits; z++) { c += D[z * size + k]; }
    ${applyRule(rule)}
  }`,
  };
}

/**
 * dL/dlogits of the mean cross entropy: (softmax(L) − onehot(y)) / rows, one
 * thread per row, labels y = Y[I[offset + r]] read from the resident labels.
 */
export function crossEntropyGradProgram(rows: number, classes: number): Program {
  return {
    variableNames: ['L', 'Y', 'I'],
    outputShape: [rows, classes],
    shaderKey: 'nnlab_ce_grad',
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(rows / 64), 1, 1],
    workgroupSize: [64, 1, 1],
    uniforms: 'rows : i32, classes : i32, offset : i32,',
    getUserCode: () => `
  fn main(r : i32) {
    if (r >= uniforms.rows) { return; }
    let C = uniforms.classes;
    let y = Y[I[uniforms.offset + r]];
    var top = L[r * C];
    for (var c = 1; c < C; c++) { top = max(top, L[r * C + c]); }
    var total = 0.0;
    for (var c = 0; c < C; c++) { total += exp(L[r * C + c] - top); }
    let scale = 1.0 / (total * f32(uniforms.rows));
    for (var c = 0; c < C; c++) {
      let hit = select(0.0, 1.0 / f32(uniforms.rows), c == y);
      result[r * C + c] = exp(L[r * C + c] - top) * scale - hit;
    }
  }`,
  };
}

const SUM_THREADS = 256;

/**
 * The running sums of a batch in one workgroup, each thread a stride of rows:
 * loss = logsumexp(L) − L[y], correct when the first largest logit is y; reduced in the
 * workgroup and added to Q. With `grad`, each row's (softmax(L) − onehot(y)) / rows is
 * written to `result` on the way (the direct step's kernel: Q is then bound writable
 * beside `result` and updated in place); without, the sums go to `result` (tfjs's form).
 */
function lossSumsCode(grad: boolean): string {
  return `
  var<workgroup> lossPart : array<f32, ${SUM_THREADS}>;
  var<workgroup> hitPart : array<f32, ${SUM_THREADS}>;
  fn main(index : i32) {
    let t = i32(localIndex);
    let C = uniforms.classes;
    let scale = 1.0 / f32(uniforms.rows);
    var loss = 0.0;
    var hits = 0.0;
    for (var r = t; r < uniforms.rows; r += ${SUM_THREADS}) {
      let y = Y[I[uniforms.offset + r]];
      var top = L[r * C];
      var best = 0;
      for (var c = 1; c < C; c++) {
        let v = L[r * C + c];
        if (v > top) { top = v; best = c; }
      }
      var total = 0.0;
      for (var c = 0; c < C; c++) { total += exp(L[r * C + c] - top); }${
        grad
          ? `
      for (var c = 0; c < C; c++) {
        result[r * C + c] = exp(L[r * C + c] - top) * (scale / total) - select(0.0, scale, c == y);
      }`
          : ''
      }
      loss += log(total) + top - L[r * C + y];
      hits += select(0.0, 1.0, best == y);
    }
    lossPart[t] = loss;
    hitPart[t] = hits;
    workgroupBarrier();
    for (var half = ${SUM_THREADS / 2}; half > 0; half /= 2) {
      if (t < half) {
        lossPart[t] += lossPart[t + half];
        hitPart[t] += hitPart[t + half];
      }
      workgroupBarrier();
    }
    if (t == 0) {
      ${grad ? 'Q[0] = Q[0] + lossPart[0];\n      Q[1] = Q[1] + hitPart[0];' : 'result[0] = Q[0] + lossPart[0];\n      result[1] = Q[1] + hitPart[0];'}
    }
  }`;
}

const sumsProgram = (grad: boolean, outputShape: number[]): Program => ({
  variableNames: ['L', 'Y', 'I', 'Q'],
  outputShape,
  shaderKey: grad ? 'nnlab_ce_grad_sums' : 'nnlab_loss_sums',
  dispatchLayout: { x: [0] },
  dispatch: [1, 1, 1],
  workgroupSize: [SUM_THREADS, 1, 1],
  uniforms: 'rows : i32, classes : i32, offset : i32,',
  getUserCode: () => lossSumsCode(grad),
});

/** The loss gradient and the running sums in one dispatch (the direct step): G in `result`, the sums into Q in place. */
export const crossEntropyGradSumsProgram = (rows: number, classes: number): Program => sumsProgram(true, [rows, classes]);

/** The running sums Q + [Σᵣ loss, Σᵣ correct] over a batch, into `result` (tfjs's registry: the kernel tests). */
export const lossSumsProgram = (): Program => sumsProgram(false, [2]);
