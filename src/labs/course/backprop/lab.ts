// Lab 5: the computation graph, a forward pass, a backward pass, and the check
// of backprop against numerical differentiation and TensorFlow.js autodiff.
import { NEURON_GRAPH_DRAWING, neuronGradientsTf, neuronLossGraph, numericGradients, type NeuronInputs } from '../../../engine/maths/graph.js';
import { defineLab, number } from '../../kit/define.js';

/** The largest difference between backprop and the numerical gradient the lab accepts. */
export const BACKPROP_TOLERANCE = 1e-4;

const DESCRIPTIONS: Record<string, string> = {
  m1: 'w1·x1',
  m2: 'w2·x2',
  s: 'm1 + m2',
  z: 's + b',
  p: 'σ(z)',
  d: 'p − y',
  L: 'd²',
};

const value = (def: number, en: string, zh: string) => number({ default: def, min: -100, max: 100, help: { en, 'zh-TW': zh } });

export const backpropLab = defineLab({
  id: 'backprop',
  title: { en: 'Backpropagation', 'zh-TW': '反向傳播 (Backpropagation)' },
  summary: {
    en: 'A computation graph, its forward and backward pass, checked against numerical gradients',
    'zh-TW': '計算圖 (computation graph)、前向與反向傳播，並與數值微分比對',
  },
  params: {
    x1: value(1, 'input x1', '輸入 x1'),
    x2: value(-2, 'input x2', '輸入 x2'),
    w1: value(0.5, 'weight w1', '權重 w1'),
    w2: value(-0.3, 'weight w2', '權重 w2'),
    b: value(0.1, 'bias b', '偏差 b'),
    y: value(1, 'answer y', '答案 y'),
    h: number({ default: 1e-5, min: 1e-8, max: 0.1, help: { en: 'step h of the central difference', 'zh-TW': '中央差分的步長 h' } }),
  },
  async *run(ctx) {
    const { t, params } = ctx;
    const inputs: NeuronInputs = {
      x1: params.x1,
      x2: params.x2,
      w1: params.w1,
      w2: params.w2,
      b: params.b,
      y: params.y,
    };
    yield { kind: 'text', style: 'heading', text: t({ en: 'Computation graph and backpropagation', 'zh-TW': '計算圖與反向傳播' }) };
    yield { kind: 'text', style: 'formula', text: 'L = (σ(w1·x1 + w2·x2 + b) − y)²' };
    yield {
      kind: 'text',
      text: t({
        en: 'Two ways to get gradients: numerical differentiation (nudge each input, see how L moves) and backpropagation (Rumelhart, Hinton & Williams, 1986): write the formula as a graph, compute every node forward, then pass ∂L/∂node backward with the chain rule.',
        'zh-TW':
          '取得梯度有兩種方法：數值微分（微調每個輸入，看 L 怎麼變）與反向傳播（Rumelhart、Hinton 與 Williams，1986）：把算式寫成計算圖，先前向算出每個節點的值，再用連鎖律 (chain rule) 反向傳遞 ∂L/∂節點。',
      }),
    };
    yield { kind: 'text', style: 'formula', text: NEURON_GRAPH_DRAWING.join('\n') };

    const loss = neuronLossGraph(inputs);
    loss.backward();
    const nodes = loss.topo();
    const h = params.h;
    const hText = h < 1e-3 ? h.toExponential() : String(h);
    const numeric = numericGradients(inputs, h);
    const viaTf = await neuronGradientsTf(inputs);

    yield {
      kind: 'table',
      id: 'nodes',
      title: t({ en: 'Forward values and backward gradients per node', 'zh-TW': '每個節點的前向值與反向梯度' }),
      columns: [
        t({ en: 'node', 'zh-TW': '節點' }),
        t({ en: 'op', 'zh-TW': '運算 (op)' }),
        t({ en: 'value', 'zh-TW': '值' }),
        t({ en: '∂L/∂node', 'zh-TW': '∂L/∂節點' }),
      ],
      rows: nodes.map((node) => [node.label, DESCRIPTIONS[node.label] ?? node.op, node.data, node.grad]),
    };

    const checked = ['w1', 'w2', 'b', 'x1', 'x2', 'y'] as const;
    const byLabel = new Map(nodes.map((node) => [node.label, node]));
    const diffs = checked.map((key) => Math.abs(byLabel.get(key)!.grad - numeric[key]));
    const maxDiff = Math.max(...diffs);
    yield {
      kind: 'table',
      id: 'check',
      title: t({
        en: `Backprop vs numerical gradient (central difference, h = ${hText}) vs tf.grads on ${ctx.backend.backend}`,
        'zh-TW': `反向傳播 vs 數值梯度（中央差分，h = ${hText}）vs ${ctx.backend.backend} 上的 tf.grads`,
      }),
      columns: [
        '',
        t({ en: 'backprop', 'zh-TW': '反向傳播 (backprop)' }),
        t({ en: 'numeric', 'zh-TW': '數值 (numeric)' }),
        t({ en: '|diff|', 'zh-TW': '|差|' }),
        'tf.grads',
      ],
      rows: checked.map((key, i) => [`∂L/∂${key}`, byLabel.get(key)!.grad, numeric[key], diffs[i], key === 'y' ? null : viaTf.grads[key]]),
    };
    if (maxDiff <= BACKPROP_TOLERANCE) {
      yield {
        kind: 'text',
        text: t({
          en: `Max |backprop − numeric| = ${maxDiff.toExponential(2)} ≤ ${BACKPROP_TOLERANCE}: backprop is right. It needed one backward pass for all gradients; the numerical way needed two evaluations of L per input. PyTorch does this in loss.backward(); TensorFlow.js in tf.grad / tf.variableGrads.`,
          'zh-TW': `最大 |反向傳播 − 數值| = ${maxDiff.toExponential(2)} ≤ ${BACKPROP_TOLERANCE}：反向傳播正確。它一次反向傳遞就得到全部梯度；數值法每個輸入要算兩次 L。PyTorch 用 loss.backward()；TensorFlow.js 用 tf.grad / tf.variableGrads。`,
        }),
      };
    } else {
      yield {
        kind: 'warning',
        message: t({
          en: `max |backprop − numeric| = ${maxDiff.toExponential(2)} exceeds ${BACKPROP_TOLERANCE}: the step h = ${hText} is too coarse or too fine (try 1e-5)`,
          'zh-TW': `最大 |反向傳播 − 數值| = ${maxDiff.toExponential(2)} 超過 ${BACKPROP_TOLERANCE}：步長 h = ${hText} 太粗或太細（試試 1e-5）`,
        }),
      };
    }
    yield {
      kind: 'result',
      metrics: { loss: loss.data, maxAbsDiff: maxDiff, tfLoss: viaTf.loss },
      values: { backprop: Object.fromEntries(checked.map((k) => [k, byLabel.get(k)!.grad])), numeric, tf: viaTf.grads },
    };
  },
});
