// The real errors behind lab 8, produced on small tensors so nothing large is ever allocated.
import { errorMessage } from '../describe.js';
import { withBackend, type BackendName } from '../backend.js';
import type { LayerSpec } from '../nn/model-spec.js';
import { tf, type Tensor } from '../tf.js';

/**
 * Runs the Linear layers' matrix products on a small batch without any shape check,
 * and returns TensorFlow.js's own error message (undefined if the shapes fit).
 */
export function tfjsShapeError(layers: readonly LayerSpec[], inputFeatures: number, batch: number): string | undefined {
  const tfjs = tf();
  try {
    tfjs
      .tidy(() => {
        let x = tfjs.zeros([batch, inputFeatures]);
        for (const layer of layers) {
          if (layer.type === 'Linear') x = tfjs.matMul(x, tfjs.zeros([layer.in, layer.out]));
        }
        return x;
      })
      .dispose();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** What crossBackendUse saw, as data: the lab words it in the run's language. */
export type CrossBackendUse =
  { ok: true; from: BackendName; to: BackendName; values: number[] } | { ok: false; from: BackendName; to: BackendName; error: string };

/**
 * TensorFlow.js keeps tensors on the current backend and moves a tensor's data when
 * another backend reads it: make one on `from`, use it on `to`, report what happened.
 */
export async function crossBackendUse(from: BackendName, to: BackendName): Promise<CrossBackendUse> {
  const tfjs = tf();
  const made: Tensor[] = [];
  try {
    return await withBackend(from, async () => {
      made.push(tfjs.tensor1d([1, 2, 3]));
      return withBackend(to, async () => {
        made.push(tfjs.add(made[0], 1));
        const values = Array.from(await made[1].data());
        return { ok: true, from, to, values };
      });
    });
  } catch (err) {
    return { ok: false, from, to, error: errorMessage(err) };
  } finally {
    tfjs.dispose(made);
  }
}
