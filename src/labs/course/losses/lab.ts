// Lab 2: loss functions — the error between prediction and truth.
import {
  bce,
  bceFromLogits,
  crossEntropy,
  crossEntropyFromLogits,
  LOG_FLOOR,
  lossCurves,
  mae,
  mse,
  oneHot,
  sigmoid,
  softmax,
  type LossBreakdown,
} from '../../../engine/maths/losses.js';
import { linspace } from '../../../engine/maths/activations.js';
import type { Cell } from '../../kit/events.js';
import type { LabBodyEvent, LabContext } from '../../kit/lab.js';
import { defineLab, type ParamsOf } from '../../kit/define.js';
import type { Localized } from '../../kit/i18n.js';
import { ParamError } from '../../kit/params.js';

import { LOSSES, LOSS_PARAMS, unusable } from './params.js';
/** Binary classification, the course's tumour diagnosis: predicted probability of a tumour, and the answer. */
const BINARY_EXAMPLE = { pred: [0.8, 0.3, 0.9], target: [1, 0, 1] };
/** nn.BCELoss's floor of ln, with a real minus sign. */
const FLOOR = `−${-LOG_FLOOR}`;
type LossName = (typeof LOSSES)[number];

const FORMULAS: Record<LossName, Localized> = {
  mse: { en: 'MSE = Σ (y − ŷ)² / N', 'zh-TW': 'MSE = Σ (y − ŷ)² / N' },
  mae: { en: 'MAE = Σ |y − ŷ| / N', 'zh-TW': 'MAE = Σ |y − ŷ| / N' },
  bce: {
    en: `BCE = −(1/N) Σ [ŷ ln y + (1 − ŷ) ln(1 − y)]   (ln clamped at ${FLOOR}, as nn.BCELoss does)`,
    'zh-TW': `BCE = −(1/N) Σ [ŷ ln y + (1 − ŷ) ln(1 − y)]   （ln 截在 ${FLOOR}，和 nn.BCELoss 一樣）`,
  },
  ce: { en: 'CE = −(1/N) Σ ŷ · ln y   (N = batch size = 1 here)', 'zh-TW': 'CE = −(1/N) Σ ŷ · ln y   （這裡 N = 批次大小 = 1）' },
};
const PYTORCH: Record<LossName, string> = {
  mse: 'nn.MSELoss',
  mae: 'nn.L1Loss',
  bce: 'nn.BCELoss',
  ce: 'nn.NLLLoss on log(y); nn.CrossEntropyLoss takes the logits (--logits)',
};

/** The inputs as the lab reads them: predictions (pred, or softmax of logits) and one answer per prediction. */
interface LossInputs {
  logits?: number[];
  /** The answer per prediction: one-hot when a class index was given. */
  target: number[];
  /** The class index, when the answer was given as one. */
  classIndex?: number;
  classes: number;
}

function parseTarget(raw: string, classes: number): Pick<LossInputs, 'target' | 'classIndex'> {
  const parts = raw.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  const bad = parts.findIndex((s, i) => s === '' || !Number.isFinite(values[i]));
  if (bad >= 0)
    throw new ParamError(`--target value ${JSON.stringify(parts[bad])} is not a number (give a class index like 2, or one answer per prediction like 0,0,1)`, {
      en: `--target value ${JSON.stringify(parts[bad])} is not a number (give a class index like 2, or one answer per prediction like 0,0,1)`,
      'zh-TW': `--target 的值 ${JSON.stringify(parts[bad])} 不是數（請給類別編號如 2，或每個預測一個答案如 0,0,1）`,
    });
  // One score and answer 0: class 0 of 1 for CE (nn.CrossEntropyLoss gives 0), the answer 0 for the others.
  if (classes === 1 && values.length === 1 && values[0] === 0) return { target: [0], classIndex: 0 };
  if (values.length === 1 && classes > 1) {
    const [index] = values;
    if (!Number.isInteger(index) || index < 0 || index >= classes) {
      throw new ParamError(`--target ${raw} is not a class index: with ${classes} predictions the classes are 0–${classes - 1}`, {
        en: `--target ${raw} is not a class index: with ${classes} predictions the classes are 0–${classes - 1}`,
        'zh-TW': `--target ${raw} 不是類別編號：${classes} 個預測的類別是 0–${classes - 1}`,
      });
    }
    return { target: oneHot(index, classes), classIndex: index };
  }
  if (values.length !== classes) {
    throw new ParamError(`--target has ${values.length} values but there are ${classes} predictions: give one answer per prediction, or a single class index`);
  }
  const ones = values.filter((v) => v === 1).length;
  const isOneHot = ones === 1 && values.every((v) => v === 0 || v === 1);
  return { target: values, classIndex: isOneHot ? values.indexOf(1) : undefined };
}

