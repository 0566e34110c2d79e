// Lab 3: gradient descent on one parameter, one step at a time.
import { closedForm, diverged, lossAndGrad, lossCurve, oneParamData, type OneParamData } from '../../../engine/maths/descent.js';
import { linspace } from '../../../engine/maths/activations.js';
import type { Cell } from '../../kit/events.js';
import type { LabBodyEvent, LabContext } from '../../kit/lab.js';
import { defineLab, boolean, int, number } from '../../kit/define.js';
import { learningRate } from '../../kit/shared-params.js';

const TRUE_W = 2;
const sig3 = (x: number) => Number(x.toPrecision(3));

interface DescentRun {
  lr: number;
  w: number;
  loss: number;
  steps: number;
  divergedAt?: number;
  rows: Cell[][];
}

/** Steps w ← w − η·dL/dw, yielding each step's events; stops early on divergence. */
async function* descend(
  ctx: LabContext,
  data: OneParamData,
  lr: number,
  w0: number,
  steps: number,
  onStep: (step: number, w: number, grad: number, loss: number) => LabBodyEvent[],
): AsyncGenerator<LabBodyEvent, DescentRun> {
  let w = w0;
  const rows: Cell[][] = [];
  let { loss, grad } = await lossAndGrad(data, w);
  rows.push([0, w, grad, loss]);
  yield* onStep(0, w, grad, loss);
  for (let step = 1; step <= steps; step++) {
    await ctx.pace();
    w = w - lr * grad;
    ({ loss, grad } = await lossAndGrad(data, w));
    rows.push([step, w, grad, loss]);
    yield* onStep(step, w, grad, loss);
    if (diverged(w, loss)) return { lr, w, loss, steps: step, divergedAt: step, rows };
  }
  return { lr, w, loss, steps, rows };
}

