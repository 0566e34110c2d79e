// θ ← θ − η·g (SGD), or Adam as torch.optim.Adam computes it.
import { tf, type Tensor } from '../tf.js';

export type OptimizerName = 'sgd' | 'adam';

/** The usual learning rate of each optimizer: the course's 0.1 for SGD, torch.optim.Adam's 0.001. */
export const DEFAULT_LR: Record<OptimizerName, number> = { sgd: 0.1, adam: 0.001 };

/** PyTorch's Adam defaults. */
export const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

/** Adam's bias corrections at step t (1-based): bc₁ = 1 − β₁ᵗ and √bc₂ = √(1 − β₂ᵗ). */
export function adamCorrections(step: number): { bc1: number; sqrtBc2: number } {
  return { bc1: 1 - ADAM.beta1 ** step, sqrtBc2: Math.sqrt(1 - ADAM.beta2 ** step) };
}

export class Optimizer {
  private m: Tensor[] | undefined;
  private v: Tensor[] | undefined;
  private steps = 0;

  constructor(
    private readonly kind: OptimizerName,
    private readonly lr: number,
  ) {}

  /** New parameter tensors; the caller disposes the old ones. */
  update(params: Tensor[], grads: Tensor[]): Tensor[] {
    const tfjs = tf();
    if (this.kind === 'sgd') return tfjs.tidy(() => params.map((p, i) => tfjs.sub(p, tfjs.mul(grads[i], this.lr))));
    const { beta1: b1, beta2: b2, eps } = ADAM;
    this.steps++;
    const m = tfjs.tidy(() => grads.map((g, i) => (this.m ? tfjs.add(tfjs.mul(this.m[i], b1), tfjs.mul(g, 1 - b1)) : tfjs.mul(g, 1 - b1))));
    const v = tfjs.tidy(() =>
      grads.map((g, i) => (this.v ? tfjs.add(tfjs.mul(this.v[i], b2), tfjs.mul(tfjs.square(g), 1 - b2)) : tfjs.mul(tfjs.square(g), 1 - b2))),
    );
    tfjs.dispose([...(this.m ?? []), ...(this.v ?? [])]);
    [this.m, this.v] = [m, v];
    // θ ← θ − (η / bc₁) · m / (√v / √bc₂ + ε)
    const { bc1, sqrtBc2 } = adamCorrections(this.steps);
    return tfjs.tidy(() => params.map((p, i) => tfjs.sub(p, tfjs.div(tfjs.mul(m[i], this.lr / bc1), tfjs.add(tfjs.div(tfjs.sqrt(v[i]), sqrtBc2), eps)))));
  }

  dispose(): void {
    tf().dispose([...(this.m ?? []), ...(this.v ?? [])]);
  }
}
