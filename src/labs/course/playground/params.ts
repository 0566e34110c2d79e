// Lab 9's parameters: the data, the features, the network and its training.
// The learning rate, batch size, activation and regularisation are live: the
// app changes them while the network trains (the lab reads them every epoch).
import { DATASETS, type DatasetName } from '../../../engine/playground/datasets.js';
import { FEATURES, isFeature, type FeatureName } from '../../../engine/playground/features.js';
import { NET_ACTIVATIONS, REGULARIZATIONS, type NetActivation, type Regularization } from '../../../engine/playground/network.js';
import { choice, int, number, numbers, string, type ParamsOf } from '../../kit/define.js';
import { ParamError } from '../../kit/params.js';
import { learningRate } from '../../kit/shared-params.js';

export const MAX_NEURONS = 8;
export const MAX_HIDDEN_LAYERS = 6;

export type PlaygroundParams = ParamsOf<typeof PLAYGROUND_PARAMS>;

export const PLAYGROUND_PARAMS = {
  dataset: choice({
    default: 'xor',
    choices: DATASETS,
    help: {
      en: 'data: circle, xor, gauss (two blobs), spiral; regression: plane, multigauss',
      'zh-TW': '資料：circle、xor、gauss（兩團）、spiral；回歸 (regression)：plane、multigauss',
    },
  }),
  features: string({
    default: 'x1,x2',
    help: { en: `input features, comma-separated: ${FEATURES.join(', ')}`, 'zh-TW': `輸入特徵，以逗號分隔：${FEATURES.join('、')}` },
  }),
  hidden: numbers({
    default: [4],
    min: 1,
    max: MAX_NEURONS,
    minLength: 0,
    maxLength: MAX_HIDDEN_LAYERS,
    help: {
      en: 'neurons per hidden layer, e.g. 4,2; "" none: logistic regression (the perceptron), linear regression on plane and multigauss',
      'zh-TW': '每個 Hidden Layer 的神經元數，例如 4,2；"" 表示沒有：邏輯回歸（感知器），在 plane 與 multigauss 上是線性回歸',
    },
  }),
  activation: choice({
    default: 'tanh',
    choices: NET_ACTIVATIONS,
    live: true,
    help: {
      en: 'activation function of the hidden layers (leaky-relu: slope 0.1)',
      'zh-TW': 'Hidden Layer 的啟動函數 (activation function)（leaky-relu 斜率 0.1）',
    },
  }),
  lr: learningRate({ default: 0.1, min: 1e-5, max: 10, live: true }),
  batchSize: int({ default: 10, min: 1, max: 1000, live: true, help: { en: 'points per SGD step', 'zh-TW': '每次更新的資料點數 (batch size)' } }),
  regularization: choice({
    default: 'none',
    choices: REGULARIZATIONS,
    live: true,
    help: { en: 'penalty on the weights: L1 Σ|w| or L2 Σw²/2', 'zh-TW': '權重懲罰 (regularization)：L1 Σ|w| 或 L2 Σw²/2' },
  }),
  regRate: number({
    default: 0.001,
    min: 1e-6,
    max: 10,
    live: true,
    help: { en: 'regularisation rate λ: loss + λ·penalty', 'zh-TW': '正規化率 λ：損失 + λ·懲罰' },
  }),
  epochs: int({ default: 300, min: 1, max: 100_000, help: { en: 'passes over the training points', 'zh-TW': '訓練回合數 (epochs)' } }),
  points: int({ default: 500, min: 200, max: 5000, help: { en: 'points in the data set', 'zh-TW': '資料點數' } }),
  noise: number({ default: 0, min: 0, max: 0.5, help: { en: "noise, 0 to 0.5 (Playground's 0–50)", 'zh-TW': '雜訊，0 到 0.5（Playground 的 0–50）' } }),
  trainRatio: number({
    default: 0.5,
    min: 0.1,
    max: 0.9,
    help: { en: 'share of the points used for training; the rest test', 'zh-TW': '訓練資料的比例，其餘為測試資料' },
  }),
  fieldEvery: int({
    default: 50,
    min: 0,
    max: 100_000,
    help: {
      en: 'headless: the map every N epochs (0: the first and last only); the app redraws it live',
      'zh-TW': '非互動模式：每 N 回合輸出一次地圖（0：只有第一張與最後一張）；App 中即時重畫',
    },
  }),
  resolution: int({ default: 40, min: 8, max: 200, help: { en: 'cells per side of the map computed', 'zh-TW': '計算地圖時每邊的格數' } }),
};

/** Other spellings people type: x1^2, x1², sin(x1), sin-x1. */
const ALIASES: Record<string, FeatureName> = {
  'x1^2': 'x1sq',
  'x1²': 'x1sq',
  'x2^2': 'x2sq',
  'x2²': 'x2sq',
  'x1*x2': 'x1x2',
  'sin(x1)': 'sinx1',
  'sin-x1': 'sinx1',
  'sin(x2)': 'sinx2',
  'sin-x2': 'sinx2',
};

/** "x1,x2,x1sq" → the features, in the order given, each once; an unknown name or none at all is an input error. */
function parseFeatures(text: string): FeatureName[] {
  const names = text.split(',').map((s) => s.trim().toLowerCase());
  if (names.every((name) => name === ''))
    throw new ParamError(`--features needs at least one input feature (from ${FEATURES.join(', ')}), e.g. --features x1,x2`);
  // An empty item is a typo, as --hidden 8,,8 is: refused, not skipped.
  const empty = names.indexOf('');
  if (empty >= 0) throw new ParamError(`--features ${text}: item ${empty + 1} is empty (a typo?); give the features comma-separated, e.g. --features x1,x2`);
  const features = names.map((name) => {
    const feature = ALIASES[name] ?? name;
    if (!isFeature(feature)) throw new ParamError(`--features: unknown feature '${name}' (the features: ${FEATURES.join(', ')})`);
    return feature;
  });
  return [...new Set(features)];
}

export interface PlaygroundSettings {
  dataset: DatasetName;
  features: FeatureName[];
  hidden: number[];
  epochs: number;
  points: number;
  noise: number;
  trainRatio: number;
  fieldEvery: number;
  resolution: number;
}

/** The parameters that shape the run (read once); the live ones are read every epoch by liveSettings. */
export function runSettings(params: PlaygroundParams): PlaygroundSettings {
  return {
    dataset: params.dataset,
    features: parseFeatures(params.features),
    hidden: params.hidden,
    epochs: params.epochs,
    points: params.points,
    noise: params.noise,
    trainRatio: params.trainRatio,
    fieldEvery: params.fieldEvery,
    resolution: params.resolution,
  };
}

export function liveSettings(params: PlaygroundParams): {
  lr: number;
  batchSize: number;
  activation: NetActivation;
  regularization: Regularization;
  regRate: number;
} {
  return {
    lr: params.lr,
    batchSize: params.batchSize,
    activation: params.activation,
    regularization: params.regularization,
    regRate: params.regRate,
  };
}

/** Checks a single declaration cannot: whole numbers of neurons, known features. */
export function validatePlayground(params: PlaygroundParams): void {
  const hidden = params.hidden;
  const odd = hidden.find((n) => !Number.isInteger(n));
  if (odd !== undefined)
    throw new ParamError(`--hidden ${hidden.join(',')}: each hidden layer needs a whole number of neurons, 1 to ${MAX_NEURONS} (got ${odd})`);
  parseFeatures(params.features);
}
