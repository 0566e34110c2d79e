// nnlab's CPU training step: the kernels of one step of a chain of Linear layers
// (ReLU or nothing between), in WebAssembly SIMD. Every matrix is f32, row-major,
// its width padded to a multiple of 4 with zeros (so every column block is whole);
// the first layer reads its rows through the epoch order straight from the data
// set's uint8 pixels (scaled by 1/255 here). Each output element is summed in one
// fixed order, whatever range of rows or weights a call covers: a step split among
// N threads gives the same weights bit for bit as one thread.

const INV255: f32 = 1.0 / 255.0;

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

/** Element p of input row `row`: a data set row (uint8, via the order) or a hidden row (f32). */
// @ts-ignore: decorator
@inline function inputAt<T>(base: usize, p: i32): f32 {
  if (isInteger<T>()) return <f32>load<u8>(base + <usize>p) * INV255;
  return load<f32>(base + (<usize>p << 2));
}

/** Elements p..p+3 of an input row, as one vector (the same values inputAt gives one by one). */
// @ts-ignore: decorator
@inline function inputs4<T>(base: usize, p: i32): v128 {
  if (isInteger<T>()) {
    const bytes = v128.load32_zero(base + <usize>p);
    return f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes))), f32x4.splat(INV255));
  }
  return v128.load(base + (<usize>p << 2));
}

// @ts-ignore: decorator
@inline function rowBase<T>(input: usize, order: usize, k: i32, row: i32): usize {
  if (isInteger<T>()) return input + <usize>load<i32>(order + (<usize>row << 2)) * <usize>k;
  return input + (<usize>row * <usize>k << 2);
}

// @ts-ignore: decorator
@inline function finish(acc: v128, bias: v128, relu: i32): v128 {
  const z = f32x4.add(acc, bias);
  return relu ? f32x4.max(z, f32x4.splat(0)) : z;
}

/**
 * H[r] = act(A[r]·W + b) for rows r0 ≤ r < r1: A is n×k (uint8 data through
 * `order`, or f32), W is k×m, b and each H row m wide (m a multiple of 4).
 */
