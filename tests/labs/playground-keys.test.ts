// Lab 9's own keys: a neuron or a layer more or fewer, within Playground's limits.
import { describe, expect, it } from 'vitest';
import { PLAYGROUND_KEYS } from '../../src/labs/course/playground/keys.js';
import { fieldAsShown, fieldLegend } from '../../src/ui/render/field.js';
import { fieldEvent } from '../helpers.js';

const press = (key: string, hidden: number[]) => PLAYGROUND_KEYS.find((k) => k.key === key)!.change({ hidden, lr: 0.1 });

describe("lab 9's keys", () => {
  it('+ and - change the last hidden layer; - on its last neuron takes the layer away', () => {
    expect(press('+', [4, 2])).toEqual({ hidden: [4, 3], lr: 0.1 });
    expect(press('+', [])).toEqual({ hidden: [1], lr: 0.1 });
    expect(press('+', [8])).toBeUndefined(); // 8 a layer at most
    expect(press('-', [4, 2])).toEqual({ hidden: [4, 1], lr: 0.1 });
    expect(press('-', [4, 1])).toEqual({ hidden: [4], lr: 0.1 });
    expect(press('-', [])).toBeUndefined();
  });

  it('> and < add a layer of 2 neurons and take the last away, at most 6 layers', () => {
    expect(press('>', [4])).toEqual({ hidden: [4, 2], lr: 0.1 });
    expect(press('>', [1, 1, 1, 1, 1, 1])).toBeUndefined();
    expect(press('<', [4, 2])).toEqual({ hidden: [4], lr: 0.1 });
    expect(press('<', [])).toBeUndefined();
  });

  it("say Playground's own limits where they can go no further (the app's shared words are for a lab without any)", () => {
    for (const key of PLAYGROUND_KEYS) {
      expect(key.limit?.en).toBe('the network is already at that limit (1–8 neurons a layer, at most 6 layers)');
      expect(key.limit?.['zh-TW']).toBe('網路已到上限（每層 1–8 個神經元，最多 6 層）');
    }
  });
});

describe("the map's view toggles", () => {
  const field = fieldEvent({ x: [-1, 1], y: [-1, 1], values: [0.3, 0.7], points: { x: [0, 1], y: [0, 1], label: [0, 1], test: [false, true] } });
  it('t hides the test points, d shows the output as its two classes; the field itself is untouched', () => {
    expect(fieldAsShown(field, { hideTest: false, discrete: false })).toBe(field);
    expect(fieldAsShown(field, { hideTest: true, discrete: false }).points).toEqual({ x: [0], y: [0], label: [0], test: [false] });
    expect(fieldAsShown(field, { hideTest: false, discrete: true }).values).toEqual([0, 1]);
    expect(fieldAsShown({ ...field, range: [-1, 1], values: [-0.2, 0.1] }, { hideTest: false, discrete: true }).values).toEqual([-1, 1]);
    expect(field.values).toEqual([0.3, 0.7]);
    // The legend names the test points only while they are shown.
    const style = { width: 80, color: false, ascii: true };
    expect(fieldLegend(field, style)).toContain('x o test');
    expect(fieldLegend(fieldAsShown(field, { hideTest: true, discrete: false }), style)).not.toContain('test');
  });
});