function readInputs(params: ParamsOf<typeof LOSS_PARAMS>): LossInputs {
  const logits = params.logits;
  const pred = params.pred;
  const classes = logits.length > 0 ? logits.length : pred.length;
  return { logits: logits.length > 0 ? logits : undefined, classes, ...parseTarget(params.target, classes) };
}

const round = (x: number) => Number(x.toFixed(6));

async function compute(loss: LossName, probs: number[], target: number[], logits?: number[]): Promise<LossBreakdown> {
  switch (loss) {
    case 'mse':
      return mse(probs, target);
    case 'mae':
      return mae(probs, target);
    case 'bce':
      // From scores, as nn.BCEWithLogitsLoss: a sigmoid on each score, never ln of a rounded probability.
      return logits ? bceFromLogits(logits, target) : bce(probs, target);
    case 'ce':
      // From scores, as nn.CrossEntropyLoss: log-softmax, never ln of a rounded probability.
      return logits ? crossEntropyFromLogits(logits, target) : crossEntropy(probs, target);
  }
}

/** A loss value for a table or formula: ∞ spelled out (JSON has no Infinity). */
const shown = (value: number): Cell => (Number.isFinite(value) ? value : '∞');

function lossTable(loss: LossName, probs: number[], target: number[], result: LossBreakdown, t: LabContext['t'], fromLogits: boolean): LabBodyEvent {
  const clampNote = t({ en: `ln clamped at ${FLOOR}`, 'zh-TW': `ln 截在 ${FLOOR}` });
  const anyClamped = result.clamped?.some(Boolean) ?? false;
  const rows: Cell[][] = probs.map((y, i) => [i, y, target[i], shown(result.terms[i]), ...(anyClamped ? [result.clamped![i] ? clampNote : ''] : [])]);
  const total =
    loss === 'ce' ? t({ en: 'sum / N (N = 1)', 'zh-TW': '總和 / N (N = 1)' }) : t({ en: `mean (N = ${probs.length})`, 'zh-TW': `平均 (N = ${probs.length})` });
  rows.push([total, null, null, shown(result.value), ...(anyClamped ? [''] : [])]);
  const pytorch = !fromLogits
    ? PYTORCH[loss]
    : loss === 'ce'
      ? 'nn.CrossEntropyLoss(logits) = −Σ ŷ · log_softmax(z)'
      : loss === 'bce'
        ? 'nn.BCEWithLogitsLoss(logits) = mean of max(z, 0) − z·ŷ + ln(1 + e^(−|z|))'
        : PYTORCH[loss];
  return {
    kind: 'table',
    id: `loss-${loss}`,
    title: `${loss.toUpperCase()} ${t({ en: 'term by term', 'zh-TW': '逐項' })} · PyTorch: ${pytorch}`,
    columns: [
      'i',
      t({ en: 'y (pred)', 'zh-TW': 'y（預測）' }),
      t({ en: 'ŷ (answer)', 'zh-TW': 'ŷ（答案）' }),
      t({ en: 'term', 'zh-TW': '該項' }),
      ...(anyClamped ? [t({ en: 'note', 'zh-TW': '備註' })] : []),
    ],
    rows,
  };
}

