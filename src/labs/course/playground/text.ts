// What lab 9 says, in both languages: what to expect from the chosen data,
// features and network, and what the run showed (plateau, oscillation, the end).
import { taskOf } from '../../../engine/playground/datasets.js';
import { FEATURE_LABELS } from '../../../engine/playground/features.js';
import type { Localized } from '../../kit/i18n.js';
import type { PlaygroundSettings } from './params.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const sig3 = (x: number) => Number(x.toPrecision(3));

/** The network as the course writes it: x₁, x₂ → 4 → 1. */
export function describeNetwork(s: PlaygroundSettings): string {
  return [s.features.map((f) => FEATURE_LABELS[f]).join(', '), ...s.hidden, 1].join(' → ');
}

const has = (s: PlaygroundSettings, ...features: string[]) => features.every((f) => (s.features as string[]).includes(f));

/** What this combination of data, features and depth should show: the lesson to watch for. */
export function lesson(s: PlaygroundSettings): Localized[] {
  const out: Localized[] = [];
  const perceptron = s.hidden.length === 0;
  if (perceptron && taskOf(s.dataset) === 'regression') {
    out.push({
      en: 'No hidden layer: this is linear regression, y = w·x + b fitted by mean squared error — a plane over the input features, with no σ and no boundary (the map shows the value it predicts).',
      'zh-TW':
        '沒有 Hidden Layer：這就是線性回歸 (linear regression)，以均方誤差 (MSE) 擬合 y = w·x + b：在輸入特徵上的一個平面，沒有 σ，也沒有決策邊界（地圖顯示它預測的值）。',
    });
  } else if (perceptron) {
    out.push({
      en: "No hidden layer: this is logistic regression, the course's perceptron y = σ(w·x + b). Its boundary σ = 0.5 is where w·x + b = 0: one straight line in the space of the input features.",
      'zh-TW':
        '沒有 Hidden Layer：這就是邏輯回歸，也就是課程的感知器 (Perceptron) y = σ(w·x + b)。它的決策邊界 σ = 0.5 就是 w·x + b = 0：在輸入特徵空間中的一條直線。',
    });
  } else {
    out.push({
      en: `Each hidden neuron draws its own line and bends it with the activation function; the next layer combines them, so the boundary can curve. Hidden layers: ${s.hidden.join(', ')}.`,
      'zh-TW': `每個 Hidden Layer 的神經元各畫一條線，再經啟動函數 (activation function) 彎曲；下一層把它們組合起來，邊界就能彎曲。Hidden Layer：${s.hidden.join('、')}。`,
    });
  }
  if (s.dataset === 'xor' && perceptron && !has(s, 'x1x2')) {
    out.push({
      en: 'XOR cannot be separated by a line: a line gets at most 3 of the 4 quadrants right (75 %). Watch the accuracy stall; --hidden 4 (one hidden layer of 4 tanh units) solves it, and so does the feature x1x2.',
      'zh-TW':
        'XOR 無法用一條直線分開：一條線最多分對 4 個象限中的 3 個 (75 %)。看準確率停住；--hidden 4（一層 4 個 tanh 神經元）可以解決，加入特徵 x1x2 也可以。',
    });
  }
  if (s.dataset === 'circle' && perceptron) {
    out.push(
      has(s, 'x1sq', 'x2sq')
        ? {
            en: 'With x₁² and x₂² as inputs, the "line" w₁x₁² + w₂x₂² + b = 0 is a circle in the plane: no hidden layer needed. Feature engineering instead of depth.',
            'zh-TW': '以 x₁² 和 x₂² 為輸入，「直線」w₁x₁² + w₂x₂² + b = 0 在平面上是一個圓：不需要 Hidden Layer。這是特徵工程 (feature engineering) 取代深度。',
          }
        : {
            en: 'No straight line encloses a circle. Either give the perceptron better features (--features x1sq,x2sq) or give it depth (--hidden 4).',
            'zh-TW': '沒有一條直線能圍住一個圓。給感知器更好的特徵（--features x1sq,x2sq），或是加深度（--hidden 4）。',
          },
    );
  }
  if (s.dataset === 'spiral') {
    out.push({
      en: 'The spiral needs depth or sin features: x₁, x₂ with one small layer is not enough. Try --hidden 8,8 --features x1,x2,sinx1,sinx2.',
      'zh-TW': '螺旋需要深度或 sin 特徵：只有 x₁、x₂ 和一層小的 Hidden Layer 不夠。試試 --hidden 8,8 --features x1,x2,sinx1,sinx2。',
    });
  }
  return out;
}

