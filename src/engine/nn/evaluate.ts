// Loss, accuracy and predictions of a trained model on whole splits.
import { rowsOf, rowWidth, type Split } from '../data/dataset.js';
import { takeArrays, tf } from '../tf.js';
import { crossEntropy, type Mlp } from './model.js';

export interface Evaluation {
  loss: number;
  acc: number;
  predictions: Int32Array;
}

/** Loss, accuracy and predicted classes on a whole split, uploaded in chunks. */
export async function evaluate(model: Mlp, split: Split, classes: number, chunk = 2000): Promise<Evaluation> {
  const tfjs = tf();
  const width = rowWidth(split);
  let lossSum = 0;
  let correct = 0;
  const predictions = new Int32Array(split.n);
  for (let start = 0; start < split.n; start += chunk) {
    const size = Math.min(chunk, split.n - start);
    const [loss, pred] = tfjs.tidy(() => {
      const xb = tfjs.tensor2d(rowsOf(split, start, size), [size, width]);
      const yb = tfjs.tensor1d(split.y.subarray(start, start + size), 'int32');
      const logits = model.forward(xb);
      return [tfjs.mul(crossEntropy(logits, yb, classes), size), tfjs.argMax(logits, 1)];
    });
    const [[lossValue], predValues] = await takeArrays(loss, pred);
    lossSum += lossValue;
    predictions.set(predValues, start);
  }
  for (let i = 0; i < split.n; i++) if (predictions[i] === split.y[i]) correct++;
  return { loss: lossSum / split.n, acc: correct / split.n, predictions };
}

/** Predicted classes only (a submission, or a loaded model). */
export async function predictClasses(model: Mlp, x: Float32Array, n: number, chunk = 2000): Promise<Int32Array> {
  const tfjs = tf();
  const width = x.length / n;
  const out = new Int32Array(n);
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const pred = tfjs.tidy(() => tfjs.argMax(model.forward(tfjs.tensor2d(x.subarray(start * width, (start + size) * width), [size, width])), 1));
    const [values] = await takeArrays(pred);
    out.set(values, start);
  }
  return out;
}

/** counts[true][predicted]. */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, classes: number): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) counts[labels[i]][predictions[i]]++;
  return counts;
}
