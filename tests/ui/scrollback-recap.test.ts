import { describe, expect, it } from 'vitest';
import { collect, startEvent } from '../helpers.js';
import { getLab } from '../../src/labs/registry.js';

const descentLab = getLab('descent'); // numbered by the registry
import { defaults } from '../../src/labs/kit/params.js';
import { scrollbackRecap } from '../../src/ui/session/scrollback-recap.js';

const START = startEvent({ lab: 'descent', number: 3, title: 'T' });

describe('the recap left in the scrollback after the app', () => {
  it('one block per run: lab, the parameters that differ from the defaults, how it ended, its result', async () => {
    const summary = scrollbackRecap();
    for (const event of await collect(descentLab, { params: { lr: 0.5, steps: 3 } })) summary.record(event);
    const lines = summary.lines(() => defaults(descentLab.params), 200);
    // The command alone on its line (the whole line pastes), how it went below it, then its result.
    expect(lines[0]).toBe('nnlab run descent --lr 0.5 --steps 3');
    expect(lines[1]).toMatch(/^ {4}cpu · seed 42 · done in \d+ms$/);
    expect(lines[2]).toMatch(/^ {2}\w+ [-\d.e]+( · \w+ [-\d.e]+)*$/);
    expect(lines).toHaveLength(3);
  });

  it('a run cut short says so; nothing ran, nothing printed; lines fit the width', () => {
    const summary = scrollbackRecap();
    expect(summary.lines(() => undefined, 80)).toEqual([]);
    summary.record(startEvent({ lab: 'mlp', number: 6, title: 'Train', params: { epochs: 50, data: 'mnist' }, seed: 1 }));
    summary.record({ kind: 'end', status: 'interrupted', elapsedMs: 2500 });
    expect(summary.lines(() => ({ epochs: 10, data: 'mnist' }), 80)).toEqual([
      'nnlab run mlp --epochs 50 --seed 1',
      '    wasm · seed 1 · interrupted after 2.5s',
    ]);
    // Narrow: wrapped between items, never cut (the scrollback keeps every value).
    expect(summary.lines(() => ({ epochs: 10, data: 'mnist' }), 30)).toEqual([
      'nnlab run mlp --epochs 50 --seed 1',
      '    wasm · seed 1',
      '    interrupted after 2.5s',
    ]);
  });

  it('values a shell would split or lose are quoted, and long results wrap whole', () => {
    const summary = scrollbackRecap();
    summary.record(startEvent({ lab: 'playground', number: 9, title: 'P', params: { hidden: [], model: 'Flatten, Linear(784,10)' }, seed: 1, backend: 'cpu' }));
    summary.record({ kind: 'result', metrics: { trainLoss: 0.1863, trainAcc: 0.9442, valLoss: 0.158, valAcc: 0.9515, samplesPerSec: 12345 } });
    summary.record({ kind: 'end', status: 'ok', elapsedMs: 1000 });
    const lines = summary.lines(() => ({ hidden: [8], model: '' }), 60);
    expect(lines[0]).toBe("nnlab run playground --hidden '' --model 'Flatten, Linear(784,10)' --seed 1");
    expect(lines.join('\n')).toContain('samplesPerSec 12345');
    // The command, longer than the width, stays whole on its line; the rest wrap within it.
    for (const line of lines.slice(1)) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines.slice(1).every((line) => line.startsWith('    ') || line.startsWith('  '))).toBe(true);
  });

  it("a run that could not start is kept with its reason, in the run's language", () => {
    const summary = scrollbackRecap();
    summary.failed({ id: 'mlp', number: 6 }, '/tmp/train.csv: row 2, column 3 ("p1"): "abc" is not a number', 'en');
    summary.failed({ id: 'mlp', number: 6 }, '/tmp/train.csv: no pixel columns', 'zh-TW');
    const lines = summary.lines(() => undefined, 80);
    expect(lines[0]).toBe('nnlab run mlp');
    expect(lines[1]).toBe('    error: /tmp/train.csv: row 2, column 3 ("p1"): "abc" is not a number');
    expect(lines.slice(2).join(' ')).toMatch(/錯誤|error/);
    expect(lines.slice(2).join(' ')).toContain('no pixel columns');
  });
  it('the command is one to paste: the CLI parses it back to the same lab, parameters and seed', async () => {
    const { parseCommandLine } = await import('../../src/cli/parse.js');
    const recap = scrollbackRecap();
    for (const event of await collect(descentLab, { params: { lr: 0.9, steps: 4 }, seed: 7 })) recap.record(event);
    const command = recap.lines(() => defaults(descentLab.params), 200)[0];
    expect(command).toBe('nnlab run descent --lr 0.9 --steps 4 --seed 7');
    const action = await parseCommandLine(command.split(' ').slice(1), {});
    expect(action).toMatchObject({ kind: 'run', lab: { id: 'descent' }, run: { params: { lr: 0.9, steps: 4 }, seed: 7 } });
  });

  it("keeps the test metrics students look for, first, and a run's live changes", () => {
    const recap = scrollbackRecap();
    recap.record({ ...START, lab: 'mlp', number: 6, params: {} });
    recap.live('--lr 0.1 → 0.8');
    const metrics = { trainLoss: 0.05, trainAcc: 0.98, valLoss: 0.1, valAcc: 0.97, samplesPerSec: 9e4, epochs: 10, secondsPerEpoch: 0.8, totalParams: 109386 };
    recap.record({ kind: 'result', metrics: { ...metrics, testLoss: 0.08, testAcc: 0.9759 } });
    recap.record({ kind: 'end', status: 'ok', elapsedMs: 9000 });
    recap.live('--lr 0.8 → 1'); // after the end: not this run's
    const lines = recap.lines(() => ({}), 100);
    expect(lines[1]).toContain('· live: --lr 0.1 → 0.8 ·');
    expect(lines.join('\n')).not.toContain('0.8 → 1');
    expect(lines[2]).toMatch(/^ {2}testLoss 0\.08 · testAcc 0\.9759 · trainLoss/);
  });
});
