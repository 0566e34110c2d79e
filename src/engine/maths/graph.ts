// Backpropagation in one sitting, after micrograd: every Value remembers the
// values it was made from and how to pass a gradient back to them. backward()
// visits the graph in reverse topological order, applying the chain rule.
import { takeArrays, tf, type Tensor } from '../tf.js';

export class Value {
  grad = 0;
  private backwardStep: () => void = () => {};

  constructor(
    public data: number,
    readonly label: string,
    readonly op: string = 'input',
    readonly parents: readonly Value[] = [],
  ) {}

  add(other: Value, label: string): Value {
    const out = new Value(this.data + other.data, label, '+', [this, other]);
    out.backwardStep = () => {
      this.grad += out.grad;
      other.grad += out.grad;
    };
    return out;
  }

  sub(other: Value, label: string): Value {
    const out = new Value(this.data - other.data, label, '−', [this, other]);
    out.backwardStep = () => {
      this.grad += out.grad;
      other.grad -= out.grad;
    };
    return out;
  }

  mul(other: Value, label: string): Value {
    const out = new Value(this.data * other.data, label, '×', [this, other]);
    out.backwardStep = () => {
      this.grad += other.data * out.grad;
      other.grad += this.data * out.grad;
    };
    return out;
  }

  sigmoid(label: string): Value {
    const s = 1 / (1 + Math.exp(-this.data));
    const out = new Value(s, label, 'σ', [this]);
    out.backwardStep = () => {
      this.grad += s * (1 - s) * out.grad;
    };
    return out;
  }

  square(label: string): Value {
    const out = new Value(this.data ** 2, label, '²', [this]);
    out.backwardStep = () => {
      this.grad += 2 * this.data * out.grad;
    };
    return out;
  }

  /** Every node this one depends on, inputs first (a topological order). */
  topo(): Value[] {
    const order: Value[] = [];
    const seen = new Set<Value>();
    const visit = (v: Value) => {
      if (seen.has(v)) return;
      seen.add(v);
      v.parents.forEach(visit);
      order.push(v);
    };
    visit(this);
    return order;
  }

  /** dself/dnode for every node: seed 1 here, then the chain rule from the output back. */
  backward(): void {
    const order = this.topo();
    order.forEach((v) => (v.grad = 0));
    this.grad = 1;
    for (const v of order.reverse()) v.backwardStep();
  }
}

export interface NeuronInputs {
  x1: number;
  x2: number;
  w1: number;
  w2: number;
  b: number;
  y: number;
}

/** The lab's graph: L = (σ(w1·x1 + w2·x2 + b) − y)². Returns the output node. */
export function neuronLossGraph(v: NeuronInputs): Value {
  const x1 = new Value(v.x1, 'x1');
  const w1 = new Value(v.w1, 'w1');
  const x2 = new Value(v.x2, 'x2');
  const w2 = new Value(v.w2, 'w2');
  const b = new Value(v.b, 'b');
  const y = new Value(v.y, 'y');
  const m1 = w1.mul(x1, 'm1');
  const m2 = w2.mul(x2, 'm2');
  const s = m1.add(m2, 's');
  const z = s.add(b, 'z');
  const p = z.sigmoid('p');
  const d = p.sub(y, 'd');
  return d.square('L');
}

/** The same formula as plain arithmetic, for numerical differentiation. */
export function neuronLoss(v: NeuronInputs): number {
  const p = 1 / (1 + Math.exp(-(v.w1 * v.x1 + v.w2 * v.x2 + v.b)));
  return (p - v.y) ** 2;
}

/** Central difference (f(θ + h) − f(θ − h)) / 2h for every input. */
export function numericGradients(v: NeuronInputs, h: number): Record<keyof NeuronInputs, number> {
  const keys = Object.keys(v) as (keyof NeuronInputs)[];
  return Object.fromEntries(keys.map((key) => [key, (neuronLoss({ ...v, [key]: v[key] + h }) - neuronLoss({ ...v, [key]: v[key] - h })) / (2 * h)])) as Record<
    keyof NeuronInputs,
    number
  >;
}

/** The graph drawn as text, inputs on the left, the loss on the right. */
export const NEURON_GRAPH_DRAWING = [
  'x1 ─┐',
  '    ×── m1 ─┐',
  'w1 ─┘       │',
  '            +── s ─┐',
  'x2 ─┐       │      │',
  '    ×── m2 ─┘      +── z ──σ── p ─┐',
  'w2 ─┘              │              −── d ──²── L',
  'b ─────────────────┘         y ───┘',
];

/** The same gradients from TensorFlow.js autodiff on the current backend (tf.grads). */
export async function neuronGradientsTf(v: NeuronInputs): Promise<{ loss: number; grads: Record<'x1' | 'x2' | 'w1' | 'w2' | 'b', number> }> {
  const tfjs = tf();
  const f = (x1: Tensor, x2: Tensor, w1: Tensor, w2: Tensor, b: Tensor) =>
    tfjs.square(tfjs.sub(tfjs.sigmoid(tfjs.add(tfjs.add(tfjs.mul(w1, x1), tfjs.mul(w2, x2)), b)), v.y));
  const tensors = tfjs.tidy(() => {
    const inputs = [v.x1, v.x2, v.w1, v.w2, v.b].map((n) => tfjs.scalar(n));
    const { value, grads } = tfjs.valueAndGrads((...args: Tensor[]) => f(args[0], args[1], args[2], args[3], args[4]))(inputs);
    return [value, ...grads];
  });
  const [[loss], [x1], [x2], [w1], [w2], [b]] = await takeArrays(...tensors);
  return { loss, grads: { x1, x2, w1, w2, b } };
}
