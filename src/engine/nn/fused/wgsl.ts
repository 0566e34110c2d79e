// The WGSL of nnlab's fused training kernels, as tfjs-backend-webgpu programs.
// tfjs writes the preamble: the output buffer `result`, one read-only buffer per
// name in variableNames, and `uniforms` with our own fields appended. Every
// product below is one tiled kernel whose loads and epilogue are filled in:
//   forward   H = act(A·W + b)                    (A: the data rows, or the layer below)
//   backward  G′ = (G·Wᵀ) ⊙ act′(H′)               (the gradient one layer down)
//   update    S′ = optimizer(S, [Aᵀ·G ; Σᵣ G])    (weights and bias in one state tensor)
// A layer's state S is [slots, in + 1, out]: slot 0 holds W with b as its last
// row; Adam keeps its moments m and v in slots 1 and 2.

export type Activation = 'relu' | 'linear';

/** One program, as tfjs-backend-webgpu's runWebGPUProgram takes it. */
export interface Program {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms: string;
  size?: boolean;
  getUserCode(): string;
}

/** Output tile per workgroup (TILE × TILE), reduction slice per step, outputs per thread (PER × PER). */
const TILE = 64;
const SLICE = 16;
const PER = 4;
const THREADS = TILE / PER; // 16 × 16 threads

/** Which index of an operand runs along memory: neighbouring threads load neighbouring floats (coalesced). */
interface Contiguous {
  /** a(i, p): 'p' for A[i·P + p], 'i' for A[p·M + i] (a transposed read). */
  a: 'p' | 'i';
  /** b(p, j): 'j' for B[p·N + j], 'p' for B[j·P + p] (a transposed read). */
  b: 'j' | 'p';
}

/**
 * C[i, j] = Σₚ a(i, p) · b(p, j) for i < M, j < N, p < P, then epilogue(i, j, c).
 * `loadA`/`loadB` must return 0 outside their bounds; uniforms M, N, P are required.
 */
function tiledProduct(loadA: string, loadB: string, epilogue: string, contiguous: Contiguous, split = false): string {
  const [aI, aP] = contiguous.a === 'p' ? [`f / ${SLICE}`, `f % ${SLICE}`] : [`f % ${TILE}`, `f / ${TILE}`];
  const [bP, bJ] = contiguous.b === 'j' ? [`f / ${TILE}`, `f % ${TILE}`] : [`f % ${SLICE}`, `f / ${SLICE}`];
  const loadTileA = `tileA[${aP}][${aI}] = select(0.0, loadA(i0 + ${aI}, p0 + ${aP}), p0 + ${aP} < pEnd);`;
  const loadTileB = `tileB[${bP}][${bJ}] = select(0.0, loadB(p0 + ${bP}, j0 + ${bJ}), p0 + ${bP} < pEnd);`;
  return `
  var<workgroup> tileA : array<array<f32, ${TILE}>, ${SLICE}>;
  var<workgroup> tileB : array<array<f32, ${TILE}>, ${SLICE}>;
  fn loadA(i : i32, p : i32) -> f32 { ${loadA} }
  fn loadB(p : i32, j : i32) -> f32 { ${loadB} }
  fn epilogue(i : i32, j : i32, c : f32) { ${epilogue} }
  fn main() {
    let tx = i32(localId.x);
    let ty = i32(localId.y);
    let t = ty * ${THREADS} + tx;
    let i0 = i32(workgroupId.y) * ${TILE};
    let j0 = i32(workgroupId.x) * ${TILE};
    var acc : array<array<f32, ${PER}>, ${PER}>;
    // Split-K: workgroup z sums p in [pBegin, pEnd) only. The loop runs to a
    // uniform bound (tfjs hands workgroupId over in a private variable, which
    // WGSL does not count as uniform, and barriers need uniform control flow).
    let pBegin = ${split ? 'i32(workgroupId.z) * uniforms.chunk' : '0'};
    let pEnd = ${split ? 'min(uniforms.P, pBegin + uniforms.chunk)' : 'uniforms.P'};
    for (var s0 = 0; s0 < ${split ? 'uniforms.chunk' : 'uniforms.P'}; s0 += ${SLICE}) {
      let p0 = pBegin + s0;
      for (var k = 0; k < ${(TILE * SLICE) / (THREADS * THREADS)}; k++) {
        let f = t + k * ${THREADS * THREADS};
        ${loadTileA}
        ${loadTileB}
      }
      workgroupBarrier();
      for (var p = 0; p < ${SLICE}; p++) {
        var a : array<f32, ${PER}>;
        var b : array<f32, ${PER}>;
        for (var k = 0; k < ${PER}; k++) {
          a[k] = tileA[p][ty + k * ${THREADS}];
          b[k] = tileB[p][tx + k * ${THREADS}];
        }
        for (var r = 0; r < ${PER}; r++) {
          for (var s = 0; s < ${PER}; s++) {
            acc[r][s] = fma(a[r], b[s], acc[r][s]);
          }
        }
      }
      workgroupBarrier();
    }
    for (var r = 0; r < ${PER}; r++) {
      for (var s = 0; s < ${PER}; s++) {
        let i = i0 + ty + r * ${THREADS};
        let j = j0 + tx + s * ${THREADS};
        if (i < uniforms.M && j < uniforms.N) {
          epilogue(i, j, acc[r][s]);
        }
      }
    }
  }`;
}

