// Lab 1: from linear regression to the neuron (perceptron), and the activation
// functions with their derivatives.
import { ACTIVATIONS, activationCurves, LEAKY_SLOPE, linspace, perceptron, type ActivationName } from '../../../engine/maths/activations.js';
import { defineLab, choice, int, number } from '../../kit/define.js';
import { ParamError } from '../../kit/params.js';

const GRID = [-1, 0, 1];
const SAMPLE_POINTS = [-4, -2, -1, -0.5, 0, 0.5, 1, 2, 4];

const LABELS: Record<ActivationName, string> = {
  sigmoid: 'Sigmoid σ(x) = 1 / (1 + e^(−x))',
  tanh: 'tanh(x)',
  relu: 'ReLU = max(0, x)',
  'leaky-relu': 'Leaky ReLU = max(0.1x, x)',
  elu: 'ELU = x (x ≥ 0), α(eˣ − 1) (x < 0)',
  maxout: 'Maxout = max(x, −0.5x − 1)',
};

export const sigmoidLab = defineLab({
  id: 'sigmoid',
  title: { en: 'The sigmoid neuron', 'zh-TW': 'Sigmoid 神經元 (感知器 Perceptron)' },
  summary: {
    en: 'Linear → logistic regression, the perceptron, activation functions',
    'zh-TW': '從線性回歸到邏輯回歸、感知器與啟動函數 (activation function)',
  },
  params: {
    w1: number({ default: 1, min: -100, max: 100, help: { en: 'weight w₁', 'zh-TW': '權重 (weight) w₁' } }),
    w2: number({ default: -2, min: -100, max: 100, help: { en: 'weight w₂', 'zh-TW': '權重 (weight) w₂' } }),
    b: number({ default: 0.5, min: -100, max: 100, help: { en: 'bias b', 'zh-TW': '偏差 (bias) b' } }),
    fn: choice({
      default: 'all',
      choices: ['all', ...ACTIVATIONS],
      help: { en: 'activation function to plot', 'zh-TW': '要畫出的啟動函數' },
    }),
    alpha: number({ default: 1, min: 0, max: 10, help: { en: "ELU's α", 'zh-TW': 'ELU 的 α' } }),
    xmin: number({ default: -6, min: -50, max: 50, help: { en: 'left end of the plotted range', 'zh-TW': '繪圖範圍左端' } }),
    xmax: number({ default: 6, min: -50, max: 50, help: { en: 'right end of the plotted range', 'zh-TW': '繪圖範圍右端' } }),
    points: int({ default: 61, min: 3, max: 2001, help: { en: 'points per curve', 'zh-TW': '每條曲線的點數' } }),
  },
  validate(params) {
    if (params.xmin >= params.xmax) {
      throw new ParamError(`--xmin must be less than --xmax (got ${params.xmin} and ${params.xmax})`, {
        en: `--xmin must be less than --xmax (got ${params.xmin} and ${params.xmax})`,
        'zh-TW': `--xmin 必須小於 --xmax（收到 ${params.xmin} 與 ${params.xmax}）`,
      });
    }
  },
  async *run(ctx) {
    const { t, params } = ctx;
    const w1 = params.w1;
    const w2 = params.w2;
    const b = params.b;

    yield { kind: 'text', style: 'heading', text: t({ en: 'Linear regression → logistic regression', 'zh-TW': '線性回歸 → 邏輯回歸' }) };
    yield { kind: 'text', style: 'formula', text: 'linear regression:    y = Σ wᵢxᵢ + b' };
    yield { kind: 'text', style: 'formula', text: 'logistic regression:  y = σ(Σ wᵢxᵢ + b),   σ(z) = 1 / (1 + e^(−z))' };
    yield {
      kind: 'text',
      text: t({
        en: `A perceptron first makes a linear transform a = w₁x₁ + w₂x₂ + b, then squashes it with the activation y = σ(a). Parameters: w₁ = ${w1}, w₂ = ${w2}, b = ${b}.`,
        'zh-TW': `感知器先做線性轉換 a = w₁x₁ + w₂x₂ + b，再用啟動函數做非線性 y = σ(a)。參數 (parameters)：w₁ = ${w1}、w₂ = ${w2}、b = ${b}。`,
      }),
    };
    const inputs = GRID.flatMap((x1) => GRID.map((x2) => [x1, x2] as const));
    const neuron = await perceptron(inputs, [w1, w2], b);
    yield {
      kind: 'table',
      id: 'perceptron',
      title: t({ en: 'Perceptron on a grid of inputs', 'zh-TW': '感知器在輸入格點上的輸出' }),
      columns: ['x1', 'x2', 'a = w·x + b', 'y = σ(a)'],
      rows: inputs.map(([x1, x2], i) => [x1, x2, neuron.a[i], neuron.y[i]]),
    };

    yield { kind: 'text', style: 'heading', text: t({ en: 'Activation functions and their derivatives', 'zh-TW': '啟動函數與其導數' }) };
    yield {
      kind: 'text',
      text: t({
        en: 'The derivative f′(x) is what gradient descent follows; it comes from TensorFlow.js autodiff (tf.grad). Sigmoid and tanh flatten out (small gradients) far from 0; ReLU passes gradient 1 for x > 0.',
        'zh-TW':
          '導數 f′(x) 是梯度下降依循的方向，由 TensorFlow.js 自動微分 (tf.grad) 算出。Sigmoid 與 tanh 在遠離 0 處變平（梯度很小）；ReLU 在 x > 0 時梯度為 1。',
      }),
    };
    const names: ActivationName[] = params.fn === 'all' ? [...ACTIVATIONS] : [params.fn];
    const options = { alpha: params.alpha };
    const xs = linspace(params.xmin, params.xmax, params.points);
    const curves = await activationCurves(names, xs, options);
    for (const curve of curves) {
      const title = curve.name === 'elu' ? `${LABELS.elu}, α = ${options.alpha}` : LABELS[curve.name];
      yield { kind: 'series', chart: curve.name, title, name: 'f(x)', x: curve.x, y: curve.y };
      // The derivative on its own chart and scale: on f's scale (ReLU's 0–6) f′ ∈ {0, 1} would look flat.
      yield {
        kind: 'series',
        chart: `${curve.name}-derivative`,
        title: `${title}: ${t({ en: 'derivative', 'zh-TW': '導數' })} f′(x)`,
        name: "f'(x)",
        x: curve.x,
        y: curve.dy,
      };
    }
    const samples = await activationCurves(names, SAMPLE_POINTS, options);
    // Values and derivatives as two tables: six functions side by side fit 80 columns, twelve do not.
    yield {
      kind: 'table',
      id: 'activation-values',
      title: t({ en: 'Values f(x) at sample points', 'zh-TW': '取樣點上的函數值 f(x)' }),
      columns: ['x', ...samples.map((c) => c.name)],
      rows: SAMPLE_POINTS.map((x, i) => [x, ...samples.map((c) => c.y[i])]),
    };
    yield {
      kind: 'table',
      id: 'activation-derivatives',
      title: t({ en: 'Derivatives f′(x) at sample points (autodiff)', 'zh-TW': '取樣點上的導數 f′(x)（自動微分）' }),
      columns: ['x', ...samples.map((c) => `${c.name}'`)],
      rows: SAMPLE_POINTS.map((x, i) => [x, ...samples.map((c) => c.dy[i])]),
    };
    yield {
      kind: 'text',
      text: t({
        en: `At a kink — x = 0 for ReLU, Leaky ReLU and ELU — the derivative has two one-sided values; the tables show the left-hand one, as PyTorch's autograd does: ReLU′(0) = 0, Leaky ReLU′(0) = ${LEAKY_SLOPE}, ELU′(0) = α = ${options.alpha} (the right-hand value is 1 for all three).`,
        'zh-TW': `在轉折點 — ReLU、Leaky ReLU 與 ELU 的 x = 0 — 導數有左右兩個單側值；表中顯示左側的值，與 PyTorch 的 autograd 相同：ReLU′(0) = 0、Leaky ReLU′(0) = ${LEAKY_SLOPE}、ELU′(0) = α = ${options.alpha}（右側的值三者都是 1）。`,
      }),
    };
    yield {
      kind: 'text',
      text: t({
        en: 'One neuron is not enough: stacking neurons in layers (hidden layers) gives a neural network — a fully connected network (FC / MLP) — for regression, binary and multi-class classification.',
        'zh-TW': '一個神經元不夠：把神經元 (neuron) 疊成多層（隱藏層 hidden layers）就是神經網路 — 全連接網路 (FC / MLP)，可做回歸、二元分類與多元分類。',
      }),
    };
    yield {
      kind: 'result',
      metrics: { sigmoidOfBias: neuron.y[inputs.findIndex(([x1, x2]) => x1 === 0 && x2 === 0)] },
      values: {
        perceptron: inputs.map(([x1, x2], i) => ({ x1, x2, a: neuron.a[i], y: neuron.y[i] })),
        activations: Object.fromEntries(samples.map((c) => [c.name, { x: c.x, y: c.y, dy: c.dy }])),
      },
    };
  },
});
