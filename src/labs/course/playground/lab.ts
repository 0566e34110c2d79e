// Lab 9: TensorFlow Playground in the terminal. A small network learns a 2-D
// data set; the map of its output over the plane (the decision boundary) is
// redrawn while it trains. Learning rate, batch size, activation and
// regularisation are live: they change between epochs without a restart.
import { generate, split, taskOf } from '../../../engine/playground/datasets.js';
import { PlaygroundNet } from '../../../engine/playground/network.js';
import { PlaygroundData, type EpochMetrics } from '../../../engine/playground/training.js';
import type { LabBodyEvent, LabContext } from '../../kit/lab.js';
import { defineLab } from '../../kit/define.js';
import { PLAYGROUND_KEYS } from './keys.js';
import { FieldMaker } from './field.js';
import { liveSettings, PLAYGROUND_PARAMS, runSettings, validatePlayground, type PlaygroundSettings } from './params.js';
import { DIVERGED_LOSS, describeNetwork, divergedWarning, lesson, oscillationNote, plateauNote, REGULARIZATION_NOTE, verdict } from './text.js';

/** Epochs looked back over to call a plateau or an oscillation. */
const WINDOW = 20;

/** The loss barely moved over the window while accuracy is short of solved: the network has stalled. */
function isPlateau(history: readonly EpochMetrics[], classification: boolean): boolean {
  if (history.length < 2 * WINDOW) return false;
  const [then, now] = [history[history.length - 1 - WINDOW], history[history.length - 1]];
  const stalled = Math.abs(then.loss - now.loss) < 0.005 * Math.max(now.loss, 0.01);
  // Unsolved: short of 90 % accuracy, or (regression) still above a quarter of the first epoch's loss.
  return stalled && (classification ? now.acc < 0.9 : now.loss > 0.25 * history[0].loss);
}

/**
 * Epochs in the window whose loss jumped up by more than 20 % (and 0.01): SGD's own
 * noise makes small rises, a too large η big ones, again and again.
 */
export function jumps(history: readonly EpochMetrics[]): number {
  const recent = history.slice(-WINDOW - 1);
  return recent.filter((m, i) => i > 0 && m.loss > recent[i - 1].loss * 1.2 && m.loss - recent[i - 1].loss > 0.01).length;
}

/** Four or more jumps in the window, and the loss spanning more than a factor 1.5 in it. */
function isOscillating(history: readonly EpochMetrics[]): boolean {
  if (history.length <= WINDOW) return false;
  const losses = history.slice(-WINDOW - 1).map((m) => m.loss);
  return jumps(history) >= 4 && Math.max(...losses) > 1.5 * Math.min(...losses);
}

function intro(ctx: LabContext, s: PlaygroundSettings, train: number, test: number): LabBodyEvent[] {
  const { t } = ctx;
  const classification = taskOf(s.dataset) === 'classification';
  return [
    {
      kind: 'text',
      style: 'heading',
      text: t({ en: 'What a network learns, drawn: the decision boundary', 'zh-TW': '網路學到了什麼：畫出決策邊界 (decision boundary)' }),
    },
    {
      kind: 'text',
      style: 'formula',
      text: classification ? 'y = σ(f(x)),   loss = BCE(y, ŷ) + λ·penalty(w)' : 'y = f(x),   loss = MSE(y, ŷ) + λ·penalty(w)',
    },
    {
      kind: 'text',
      text: t({
        en: `${s.points} points of '${s.dataset}' (noise ${s.noise}, seed ${ctx.seed}): ${train} to train, ${test} to test. Network: ${describeNetwork(s)}. The map is the network's output over the plane${classification ? ' (blue: class 1, orange: class 0; the boundary is where they meet)' : ''}; ● training points, ○ test points.`,
        'zh-TW': `'${s.dataset}' 的 ${s.points} 個資料點（雜訊 ${s.noise}，種子 ${ctx.seed}）：${train} 個訓練、${test} 個測試。網路：${describeNetwork(s)}。地圖是網路在平面上的輸出${classification ? '（藍：類別 1，橘：類別 0；兩色交界就是決策邊界）' : ''}；● 訓練資料，○ 測試資料。`,
      }),
    },
    ...lesson(s).map((text): LabBodyEvent => ({ kind: 'text', text: t(text) })),
  ];
}

