import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/labs/kit/events.js';
import { reduceAll } from '../../src/ui/state.js';
import { startEvent } from '../helpers.js';

const start: LabEvent = startEvent({ lab: 'x', number: 9, seed: 1, backend: 'cpu', deviceDetail: 'CPU' });

describe('the reducer', () => {
  it('turns a known stream into view state', () => {
    const state = reduceAll([
      start,
      { kind: 'text', text: 'hello' },
      { kind: 'table', id: 't', title: 'T', columns: ['a'], rows: [[1]] },
      { kind: 'point', chart: 'loss', title: 'Loss', name: 'train', x: 1, y: 0.9 },
      { kind: 'point', chart: 'loss', title: 'Loss', name: 'train', x: 2, y: 0.5 },
      { kind: 'point', chart: 'loss', title: 'Loss', name: 'val', x: 2, y: 0.6 },
      { kind: 'table', id: 't', title: 'T', columns: ['a'], rows: [[2]] },
      { kind: 'progress', id: 'epoch', label: 'batch', done: 3, total: 10 },
      { kind: 'metric', scope: 'epoch', step: 1, total: 2, values: { loss: 0.5 } },
      {
        kind: 'matrix',
        id: 'cm',
        title: 'CM',
        labels: ['a', 'b'],
        counts: [
          [2, 0],
          [1, 3],
        ],
      },
      { kind: 'warning', message: 'careful' },
      { kind: 'result', metrics: { acc: 0.8 } },
      { kind: 'end', status: 'ok', elapsedMs: 12 },
    ]);
    expect(state.start?.lab).toBe('x');
    // blocks keep first-appearance order; a replaced table keeps its place; a warning sits where it was said
    expect(state.blocks.map((b) => b.type)).toEqual(['text', 'table', 'chart', 'matrix', 'warning']);
    expect(state.tables.t.rows).toEqual([[2]]);
    expect(state.charts.loss.curves).toEqual([
      { name: 'train', x: [1, 2], y: [0.9, 0.5] },
      { name: 'val', x: [2], y: [0.6] },
    ]);
    expect(state.progress.epoch.done).toBe(3);
    expect(state.epochs).toHaveLength(1);
    expect(state.matrices.cm.counts[1][1]).toBe(3);
    expect(state.blocks.at(-1)).toEqual({ type: 'warning', message: 'careful' });
    expect(state.result?.metrics.acc).toBe(0.8);
    expect(state.end?.status).toBe('ok');
  });

  it('starts afresh on a new start event (a rerun)', () => {
    const state = reduceAll([start, { kind: 'text', text: 'old' }, start]);
    expect(state.blocks).toEqual([]);
  });
});

describe('warnings in their place', () => {
  it("lab 8's out-of-memory warning is in its section, not after the last one", async () => {
    const { collect } = await import('../helpers.js');
    const { errorsLab } = await import('../../src/labs/course/errors/lab.js');
    const { labSections } = await import('../../src/ui/app/lab-lines.js');
    const state = reduceAll(await collect(errorsLab));
    const { lines } = labSections(state, { width: 80, color: false, ascii: false }, 8);
    const warning = lines.findIndex((line) => line.startsWith('warning: refused: this needs about'));
    const outOfMemory = lines.findIndex((line) => line.startsWith('2. Out of memory'));
    const nextSection = lines.findIndex((line) => line.startsWith('3. '));
    expect(outOfMemory).toBeGreaterThan(-1);
    expect(warning).toBeGreaterThan(outOfMemory);
    expect(warning).toBeLessThan(nextSection);
  });
});

describe('sections to jump to ({ and })', () => {
  it("are the lab's headings (not every paragraph or formula), and the epochs' table", async () => {
    const { collect } = await import('../helpers.js');
    const { errorsLab } = await import('../../src/labs/course/errors/lab.js');
    const { labSections } = await import('../../src/ui/app/lab-lines.js');
    const state = reduceAll(await collect(errorsLab));
    const { lines, starts, sections } = labSections(state, { width: 80, color: false, ascii: false }, 8);
    const headings = state.blocks.filter((b) => b.type === 'text' && b.text.style === 'heading').length;
    expect(sections).toHaveLength(headings);
    expect(starts.length).toBeGreaterThan(sections.length);
    for (const line of sections) expect(lines[line + 1]).toMatch(/^[═=]+$/); // a heading's rule under its title
    expect(lines[sections[2]]).toMatch(/^3\. /);
  });
});
