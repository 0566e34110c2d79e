// With --lang zh-TW every label a lab shows (headings, table titles and column
// headers, chart titles and series, warnings, progress) is Chinese: these tests
// fail when an English label comes back. Symbols and technical tokens the course
// writes in English are allowed (ALLOWED), formulas are not checked.
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/labs/kit/events.js';
import { labs } from '../../src/labs/registry.js';
import { descentLab } from '../../src/labs/course/descent/lab.js';
import { errorsLab } from '../../src/labs/course/errors/lab.js';
import { lossesLab } from '../../src/labs/course/losses/lab.js';
import { collect, SMALL_RUNS } from '../helpers.js';

/** Words that stay as the course writes them: function and loss names, backends, torchinfo's own columns. */
const ALLOWED = [
  'Layer (type:depth-idx)',
  'Output Shape',
  'Param #',
  'summary(model, input_size',
  'leaky-relu',
  'sigmoid',
  'tanh',
  'relu',
  'elu',
  'maxout',
  'Leaky',
  'ReLU',
  'ELU',
  'Maxout',
  'Sigmoid',
  'tf.grads',
  'SGD',
  'MSE',
  'MAE',
  'BCE',
  'GFLOP',
  'wasm',
  'cpu',
  'webgpu',
  'tensorflow',
  'max',
  'out×in',
  'logit',
];
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** A label with an English word (three letters or more) in it and no Chinese. */
function english(label: string): boolean {
  if (CJK.test(label)) return false;
  const rest = ALLOWED.reduce((text, token) => text.split(token).join(' '), label);
  return /[A-Za-z]{3,}/.test(rest);
}

function labels(events: LabEvent[]): string[] {
  return events.flatMap((e): string[] => {
    switch (e.kind) {
      case 'text':
        return e.style === 'heading' ? [e.text] : [];
      case 'table':
        return [...(e.title ? [e.title] : []), ...e.columns.filter((c) => c !== '')];
      case 'series':
      case 'point':
        return [e.title, e.name];
      case 'warning':
        return [e.message];
      case 'progress':
        return [e.label];
      case 'matrix':
      case 'image':
        return [e.title];
      default:
        return [];
    }
  });
}

const englishIn = (events: LabEvent[]) => [...new Set(labels(events).filter(english))];

describe('zh-TW labels', () => {
  for (const lab of labs) {
    it(`lab ${lab.number} ${lab.id}: no English label`, async () => {
      const events = await collect(lab, { lang: 'zh-TW', backend: lab.id === 'mlp' || lab.id === 'gpu' ? 'wasm' : 'cpu', params: SMALL_RUNS[lab.id] ?? {} });
      expect(labels(events).length).toBeGreaterThan(0);
      expect(englishIn(events)).toEqual([]);
    }, 120_000);
  }

  it('warnings: divergence, a bad prediction, logits, the out-of-memory table and a shape error without Flatten', async () => {
    const runs = await Promise.all([
      collect(descentLab, { lang: 'zh-TW', params: { lr: 2, steps: 5 } }),
      collect(descentLab, { lang: 'zh-TW', params: { compare: true, steps: 5 } }),
      collect(lossesLab, { lang: 'zh-TW', params: { pred: [0.5, 0.9, 0.3] } }),
      collect(lossesLab, { lang: 'zh-TW', params: { logits: [1, 2, 0.5] } }),
      collect(errorsLab, { lang: 'zh-TW', params: { model: 'Linear(784,10)' } }),
    ]);
    const warnings = runs.flatMap((events) => events.filter((e) => e.kind === 'warning'));
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    for (const events of runs) expect(englishIn(events)).toEqual([]);
    const memory = runs[4].find((e) => e.kind === 'table' && e.id === 'memory');
    expect(memory && memory.kind === 'table' ? memory.rows.map((r) => String(r[0])).filter(english) : ['no table']).toEqual([]);
  }, 60_000);

  it('English stays English', async () => {
    const events = await collect(errorsLab, { lang: 'en' });
    const memory = events.find((e) => e.kind === 'table' && e.id === 'memory');
    expect(memory && memory.kind === 'table' ? memory.rows.map((r) => r[0]) : []).toContain('input batch');
    expect(events.some((e) => e.kind === 'warning' && e.message.startsWith('refused: this needs about'))).toBe(true);
    expect(events.some((e) => e.kind === 'warning' && e.message.startsWith('nnlab: layer (5) Linear(128, 10) expects 128 input features'))).toBe(true);
  });
});

describe('zh-TW parameter texts and CLI help', () => {
  it('allowedValues and ParamError word the panel in Chinese; the stderr message stays English', async () => {
    const { allowedValues, parseParam, ParamError } = await import('../../src/labs/kit/params.js');
    const lr = descentLab.params.find((p) => p.name === 'lr')!;
    expect(allowedValues(lr, 'zh-TW')).toBe('1e-6 到 10 的數');
    expect(allowedValues(lr)).toBe('a number from 1e-6 to 10');
    try {
      parseParam(lr, '11');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ParamError);
      const e = err as InstanceType<typeof ParamError>;
      expect(e.message).toBe('--lr must be a number from 1e-6 to 10 (got "11")');
      expect(e.localized['zh-TW']).toBe('--lr 必須是 1e-6 到 10 的數（收到 "11"）');
    }
  });

  it('nnlab --help and run --help follow --lang and LANG', async () => {
    const { parseCommandLine } = await import('../../src/cli/parse.js');
    const help = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const action = await parseCommandLine(argv, env);
      return action.kind === 'print' ? action.stdout : '';
    };
    const zh = await help(['--help', '--lang', 'zh-TW']);
    expect(zh).toContain('隨機種子 (seed)');
    expect(zh).toContain('顯示命令的說明');
    const run = await help(['run', 'descent', '--help'], { LANG: 'zh_TW.UTF-8' });
    expect(run).toContain('學習率 (learning rate) η — 1e-6 到 10 的數（預設 0.1）');
    expect(run).toContain('文字模式：只印出結果 (result)');
    // Option descriptions: no English sentence left (commander's headings aside).
    const descriptions = run
      .split('\n')
      .filter((l) => /^\s+--/.test(l))
      .map((l) => l.replace(/^\s+--\S+( <\w+>| \[true\|false\])?\s*/, ''));
    expect(descriptions.filter((d) => d !== '' && english(d))).toEqual([]);
    const en = await help(['--help'], {});
    expect(en).toContain('random seed, an integer ≥ 0 (default 42)');
  });
});

describe('the device a lab names in its Chinese text', () => {
  it('is in Chinese too (lab 8 on cpu)', async () => {
    const texts = (await collect(errorsLab, { lang: 'zh-TW' })).flatMap((e) => (e.kind === 'text' ? [e.text] : []));
    const line = texts.find((text) => text.startsWith('nnlab 所有運算都在同一個後端'));
    expect(line).toContain('（cpu，CPU (純 JavaScript，最慢)）');
    expect(line).not.toContain('plain JavaScript');
  });
});