function tiled(name: string, variableNames: string[], outputShape: number[], M: number, N: number, extraUniforms: string, code: string, splits = 1): Program {
  return {
    variableNames,
    outputShape,
    shaderKey: `nnlab_${name}`,
    dispatchLayout: { x: [outputShape.length - 1], y: [outputShape.length - 2], ...(splits > 1 ? { z: [0] } : {}) },
    dispatch: [Math.ceil(N / TILE), Math.ceil(M / TILE), splits],
    workgroupSize: [THREADS, THREADS, 1],
    uniforms: `M : i32, N : i32, P : i32, ${extraUniforms}`,
    getUserCode: () => code,
  };
}

/**
 * Row i of the layer's input: the data row order[offset + i] (first layer: the
 * batch is never copied out of the resident data), or row i of the layer below.
 */
function inputRow(fromData: boolean): string {
  return fromData ? 'I[uniforms.offset + i]' : 'i';
}

/** H[rows, out] = act(A·W + b); A is X (data, through the order I) or the layer below. */
export function forwardProgram(rows: number, outputs: number, act: Activation, fromData: boolean): Program {
  const a = fromData ? 'X' : 'A';
  const code = tiledProduct(
    `if (i >= uniforms.M || p >= uniforms.P) { return 0.0; } return ${a}[${inputRow(fromData)} * uniforms.P + p];`,
    'if (p >= uniforms.P || j >= uniforms.N) { return 0.0; } return S[p * uniforms.N + j];',
    `let v = c + S[uniforms.P * uniforms.N + j]; result[i * uniforms.N + j] = ${act === 'relu' ? 'max(v, 0.0)' : 'v'};`,
    { a: 'p', b: 'j' },
  );
  return tiled(`forward_${act}_${fromData ? 'data' : 'hidden'}`, fromData ? ['X', 'I', 'S'] : ['A', 'S'], [rows, outputs], rows, outputs, 'offset : i32,', code);
}

/** G′[rows, in] = (G·Wᵀ) ⊙ act′(H′), with H′ = the layer below's output (ReLU′: H′ > 0). */
export function backwardProgram(rows: number, inputs: number, act: Activation): Program {
  const code = tiledProduct(
    'if (i >= uniforms.M || p >= uniforms.P) { return 0.0; } return G[i * uniforms.P + p];',
    'if (p >= uniforms.P || j >= uniforms.N) { return 0.0; } return S[j * uniforms.P + p];',
    act === 'relu'
      ? 'let k = i * uniforms.N + j; result[k] = select(0.0, c, H[k] > 0.0);'
      : 'result[i * uniforms.N + j] = c;',
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
function gradientProduct(fromData: boolean, epilogue: string, split: boolean): string {
  const a = fromData ? 'X' : 'A';
  const rowOfA = fromData ? 'I[uniforms.offset + p]' : 'p';
  return tiledProduct(
    `if (i > uniforms.inputs || p >= uniforms.P) { return 0.0; }
     if (i == uniforms.inputs) { return 1.0; }
     return ${a}[${rowOfA} * uniforms.inputs + i];`,
    'if (p >= uniforms.P || j >= uniforms.N) { return 0.0; } return G[p * uniforms.N + j];',
    epilogue,
    { a: 'i', b: 'j' },
    split,
  );
}

/**
 * S′ = rule(S, D) with D = [Aᵀ·G ; Σᵣ G]: the gradient of the weights and, in
 * its last row, of the bias — computed and applied in one kernel.
 */
export function updateProgram(inputs: number, outputs: number, rule: UpdateRule, fromData: boolean): Program {
  const code = gradientProduct(fromData, `let k = i * uniforms.N + j; let size = uniforms.M * uniforms.N; ${applyRule(rule)}`, false);
  const slots = rule === 'sgd' ? 1 : 3;
  // M = in + 1 (rows of D), N = out, P = rows of the batch (the reduction).
  return tiled(
    `update_${rule}_${fromData ? 'data' : 'hidden'}`,
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
export function gradientPartsProgram(inputs: number, outputs: number, fromData: boolean, splits: number): Program {
  const code = gradientProduct(fromData, 'result[(i32(workgroupId.z) * uniforms.M + i) * uniforms.N + j] = c;', true);
  return tiled(
    `gradient_parts_${fromData ? 'data' : 'hidden'}`,
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
 * The running sums P + [Σᵣ loss, Σᵣ correct] over a batch, in one workgroup:
 * loss = logsumexp(L) − L[y], correct when the first largest logit is y.
 */
export function lossSumsProgram(): Program {
  return {
    variableNames: ['L', 'Y', 'I', 'Q'],
    outputShape: [2],
    shaderKey: 'nnlab_loss_sums',
    dispatchLayout: { x: [0] },
    dispatch: [1, 1, 1],
    workgroupSize: [SUM_THREADS, 1, 1],
    uniforms: 'rows : i32, classes : i32, offset : i32,',
    getUserCode: () => `
  var<workgroup> lossPart : array<f32, ${SUM_THREADS}>;
  var<workgroup> hitPart : array<f32, ${SUM_THREADS}>;
  fn main(index : i32) {
    let t = i32(localIndex);
    let C = uniforms.classes;
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
      for (var c = 0; c < C; c++) { total += exp(L[r * C + c] - top); }
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
      result[0] = Q[0] + lossPart[0];
      result[1] = Q[1] + hitPart[0];
    }
  }`,
  };
}
