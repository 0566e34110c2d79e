// Lab 6's closing report: the test set (confusion matrix, per-class accuracy,
// test images with their predictions) and the weights and gradients per layer.
import { rowsOf, type Dataset, type Split } from '../../../engine/data/dataset.js';
import { BatchMaker } from '../../../engine/nn/batches.js';
import { confusionMatrix, evaluate } from '../../../engine/nn/evaluate.js';
import { layerStats } from '../../../engine/nn/layer-stats.js';
import type { Mlp } from '../../../engine/nn/model.js';
import type { LabBodyEvent } from '../../kit/lab.js';
import type { MlpContext } from './context.js';

export async function* testReport(ctx: MlpContext, model: Mlp, dataset: Dataset, result: Record<string, number>): AsyncGenerator<LabBodyEvent> {
  const { t, params } = ctx;
  const classes = dataset.classNames.length;
  const evaluation = await evaluate(model, dataset.test!, classes);
  result.testLoss = evaluation.loss;
  result.testAcc = evaluation.acc;
  const labels = dataset.test!.y;
  const counts = confusionMatrix(labels, evaluation.predictions, classes);
  yield {
    kind: 'text',
    style: 'heading',
    text: t({ en: `Test set: accuracy ${(evaluation.acc * 100).toFixed(2)} %`, 'zh-TW': `測試集：正確率 ${(evaluation.acc * 100).toFixed(2)} %` }),
  };
  yield {
    kind: 'matrix',
    id: 'confusion',
    title: t({ en: 'Confusion matrix (rows: true class, columns: predicted)', 'zh-TW': '混淆矩陣（列：真實類別，欄：預測類別）' }),
    labels: dataset.classNames,
    counts,
  };
  yield {
    kind: 'table',
    id: 'per-class',
    title: t({ en: 'Per-class accuracy', 'zh-TW': '各類別正確率' }),
    columns: [
      t({ en: 'class', 'zh-TW': '類別 (class)' }),
      t({ en: 'images', 'zh-TW': '影像數' }),
      t({ en: 'correct', 'zh-TW': '答對' }),
      t({ en: 'accuracy', 'zh-TW': '正確率 (accuracy)' }),
    ],
    rows: counts.map((row, i) => {
      const total = row.reduce((a, b) => a + b, 0);
      return [dataset.classNames[i], total, row[i], total > 0 ? row[i] / total : null];
    }),
  };
  const shown = Math.min(params.images, dataset.test!.n);
  if (shown > 0) {
    const images = Array.from({ length: shown }, (_, i) => {
      const pred = dataset.classNames[evaluation.predictions[i]];
      const truth = dataset.classNames[labels[i]];
      const caption =
        pred === truth ? t({ en: `${pred} ok`, 'zh-TW': `${pred} 對` }) : t({ en: `${pred} (true ${truth})`, 'zh-TW': `${pred}（實為 ${truth}）` });
      return { pixels: Array.from(rowsOf(dataset.test!, i, 1)), caption };
    });
    yield {
      kind: 'image',
      id: 'test-images',
      title: t({ en: 'Test images with the predicted class:', 'zh-TW': '測試影像與預測類別：' }),
      shape: dataset.inputShape,
      images,
    };
  }
}

export async function* statsTable(ctx: MlpContext, model: Mlp, split: Split, classes: number, width: number): AsyncGenerator<LabBodyEvent> {
  const n = Math.min(256, split.n);
  const stats = await new BatchMaker(split, width, n).use(
    Array.from({ length: n }, (_, i) => i),
    (x, y) => layerStats(model, x, y, classes),
  );
  yield {
    kind: 'table',
    id: 'layers',
    title: ctx.t({
      en: `Weights and gradients per Linear layer (gradient on ${n} training images)`,
      'zh-TW': `每個 Linear 層的權重與梯度（梯度取自 ${n} 張訓練影像）`,
    }),
    columns: [
      ctx.t({ en: 'layer', 'zh-TW': '層 (layer)' }),
      'out×in',
      ctx.t({ en: 'W mean', 'zh-TW': 'W 平均' }),
      ctx.t({ en: 'W std', 'zh-TW': 'W 標準差' }),
      'max |W|',
      '‖∂L/∂W‖',
      ctx.t({ en: 'mean |∂L/∂W|', 'zh-TW': '平均 |∂L/∂W|' }),
    ],
    rows: stats.map((s) => [`(${s.layer})`, `${s.shape[1]}×${s.shape[0]}`, s.weightMean, s.weightStd, s.weightMaxAbs, s.gradNorm, s.gradMeanAbs]),
  };
}

/** The trainer's method (engine text, English) in Chinese, keeping the engine's detail; unknown methods stay as they are. */
export function methodZh(method: string): string {
  const cpuStep = "nnlab's CPU step: ";
  if (method.startsWith(cpuStep)) {
    const detail = method
      .slice(cpuStep.length)
      .replace('fused multiply-add', '融合乘加')
      .replace(/, (\d+) threads?$/, '，$1 個執行緒');
    return `nnlab 自己的 CPU 訓練步驟 (CPU step)：${detail}`;
  }
  if (method.startsWith('hand-written gradients')) return '手寫的梯度 (hand-written gradients)，損失在 JavaScript 中計算';
  const autodiff = 'TensorFlow.js ops with autodiff';
  if (method.startsWith(autodiff)) return `TensorFlow.js 運算加自動微分 (autodiff)${method.slice(autodiff.length)}`;
  return method;
}
