// The input features a playground network sees, computed from (x₁, x₂) as
// TensorFlow Playground offers them. Pure JavaScript: rows for a tensor.
export const FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
export type FeatureName = (typeof FEATURES)[number];

/** How each feature is written on screen. */
export const FEATURE_LABELS: Record<FeatureName, string> = {
  x1: 'x₁',
  x2: 'x₂',
  x1sq: 'x₁²',
  x2sq: 'x₂²',
  x1x2: 'x₁x₂',
  sinx1: 'sin x₁',
  sinx2: 'sin x₂',
};

const COMPUTE: Record<FeatureName, (x1: number, x2: number) => number> = {
  x1: (x1) => x1,
  x2: (_x1, x2) => x2,
  x1sq: (x1) => x1 * x1,
  x2sq: (_x1, x2) => x2 * x2,
  x1x2: (x1, x2) => x1 * x2,
  sinx1: (x1) => Math.sin(x1),
  sinx2: (_x1, x2) => Math.sin(x2),
};

export const isFeature = (name: string): name is FeatureName => (FEATURES as readonly string[]).includes(name);

/** One row of features per point, row-major: [n · features.length]. */
export function featureRows(x1: readonly number[], x2: readonly number[], features: readonly FeatureName[]): Float32Array {
  const out = new Float32Array(x1.length * features.length);
  for (let i = 0; i < x1.length; i++) {
    features.forEach((f, j) => (out[i * features.length + j] = COMPUTE[f](x1[i], x2[i])));
  }
  return out;
}
