// Lab 4: all parameters at once; batches and epochs.
import { housePrices, leastSquares, trainRegression, type EpochRecord } from '../../../engine/maths/regression.js';
import { createRng } from '../../../engine/random.js';
import type { Cell } from '../../kit/events.js';
import type { LabBodyEvent, LabContext } from '../../kit/lab.js';
import { defineLab, int } from '../../kit/define.js';
import { learningRate } from '../../kit/shared-params.js';

const sig3 = (x: number) => Number(x.toPrecision(3));
const finite = (x: number) => (Number.isFinite(x) ? x : Number.MAX_VALUE);
/** A number for a table cell: JSON has no Infinity or NaN, so a diverged value is spelled out. */
const cell = (x: number): Cell => (Number.isFinite(x) ? x : Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '−∞');
/** The first epoch whose loss is no longer a finite number, if any. */
const divergedAt = (records: EpochRecord[]) => records.find((r) => !Number.isFinite(r.loss))?.epoch;

export const batchesLab = defineLab({
  id: 'batches',
  title: { en: 'Batches and epochs', 'zh-TW': '批次 (batch) 與回合 (epoch)' },
  summary: {
    en: 'θ = [w, b] updated per batch: full batch vs mini-batch vs SGD, large vs small η',
    'zh-TW': 'θ = [w, b] 每個批次更新一次：全批次、小批次與 SGD，大與小的學習率',
  },
  steps: true,
  params: {
    batchSize: int({ default: 8, min: 1, max: 10000, help: { en: 'mini-batch size', 'zh-TW': '小批次大小 (batch size)' } }),
    lr: learningRate({ default: 0.05, min: 1e-6, max: 10 }),
    epochs: int({ default: 20, min: 1, max: 500, help: { en: 'passes over the data', 'zh-TW': '訓練回合數 (epochs)' } }),
    samples: int({ default: 64, min: 2, max: 10000, help: { en: 'houses in the data set', 'zh-TW': '資料中的房屋數' } }),
  },
  async *run(ctx) {
    const { t, params } = ctx;
    const data = housePrices(ctx.rng, params.samples);
    const best = leastSquares(data);
    const epochs = params.epochs;
    const lr = params.lr;
    const n = data.x.length;
    const batchSize = Math.min(params.batchSize, n);

    yield { kind: 'text', style: 'heading', text: t({ en: 'All parameters at once: batches and epochs', 'zh-TW': '一次更新所有參數：批次與回合' }) };
    yield { kind: 'text', style: 'formula', text: 'θ = [w, b],   G = ∇L(θ),   θ ← θ − η·G   (once per batch)' };
    yield {
      kind: 'text',
      text: t({
        en: `Price ≈ w·size + b for ${n} seeded houses (size in 100 m², price in millions). Least squares gives w* = ${sig3(best.w)}, b* = ${sig3(best.b)}. One pass over the data is an epoch: a full batch makes 1 update per epoch, mini-batches of ${batchSize} make ${Math.ceil(n / batchSize)}, single samples (SGD) make ${n}. Batch size is limited by GPU memory; small batches (≤ 32) often generalise better.`,
        'zh-TW': `${n} 間由種子產生的房屋：價格 ≈ w·面積 + b（面積以 100 m² 計，價格以百萬計）。最小平方法得到 w* = ${sig3(best.w)}、b* = ${sig3(best.b)}。走過全部資料一次為一個回合 (epoch)：全批次每回合更新 1 次，大小 ${batchSize} 的小批次更新 ${Math.ceil(n / batchSize)} 次，單一樣本 (SGD) 更新 ${n} 次。批次大小受 GPU 記憶體限制；小批次 (≤ 32) 常常泛化得更好。`,
      }),
    };

    const modes = [
      { name: t({ en: `full batch (${n})`, 'zh-TW': `全批次 (${n})` }), batchSize: n },
      { name: t({ en: `mini-batch (${batchSize})`, 'zh-TW': `小批次 (${batchSize})` }), batchSize },
      { name: 'SGD (1)', batchSize: 1 },
    ];
    const chartTitle = t({ en: `Loss (MSE) per epoch, η = ${lr}`, 'zh-TW': `每回合的損失 (MSE)，η = ${lr}` });
    const finals: EpochRecord[] = [];
    const runs: EpochRecord[][] = [];
    let miniRecords: EpochRecord[] = [];
    for (const mode of modes) {
      const events: LabBodyEvent[] = [];
      // Each mode draws its batches from the same seed, so the comparison is fair.
      const records = await trainRegression(data, { batchSize: mode.batchSize, lr, epochs, rng: createRng(ctx.seed + 1) }, async (record) => {
        if (Number.isFinite(record.loss)) events.push({ kind: 'point', chart: 'modes', title: chartTitle, name: mode.name, x: record.epoch, y: record.loss });
        await ctx.pace(); // between epochs: the screen stays live, and a stop is heard
      });
      yield* events;
      await ctx.pace();
      finals.push(records.at(-1)!);
      runs.push(records);
      if (mode.batchSize === batchSize) miniRecords = records;
    }
    yield {
      kind: 'table',
      id: 'modes',
      title: t({
        en: `After ${epochs} epochs (w* = ${sig3(best.w)}, b* = ${sig3(best.b)})`,
        'zh-TW': `${epochs} 回合之後 (w* = ${sig3(best.w)}、b* = ${sig3(best.b)})`,
      }),
      columns: [t({ en: 'mode', 'zh-TW': '方式' }), t({ en: 'updates', 'zh-TW': '更新次數' }), 'w', 'b', t({ en: 'loss', 'zh-TW': '損失 (loss)' })],
      rows: modes.map((mode, i) => [mode.name, finals[i].updates, cell(finals[i].w), cell(finals[i].b), cell(finals[i].loss)]),
    };
    const diverged = modes.flatMap((mode, i) => {
      const epoch = divergedAt(runs[i]);
      return epoch === undefined ? [] : [`${mode.name}: ${t({ en: `diverged at epoch ${epoch}`, 'zh-TW': `在第 ${epoch} 回合發散` })}`];
    });
    if (diverged.length > 0) {
      yield {
        kind: 'text',
        text: t({
          en: `${diverged.join('; ')}. At η = ${lr} each update overshoots the minimum by more than it corrects, so the loss grows until it is no longer a finite number (PyTorch reaches inf the same way). Try a smaller --lr.`,
          'zh-TW': `${diverged.join('；')}。η = ${lr} 時每次更新越過最小值的量比修正的還多，損失一路變大直到不再是有限的數（PyTorch 也一樣會到 inf）。試試較小的 --lr。`,
        }),
      };
    }
    yield {
      kind: 'table',
      id: 'epochs',
      title: t({ en: `Parameters per epoch, mini-batch ${batchSize}`, 'zh-TW': `每回合的參數，小批次 ${batchSize}` }),
      columns: [t({ en: 'epoch', 'zh-TW': '回合 (epoch)' }), t({ en: 'updates', 'zh-TW': '更新次數' }), 'w', 'b', t({ en: 'loss', 'zh-TW': '損失 (loss)' })],
      rows: miniRecords.map((r) => [r.epoch, r.updates, cell(r.w), cell(r.b), cell(r.loss)]),
    };

    // Far enough apart to show both failure modes at the default η: overshooting and crawling.
    const rates = [lr * 5, lr / 20];
    const rateTitle = t({
      en: `log₁₀ loss per epoch: large vs small η, mini-batch ${batchSize}`,
      'zh-TW': `每回合的 log₁₀ 損失：大與小的 η，小批次 ${batchSize}`,
    });
    const rateFinals: number[] = [];
    const rateRuns: EpochRecord[][] = [];
    for (const rate of rates) {
      const records = await trainRegression(data, { batchSize, lr: rate, epochs, rng: createRng(ctx.seed + 1) }, () => ctx.pace());
      // A diverged run's loss becomes Infinity: the curve stops at its last finite point.
      for (const r of records.filter((r) => Number.isFinite(r.loss))) {
        yield { kind: 'point', chart: 'rates', title: rateTitle, name: `η = ${sig3(rate)}`, x: r.epoch, y: Math.log10(Math.max(r.loss, 1e-12)) };
      }
      rateFinals.push(records.at(-1)!.loss);
      rateRuns.push(records);
      await ctx.pace();
    }
    yield { kind: 'text', text: rateVerdict(rates, rateRuns, finals[1].loss, lr, t) };
    yield {
      kind: 'result',
      metrics: {
        wStar: best.w,
        bStar: best.b,
        // JSON has no Infinity or NaN: a diverged run reports the largest finite number.
        fullBatchLoss: finite(finals[0].loss),
        miniBatchLoss: finite(finals[1].loss),
        sgdLoss: finite(finals[2].loss),
        largeLrLoss: finite(rateFinals[0]),
        smallLrLoss: finite(rateFinals[1]),
      },
    };
  },
});

