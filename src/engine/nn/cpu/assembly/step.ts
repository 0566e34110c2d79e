// nnlab's CPU training step: the kernels of one step of a chain of Linear layers
// (ReLU or nothing between), in WebAssembly SIMD. Every matrix is f32, row-major,
// its width padded to a multiple of 4 with zeros (so every column block is whole);
// the first layer reads its rows through the epoch order straight from the data
// set's uint8 pixels, scaled by 1/255 as a few rows at a time are packed into this
// thread's scratch. Each output element is summed in one fixed order, whatever
// range of rows or weights a call covers: a step split among N threads gives the
// same weights bit for bit as one thread.

const INV255: f32 = 1.0 / 255.0;

/**
 * This thread's scratch (a global is per instance, and each thread has its own
 * instance over the shared memory): room for 4 input rows or 4 input columns as f32.
 */
let scratch: usize = 0;

export function setScratch(at: usize): void {
  scratch = at;
}

/** a·b + c: relaxed SIMD's fused multiply-add where the build has it. */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Four pixels (bytes) as f32 in [0, 1]: exactly byte · (1/255), as the scalar path computes it. */
// @ts-ignore: decorator
@inline function pixels4(at: usize): v128 {
  const bytes = i16x8.extend_low_i8x16_u(v128.load32_zero(at));
  return f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(bytes)), f32x4.splat(INV255));
}

/** Start of data row `row` of the epoch order (uint8, k per row). */
// @ts-ignore: decorator
@inline function dataRow(data: usize, order: usize, k: i32, row: i32): usize {
  return data + <usize>load<i32>(order + (<usize>row << 2)) * <usize>k;
}

/** k pixels from `src` into f32 at `dst`. */
function unpackRow(src: usize, dst: usize, k: i32): void {
  let p = 0;
  for (; p + 4 <= k; p += 4) v128.store(dst + (<usize>p << 2), pixels4(src + <usize>p));
  for (; p < k; p++) store<f32>(dst + (<usize>p << 2), <f32>load<u8>(src + <usize>p) * INV255);
}

// @ts-ignore: decorator
@inline function finish(acc: v128, bias: v128, relu: i32): v128 {
  const z = f32x4.add(acc, bias);
  return relu ? f32x4.max(z, f32x4.splat(0)) : z;
}

/** Four rows of H = act(A·W + b): A rows at a0…a3 (f32, k each), W k×m, b and H rows m wide. */
function forward4(a0: usize, a1: usize, a2: usize, a3: usize, k: i32, W: usize, b: usize, h: usize, m: i32, relu: i32): void {
  const stride = <usize>m << 2;
  let j = 0;
  for (; j + 8 <= m; j += 8) {
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    let w = W + (<usize>j << 2);
    for (let p = 0; p < k; p++, w += stride) {
      const at = <usize>p << 2;
      const w0 = v128.load(w), w1 = v128.load(w, 16);
      const x0 = v128.load32_splat(a0 + at), x1 = v128.load32_splat(a1 + at);
      const x2 = v128.load32_splat(a2 + at), x3 = v128.load32_splat(a3 + at);
      c00 = madd(x0, w0, c00); c01 = madd(x0, w1, c01);
      c10 = madd(x1, w0, c10); c11 = madd(x1, w1, c11);
      c20 = madd(x2, w0, c20); c21 = madd(x2, w1, c21);
      c30 = madd(x3, w0, c30); c31 = madd(x3, w1, c31);
    }
    const bj = b + (<usize>j << 2);
    const b0 = v128.load(bj), b1 = v128.load(bj, 16);
    const o = h + (<usize>j << 2);
    v128.store(o, finish(c00, b0, relu)); v128.store(o, finish(c01, b1, relu), 16);
    v128.store(o + stride, finish(c10, b0, relu)); v128.store(o + stride, finish(c11, b1, relu), 16);
    v128.store(o + 2 * stride, finish(c20, b0, relu)); v128.store(o + 2 * stride, finish(c21, b1, relu), 16);
    v128.store(o + 3 * stride, finish(c30, b0, relu)); v128.store(o + 3 * stride, finish(c31, b1, relu), 16);
  }
  for (; j < m; j += 4) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    let w = W + (<usize>j << 2);
    for (let p = 0; p < k; p++, w += stride) {
      const at = <usize>p << 2;
      const w0 = v128.load(w);
      c0 = madd(v128.load32_splat(a0 + at), w0, c0);
      c1 = madd(v128.load32_splat(a1 + at), w0, c1);
      c2 = madd(v128.load32_splat(a2 + at), w0, c2);
      c3 = madd(v128.load32_splat(a3 + at), w0, c3);
    }
    const b0 = v128.load(b + (<usize>j << 2));
    const o = h + (<usize>j << 2);
    v128.store(o, finish(c0, b0, relu));
    v128.store(o + stride, finish(c1, b0, relu));
    v128.store(o + 2 * stride, finish(c2, b0, relu));
    v128.store(o + 3 * stride, finish(c3, b0, relu));
  }
}

