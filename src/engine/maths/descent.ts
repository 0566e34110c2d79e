// Gradient descent on one parameter: the model y = w·x fitted by MSE.
// L(w) = mean((w·x − y)²) is a parabola in w; its gradient comes from autodiff.
import type { Rng } from '../random.js';
import { takeArrays, tf } from '../tf.js';

export interface OneParamData {
  x: number[];
  y: number[];
}

/** Seeded points near y = trueW·x. */
export function oneParamData(rng: Rng, n: number, trueW = 2, noise = 0.3): OneParamData {
  const x = Array.from({ length: n }, () => rng.uniform(-2, 2));
  const y = x.map((xi) => trueW * xi + rng.normal(0, noise));
  return { x, y };
}

/** The closed forms, for narration and for the tests: L, dL/dw, the optimum and the largest stable η. */
export function closedForm({ x, y }: OneParamData) {
  const n = x.length;
  const sxx = x.reduce((s, xi) => s + xi * xi, 0) / n;
  const sxy = x.reduce((s, xi, i) => s + xi * y[i], 0) / n;
  const syy = y.reduce((s, yi) => s + yi * yi, 0) / n;
  return {
    loss: (w: number) => w * w * sxx - 2 * w * sxy + syy,
    grad: (w: number) => 2 * (w * sxx - sxy),
    wStar: sxy / sxx,
    /** w ← w − η·2(w·sxx − sxy) converges iff |1 − 2η·sxx| < 1, i.e. η < 1/sxx. */
    criticalLr: 1 / sxx,
    /** What one step does to the distance from w*: w − w* is multiplied by 1 − 2η·sxx; its size by this. */
    contraction: (lr: number) => Math.abs(1 - 2 * lr * sxx),
  };
}

/** L(w) and dL/dw at one w, on the current backend, with tf.grad. */
export async function lossAndGrad(data: OneParamData, w: number): Promise<{ loss: number; grad: number }> {
  const tfjs = tf();
  const [loss, grad] = tfjs.tidy(() => {
    const x = tfjs.tensor1d(data.x);
    const y = tfjs.tensor1d(data.y);
    const lossOf = (wt: ReturnType<typeof tfjs.scalar>) => tfjs.mean(tfjs.squaredDifference(tfjs.mul(wt, x), y));
    const { value, grad } = tfjs.valueAndGrad(lossOf)(tfjs.scalar(w));
    return [value, grad];
  });
  const [[lossValue], [gradValue]] = await takeArrays(loss, grad);
  return { loss: lossValue, grad: gradValue };
}

/** L(w) over a range of w, for drawing the curve. */
export async function lossCurve(data: OneParamData, ws: number[]): Promise<number[]> {
  const tfjs = tf();
  const curve = tfjs.tidy(() => {
    const w = tfjs.tensor2d(ws, [ws.length, 1]);
    const x = tfjs.tensor2d(data.x, [1, data.x.length]);
    const y = tfjs.tensor2d(data.y, [1, data.y.length]);
    return tfjs.mean(tfjs.squaredDifference(tfjs.matMul(w, x), y), 1);
  });
  const [values] = await takeArrays(curve);
  return values;
}

/** Divergence: w or L left the numbers a float32 model can hold meaningfully. */
export function diverged(w: number, loss: number): boolean {
  return !Number.isFinite(w) || !Number.isFinite(loss) || Math.abs(w) > 1e6 || loss > 1e12;
}