/** What each learning rate did, said from its own curve (not assumed). */
function rateVerdict(rates: number[], runs: EpochRecord[][], reference: number, baseLr: number, t: LabContext['t']): string {
  const describe = (records: EpochRecord[]) => {
    const loss = records.at(-1)!.loss;
    const first = records[0].loss;
    const rises = records.filter((r, i) => i > 0 && r.loss > records[i - 1].loss).length;
    const epoch = divergedAt(records);
    if (epoch !== undefined)
      return t({
        en: `diverged at epoch ${epoch}: each step overshoots further, until the loss is no longer a finite number`,
        'zh-TW': `在第 ${epoch} 回合發散：每一步都衝得更遠，直到損失不再是有限的數`,
      });
    // Growing every epoch, or ending far above where it began: overshooting, however slowly it started.
    if (records.length > 1 && (rises === records.length - 1 || loss > first * 10))
      return t({
        en: `diverges: each step overshoots further (the loss grew from ${sig3(first)} to ${sig3(loss)})`,
        'zh-TW': `發散：每一步都衝得更遠（損失從 ${sig3(first)} 增加到 ${sig3(loss)}）`,
      });
    if (rises >= 3)
      return t({
        en: `bounces around the minimum (the loss went up in ${rises} epochs; last ${sig3(loss)})`,
        'zh-TW': `在最小值附近來回跳動（損失有 ${rises} 個回合變大；最後 ${sig3(loss)}）`,
      });
    if (loss > reference * 1.5)
      return t({
        en: `crawls: still at loss ${sig3(loss)}, where η = ${sig3(baseLr)} reaches ${sig3(reference)}`,
        'zh-TW': `走得很慢：損失仍為 ${sig3(loss)}，η = ${sig3(baseLr)} 可達 ${sig3(reference)}`,
      });
    return t({ en: `reaches the minimum (loss ${sig3(loss)})`, 'zh-TW': `到達最小值附近（損失 ${sig3(loss)}）` });
  };
  return t({
    en: `The second chart shows log₁₀ loss. η = ${sig3(rates[0])}: ${describe(runs[0])}. η = ${sig3(rates[1])}: ${describe(runs[1])}.`,
    'zh-TW': `第二張圖為 log₁₀ 損失。η = ${sig3(rates[0])}：${describe(runs[0])}。η = ${sig3(rates[1])}：${describe(runs[1])}。`,
  });
}
