// How the direct GPU step writes each dispatch's uniforms per step: the fields that
// never change come from a template, the others from the step's own values.
import { expect, it } from 'vitest';
import { uniformPlan, writeStepValues } from '../../src/engine/nn/fused/direct.js';
import type { Program } from '../../src/engine/nn/fused/tiled-product.js';

const program = (uniforms: string): Program => ({
  variableNames: [],
  outputShape: [1],
  shaderKey: 'test',
  dispatchLayout: { x: [0] },
  dispatch: [1, 1, 1],
  workgroupSize: [1, 1, 1],
  uniforms,
  getUserCode: () => '',
});
type Step = { offset: number; rows: number; bc1: number };
const probes: [Step, Step, Step] = [
  { offset: 1, rows: 2, bc1: 0.25 },
  { offset: 3, rows: 5, bc1: 0.125 },
  { offset: 100_003, rows: 4_099, bc1: 0.0625 },
];

it('finds the fixed fields and those that take a step value, and writes a step as the struct lays it out', () => {
  const update = program('M : i32, N : i32, P : i32, offset : i32, lr : f32, bc1 : f32,');
  const plan = uniformPlan(update, ({ offset, rows, bc1 }: Step) => ({ M: 785, N: 64, P: rows, offset, lr: 0.1, bc1 }), probes);
  expect(plan.varying).toEqual([
    { word: 2, key: 'rows', float: false },
    { word: 3, key: 'offset', float: false },
    { word: 5, key: 'bc1', float: true },
  ]);
  const staging = new ArrayBuffer(64);
  const [words, ints, floats] = [new Uint32Array(staging), new Int32Array(staging), new Float32Array(staging)];
  words.set(plan.template, 8);
  writeStepValues(plan, { offset: 4096, rows: 32, bc1: 0.5 }, ints, floats, 8);
  expect(Array.from(ints.slice(8, 12))).toEqual([785, 64, 32, 4096]);
  expect(Array.from(floats.slice(12, 14))).toEqual([Math.fround(0.1), 0.5]);
  expect(Array.from(words.slice(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]); // nothing outside the slot
});

it('refuses a field missing, or computed from a step value rather than equal to one, even where two small steps cannot tell', () => {
  const forward = program('M : i32, offset : i32,');
  expect(() => uniformPlan(forward, ({ rows }: Step) => ({ M: rows }), probes)).toThrow('uniform offset of test has no value');
  expect(() => uniformPlan(forward, ({ rows, offset }: Step) => ({ M: rows * 2, offset }), probes)).toThrow(
    "uniform M of test is neither the same for every step nor one of the step's values",
  );
  // Computed fields that look fixed, or like a copy, at two small steps: the third step tells.
  const computed = "is computed from the step's values";
  expect(() => uniformPlan(forward, ({ rows, offset }: Step) => ({ M: Math.ceil(rows / 64), offset }), probes)).toThrow(`uniform M of test ${computed}`);
  expect(() => uniformPlan(forward, ({ rows, offset }: Step) => ({ M: Math.min(rows, 256), offset }), probes)).toThrow(`uniform M of test ${computed}`);
});
