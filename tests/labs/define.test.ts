import { describe, expect, expectTypeOf, it } from 'vitest';
import { choice, defineLab, flagName, int, number, numbers, type ParamsOf } from '../../src/labs/kit/define.js';
import type { LabContext } from '../../src/labs/kit/lab.js';
import { labs } from '../../src/labs/registry.js';
import { collect, only } from '../helpers.js';

const PARAMS = {
  lr: number({ default: 0.1, min: 0, max: 1, help: { en: 'η', 'zh-TW': 'η' }, live: true }),
  batchSize: int({ default: 8, min: 1, max: 64, help: { en: 'batch', 'zh-TW': '批次' } }),
  optimizer: choice({ default: 'sgd', choices: ['sgd', 'adam'], help: { en: 'optimizer', 'zh-TW': '最佳化器' } }),
  hidden: numbers({ default: [4], min: 1, max: 8, minLength: 0, maxLength: 3, help: { en: 'layers', 'zh-TW': '層' } }),
};

describe('defineLab', () => {
  it('types each value from its declaration', () => {
    expectTypeOf<ParamsOf<typeof PARAMS>>().toEqualTypeOf<{
      readonly lr: number;
      readonly batchSize: number;
      readonly optimizer: 'sgd' | 'adam';
      readonly hidden: number[];
    }>();
  });

  it('names each flag after its parameter, camelCase to kebab-case', () => {
    expect(['lr', 'batchSize', 'regRate', 'testLimit'].map(flagName)).toEqual(['lr', 'batch-size', 'reg-rate', 'test-limit']);
    const lab = defineLab({ id: 'x', title: { en: 'X', 'zh-TW': 'X' }, summary: { en: '', 'zh-TW': '' }, params: PARAMS, async *run() {} });
    expect(lab.params.map((p) => [p.name, p.type])).toEqual([
      ['lr', 'number'],
      ['batch-size', 'int'],
      ['optimizer', 'choice'],
      ['hidden', 'numbers'],
    ]);
    expect(lab.number).toBe(0);
  });

  it('gives run, validate and prepare the values by declared name, live changes included', async () => {
    const seen: string[] = [];
    const lab = defineLab({
      id: 'x',
      title: { en: 'X', 'zh-TW': 'X' },
      summary: { en: '', 'zh-TW': '' },
      params: PARAMS,
      validate: (p) => void seen.push(`validate ${p.batchSize}`),
      prepare: async (p) => `prepared for ${p.optimizer}`,
      async *run(ctx) {
        seen.push(`run ${ctx.params.batchSize} ${ctx.params.lr} ${ctx.prepared}`);
        yield { kind: 'result', metrics: { batchSize: ctx.params.batchSize, hidden: ctx.params.hidden.length } };
      },
    });
    const events = await collect(lab, { params: { 'batch-size': 16, optimizer: 'adam' } });
    expect(seen).toEqual(['validate 16', 'run 16 0.1 prepared for adam']);
    expect(only(events, 'result')[0].metrics).toEqual({ batchSize: 16, hidden: 1 });
    // The runner changes a live value in the flag-keyed values: the view reads through.
    const values: Record<string, unknown> = { lr: 0.1, 'batch-size': 8, optimizer: 'sgd', hidden: [4] };
    let view: { lr: number } | undefined;
    const watcher = defineLab({
      id: 'y',
      title: { en: 'Y', 'zh-TW': 'Y' },
      summary: { en: '', 'zh-TW': '' },
      params: PARAMS,
      async *run(ctx) {
        view = ctx.params;
        yield { kind: 'text', text: 'watching' };
      },
    });
    for await (const _ of watcher.run({ params: values } as unknown as LabContext)) void _;
    values.lr = 0.5;
    expect(view!.lr).toBe(0.5);
  });
});

describe('the registry', () => {
  it('numbers the course by its order: a lab is one file and one line', () => {
    expect(labs.map((lab) => `${lab.number} ${lab.id}`)).toEqual([
      '1 sigmoid',
      '2 losses',
      '3 descent',
      '4 batches',
      '5 backprop',
      '6 mlp',
      '7 gpu',
      '8 errors',
      '9 playground',
    ]);
  });
});
