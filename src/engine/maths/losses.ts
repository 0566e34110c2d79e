// Loss functions in the course's notation: y = prediction, ŷ = answer, N = number of
// terms. Each returns the per-term contributions and their mean, computed with
// TensorFlow.js on the current backend.
import { takeArrays, tf, type Tensor } from '../tf.js';

export interface LossBreakdown {
  /** One term per element: (y − ŷ)², |y − ŷ|, −[ŷ ln y + (1 − ŷ) ln(1 − y)], −ŷ ln y. */
  terms: number[];
  /** The loss: the mean over N (for CE, the sum over classes divided by the batch size 1). Infinity for CE with p = 0 on the true class. */
  value: number;
  /** BCE: whether a term's ln hit nn.BCELoss's floor of −100 (a prediction of exactly 0 or 1). */
  clamped?: boolean[];
}

/** PyTorch's BCELoss clamps ln at −100 so a prediction of exactly 0 or 1 gives a finite loss. */
export const LOG_FLOOR = -100;

async function breakdown(termsOf: () => Tensor, reduce: (terms: Tensor) => Tensor): Promise<LossBreakdown> {
  const tfjs = tf();
  const [terms, value] = tfjs.tidy(() => {
    const terms = termsOf();
    return [terms, reduce(terms)];
  });
  const [termValues, [loss]] = await takeArrays(terms, value);
  return { terms: termValues, value: loss };
}

const clampedLog = (x: Tensor): Tensor => tf().maximum(tf().log(x), LOG_FLOOR);

export function mse(pred: number[], target: number[]): Promise<LossBreakdown> {
  const tfjs = tf();
  return breakdown(
    () => tfjs.squaredDifference(tfjs.tensor1d(pred), tfjs.tensor1d(target)),
    (terms) => tfjs.mean(terms),
  );
}

export function mae(pred: number[], target: number[]): Promise<LossBreakdown> {
  const tfjs = tf();
  return breakdown(
    () => tfjs.abs(tfjs.sub(tfjs.tensor1d(pred), tfjs.tensor1d(target))),
    (terms) => tfjs.mean(terms),
  );
}

export async function bce(pred: number[], target: number[]): Promise<LossBreakdown> {
  const tfjs = tf();
  // In float32, as the tensors compute it: p = 0.99999999 is 1, so ln(1 − p) = ln 0 is clamped there too.
  const floored = (x: number) => Math.log(Math.fround(x)) < LOG_FLOOR;
  const clamped = pred.map((y, i) => (target[i] > 0 && floored(y)) || (target[i] < 1 && floored(1 - Math.fround(y))));
  const result = await breakdown(
    () => {
      const y = tfjs.tensor1d(pred);
      const yHat = tfjs.tensor1d(target);
      return tfjs.neg(tfjs.add(tfjs.mul(yHat, clampedLog(y)), tfjs.mul(tfjs.sub(1, yHat), clampedLog(tfjs.sub(1, y)))));
    },
    (terms) => tfjs.mean(terms),
  );
  return { ...result, clamped };
}

/**
 * BCE from raw scores, as nn.BCEWithLogitsLoss computes it: a sigmoid on each score
 * (not a softmax across them), in the form that stays exact for any score,
 * max(z, 0) − z·ŷ + ln(1 + e^(−|z|)), averaged over the N scores.
 */
export function bceFromLogits(logits: number[], target: number[]): Promise<LossBreakdown> {
  const tfjs = tf();
  return breakdown(
    () => {
      const z = tfjs.tensor1d(logits);
      const yHat = tfjs.tensor1d(target);
      return tfjs.add(tfjs.sub(tfjs.relu(z), tfjs.mul(z, yHat)), tfjs.log1p(tfjs.exp(tfjs.neg(tfjs.abs(z)))));
    },
    (terms) => tfjs.mean(terms),
  );
}

/** σ(z) = 1 / (1 + e^(−z)) of each score. */
export async function sigmoid(logits: number[]): Promise<number[]> {
  const tfjs = tf();
  const [probs] = await takeArrays(tfjs.tidy(() => tfjs.sigmoid(tfjs.tensor1d(logits))));
  return probs;
}

/** −ŷ·ln y where ŷ > 0, else 0: a class the answer gives no weight adds nothing (0·ln 0 would be NaN). */
function weightedNegLog(oneHot: number[], logProbs: () => Tensor): Tensor {
  const tfjs = tf();
  const yHat = tfjs.tensor1d(oneHot);
  return tfjs.where(tfjs.greater(yHat, 0), tfjs.neg(tfjs.mul(yHat, logProbs())), tfjs.zerosLike(yHat));
}

/**
 * Cross entropy of one sample from probabilities: −Σ ŷ ln y over the classes
 * (N = batch size = 1), as nll_loss(log p): no clamp, so p = 0 on the true class gives ∞.
 */
export function crossEntropy(probs: number[], oneHot: number[]): Promise<LossBreakdown> {
  const tfjs = tf();
  return breakdown(
    () => weightedNegLog(oneHot, () => tfjs.log(tfjs.tensor1d(probs))),
    (terms) => tfjs.sum(terms),
  );
}

/**
 * Cross entropy from raw scores as nn.CrossEntropyLoss computes it: −Σ ŷ·log_softmax(z),
 * with log_softmax(z) = z − max z − ln Σ e^(z − max z) — exact however far apart the scores are.
 */
export function crossEntropyFromLogits(logits: number[], oneHot: number[]): Promise<LossBreakdown> {
  const tfjs = tf();
  return breakdown(
    () => weightedNegLog(oneHot, () => tfjs.logSoftmax(tfjs.tensor1d(logits))),
    (terms) => tfjs.sum(terms),
  );
}

export async function softmax(logits: number[]): Promise<number[]> {
  const tfjs = tf();
  const [probs] = await takeArrays(tfjs.tidy(() => tfjs.softmax(tfjs.tensor1d(logits))));
  return probs;
}

export function oneHot(index: number, classes: number): number[] {
  return Array.from({ length: classes }, (_, i) => (i === index ? 1 : 0));
}

/**
 * Each loss as a function of p, the predicted probability of the true class, for
 * a binary answer ŷ = 1: MSE = (1 − p)², MAE = 1 − p, BCE = CE = −ln p.
 */
export async function lossCurves(ps: number[]): Promise<Record<'mse' | 'mae' | 'bce' | 'ce', number[]>> {
  const tfjs = tf();
  const curves = tfjs.tidy(() => {
    const p = tfjs.tensor1d(ps);
    const miss = tfjs.sub(1, p);
    return [tfjs.square(miss), tfjs.abs(miss), tfjs.neg(clampedLog(p))];
  });
  const [mseCurve, maeCurve, logCurve] = await takeArrays(...curves);
  return { mse: mseCurve, mae: maeCurve, bce: logCurve, ce: logCurve };
}