function forward<T>(input: usize, order: usize, k: i32, W: usize, b: usize, H: usize, m: i32, relu: i32, r0: i32, r1: i32): void {
  const stride = <usize>m << 2;
  let r = r0;
  for (; r + 4 <= r1; r += 4) {
    const a0 = rowBase<T>(input, order, k, r), a1 = rowBase<T>(input, order, k, r + 1);
    const a2 = rowBase<T>(input, order, k, r + 2), a3 = rowBase<T>(input, order, k, r + 3);
    const h = H + <usize>r * stride;
    let j = 0;
    for (; j + 8 <= m; j += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let w = W + (<usize>j << 2);
      let p = 0;
      // Four inputs of each row at a time, one vector load (and conversion) each.
      for (; p + 4 <= k; p += 4) {
        const v0 = inputs4<T>(a0, p), v1 = inputs4<T>(a1, p), v2 = inputs4<T>(a2, p), v3 = inputs4<T>(a3, p);
        {
          const w0 = v128.load(w), w1 = v128.load(w, 16);
          const x0 = v128.shuffle<f32>(v0, v0, 0, 0, 0, 0), x1 = v128.shuffle<f32>(v1, v1, 0, 0, 0, 0), x2 = v128.shuffle<f32>(v2, v2, 0, 0, 0, 0), x3 = v128.shuffle<f32>(v3, v3, 0, 0, 0, 0);
          c00 = madd(x0, w0, c00); c01 = madd(x0, w1, c01);
          c10 = madd(x1, w0, c10); c11 = madd(x1, w1, c11);
          c20 = madd(x2, w0, c20); c21 = madd(x2, w1, c21);
          c30 = madd(x3, w0, c30); c31 = madd(x3, w1, c31);
          w += stride;
        }
        {
          const w0 = v128.load(w), w1 = v128.load(w, 16);
          const x0 = v128.shuffle<f32>(v0, v0, 1, 1, 1, 1), x1 = v128.shuffle<f32>(v1, v1, 1, 1, 1, 1), x2 = v128.shuffle<f32>(v2, v2, 1, 1, 1, 1), x3 = v128.shuffle<f32>(v3, v3, 1, 1, 1, 1);
          c00 = madd(x0, w0, c00); c01 = madd(x0, w1, c01);
          c10 = madd(x1, w0, c10); c11 = madd(x1, w1, c11);
          c20 = madd(x2, w0, c20); c21 = madd(x2, w1, c21);
          c30 = madd(x3, w0, c30); c31 = madd(x3, w1, c31);
          w += stride;
        }
        {
          const w0 = v128.load(w), w1 = v128.load(w, 16);
          const x0 = v128.shuffle<f32>(v0, v0, 2, 2, 2, 2), x1 = v128.shuffle<f32>(v1, v1, 2, 2, 2, 2), x2 = v128.shuffle<f32>(v2, v2, 2, 2, 2, 2), x3 = v128.shuffle<f32>(v3, v3, 2, 2, 2, 2);
          c00 = madd(x0, w0, c00); c01 = madd(x0, w1, c01);
          c10 = madd(x1, w0, c10); c11 = madd(x1, w1, c11);
          c20 = madd(x2, w0, c20); c21 = madd(x2, w1, c21);
          c30 = madd(x3, w0, c30); c31 = madd(x3, w1, c31);
          w += stride;
        }
        {
          const w0 = v128.load(w), w1 = v128.load(w, 16);
          const x0 = v128.shuffle<f32>(v0, v0, 3, 3, 3, 3), x1 = v128.shuffle<f32>(v1, v1, 3, 3, 3, 3), x2 = v128.shuffle<f32>(v2, v2, 3, 3, 3, 3), x3 = v128.shuffle<f32>(v3, v3, 3, 3, 3, 3);
          c00 = madd(x0, w0, c00); c01 = madd(x0, w1, c01);
          c10 = madd(x1, w0, c10); c11 = madd(x1, w1, c11);
          c20 = madd(x2, w0, c20); c21 = madd(x2, w1, c21);
          c30 = madd(x3, w0, c30); c31 = madd(x3, w1, c31);
          w += stride;
        }
      }
      for (; p < k; p++, w += stride) {
        const w0 = v128.load(w), w1 = v128.load(w, 16);
        const x0 = f32x4.splat(inputAt<T>(a0, p)), x1 = f32x4.splat(inputAt<T>(a1, p));
        const x2 = f32x4.splat(inputAt<T>(a2, p)), x3 = f32x4.splat(inputAt<T>(a3, p));
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
        const w0 = v128.load(w);
        c0 = madd(f32x4.splat(inputAt<T>(a0, p)), w0, c0);
        c1 = madd(f32x4.splat(inputAt<T>(a1, p)), w0, c1);
        c2 = madd(f32x4.splat(inputAt<T>(a2, p)), w0, c2);
        c3 = madd(f32x4.splat(inputAt<T>(a3, p)), w0, c3);
      }
      const b0 = v128.load(b + (<usize>j << 2));
      const o = h + (<usize>j << 2);
      v128.store(o, finish(c0, b0, relu));
      v128.store(o + stride, finish(c1, b0, relu));
      v128.store(o + 2 * stride, finish(c2, b0, relu));
      v128.store(o + 3 * stride, finish(c3, b0, relu));
    }
  }
  for (; r < r1; r++) {
    const a0 = rowBase<T>(input, order, k, r);
    const h = H + <usize>r * stride;
    for (let j = 0; j < m; j += 4) {
      let c0 = f32x4.splat(0);
      let w = W + (<usize>j << 2);
      for (let p = 0; p < k; p++, w += stride) c0 = madd(f32x4.splat(inputAt<T>(a0, p)), v128.load(w), c0);
      v128.store(h + (<usize>j << 2), finish(c0, v128.load(b + (<usize>j << 2)), relu));
    }
  }
}

export function forwardData(data: usize, order: usize, k: i32, W: usize, b: usize, H: usize, m: i32, relu: i32, r0: i32, r1: i32): void {
  forward<u8>(data, order, k, W, b, H, m, relu, r0, r1);
}

