import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend.js';
import { neuronGradientsTf, neuronLoss, neuronLossGraph, numericGradients, Value } from '../../src/engine/maths/graph.js';
import { backpropLab } from '../../src/labs/course/backprop/lab.js';
import { collect, only } from '../helpers.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

const inputs = { x1: 0.7, x2: -1.3, w1: 1.1, w2: 0.4, b: -0.2, y: 0 };
const sig = (z: number) => 1 / (1 + Math.exp(-z));

describe('backpropagation', () => {
  it('matches the chain rule written out by hand', () => {
    const L = neuronLossGraph(inputs);
    L.backward();
    const byLabel = new Map(L.topo().map((v) => [v.label, v]));
    const p = sig(inputs.w1 * inputs.x1 + inputs.w2 * inputs.x2 + inputs.b);
    const dz = 2 * (p - inputs.y) * p * (1 - p);
    expect(L.data).toBeCloseTo((p - inputs.y) ** 2, 12);
    expect(byLabel.get('w1')!.grad).toBeCloseTo(dz * inputs.x1, 12);
    expect(byLabel.get('w2')!.grad).toBeCloseTo(dz * inputs.x2, 12);
    expect(byLabel.get('b')!.grad).toBeCloseTo(dz, 12);
    expect(byLabel.get('x1')!.grad).toBeCloseTo(dz * inputs.w1, 12);
    expect(byLabel.get('y')!.grad).toBeCloseTo(-2 * (p - inputs.y), 12);
  });

  it('accumulates gradients when a value is used twice', () => {
    const a = new Value(3, 'a');
    const out = a.mul(a, 'a²');
    out.backward();
    expect(a.grad).toBe(6);
  });

  it('agrees with central differences and with tf.grads', async () => {
    const L = neuronLossGraph(inputs);
    L.backward();
    const numeric = numericGradients(inputs, 1e-5);
    const tfGrads = await neuronGradientsTf(inputs);
    for (const node of L.topo().filter((v) => v.op === 'input')) {
      expect(Math.abs(node.grad - numeric[node.label as keyof typeof inputs])).toBeLessThan(1e-8);
    }
    expect(tfGrads.loss).toBeCloseTo(neuronLoss(inputs), 6);
    expect(tfGrads.grads.w1).toBeCloseTo(numeric.w1, 5);
  });

  it('the lab reports a node table and a max difference within 1e-4', async () => {
    const events = await collect(backpropLab, { params: { x1: 2, w2: 1.5 } });
    const nodes = only(events, 'table').find((t) => t.id === 'nodes')!;
    expect(nodes.rows.map((r) => r[0])).toContain('z');
    expect(nodes.rows.find((r) => r[0] === 'L')![3]).toBe(1);
    const { metrics } = only(events, 'result')[0];
    expect(metrics.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    expect(only(events, 'warning')).toHaveLength(0);
  });
});