/** Regularisation is not in the course's slides: said so whenever it is on. */
export const REGULARIZATION_NOTE: Localized = {
  en: "L1/L2 regularisation adds λ·Σ|w| or λ·Σw²/2 to the loss: it shrinks the weights and the map gets smoother. (Not in the course's slides.)",
  'zh-TW': 'L1/L2 正規化 (regularization) 在損失加上 λ·Σ|w| 或 λ·Σw²/2：權重變小，地圖變平滑。（課程投影片沒有這部分。）',
};

export function plateauNote(epoch: number, loss: number, testAcc: number, s: PlaygroundSettings): Localized {
  const at = {
    en: `The loss has stopped falling (epoch ${epoch}: loss ${sig3(loss)}, test accuracy ${pct(testAcc)}).`,
    'zh-TW': `損失不再下降（第 ${epoch} 回合：損失 ${sig3(loss)}，測試準確率 ${pct(testAcc)}）。`,
  };
  if (s.hidden.length === 0) {
    return {
      en: `${at.en} A perceptron draws one straight line; this data needs a bent boundary${s.dataset === 'xor' ? ' (XOR: a line gets at most 75 %)' : ''}. Add a hidden layer (--hidden 4) or a feature that bends it.`,
      'zh-TW': `${at['zh-TW']}感知器只能畫一條直線；這份資料需要彎曲的邊界${s.dataset === 'xor' ? '（XOR：一條線最多 75 %）' : ''}。加一層 Hidden Layer（--hidden 4）或能彎曲邊界的特徵。`,
    };
  }
  return {
    en: `${at.en} This network is stuck here: more neurons or layers, other features (sin x₁, sin x₂) or another learning rate may get further.`,
    'zh-TW': `${at['zh-TW']}這個網路卡在這裡：更多神經元或層、其他特徵（sin x₁、sin x₂）或換個學習率也許能更好。`,
  };
}

export function oscillationNote(epoch: number, jumps: number, window: number, lr: number): Localized {
  return {
    en: `The loss jumps up and down (it jumped up in ${jumps} of the last ${window} epochs, up to epoch ${epoch}): η = ${lr} is too large. Each step overshoots the valley — lab 3 again, now in many dimensions — and the map flickers. Lower --lr.`,
    'zh-TW': `損失忽高忽低（到第 ${epoch} 回合為止，最近 ${window} 回合中有 ${jumps} 回合大幅上升）：學習率 η = ${lr} 太大。每一步都衝過谷底——就像實驗 3，只是維度更多——地圖也跟著閃動。請降低 --lr。`,
  };
}

/** The loss past which a run has diverged though it is still a number: far above any loss these data sets start at. */
export const DIVERGED_LOSS = 1e3;

/** Why a run stopped as diverged, said from its loss: not a number any more, or past DIVERGED_LOSS. */
export function divergedWarning(epoch: number, lr: number, loss: number): Localized {
  const why = Number.isFinite(loss)
    ? { en: `the loss reached ${sig3(loss)}, past ${DIVERGED_LOSS}`, 'zh-TW': `損失達到 ${sig3(loss)}，超過 ${DIVERGED_LOSS}` }
    : { en: 'the loss is no longer a finite number', 'zh-TW': '損失已不是有限的數' };
  return {
    en: `diverged at epoch ${epoch}: ${why.en}. The learning rate η = ${lr} is too large: each step overshoots further. Training stopped; lower --lr.`,
    'zh-TW': `第 ${epoch} 回合發散 (diverged)：${why['zh-TW']}。學習率 η = ${lr} 太大：每一步都越過得更遠。訓練已停止；請降低 --lr。`,
  };
}

export function verdict(epochs: number, m: { loss: number; testLoss: number; acc: number; testAcc: number }, classification: boolean): Localized {
  const numbers = classification
    ? {
        en: `train loss ${sig3(m.loss)}, test loss ${sig3(m.testLoss)}; accuracy ${pct(m.acc)} train, ${pct(m.testAcc)} test`,
        'zh-TW': `訓練損失 ${sig3(m.loss)}、測試損失 ${sig3(m.testLoss)}；準確率 訓練 ${pct(m.acc)}、測試 ${pct(m.testAcc)}`,
      }
    : { en: `train loss (MSE) ${sig3(m.loss)}, test loss ${sig3(m.testLoss)}`, 'zh-TW': `訓練損失 (MSE) ${sig3(m.loss)}、測試損失 ${sig3(m.testLoss)}` };
  return { en: `After ${epochs} epochs: ${numbers.en}.`, 'zh-TW': `${epochs} 回合之後：${numbers['zh-TW']}。` };
}
