// `nnlab summary`: print(model) and a torchinfo-style summary for a model spec,
// as a run of its own (not a numbered lab) so --json gives the same events.
import { exactParams, parseModelSpec } from '../../../engine/nn/model-spec.js';
import { parseModelParam } from '../../kit/model-param.js';
import { defineLab, choice, int, numbers, string } from '../../kit/define.js';
import { courseModel } from '../mlp/lab.js';
import { summaryEvents, summaryMetrics, torchsummaryText } from '../mlp/model-summary.js';
import { ParamError } from '../../kit/params.js';

export const summaryLab = defineLab({
  id: 'summary',
  title: { en: 'Model summary', 'zh-TW': '模型摘要 (summary)' },
  summary: { en: 'print(model) and a torchinfo summary of a model spec', 'zh-TW': 'print(model) 與 torchinfo 格式的模型摘要' },
  params: {
    model: string({ default: courseModel(784, 10), help: { en: 'layers, e.g. "Flatten, Linear(784,64), ReLU, Linear(64,10)"', 'zh-TW': '模型各層' } }),
    input: numbers({
      default: [1, 28, 28],
      min: 1,
      max: 100_000,
      minLength: 1,
      maxLength: 3,
      help: { en: 'input shape C,H,W of one sample', 'zh-TW': '單一樣本的輸入形狀 C,H,W' },
    }),
    batchSize: int({ default: 32, min: 1, max: 10_000_000, help: { en: 'batch size for the sizes', 'zh-TW': '計算大小用的批次大小' } }),
    print: choice({
      default: 'sequential',
      choices: ['sequential', 'module'],
      help: {
        en: "print(model) of an nn.Sequential, or of the course's nn.Module subclass NeuralNet(flatten, base_model)",
        'zh-TW': 'print(model) 印 nn.Sequential，或課程中的 nn.Module 子類別 NeuralNet(flatten, base_model)',
      },
    }),
    style: choice({
      default: 'torchinfo',
      choices: ['torchinfo', 'torchsummary'],
      help: {
        en: "torchinfo's summary, or also torchsummary's (the slides': [-1, …] rows, MB of 2²⁰ bytes)",
        'zh-TW': 'torchinfo 的摘要，或另加 torchsummary 的（投影片上的 [-1, …] 與以 2²⁰ 位元組計的 MB）',
      },
    }),
  },
  validate(params) {
    const input = params.input;
    if (!input.every(Number.isInteger) || input.length === 2)
      throw new ParamError(`--input must be C,H,W (or one number of features), whole numbers (got ${input.join(',')})`);
    parseModelParam(params.model);
  },
  // The sizes are computed before the start event: a model that does not fit its input is an input error.
  async prepare(params) {
    // One number is a number of features, as torch's input_size=(batch, 784): Linear(784, 10) takes it without Flatten.
    const shape = params.input;
    const layers = parseModelSpec(params.model);
    // Past 2⁵³ the sums (and the JSON numbers scripts read) are no longer exact: refused, with the exact count.
    const total = exactParams(layers);
    if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ParamError(
        `--model has ${total.toLocaleString('en-US')} parameters, more than 2⁵³ − 1 (${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}), the largest count nnlab reports exactly: give a smaller model`,
      );
    }
    const torchsummary = params.style === 'torchsummary' ? torchsummaryText(layers, shape) : undefined;
    return { ...summaryEvents(layers, shape, params.batchSize, params.print), torchsummary };
  },
  async *run(ctx) {
    const { events, size, torchsummary } = ctx.prepared as ReturnType<typeof summaryEvents> & { torchsummary?: string };
    yield* events;
    if (torchsummary) {
      yield {
        kind: 'text',
        text: ctx.t({
          en: "The same model as torchsummary prints it (the slides' summary(model, input_size)): the batch as -1, every layer's output counted for one sample, MB of 2²⁰ bytes.",
          'zh-TW': '同一個模型以 torchsummary 印出（投影片上的 summary(model, input_size)）：批次寫成 -1，每一層的輸出都以單一樣本計入，MB 以 2²⁰ 位元組計。',
        }),
      };
      yield { kind: 'text', style: 'formula', text: torchsummary };
    }
    yield { kind: 'result', metrics: summaryMetrics(size) };
  },
});
