import { describe, expect, it } from 'vitest';
import { trainingMemory } from '../../src/engine/nn/memory.js';
import { parseModelSpec } from '../../src/engine/nn/model-spec.js';

describe('the memory a model needs to train, before anything is allocated', () => {
  it('counts parameters (with their copies), every output and its gradient, and the images, in closed form', () => {
    const layers = parseModelSpec('Flatten, Linear(784,10)');
    const m = trainingMemory(layers, [1, 28, 28], { batchSize: 2, optimizer: 'sgd', trainRows: 100 });
    expect(m.parameters).toBe(784 * 10 + 10);
    expect(m.parameterBytes).toBe(7850 * 4 * 10); // SGD: ten copies, as measured
    // Outputs: the input batch (2·784), Flatten's (2·784) and Linear's (2·10); each with a gradient.
    expect(m.activationBytes).toBe(2 * (2 * 784 + 2 * 784 + 2 * 10) * 4);
    expect(m.dataBytes).toBe(100 * 784 * 4);
    expect(m.largestTensorBytes).toBe(7850 * 4);
    expect(m.totalBytes).toBe(m.parameterBytes + m.activationBytes + m.dataBytes);
  });

  it('Adam keeps two more copies of every parameter (m and v)', () => {
    const layers = parseModelSpec('Linear(100,100)');
    const sgd = trainingMemory(layers, [100], { batchSize: 1, optimizer: 'sgd', trainRows: 0 });
    const adam = trainingMemory(layers, [100], { batchSize: 1, optimizer: 'adam', trainRows: 0 });
    expect(adam.parameterBytes - sgd.parameterBytes).toBe(2 * 10_100 * 4);
  });
});
