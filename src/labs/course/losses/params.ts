// Lab 2's parameters: the predictions, the answer, logits, and which loss.
import { choice, numbers, string } from '../../kit/define.js';
import type { Localized } from '../../kit/i18n.js';

/** The losses the lab computes, by their short names. */
export const LOSSES = ['mse', 'mae', 'bce', 'ce'] as const;

export const LOSS_PARAMS = {
  pred: numbers({
    default: [0.27, 0.32, 0.41],
    min: -1e6,
    max: 1e6,
    minLength: 1,
    maxLength: 64,
    help: { en: 'predictions y (probabilities for BCE and CE)', 'zh-TW': '預測值 y（BCE 與 CE 需為機率）' },
  }),
  target: string({
    default: '2',
    help: { en: 'answer ŷ: a class index (2) or one value per prediction (0,0,1)', 'zh-TW': '答案 ŷ：類別編號 (2) 或每個預測一個值 (0,0,1)' },
    accepts: {
      en: 'a class index from 0 (2), or comma-separated numbers, one per prediction (0,0,1 or 0.1,0.9)',
      'zh-TW': '從 0 起的類別編號 (2)，或以逗號分隔、每個預測一個的數 (0,0,1 或 0.1,0.9)',
    },
  }),
  logits: numbers({
    default: [],
    min: -1e4,
    max: 1e4,
    minLength: 0,
    maxLength: 64,
    help: {
      en: 'raw scores instead of --pred: softmax turns them into probabilities (for BCE a sigmoid, each on its own)',
      'zh-TW': '原始分數 (logits)，取代 --pred：先經 softmax 轉為機率（BCE 則各自經 sigmoid）',
    },
  }),
  loss: choice({
    default: 'all',
    choices: ['all', ...LOSSES],
    help: { en: 'which loss to compute', 'zh-TW': '要計算的損失函數' },
  }),
};

/** Why a loss cannot take these inputs, or undefined when it can. */
export function unusable(
  loss: (typeof LOSSES)[number],
  probs: number[],
  inputs: { target: number[]; classIndex?: number },
  fromLogits: boolean,
): Localized | undefined {
  const outside = probs.findIndex((p) => p < 0 || p > 1);
  const name = loss.toUpperCase();
  if ((loss === 'bce' || loss === 'ce') && outside >= 0 && !fromLogits) {
    return {
      en: `--pred value ${probs[outside]} (number ${outside + 1}) is not a probability: ${name} needs every prediction in [0, 1] (or give raw scores with --logits)`,
      'zh-TW': `--pred 的值 ${probs[outside]}（第 ${outside + 1} 個）不是機率：${name} 需要每個預測都在 [0, 1] 內（原始分數請用 --logits 給）`,
    };
  }
  if (loss === 'bce') {
    const bad = inputs.target.findIndex((v) => v < 0 || v > 1);
    if (bad >= 0)
      return {
        en: `--target value ${inputs.target[bad]} is not a binary answer: BCE needs answers in [0, 1]`,
        'zh-TW': `--target 的值 ${inputs.target[bad]} 不是二元答案：BCE 需要 [0, 1] 內的答案`,
      };
  }
  // nn.CrossEntropyLoss takes a class index, or (PyTorch ≥ 1.10) class probabilities in [0, 1].
  if (loss === 'ce' && inputs.classIndex === undefined && inputs.target.some((v) => v < 0 || v > 1)) {
    return {
      en: 'CE needs the answer as a class index (--target 2), one-hot (--target 0,0,1) or class probabilities in [0, 1] (--target 0.2,0.3,0.5)',
      'zh-TW': 'CE 需要以類別索引 (--target 2)、one-hot (--target 0,0,1) 或 [0, 1] 內的類別機率 (--target 0.2,0.3,0.5) 給答案',
    };
  }
  return undefined;
}
