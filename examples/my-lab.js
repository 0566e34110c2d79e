// An example lab module: `nnlab run examples/my-lab.js --lr 1 --epochs 200`.
// A lab has an id, a title, parameter declarations and an async generator
// `run(ctx)` that yields LabEvents; nnlab adds the start and end events, parses
// the flags (one per parameter, named after it), and shows the events in the
// app, as text or as JSON lines.
import { defineLab, int, number, tf } from 'nnlab';

const AND = [
  [0, 0, 0],
  [0, 1, 0],
  [1, 0, 0],
  [1, 1, 1],
];

export default defineLab({
  id: 'and-neuron',
  title: { en: 'One neuron learns AND', 'zh-TW': '一個神經元學會 AND' },
  summary: 'logistic regression on the four rows of AND',
  params: {
    lr: number({ default: 1, min: 0.001, max: 10, help: 'learning rate' }),
    epochs: int({ default: 300, min: 1, max: 10000, help: 'full-batch updates' }),
  },
  async *run(ctx) {
    const t = tf();
    yield { kind: 'text', style: 'heading', text: ctx.t({ en: 'One neuron learns AND', 'zh-TW': '一個神經元學會 AND' }) };
    yield { kind: 'text', style: 'formula', text: 'y = σ(w1·x1 + w2·x2 + b),  loss = BCE' };
    const x = t.tensor2d(AND.map(([a, b]) => [a, b]));
    const y = t.tensor2d(AND.map((row) => [row[2]]));
    const w = t.variable(t.randomNormal([2, 1], 0, 0.1, 'float32', ctx.seed));
    const b = t.variable(t.zeros([1]));
    const optimizer = t.train.sgd(ctx.params.lr);
    const predict = () => t.sigmoid(t.add(t.matMul(x, w), b));
    try {
      for (let epoch = 1; epoch <= ctx.params.epochs; epoch++) {
        const loss = optimizer.minimize(() => t.losses.sigmoidCrossEntropy(y, t.add(t.matMul(x, w), b)), true);
        if (epoch % 10 === 0 || epoch === 1) {
          yield { kind: 'point', chart: 'loss', title: 'BCE per epoch', name: 'loss', x: epoch, y: (await loss.data())[0] };
          await ctx.pace();
        }
        loss.dispose();
      }
      const p = predict();
      const probs = Array.from(await p.data());
      p.dispose();
      yield {
        kind: 'table',
        id: 'and',
        title: 'The neuron on every input',
        columns: ['x1', 'x2', 'AND', 'y = σ(…)'],
        rows: AND.map(([a, c, target], i) => [a, c, target, probs[i]]),
      };
      const correct = probs.filter((v, i) => Math.round(v) === AND[i][2]).length;
      yield { kind: 'result', metrics: { accuracy: correct / 4, w1: (await w.data())[0], w2: (await w.data())[1], b: (await b.data())[0] } };
    } finally {
      t.dispose([x, y, w, b]);
      optimizer.dispose();
    }
  },
});