export const descentLab = defineLab({
  id: 'descent',
  title: { en: 'Gradient descent on one parameter', 'zh-TW': '單一參數的梯度下降 (Gradient descent)' },
  summary: {
    en: 'w ← w − η·dL/dw step by step on L(w); too small, good and too large learning rates',
    'zh-TW': '在 L(w) 上一步步 w ← w − η·dL/dw；學習率太小、剛好、太大',
  },
  steps: true,
  stepDelayMs: 400,
  params: {
    lr: learningRate({ default: 0.1, min: 1e-6, max: 10 }),
    steps: int({ default: 20, min: 1, max: 200, help: { en: 'number of update steps', 'zh-TW': '更新步數' } }),
    w0: number({ default: -3, min: -100, max: 100, help: { en: 'starting value w⁰', 'zh-TW': '起始值 w⁰' } }),
    samples: int({ default: 20, min: 2, max: 10000, help: { en: 'data points (x, y) drawn from the seed', 'zh-TW': '由種子產生的資料點數' } }),
    compare: boolean({
      default: false,
      help: { en: 'run a too small, a good and a too large learning rate side by side', 'zh-TW': '並排比較太小、剛好、太大的學習率' },
    }),
  },
  async *run(ctx) {
    const { t, params } = ctx;
    const data = oneParamData(ctx.rng, params.samples, TRUE_W);
    const exact = closedForm(data);
    const w0 = params.w0;
    const steps = params.steps;

    yield { kind: 'text', style: 'heading', text: t({ en: 'Gradient descent on one parameter', 'zh-TW': '單一參數的梯度下降' }) };
    yield { kind: 'text', style: 'formula', text: 'w* = argmin L(w),   L(w) = Σ (w·xᵢ − yᵢ)² / N' };
    yield { kind: 'text', style: 'formula', text: 'wᵗ⁺¹ = wᵗ − η · ∂L/∂w |w=wᵗ' };
    yield {
      kind: 'text',
      text: t({
        en: `The model y = w·x is fitted to ${data.x.length} points drawn near y = ${TRUE_W}x (seed ${ctx.seed}). The gradient ∂L/∂w comes from TensorFlow.js autodiff. Here the best w is w* = ${sig3(exact.wStar)}, and any η below ${sig3(exact.criticalLr)} (= 1 / mean x²) converges.`,
        'zh-TW': `模型 y = w·x 擬合 ${data.x.length} 個在 y = ${TRUE_W}x 附近的資料點（種子 ${ctx.seed}）。梯度 ∂L/∂w 由 TensorFlow.js 自動微分算出。最佳的 w* = ${sig3(exact.wStar)}；學習率 η 小於 ${sig3(exact.criticalLr)}（= 1 / x² 的平均）就會收斂。`,
      }),
    };

    const span = Math.max(1, 1.5 * Math.abs(w0 - exact.wStar));
    const ws = linspace(exact.wStar - span, exact.wStar + span, 81);
    const curve = await lossCurve(data, ws);
    const curveTitle = t({ en: 'L(w) with the current w marked', 'zh-TW': 'L(w)，標出目前的 w' });

    if (params.compare) {
      yield* compareRates(ctx, data, exact, w0, steps);
      return;
    }

    const lr = params.lr;
    const stepTitle = t({ en: 'Loss per step', 'zh-TW': '每一步的損失' });
    const started = ctx.now();
    const run = yield* descend(ctx, data, lr, w0, steps, (step, w, grad, loss) => [
      { kind: 'series', chart: 'curve', title: curveTitle, name: 'L(w)', x: ws, y: curve, mark: { x: w, y: loss } },
      { kind: 'point', chart: 'loss', title: stepTitle, name: `η = ${lr}`, x: step, y: loss },
      { kind: 'metric', scope: 'step', step, total: steps, values: { w, grad, loss }, elapsedMs: ctx.now() - started },
      { kind: 'progress', id: 'steps', label: t({ en: 'step', 'zh-TW': '步' }), done: step, total: steps },
    ]);
    yield {
      kind: 'table',
      id: 'steps',
      title: t({ en: `Steps with η = ${lr}`, 'zh-TW': `η = ${lr} 的每一步` }),
      columns: [t({ en: 'step', 'zh-TW': '步 (step)' }), 'w', '∂L/∂w', 'L'],
      rows: run.rows,
    };
    if (run.divergedAt !== undefined) {
      yield {
        kind: 'warning',
        message: t({
          en: `diverged at step ${run.divergedAt}: w = ${sig3(run.w)}, L = ${sig3(run.loss)}. The learning rate η = ${lr} is too large: each step overshoots w* by more than it corrects (it must be below ${sig3(exact.criticalLr)} here).`,
          'zh-TW': `第 ${run.divergedAt} 步發散 (diverged)：w = ${sig3(run.w)}、L = ${sig3(run.loss)}。學習率 η = ${lr} 太大：每一步越過 w* 的量比修正的還多（這裡必須小於 ${sig3(exact.criticalLr)}）。`,
        }),
      };
    } else if (atCriticalRate(lr, exact)) {
      yield {
        kind: 'text',
        text: t({
          en: `Oscillates at a constant size: η = ${lr} is the critical rate ${sig3(exact.criticalLr)} (= 1 / mean x²), where |1 − 2η·mean x²| = 1. Each step lands w on the other side of w* = ${sig3(exact.wStar)} at the same distance (${sig3(Math.abs(run.w - exact.wStar))}): it neither converges nor diverges. Any smaller η converges; any larger one diverges.`,
          'zh-TW': `以固定幅度震盪：η = ${lr} 正是臨界學習率 ${sig3(exact.criticalLr)}（= 1 / x² 的平均），此時 |1 − 2η·x² 的平均| = 1。每一步都讓 w 跳到 w* = ${sig3(exact.wStar)} 的另一側、距離不變 (${sig3(Math.abs(run.w - exact.wStar))})：既不收斂也不發散。更小的 η 會收斂，更大的會發散。`,
        }),
      };
    } else if (growing(run, exact)) {
      // Judged by the trend, not by where w happens to stand after the last step.
      const [first, last] = [run.rows[0], run.rows[run.rows.length - 1]];
      yield {
        kind: 'warning',
        message: t({
          en: `diverging: the distance from w* grew from ${sig3(Math.abs((first[1] as number) - exact.wStar))} to ${sig3(Math.abs(run.w - exact.wStar))} and L from ${sig3(first[3] as number)} to ${sig3(last[3] as number)} in ${run.steps} steps. η = ${lr} is above the critical rate ${sig3(exact.criticalLr)} (= 1 / mean x²): each step overshoots w* by more than it corrects.`,
          'zh-TW': `正在發散 (diverging)：${run.steps} 步內與 w* 的距離從 ${sig3(Math.abs((first[1] as number) - exact.wStar))} 變成 ${sig3(Math.abs(run.w - exact.wStar))}，L 從 ${sig3(first[3] as number)} 變成 ${sig3(last[3] as number)}。η = ${lr} 高於臨界學習率 ${sig3(exact.criticalLr)}（= 1 / x² 的平均）：每一步越過 w* 的量比修正的還多。`,
        }),
      };
    } else {
      yield { kind: 'text', text: verdict(run, exact, t) };
    }
    const diverging = run.divergedAt !== undefined || growing(run, exact);
    yield {
      kind: 'result',
      metrics: { w: run.w, loss: run.loss, steps: run.steps, diverged: diverging ? 1 : 0, wStar: exact.wStar, criticalLr: exact.criticalLr },
    };
  },
});

