// Per-layer weight statistics and the gradient on one batch: what the lab's
// "weights and gradients" table shows.
import { tf, type Tensor, type Tensor1D, type Tensor2D } from '../tf.js';
import { crossEntropy, type Mlp } from './model.js';

export interface LayerStats {
  layer: number;
  shape: [number, number];
  weightMean: number;
  weightStd: number;
  weightMaxAbs: number;
  /** ‖∂L/∂W‖ on one batch. */
  gradNorm: number;
  gradMeanAbs: number;
}

/** Weight statistics and the gradient on one batch, per Linear layer. */
export async function layerStats(model: Mlp, x: Tensor2D, y: Tensor1D, classes: number): Promise<LayerStats[]> {
  const tfjs = tf();
  const stats = tfjs.tidy(() => {
    const grads = tfjs.grads((...ps: Tensor[]) => crossEntropy(model.forward(x, ps), y, classes))(model.flatParams());
    return model.params.map((p, i) => {
      const W = p.W;
      const g = grads[2 * i];
      const mean = tfjs.mean(W);
      return tfjs.stack([mean, tfjs.sqrt(tfjs.mean(tfjs.square(tfjs.sub(W, mean)))), tfjs.max(tfjs.abs(W)), tfjs.norm(g), tfjs.mean(tfjs.abs(g))]);
    });
  });
  const values = await Promise.all(stats.map((s) => s.data()));
  tfjs.dispose(stats);
  return model.params.map((p, i) => ({
    layer: p.index,
    shape: p.W.shape as [number, number],
    weightMean: values[i][0],
    weightStd: values[i][1],
    weightMaxAbs: values[i][2],
    gradNorm: values[i][3],
    gradMeanAbs: values[i][4],
  }));
}