export function forwardHidden(A: usize, k: i32, W: usize, b: usize, H: usize, m: i32, relu: i32, r0: i32, r1: i32): void {
  forward<f32>(A, 0, k, W, b, H, m, relu, r0, r1);
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
  const zero = f32x4.splat(0);
  for (let r = r0; r < r1; r++) {
    const g = G + <usize>r * gs;
    const a = A + <usize>r * ks;
    const d = D + <usize>r * ks;
    for (let p = 0; p < k; p += 4) {
      const w0 = W + <usize>p * gs;
      let c0 = zero, c1 = zero, c2 = zero, c3 = zero;
      for (let j = 0; j < m; j += 4) {
        const o = <usize>j << 2;
        const gv = v128.load(g + o);
        c0 = madd(gv, v128.load(w0 + o), c0);
        c1 = madd(gv, v128.load(w0 + gs + o), c1);
        c2 = madd(gv, v128.load(w0 + 2 * gs + o), c2);
        c3 = madd(gv, v128.load(w0 + 3 * gs + o), c3);
      }
      let out = f32x4(hsum(c0), hsum(c1), hsum(c2), hsum(c3));
      const at = <usize>p << 2;
      if (relu) out = v128.and(out, f32x4.gt(v128.load(a + at), zero));
      v128.store(d + at, out);
    }
  }
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
 * dW = Aᵀ·G for the weight rows p0 ≤ p < p1, summed over the n rows in order, and
 * the optimizer's step on those rows of W (and of Adam's M and V), in place.
 */
function update<T>(input: usize, order: usize, k: i32, G: usize, m: i32, n: i32, W: usize, M: usize, V: usize, opt: usize, p0: i32, p1: i32): void {
  const gs = <usize>m << 2;
  let p = p0;
  // Four weight rows at a time: one vector of each input row's four values.
  for (; p + 4 <= p1; p += 4) {
    for (let j = 0; j < m; j += 8) {
      const wide = j + 8 <= m;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      const go = <usize>j << 2;
      if (wide) {
        for (let i = 0; i < n; i++) {
          const v = inputs4<T>(rowBase<T>(input, order, k, i), p);
          const g = G + <usize>i * gs + go;
          const g0 = v128.load(g), g1 = v128.load(g, 16);
          const x0 = v128.shuffle<f32>(v, v, 0, 0, 0, 0), x1 = v128.shuffle<f32>(v, v, 1, 1, 1, 1), x2 = v128.shuffle<f32>(v, v, 2, 2, 2, 2), x3 = v128.shuffle<f32>(v, v, 3, 3, 3, 3);
          c00 = madd(x0, g0, c00); c01 = madd(x0, g1, c01);
          c10 = madd(x1, g0, c10); c11 = madd(x1, g1, c11);
          c20 = madd(x2, g0, c20); c21 = madd(x2, g1, c21);
          c30 = madd(x3, g0, c30); c31 = madd(x3, g1, c31);
        }
      } else {
        for (let i = 0; i < n; i++) {
          const v = inputs4<T>(rowBase<T>(input, order, k, i), p);
          const g0 = v128.load(G + <usize>i * gs + go);
          c00 = madd(v128.shuffle<f32>(v, v, 0, 0, 0, 0), g0, c00);
          c10 = madd(v128.shuffle<f32>(v, v, 1, 1, 1, 1), g0, c10);
          c20 = madd(v128.shuffle<f32>(v, v, 2, 2, 2, 2), g0, c20);
          c30 = madd(v128.shuffle<f32>(v, v, 3, 3, 3, 3), g0, c30);
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
  // The rest one row at a time, each element summed exactly as above.
  for (; p < p1; p++) {
    for (let j = 0; j < m; j += 4) {
      let c0 = f32x4.splat(0);
      const go = <usize>j << 2;
      for (let i = 0; i < n; i++) c0 = madd(f32x4.splat(inputAt<T>(rowBase<T>(input, order, k, i), p)), v128.load(G + <usize>i * gs + go), c0);
      apply(opt, W, M, V, <usize>p * gs + go, c0);
    }
  }
}

export function updateData(data: usize, order: usize, k: i32, G: usize, m: i32, n: i32, W: usize, M: usize, V: usize, opt: usize, p0: i32, p1: i32): void {
  update<u8>(data, order, k, G, m, n, W, M, V, opt, p0, p1);
}

export function updateHidden(A: usize, k: i32, G: usize, m: i32, n: i32, W: usize, M: usize, V: usize, opt: usize, p0: i32, p1: i32): void {
  update<f32>(A, 0, k, G, m, n, W, M, V, opt, p0, p1);
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