/** One row of the same, each element summed exactly as forward4 sums it. */
function forward1(a0: usize, k: i32, W: usize, b: usize, h: usize, m: i32, relu: i32): void {
  const stride = <usize>m << 2;
  for (let j = 0; j < m; j += 4) {
    let c0 = f32x4.splat(0);
    let w = W + (<usize>j << 2);
    for (let p = 0; p < k; p++, w += stride) c0 = madd(v128.load32_splat(a0 + (<usize>p << 2)), v128.load(w), c0);
    v128.store(h + (<usize>j << 2), finish(c0, v128.load(b + (<usize>j << 2)), relu));
  }
}

/**
 * H[r] = act(X[r]·W + b) for rows r0 ≤ r < r1 of the batch, X's rows taken through
 * the epoch order from the uint8 data (k pixels each), unpacked 4 at a time.
 */
export function forwardData(data: usize, order: usize, k: i32, W: usize, b: usize, H: usize, m: i32, relu: i32, r0: i32, r1: i32): void {
  const stride = <usize>m << 2, row = <usize>k << 2;
  let r = r0;
  for (; r + 4 <= r1; r += 4) {
    for (let q = 0; q < 4; q++) unpackRow(dataRow(data, order, k, r + q), scratch + <usize>q * row, k);
    forward4(scratch, scratch + row, scratch + 2 * row, scratch + 3 * row, k, W, b, H + <usize>r * stride, m, relu);
  }
  for (; r < r1; r++) {
    unpackRow(dataRow(data, order, k, r), scratch, k);
    forward1(scratch, k, W, b, H + <usize>r * stride, m, relu);
  }
}

/** H[r] = act(A[r]·W + b) for rows r0 ≤ r < r1 of a hidden layer's input A (n×k, f32). */
export function forwardHidden(A: usize, k: i32, W: usize, b: usize, H: usize, m: i32, relu: i32, r0: i32, r1: i32): void {
  const stride = <usize>m << 2, row = <usize>k << 2;
  let r = r0;
  for (; r + 4 <= r1; r += 4) {
    const a = A + <usize>r * row;
    forward4(a, a + row, a + 2 * row, a + 3 * row, k, W, b, H + <usize>r * stride, m, relu);
  }
  for (; r < r1; r++) forward1(A + <usize>r * row, k, W, b, H + <usize>r * stride, m, relu);
}

/**
 * The loss gradient of n rows of logits (m wide, the first `classes` real):
 * G = (softmax − onehot(label)) · scale, zero in the padding; adds each row's
 * cross entropy and whether its largest logit is the label to sums[0] and sums[1] (f64).
 */
export function crossEntropyGrad(logits: usize, m: i32, classes: i32, labels: usize, order: usize, n: i32, G: usize, scale: f32, sums: usize): void {
  const stride = <usize>m << 2;
  let lossSum = load<f64>(sums), correct = load<f64>(sums, 8);
  for (let i = 0; i < n; i++) {
    const row = logits + <usize>i * stride;
    const g = G + <usize>i * stride;
    const label = load<i32>(labels + (<usize>load<i32>(order + (<usize>i << 2)) << 2));
    let max = load<f32>(row), best = 0;
    for (let c = 1; c < classes; c++) {
      const v = load<f32>(row + (<usize>c << 2));
      if (v > max) { max = v; best = c; }
    }
    // exp(z − max) into G first, then normalised there.
    let total: f64 = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(<f64>load<f32>(row + (<usize>c << 2)) - <f64>max);
      store<f32>(g + (<usize>c << 2), <f32>e);
      total += e;
    }
    for (let c = 0; c < classes; c++) {
      const p = <f64>load<f32>(g + (<usize>c << 2)) / total;
      store<f32>(g + (<usize>c << 2), <f32>((p - (c == label ? 1.0 : 0.0)) * <f64>scale));
    }
    for (let c = classes; c < m; c++) store<f32>(g + (<usize>c << 2), 0);
    lossSum += Math.log(total) + <f64>max - <f64>load<f32>(row + (<usize>label << 2));
    if (best == label) correct += 1;
  }
  store<f64>(sums, lossSum);
  store<f64>(sums, correct, 8);
}

/**
 * The gradient one layer down, rows r0 ≤ r < r1: D[r][p] = (Σⱼ G[r][j]·W[p][j]) · [A[r][p] > 0]
 * (the mask only where the layer below ends in ReLU). G is n×m, W k×m, A and D n×k.
 */