export const playgroundLab = defineLab({
  keys: PLAYGROUND_KEYS,
  id: 'playground',
  title: { en: 'Playground: the decision boundary', 'zh-TW': 'Playground：決策邊界 (decision boundary)' },
  summary: {
    en: 'TensorFlow Playground in the terminal: a line, then a bent boundary; features vs depth; live η',
    'zh-TW': '終端機裡的 TensorFlow Playground：從一條直線到彎曲的邊界；特徵與深度；即時調整 η',
  },
  steps: true,
  params: PLAYGROUND_PARAMS,
  validate: validatePlayground,
  async *run(ctx) {
    const { t } = ctx;
    const s = runSettings(ctx.params);
    const task = taskOf(s.dataset);
    const classification = task === 'classification';
    const points = split(generate(s.dataset, ctx.rng, s.points, s.noise), s.trainRatio, ctx.rng);
    yield* intro(ctx, s, points.train.label.length, points.test.label.length);

    const data = new PlaygroundData(points, s.features);
    const net = new PlaygroundNet([s.features.length, ...s.hidden, 1], task, ctx.rng);
    const maps = new FieldMaker(data, s.features, task, s.resolution, points);
    const mapTitle = (epoch: number) => t({ en: `Network output over the plane, epoch ${epoch}`, 'zh-TW': `網路在平面上的輸出，第 ${epoch} 回合` });
    const lossTitle = t({ en: 'Loss per epoch', 'zh-TW': '每回合的損失' });
    try {
      let live = liveSettings(ctx.params);
      let saidRegularization = false;
      yield await maps.field(net, live.activation, 0, mapTitle(0));
      let drawnAt = performance.now();
      let drawnEpoch = 0;
      const history: EpochMetrics[] = [];
      let [plateauSaid, oscillationSaid, diverged] = [false, false, false];
      let fullBatchSaid = 0;
      for (let epoch = 1; epoch <= s.epochs; epoch++) {
        await ctx.pace(); // pause and single-step; live changes land here
        live = liveSettings(ctx.params);
        // A batch larger than the training set is the whole set: said once per such batch size (it is live).
        if (live.batchSize > points.train.label.length && fullBatchSaid !== live.batchSize) {
          fullBatchSaid = live.batchSize;
          yield {
            kind: 'warning',
            message: t({
              en: `--batch-size ${live.batchSize} is more than the ${points.train.label.length} training points: every step takes all of them (full batch)`,
              'zh-TW': `--batch-size ${live.batchSize} 大於 ${points.train.label.length} 個訓練資料點：每一步都用全部資料（全批次）`,
            }),
          };
        }
        if (live.regularization !== 'none' && !saidRegularization) {
          saidRegularization = true;
          yield { kind: 'text', text: t(REGULARIZATION_NOTE) };
        }
        const started = ctx.now();
        data.epoch(net, ctx.rng, live.batchSize, live);
        const m = await data.evaluate(net, live);
        if (!Number.isFinite(m.loss) || !Number.isFinite(m.testLoss) || m.loss > DIVERGED_LOSS) {
          yield { kind: 'warning', message: t(divergedWarning(epoch, live.lr, Number.isFinite(m.loss) ? m.loss : m.testLoss)) };
          diverged = true;
          break;
        }
        history.push(m);
        const values: Record<string, number> = classification
          ? { loss: m.loss, acc: m.acc, test_loss: m.testLoss, test_acc: m.testAcc, lr: live.lr }
          : { loss: m.loss, test_loss: m.testLoss, lr: live.lr };
        yield { kind: 'metric', scope: 'epoch', step: epoch, total: s.epochs, values, elapsedMs: ctx.now() - started };
        yield { kind: 'point', chart: 'loss', title: lossTitle, name: t({ en: 'train', 'zh-TW': '訓練 (train)' }), x: epoch, y: m.loss };
        yield { kind: 'point', chart: 'loss', title: lossTitle, name: t({ en: 'test', 'zh-TW': '測試 (test)' }), x: epoch, y: m.testLoss };
        yield { kind: 'progress', id: 'epochs', label: t({ en: 'epoch', 'zh-TW': '回合' }), done: epoch, total: s.epochs };
        if (!oscillationSaid && isOscillating(history)) {
          oscillationSaid = true;
          yield { kind: 'text', text: t(oscillationNote(epoch, jumps(history), WINDOW, live.lr)) };
        }
        if (!plateauSaid && isPlateau(history, classification)) {
          plateauSaid = true;
          yield { kind: 'text', text: t(plateauNote(epoch, m.loss, m.testAcc, s)) };
        }
        // In the app, by the clock (a frame's worth); headless, at the chosen epochs.
        const due = ctx.frameMs !== undefined ? performance.now() - drawnAt >= ctx.frameMs : s.fieldEvery > 0 && epoch % s.fieldEvery === 0;
        if (due || epoch === s.epochs) {
          yield await maps.field(net, live.activation, epoch, mapTitle(epoch));
          [drawnAt, drawnEpoch] = [performance.now(), epoch];
        }
      }
      const last = history.at(-1);
      if (last && drawnEpoch !== history.length) yield await maps.field(net, live.activation, history.length, mapTitle(history.length));
      if (last) yield { kind: 'text', text: t(verdict(history.length, last, classification)) };
      yield {
        kind: 'result',
        metrics: {
          epochs: history.length,
          ...(last ? { trainLoss: last.loss, testLoss: last.testLoss } : {}),
          ...(last && classification ? { trainAcc: last.acc, testAcc: last.testAcc } : {}),
          plateau: plateauSaid ? 1 : 0,
          oscillated: oscillationSaid ? 1 : 0,
          diverged: diverged ? 1 : 0,
        },
      };
    } finally {
      net.dispose();
      data.dispose();
    }
  },
});
