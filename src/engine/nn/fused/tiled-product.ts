// The tiled matrix product every fused dense kernel is built from, as a
// tfjs-backend-webgpu program: a 64×64 output tile per workgroup of 16×16 threads,
// 4×4 outputs per thread, the reduction in slices of 16 through workgroup memory.
// A kernel fills in how its operands are read and what happens to each result.

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
export interface Contiguous {
  /** a(i, p): 'p' for A[i·P + p], 'i' for A[p·M + i] (a transposed read). */
  a: 'p' | 'i';
  /** b(p, j): 'j' for B[p·N + j], 'p' for B[j·P + p] (a transposed read). */
  b: 'j' | 'p';
}

/**
 * C[i, j] = Σₚ a(i, p) · b(p, j) for i < M, j < N, p < P, then epilogue(i, j, c).
 * `loadA`/`loadB` must return 0 outside their bounds; uniforms M, N, P are required.
 */
export function tiledProduct(loadA: string, loadB: string, epilogue: string, contiguous: Contiguous, split = false): string {
  const [aI, aP] = contiguous.a === 'p' ? [`f / ${SLICE}`, `f % ${SLICE}`] : [`f % ${TILE}`, `f / ${TILE}`];
  const [bP, bJ] = contiguous.b === 'j' ? [`f / ${TILE}`, `f % ${TILE}`] : [`f % ${SLICE}`, `f / ${SLICE}`];
  const loadTileA = `tileA[${aP}][${aI}] = select(0.0, loadA(i0 + ${aI}, p0 + ${aP}), p0 + ${aP} < pEnd);`;
  const loadTileB = `tileB[${bP}][${bJ}] = select(0.0, loadB(p0 + ${bP}, j0 + ${bJ}), p0 + ${bP} < pEnd);`;
  // Rows padded by one float: a tile filled down its columns (neighbouring threads, neighbouring
  // rows) would otherwise put every thread of a warp on one memory bank (a 64-float stride).
  return `
  var<workgroup> tileA : array<array<f32, ${TILE + 1}>, ${SLICE}>;
  var<workgroup> tileB : array<array<f32, ${TILE + 1}>, ${SLICE}>;
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

export function tiled(
  name: string,
  variableNames: string[],
  outputShape: number[],
  M: number,
  N: number,
  extraUniforms: string,
  code: string,
  splits = 1,
): Program {
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