export const lossesLab = defineLab({
  id: 'losses',
  title: { en: 'Loss functions', 'zh-TW': '損失函數 (Loss functions)' },
  summary: {
    en: 'MSE, MAE, BCE, softmax and cross entropy on your own predictions',
    'zh-TW': 'MSE、MAE、BCE、softmax 與交叉熵 (cross entropy)：預測與答案的誤差',
  },
  params: LOSS_PARAMS,
  validate(params) {
    const inputs = readInputs(params);
    const loss = params.loss;
    if (loss !== 'all' && !inputs.logits) {
      const why = unusable(loss, params.pred, inputs, false);
      if (why) throw new ParamError(why.en);
    }
  },
  async *run(ctx) {
    const { t, params } = ctx;
    const inputs = readInputs(params);
    const chosen: readonly LossName[] = params.loss === 'all' ? LOSSES : [params.loss];

    yield {
      kind: 'text',
      style: 'heading',
      text: t({ en: 'Loss functions: the error between prediction and truth', 'zh-TW': '損失函數：預測與真實答案之間的誤差' }),
    };
    yield {
      kind: 'text',
      text: t({
        en: 'Notation of the course: y = prediction, ŷ = answer (ground truth), N = number of samples. Regression uses MSE or MAE; binary classification BCE; multi-class classification softmax + cross entropy.',
        'zh-TW':
          '課程記號：y = 預測值、ŷ = 答案 (ground truth)、N = 樣本數。回歸 (regression) 用 MSE 或 MAE；二元分類用 BCE；多元分類用 softmax + 交叉熵 (cross entropy)。',
      }),
    };

    let probs = params.pred;
    // BCE takes each score on its own through a sigmoid (nn.BCEWithLogitsLoss); the others a softmax across them.
    // BCE is the loss of yes/no answers: on a multi-class example it gets one of its own.
    const binaryExample = params.loss === 'all' && inputs.classIndex !== undefined && inputs.classes > 2;
    const sigmoids = inputs.logits && chosen.includes('bce') && !binaryExample ? await sigmoid(inputs.logits) : undefined;
    if (inputs.logits && sigmoids) {
      yield { kind: 'text', style: 'formula', text: 'σ(z) = 1 / (1 + e^(−z))' };
      yield {
        kind: 'table',
        id: 'sigmoid',
        title: t({
          en: 'For BCE a sigmoid turns each score (logit) into a probability on its own',
          'zh-TW': 'BCE 用 sigmoid 把每個分數 (logit) 各自轉成機率',
        }),
        columns: ['i', t({ en: 'logit z', 'zh-TW': '分數 (logit) z' }), t({ en: 'probability σ(z)', 'zh-TW': '機率 (probability) σ(z)' })],
        rows: inputs.logits.map((z, i) => [i, z, sigmoids[i]]),
      };
    }
    if (inputs.logits && chosen.some((loss) => loss !== 'bce')) {
      probs = await softmax(inputs.logits);
      yield { kind: 'text', style: 'formula', text: 'softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)' };
      yield {
        kind: 'table',
        id: 'softmax',
        title: t({ en: 'Softmax turns scores (logits) into probabilities', 'zh-TW': 'Softmax 把分數 (logits) 轉成機率' }),
        columns: [
          t({ en: 'class', 'zh-TW': '類別 (class)' }),
          t({ en: 'logit z', 'zh-TW': '分數 (logit) z' }),
          t({ en: 'probability', 'zh-TW': '機率 (probability)' }),
        ],
        rows: inputs.logits.map((z, i) => [i, z, probs[i]]),
      };
    }
    if (sigmoids && chosen.every((loss) => loss === 'bce')) probs = sigmoids;
    const sum = probs.reduce((a, b) => a + b, 0);
    if (chosen.includes('ce') && Math.abs(sum - 1) > 1e-3 && probs.length > 1) {
      yield {
        kind: 'warning',
        message: t({
          en: `the predictions sum to ${round(sum)}, not 1: cross entropy expects probabilities (give raw scores with --logits to apply softmax)`,
          'zh-TW': `預測值加總為 ${round(sum)}，不是 1：交叉熵需要機率（原始分數請用 --logits 給，會先做 softmax）`,
        }),
      };
    }

    const metrics: Record<string, number> = {};
    for (const loss of chosen) {
      const why = unusable(loss, probs, inputs, Boolean(inputs.logits));
      if (why) {
        yield { kind: 'warning', message: t({ en: `${loss.toUpperCase()} skipped: ${t(why)}`, 'zh-TW': `略過 ${loss.toUpperCase()}：${t(why)}` }) };
        continue;
      }
      const binary = loss === 'bce' && binaryExample;
      const [y, yHat] = binary ? [BINARY_EXAMPLE.pred, BINARY_EXAMPLE.target] : [loss === 'bce' && sigmoids ? sigmoids : probs, inputs.target];
      if (binary) {
        yield {
          kind: 'text',
          text: t({
            en: `BCE is the loss of binary classification — one yes/no answer per sample — not of the ${inputs.classes}-class example above. Its own example: tumour diagnosis for ${y.length} patients, y = the predicted probability of a tumour, ŷ = 1 where there is one.`,
            'zh-TW': `BCE 是二元分類的損失 — 每個樣本一個是/否的答案 — 不是上面 ${inputs.classes} 類範例的損失。它自己的範例：${y.length} 位病人的腫瘤診斷，y = 預測有腫瘤的機率，ŷ = 1 表示有腫瘤。`,
          }),
        };
      }
      // CE's answer is the class (one-hot) when one was given; with one class, target 0 means class 0.
      const answer = loss === 'ce' && inputs.classIndex !== undefined ? oneHot(inputs.classIndex, inputs.classes) : yHat;
      const result = await compute(loss, y, answer, binary ? undefined : inputs.logits);
      yield { kind: 'text', style: 'formula', text: `${t(FORMULAS[loss])}  =  ${Number.isFinite(result.value) ? round(result.value) : '∞'}` };
      yield lossTable(loss, y, answer, result, t, !binary && Boolean(inputs.logits));
      if (Number.isFinite(result.value)) metrics[loss] = result.value;
      else {
        yield {
          kind: 'warning',
          message: t({
            en: `${loss.toUpperCase()} = ∞: the true class has probability 0 and ln 0 = −∞, as nll_loss(log p) gives inf (nn.BCELoss clamps ln at ${FLOOR}; nn.CrossEntropyLoss on --logits never reaches it); no ${loss} metric`,
            'zh-TW': `${loss.toUpperCase()} = ∞：正確類別的機率為 0，ln 0 = −∞，和 nll_loss(log p) 得到 inf 一樣（nn.BCELoss 把 ln 截在 ${FLOOR}；nn.CrossEntropyLoss 用 --logits 時不會碰到）；沒有 ${loss} 指標`,
          }),
        };
      }
      if (result.clamped?.some(Boolean)) {
        yield {
          kind: 'text',
          text: t({
            en: `A prediction of exactly 0 or 1 makes ln 0 = −∞; nn.BCELoss clamps each ln at ${FLOOR}, so such a term costs ${-LOG_FLOOR} (marked in the table).`,
            'zh-TW': `預測恰為 0 或 1 會得到 ln 0 = −∞；nn.BCELoss 把每個 ln 截在 ${FLOOR}，所以這樣的項是 ${-LOG_FLOOR}（表中已標示）。`,
          }),
        };
      }
    }

    if (inputs.classIndex !== undefined && 'ce' in metrics && probs.length > 1) {
      const k = probs.length;
      const confident = probs.map((_, i) => (i === inputs.classIndex ? 0.9 : round(0.1 / (k - 1))));
      const wrong = probs.map((_, i) => (i === (inputs.classIndex! + 1) % k ? 0.9 : round(0.1 / (k - 1))));
      const [confidentCe, wrongCe] = await Promise.all([crossEntropy(confident, inputs.target), crossEntropy(wrong, inputs.target)]);
      yield {
        kind: 'text',
        text: t({
          en: `Cross entropy only looks at the probability given to the true class (${inputs.classIndex}): −ln y. A confident, correct prediction costs little; a confident, wrong one costs a lot.`,
          'zh-TW': `交叉熵只看正確類別 (${inputs.classIndex}) 得到的機率：−ln y。有信心且正確的預測損失很小；有信心卻錯誤的預測損失很大。`,
        }),
      };
      yield {
        kind: 'table',
        id: 'ce-compare',
        title: t({ en: 'The same answer, three predictions', 'zh-TW': '同一個答案，三種預測' }),
        columns: [t({ en: 'prediction', 'zh-TW': '預測' }), 'y', 'CE'],
        rows: [
          [t({ en: 'yours', 'zh-TW': '你的' }), probs.map(round).join(', '), metrics.ce],
          [t({ en: 'confident, correct', 'zh-TW': '有信心且正確' }), confident.join(', '), confidentCe.value],
          [t({ en: 'confident, wrong', 'zh-TW': '有信心但錯誤' }), wrong.join(', '), wrongCe.value],
        ],
      };
    }

    const ps = linspace(0.01, 0.99, 99);
    const curves = await lossCurves(ps);
    const chartTitle = t({ en: 'Loss vs predicted probability p of the true class (answer ŷ = 1)', 'zh-TW': '損失 vs 正確類別的預測機率 p（答案 ŷ = 1）' });
    // For one true class BCE and CE are the same curve, −ln p: draw it once.
    const curveNames: Record<LossName, string> = {
      mse: 'MSE = (1 − p)²',
      mae: 'MAE = 1 − p',
      bce: chosen.includes('ce') ? 'BCE = CE = −ln p' : 'BCE = −ln p',
      ce: 'CE = −ln p',
    };
    // One chart each: on −ln p's scale (0 to 4.6) MSE and MAE (0 to 1) would flatten into steps.
    for (const loss of chosen.filter((l) => !(l === 'ce' && chosen.includes('bce')))) {
      yield { kind: 'series', chart: `loss-vs-p-${loss}`, title: `${chartTitle}: ${curveNames[loss]}`, name: curveNames[loss], x: ps, y: curves[loss] };
    }
    yield { kind: 'result', metrics, values: { predictions: probs, target: inputs.target } };
  },
});