const CRITICAL_TOLERANCE = 1e-4;

/**
 * At the critical rate within float32's reach: |1 − 2η·mean x²| = 1 to 1 part in 10⁴,
 * where 30 steps in float32 cannot tell growth from shrinking (one step changes the
 * distance by less than the rounding of w does).
 */
function atCriticalRate(lr: number, exact: ReturnType<typeof closedForm>): boolean {
  return Math.abs(exact.contraction(lr) - 1) <= CRITICAL_TOLERANCE;
}

/** Moving away from w*: each step multiplies the distance by more than 1 (the closed form decides, not float32's rounding). */
function growing(run: DescentRun, exact: ReturnType<typeof closedForm>): boolean {
  return exact.contraction(run.lr) > 1 + CRITICAL_TOLERANCE;
}

function verdict(run: DescentRun, exact: ReturnType<typeof closedForm>, t: LabContext['t']): string {
  const gap = Math.abs(run.w - exact.wStar);
  if (gap < 1e-3) {
    return t({ en: `Converged: w = ${sig3(run.w)} ≈ w* after ${run.steps} steps.`, 'zh-TW': `收斂：${run.steps} 步後 w = ${sig3(run.w)} ≈ w*。` });
  }
  const oscillates = run.lr > exact.criticalLr / 2;
  return oscillates
    ? t({
        en: `Still oscillating around w* (w = ${sig3(run.w)}), closing in: a large η jumps across the valley, but stays below the critical rate ${sig3(exact.criticalLr)}.`,
        'zh-TW': `仍在 w* 兩側震盪 (w = ${sig3(run.w)})，但逐漸靠近：η 大，每步都跳過谷底，但仍低於臨界學習率 ${sig3(exact.criticalLr)}。`,
      })
    : t({
        en: `Still crawling towards w* = ${sig3(exact.wStar)} (w = ${sig3(run.w)}): a small η takes many steps.`,
        'zh-TW': `仍在慢慢走向 w* = ${sig3(exact.wStar)} (w = ${sig3(run.w)})：η 太小要走很多步。`,
      });
}

