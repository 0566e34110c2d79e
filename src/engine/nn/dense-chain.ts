// The models the fast trainers cover: Linear layers with ReLU or nothing
// between them, raw logits at the end (cross entropy takes its own softmax).
import type { Mlp } from './model.js';

export type Activation = 'relu' | 'linear';

export interface DenseChain {
  /** The activation after each Linear layer. */
  acts: Activation[];
}

/** The chain's activations, or why the model is not such a chain. */
export function denseChain(layers: Mlp['layers']): DenseChain | string {
  const acts: Activation[] = [];
  for (const layer of layers) {
    if (layer.type === 'Linear') acts.push('linear');
    else if (layer.type === 'ReLU' && acts.at(-1) === 'linear') acts[acts.length - 1] = 'relu';
    else if (layer.type !== 'Flatten' || acts.length > 0) return `they cover Linear and ReLU layers only, not ${layer.type} there`;
  }
  if (acts.length === 0) return 'the model has no Linear layer';
  if (acts.at(-1) !== 'linear') return 'the last layer must give raw logits (cross entropy takes its own softmax)';
  return { acts };
}