export function backward(G: usize, m: i32, W: usize, k: i32, A: usize, D: usize, relu: i32, r0: i32, r1: i32): void {
  const gs = <usize>m << 2, ks = <usize>k << 2;
  let r = r0;
  // Four rows of G against two rows of W at a time: 6 loads for 8 multiply-adds.
  for (; r + 4 <= r1; r += 4) {
    const g = G + <usize>r * gs;
    for (let p = 0; p < k; p += 2) {
      const w0 = W + <usize>p * gs, w1 = w0 + gs;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let j = 0; j < m; j += 4) {
        const o = <usize>j << 2;
        const v0 = v128.load(w0 + o), v1 = v128.load(w1 + o);
        const g0 = v128.load(g + o), g1 = v128.load(g + gs + o), g2 = v128.load(g + 2 * gs + o), g3 = v128.load(g + 3 * gs + o);
        c00 = madd(g0, v0, c00); c01 = madd(g0, v1, c01);
        c10 = madd(g1, v0, c10); c11 = madd(g1, v1, c11);
        c20 = madd(g2, v0, c20); c21 = madd(g2, v1, c21);
        c30 = madd(g3, v0, c30); c31 = madd(g3, v1, c31);
      }
      const at = <usize>r * ks + (<usize>p << 2);
      store2(A, D, at, hsum(c00), hsum(c01), relu);
      store2(A, D, at + ks, hsum(c10), hsum(c11), relu);
      store2(A, D, at + 2 * ks, hsum(c20), hsum(c21), relu);
      store2(A, D, at + 3 * ks, hsum(c30), hsum(c31), relu);
    }
  }
  // The rest one row at a time, each element summed exactly as above.
  for (; r < r1; r++) {
    const g = G + <usize>r * gs;
    for (let p = 0; p < k; p += 2) {
      const w0 = W + <usize>p * gs, w1 = w0 + gs;
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
      for (let j = 0; j < m; j += 4) {
        const o = <usize>j << 2;
        const g0 = v128.load(g + o);
        c0 = madd(g0, v128.load(w0 + o), c0);
        c1 = madd(g0, v128.load(w1 + o), c1);
      }
      store2(A, D, <usize>r * ks + (<usize>p << 2), hsum(c0), hsum(c1), relu);
    }
  }
}

/** D[at], D[at + 4] = d0, d1, each zero where the ReLU below was off (A ≤ 0) if `relu`. */
// @ts-ignore: decorator
@inline function store2(A: usize, D: usize, at: usize, d0: f32, d1: f32, relu: i32): void {
  store<f32>(D + at, relu && !(load<f32>(A + at) > 0) ? 0 : d0);
  store<f32>(D + at + 4, relu && !(load<f32>(A + at + 4) > 0) ? 0 : d1);
}

/**
 * θ ← the optimizer's step on θ with gradient g, at byte `at` of θ (and of Adam's
 * M and V): SGD θ − η·g; Adam as torch.optim.Adam computes it. `opt` points to
 * [rule (0 SGD, 1 Adam), η, β₁, β₂, ε, η / bc₁, √bc₂] as f32 (bc₁ = 1 − β₁ᵗ, bc₂ = 1 − β₂ᵗ).
 */
// @ts-ignore: decorator
@inline function apply(opt: usize, theta: usize, M: usize, V: usize, at: usize, g: v128): void {
  const t = v128.load(theta + at);
  const lr = f32x4.splat(load<f32>(opt, 4));
  if (load<f32>(opt) == 0) {
    v128.store(theta + at, f32x4.sub(t, f32x4.mul(g, lr)));
    return;
  }
  const beta1 = load<f32>(opt, 8), beta2 = load<f32>(opt, 12);
  const m = f32x4.add(f32x4.mul(v128.load(M + at), f32x4.splat(beta1)), f32x4.mul(g, f32x4.splat(1 - beta1)));
  const v = f32x4.add(f32x4.mul(v128.load(V + at), f32x4.splat(beta2)), f32x4.mul(f32x4.mul(g, g), f32x4.splat(1 - beta2)));
  v128.store(M + at, m);
  v128.store(V + at, v);
  const rate = f32x4.splat(load<f32>(opt, 20));
  const denominator = f32x4.add(f32x4.div(f32x4.sqrt(v), f32x4.splat(load<f32>(opt, 24))), f32x4.splat(load<f32>(opt, 16)));
  v128.store(theta + at, f32x4.sub(t, f32x4.div(f32x4.mul(m, rate), denominator)));
}

/**
 * dW[p..p+4) = A[:, p..p+4)ᵀ·G over the n rows in order, and the optimizer's step on
 * those 4 rows of W. The column panel is read at `panel`, row i at panel + i·pitch.
 */