async function* compareRates(
  ctx: LabContext,
  data: OneParamData,
  exact: ReturnType<typeof closedForm>,
  w0: number,
  steps: number,
): AsyncGenerator<LabBodyEvent> {
  const { t } = ctx;
  // Chosen from the data's critical rate so the lesson holds for every seed.
  const rates = [
    { label: t({ en: 'too small', 'zh-TW': '太小' }), lr: sig3(exact.criticalLr * 0.02) },
    { label: t({ en: 'good', 'zh-TW': '剛好' }), lr: sig3(exact.criticalLr * 0.4) },
    { label: t({ en: 'too large', 'zh-TW': '太大' }), lr: sig3(exact.criticalLr * 1.6) },
  ];
  yield {
    kind: 'text',
    text: t({
      en: `Three learning rates from the same w⁰ = ${w0}: ${rates.map((r) => `${r.label} η = ${r.lr}`).join(', ')}. The chart shows log₁₀ L so that all three fit.`,
      'zh-TW': `從同一個 w⁰ = ${w0} 出發的三個學習率：${rates.map((r) => `${r.label} η = ${r.lr}`).join('、')}。圖上畫的是 log₁₀ L，三條才放得下。`,
    }),
  };
  const title = t({ en: 'log₁₀ L per step, three learning rates', 'zh-TW': '每一步的 log₁₀ L，三個學習率' });
  const runs: DescentRun[] = [];
  for (const [i, rate] of rates.entries()) {
    // w per step on a chart of its own scale: the small η crawls towards w* (it would look
    // flat next to the others); the large one jumps across w*, further each time — drawn
    // while the jumps stay within 50 times the first distance, so the zigzag stays visible.
    const wTitle = t({
      en: `w per step, ${rate.label} η = ${rate.lr} (w* = ${sig3(exact.wStar)})`,
      'zh-TW': `每一步的 w，${rate.label} η = ${rate.lr}（w* = ${sig3(exact.wStar)}）`,
    });
    const far = 50 * Math.abs(w0 - exact.wStar);
    runs.push(
      yield* descend(ctx, data, rate.lr, w0, steps, (step, w, _grad, loss) => [
        { kind: 'point', chart: 'compare', title, name: `${rate.label} η=${rate.lr}`, x: step, y: Math.log10(Math.max(loss, 1e-12)) },
        ...(Math.abs(w - exact.wStar) <= far ? [{ kind: 'point', chart: `compare-w-${i}`, title: wTitle, name: 'w', x: step, y: w } as const] : []),
      ]),
    );
  }
  const describe = (run: DescentRun) =>
    run.divergedAt !== undefined
      ? t({ en: `diverged at step ${run.divergedAt}`, 'zh-TW': `第 ${run.divergedAt} 步發散` })
      : Math.abs(run.w - exact.wStar) < 1e-3
        ? t({ en: 'converged', 'zh-TW': '收斂' })
        : t({ en: 'still far from w*', 'zh-TW': '離 w* 還很遠' });
  yield {
    kind: 'table',
    id: 'compare',
    title: t({ en: `After up to ${steps} steps (w* = ${sig3(exact.wStar)})`, 'zh-TW': `最多 ${steps} 步之後 (w* = ${sig3(exact.wStar)})` }),
    columns: ['', 'η', 'w', 'L', t({ en: 'verdict', 'zh-TW': '結果' })],
    rows: runs.map((run, i) => [rates[i].label, run.lr, run.w, run.loss, describe(run)]),
  };
  for (const run of runs.filter((r) => r.divergedAt !== undefined)) {
    yield {
      kind: 'warning',
      message: t({
        en: `η = ${run.lr} diverged at step ${run.divergedAt} (w = ${run.w.toPrecision(4)}): it is above the critical rate ${sig3(exact.criticalLr)}.`,
        'zh-TW': `η = ${run.lr} 在第 ${run.divergedAt} 步發散 (w = ${run.w.toPrecision(4)})：它高於臨界學習率 ${sig3(exact.criticalLr)}。`,
      }),
    };
  }
  yield {
    kind: 'result',
    metrics: Object.fromEntries(
      runs.flatMap((run, i) => [
        [`lr${i}`, run.lr],
        [`w${i}`, run.w],
        [`loss${i}`, run.loss],
        [`diverged${i}`, run.divergedAt !== undefined ? 1 : 0],
      ]),
    ),
  };
}
