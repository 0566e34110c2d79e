// The playground's 2-D data sets, drawn from a seed as TensorFlow Playground
// draws them (its dataset.ts): points in [−6, 6]², a label per point, then a
// seeded split into training and test points. Pure JavaScript: no tensors.
import type { Rng } from '../random.js';

export const DATASETS = ['circle', 'xor', 'gauss', 'spiral', 'plane', 'multigauss'] as const;
export type DatasetName = (typeof DATASETS)[number];

/** The plane every set lives in, and every map is drawn over. */
export const DOMAIN = 6;

/** Classification sets label 0 or 1; regression sets a value in [−1, 1]. */
export type Task = 'classification' | 'regression';
export const taskOf = (name: DatasetName): Task => (name === 'plane' || name === 'multigauss' ? 'regression' : 'classification');

export interface Points {
  x1: number[];
  x2: number[];
  label: number[];
}

export interface SplitPoints {
  train: Points;
  test: Points;
}

const empty = (): Points => ({ x1: [], x2: [], label: [] });
const push = (points: Points, x1: number, x2: number, label: number) => {
  points.x1.push(x1);
  points.x2.push(x2);
  points.label.push(label);
};

/** Inside radius 2.5 is class 1, from 3.5 to 5 class 0; noise moves points, the label follows the moved point. */
function circle(rng: Rng, n: number, noise: number): Points {
  const points = empty();
  const radius = 5;
  const labelAt = (x: number, y: number) => (Math.hypot(x, y) < radius * 0.5 ? 1 : 0);
  for (let i = 0; i < n; i++) {
    const inside = i < n / 2;
    const r = inside ? rng.uniform(0, radius * 0.5) : rng.uniform(radius * 0.7, radius);
    const angle = rng.uniform(0, 2 * Math.PI);
    const [x, y] = [r * Math.sin(angle), r * Math.cos(angle)];
    const [nx, ny] = [rng.uniform(-radius, radius) * noise, rng.uniform(-radius, radius) * noise];
    push(points, x, y, labelAt(x + nx, y + ny));
  }
  return points;
}

/** Four quadrants: class 1 where x₁ and x₂ have the same sign. A margin of 0.3 keeps points off the axes. */
function xor(rng: Rng, n: number, noise: number): Points {
  const points = empty();
  const padding = 0.3;
  for (let i = 0; i < n; i++) {
    let x = rng.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    let y = rng.uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    const [nx, ny] = [rng.uniform(-5, 5) * noise, rng.uniform(-5, 5) * noise];
    push(points, x, y, (x + nx) * (y + ny) >= 0 ? 1 : 0);
  }
  return points;
}

/** Two Gaussian blobs at (2, 2) (class 1) and (−2, −2) (class 0); noise widens them. */
function gauss(rng: Rng, n: number, noise: number): Points {
  const points = empty();
  // Playground's classifyTwoGaussData: variance linear in noise, from 0.5 at 0 to 4 at 0.5 (its 50).
  const std = Math.sqrt(0.5 + ((4 - 0.5) * noise) / 0.5);
  for (let i = 0; i < n; i++) {
    const label = i < n / 2 ? 1 : 0;
    const c = label === 1 ? 2 : -2;
    push(points, rng.normal(c, std), rng.normal(c, std), label);
  }
  return points;
}

/** Two interleaved arms, 1.75 turns each, class 1 and class 0. */
function spiral(rng: Rng, n: number, noise: number): Points {
  const points = empty();
  const half = Math.floor(n / 2);
  const arm = (count: number, deltaT: number, label: number) => {
    for (let i = 0; i < count; i++) {
      const r = (i / count) * 5;
      const t = ((1.75 * i) / count) * 2 * Math.PI + deltaT;
      push(points, r * Math.sin(t) + rng.uniform(-1, 1) * noise, r * Math.cos(t) + rng.uniform(-1, 1) * noise, label);
    }
  };
  arm(half, 0, 1);
  arm(n - half, Math.PI, 0);
  return points;
}

/** Regression: points uniform over the plane; noise moves where the value is read, as Playground does. */
function regression(valueAt: (x: number, y: number) => number) {
  return (rng: Rng, n: number, noise: number): Points => {
    const points = empty();
    for (let i = 0; i < n; i++) {
      const [x, y] = [rng.uniform(-DOMAIN, DOMAIN), rng.uniform(-DOMAIN, DOMAIN)];
      const [nx, ny] = [rng.uniform(-DOMAIN, DOMAIN) * noise, rng.uniform(-DOMAIN, DOMAIN) * noise];
      push(points, x, y, valueAt(x + nx, y + ny));
    }
    return points;
  };
}

/** The value (x₁ + x₂) / 10 rising across the plane: Playground's regressPlane (an unclamped d3 scale, so noise can take it past ±1). */
const plane = regression((x, y) => (x + y) / 10);

/** Six bumps of alternating sign; the value is the strongest bump at the point. */
const BUMPS = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
] as const;
export function multigaussValue(x: number, y: number): number {
  let value = 0;
  for (const [cx, cy, sign] of BUMPS) {
    const v = sign * Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2);
    if (Math.abs(v) > Math.abs(value)) value = v;
  }
  return value;
}

const multigauss = regression(multigaussValue);

const GENERATORS: Record<DatasetName, (rng: Rng, n: number, noise: number) => Points> = { circle, xor, gauss, spiral, plane, multigauss };

/** n points of the named set; noise from 0 (clean) to 0.5 (Playground's 50), as Playground's generators take it. */
export function generate(name: DatasetName, rng: Rng, n: number, noise: number): Points {
  return GENERATORS[name](rng, n, noise);
}

/** A seeded shuffle, then round(n · trainRatio) training points and the rest for testing. */
export function split(points: Points, trainRatio: number, rng: Rng): SplitPoints {
  const order = rng.shuffle(Array.from({ length: points.label.length }, (_, i) => i));
  const cut = Math.round(order.length * trainRatio);
  const take = (indices: number[]): Points => ({
    x1: indices.map((i) => points.x1[i]),
    x2: indices.map((i) => points.x2[i]),
    label: indices.map((i) => points.label[i]),
  });
  return { train: take(order.slice(0, cut)), test: take(order.slice(cut)) };
}
