// Lab 2's parameters: the predictions, the answer, logits, and which loss.
import { choice, numbers, string } from './define.js';

/** The losses the lab computes, by their short names. */
export const LOSSES = ['mse', 'mae', 'bce', 'ce'] as const;

export const LOSS_PARAMS = {
  pred: numbers({
    default: [0.27, 0.32, 0.41], min: -1e6, max: 1e6, minLength: 1, maxLength: 64,
    help: { en: 'predictions y (probabilities for BCE and CE)', 'zh-TW': '預測值 y（BCE 與 CE 需為機率）' },
  }),
  target: string({
    default: '2',
    help: { en: 'answer ŷ: a class index (2) or one value per prediction (0,0,1)', 'zh-TW': '答案 ŷ：類別編號 (2) 或每個預測一個值 (0,0,1)' },
  }),
  logits: numbers({
    default: [], min: -1e4, max: 1e4, minLength: 0, maxLength: 64,
    help: { en: 'raw scores instead of --pred: softmax turns them into probabilities', 'zh-TW': '原始分數 (logits)，取代 --pred：先經 softmax 轉為機率' },
  }),
  loss: choice({
    default: 'all', choices: ['all', ...LOSSES],
    help: { en: 'which loss to compute', 'zh-TW': '要計算的損失函數' },
  }),
};