function update4(panel: usize, pitch: usize, G: usize, m: i32, n: i32, W: usize, M: usize, V: usize, opt: usize, p: i32): void {
  const gs = <usize>m << 2;
  for (let j = 0; j < m; j += 8) {
    const wide = j + 8 <= m;
    let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
    let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
    const go = <usize>j << 2;
    let a = panel, g = G + go;
    if (wide) {
      for (let i = 0; i < n; i++, a += pitch, g += gs) {
        const g0 = v128.load(g), g1 = v128.load(g, 16);
        const x0 = v128.load32_splat(a), x1 = v128.load32_splat(a, 4), x2 = v128.load32_splat(a, 8), x3 = v128.load32_splat(a, 12);
        c00 = madd(x0, g0, c00); c01 = madd(x0, g1, c01);
        c10 = madd(x1, g0, c10); c11 = madd(x1, g1, c11);
        c20 = madd(x2, g0, c20); c21 = madd(x2, g1, c21);
        c30 = madd(x3, g0, c30); c31 = madd(x3, g1, c31);
      }
    } else {
      for (let i = 0; i < n; i++, a += pitch, g += gs) {
        const g0 = v128.load(g);
        c00 = madd(v128.load32_splat(a), g0, c00);
        c10 = madd(v128.load32_splat(a, 4), g0, c10);
        c20 = madd(v128.load32_splat(a, 8), g0, c20);
        c30 = madd(v128.load32_splat(a, 12), g0, c30);
      }
    }
    const at = <usize>p * gs + go;
    apply(opt, W, M, V, at, c00);
    apply(opt, W, M, V, at + gs, c10);
    apply(opt, W, M, V, at + 2 * gs, c20);
    apply(opt, W, M, V, at + 3 * gs, c30);
    if (wide) {
      apply(opt, W, M, V, at + 16, c01);
      apply(opt, W, M, V, at + gs + 16, c11);
      apply(opt, W, M, V, at + 2 * gs + 16, c21);
      apply(opt, W, M, V, at + 3 * gs + 16, c31);
    }
  }
}

/** The same for one row p of W, each element summed exactly as update4 sums it. */
function update1(panel: usize, pitch: usize, G: usize, m: i32, n: i32, W: usize, M: usize, V: usize, opt: usize, p: i32): void {
  const gs = <usize>m << 2;
  for (let j = 0; j < m; j += 4) {
    let c0 = f32x4.splat(0);
    let a = panel, g = G + (<usize>j << 2);
    for (let i = 0; i < n; i++, a += pitch, g += gs) c0 = madd(v128.load32_splat(a), v128.load(g), c0);
    apply(opt, W, M, V, <usize>p * gs + (<usize>j << 2), c0);
  }
}

/**
 * The first layer's dW = Xᵀ·G for W's rows p0 ≤ p < p1 and the optimizer's step on
 * them: X's rows through the epoch order from the uint8 data, 4 pixels of every row
 * unpacked into the scratch at a time.
 */
export function updateData(data: usize, order: usize, k: i32, G: usize, m: i32, n: i32, W: usize, M: usize, V: usize, opt: usize, p0: i32, p1: i32): void {
  let p = p0;
  for (; p + 4 <= p1; p += 4) {
    for (let i = 0; i < n; i++) v128.store(scratch + (<usize>i << 4), pixels4(dataRow(data, order, k, i) + <usize>p));
    update4(scratch, 16, G, m, n, W, M, V, opt, p);
  }
  for (; p < p1; p++) {
    for (let i = 0; i < n; i++) store<f32>(scratch + (<usize>i << 2), <f32>load<u8>(dataRow(data, order, k, i) + <usize>p) * INV255);
    update1(scratch, 4, G, m, n, W, M, V, opt, p);
  }
}

/** A hidden layer's dW = Aᵀ·G (A n×k, f32, read in place) for W's rows p0 ≤ p < p1, and the optimizer's step on them. */
export function updateHidden(A: usize, k: i32, G: usize, m: i32, n: i32, W: usize, M: usize, V: usize, opt: usize, p0: i32, p1: i32): void {
  const pitch = <usize>k << 2;
  let p = p0;
  for (; p + 4 <= p1; p += 4) update4(A + (<usize>p << 2), pitch, G, m, n, W, M, V, opt, p);
  for (; p < p1; p++) update1(A + (<usize>p << 2), pitch, G, m, n, W, M, V, opt, p);
}

/** db = Σ rows of G (n×m), and the optimizer's step on b (and its M and V). */
export function updateBias(G: usize, m: i32, n: i32, b: usize, M: usize, V: usize, opt: usize): void {
  const gs = <usize>m << 2;
  for (let j = 0; j < m; j += 4) {
    let s = f32x4.splat(0);
    for (let i = 0; i < n; i++) s = f32x4.add(s, v128.load(G + <usize>i * gs + (<usize>j << 2)));
    apply(opt, b, M, V, <usize>j << 2, s);
  }
}
