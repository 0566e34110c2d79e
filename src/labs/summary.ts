// `nnlab summary`: print(model) and a torchinfo-style summary for a model spec,
// as a run of its own (not a numbered lab) so --json gives the same events.
import { parseModelSpec } from '../engine/model-spec.js';
import { parseModelParam } from './model-param.js';
import type { Lab } from './lab.js';
import { courseModel } from './mlp.js';
import { summaryEvents, summaryMetrics } from './model-summary.js';
import { ParamError } from './params.js';

export const summaryLab: Lab = {
  id: 'summary',
  number: 0,
  title: { en: 'Model summary', 'zh-TW': '模型摘要 (summary)' },
  summary: { en: 'print(model) and a torchinfo summary of a model spec', 'zh-TW': 'print(model) 與 torchinfo 格式的模型摘要' },
  params: [
    { name: 'model', type: 'string', default: courseModel(784, 10), help: { en: 'layers, e.g. "Flatten, Linear(784,64), ReLU, Linear(64,10)"', 'zh-TW': '模型各層' } },
    { name: 'input', type: 'numbers', default: [1, 28, 28], min: 1, max: 100_000, minLength: 1, maxLength: 3, help: { en: 'input shape C,H,W of one sample', 'zh-TW': '單一樣本的輸入形狀 C,H,W' } },
    { name: 'batch-size', type: 'int', default: 32, min: 1, max: 10_000_000, help: { en: 'batch size for the sizes', 'zh-TW': '計算大小用的批次大小' } },
  ],
  validate(params) {
    const input = params.input as number[];
    if (!input.every(Number.isInteger) || input.length === 2) throw new ParamError(`--input must be C,H,W (or one number of features), whole numbers (got ${input.join(',')})`);
    parseModelParam(params.model as string);
  },
  // The sizes are computed before the start event: a model that does not fit its input is a usage error.
  async prepare(params) {
    // One number is a number of features, as torch's input_size=(batch, 784): Linear(784, 10) takes it without Flatten.
    const shape = params.input as number[];
    return summaryEvents(parseModelSpec(params.model as string), shape, params['batch-size'] as number);
  },
  async *run(ctx) {
    const { events, size } = ctx.prepared as ReturnType<typeof summaryEvents>;
    yield* events;
    yield { kind: 'result', metrics: summaryMetrics(size) };
  },
};
