// The one handle on TensorFlow.js. It is imported lazily (by initBackend) so
// that `list`, `--help` and the menu's first frame never wait for it (the app
// starts the backend in the background once the menu is drawn).
import type * as TF from '@tensorflow/tfjs';

export type Tf = typeof TF;
export type { Tensor, Tensor1D, Tensor2D, Scalar, Variable } from '@tensorflow/tfjs';

let loaded: Tf | undefined;

/** Imports @tensorflow/tfjs once and silences its console chatter. */
export async function importTf(): Promise<Tf> {
  if (!loaded) {
    const mod = (await import('@tensorflow/tfjs')) as Tf & { default?: Tf };
    loaded = (mod.default ?? mod) as Tf;
    // PROD stops tfjs printing "looks like you are running in Node.js" and
    // other console notes that would corrupt the screen or a JSON stream.
    loaded.env().set('PROD', true);
  }
  return loaded;
}

/** TensorFlow.js after a backend was initialised; throws if none was. */
export function tf(): Tf {
  if (!loaded) throw new Error('TensorFlow.js is not loaded yet: call initBackend() first');
  return loaded;
}

/**
 * Reads tensors to plain arrays and disposes them. The read is asynchronous (data()),
 * and tf.tidy cannot wait for a promise: the tensors are disposed here instead.
 */
export async function takeArrays(...tensors: TF.Tensor[]): Promise<number[][]> {
  try {
    return await Promise.all(tensors.map(async (t) => Array.from(await t.data()) as number[]));
  } finally {
    for (const t of tensors) t.dispose();
  }
}
