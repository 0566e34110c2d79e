import { describe, expect, it } from 'vitest';
import { collect } from '../helpers.js';
import { getLab } from '../../src/labs/registry.js';

const descentLab = getLab('descent'); // numbered by the registry
import { defaults } from '../../src/labs/params.js';
import { runSummary } from '../../src/ui/run-summary.js';

describe('the summary left in the scrollback after the app', () => {
  it('one block per run: lab, the parameters that differ from the defaults, how it ended, its result', async () => {
    const summary = runSummary();
    for (const event of await collect(descentLab, { params: { lr: 0.5, steps: 3 } })) summary.record(event);
    const lines = summary.lines(() => defaults(descentLab.params), 200);
    expect(lines[0]).toMatch(/^nnlab lab 3 descent --lr 0\.5 --steps 3 · cpu · seed 42 · done in \d+ms$/);
    expect(lines[1]).toMatch(/^ {2}\w+ [-\d.e]+( · \w+ [-\d.e]+)*$/);
    expect(lines).toHaveLength(2);
  });

  it('a run cut short says so; nothing ran, nothing printed; lines fit the width', () => {
    const summary = runSummary();
    expect(summary.lines(() => undefined, 80)).toEqual([]);
    summary.record({ kind: 'start', schema: 1, lab: 'mlp', number: 6, title: 'Train', params: { epochs: 50, data: 'mnist' }, seed: 1, backend: 'wasm', device: 'CPU', deviceDetail: '', version: '0', lang: 'en', time: '' });
    summary.record({ kind: 'end', status: 'interrupted', elapsedMs: 2500 });
    expect(summary.lines(() => ({ epochs: 10, data: 'mnist' }), 80)).toEqual(['nnlab lab 6 mlp --epochs 50 · wasm · seed 1 · interrupted after 2.5s']);
    const narrow = summary.lines(() => ({ epochs: 10, data: 'mnist' }), 40);
    expect(narrow[0]).toHaveLength(40);
    expect(narrow[0].endsWith('…')).toBe(true);
  });
});
