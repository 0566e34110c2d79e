// Lab 7: why GPUs — deep learning is mostly matrix multiplication, which
// parallelises; time it on every backend that loads here.
import { probeBackends, withBackend } from '../../../engine/backend.js';
import { predictSeconds, rowsForOp, timeMatMul, type MatMulTiming } from '../../../engine/bench/matmul-bench.js';
import type { Cell } from '../../kit/events.js';
import { defineLab, choice, number, numbers } from '../../kit/define.js';
import { ParamError } from '../../kit/params.js';

/** Measuring time per size once the warm-up shows how long one product takes. */
const MEASURE_MS = 250;
/**
 * Sizes up to this are timed without a prediction (under 0.1 s even in plain
 * JavaScript); a larger first size is predicted from a product of this size.
 */
const CALIBRATION_N = 256;
/** Longest single op: Ctrl-C is noticed between ops, so long products are split into pieces this long. */
const MAX_OP_SECONDS = 0.2;

export const gpuLab = defineLab({
  id: 'gpu',
  title: { en: 'Why GPUs', 'zh-TW': '為什麼需要 GPU' },
  summary: {
    en: 'Matrix products of growing size on each backend, in GFLOP/s',
    'zh-TW': '在每個後端計時越來越大的矩陣乘法 (GFLOP/s)',
  },
  params: {
    sizes: numbers({
      default: [64, 128, 256, 512, 1024],
      min: 2,
      max: 8192,
      minLength: 1,
      maxLength: 12,
      help: { en: 'matrix sizes n (n×n · n×n)', 'zh-TW': '矩陣大小 n (n×n · n×n)' },
    }),
    budget: number({
      default: 1,
      min: 0.01,
      max: 120,
      help: { en: 'seconds one product may take; larger sizes are skipped', 'zh-TW': '單次乘法可花的秒數；超過的大小會略過' },
    }),
    backends: choice({
      default: 'all',
      choices: ['all', 'current'],
      help: { en: 'every backend that loads, or only the current one', 'zh-TW': '所有能載入的後端，或只用目前的後端' },
    }),
  },
  validate(params) {
    const bad = params.sizes.find((n) => !Number.isInteger(n));
    if (bad !== undefined) throw new ParamError(`--sizes must be whole numbers (got ${bad})`);
  },
  async *run(ctx) {
    const { t, params } = ctx;
    const sizes = [...params.sizes].sort((a, b) => a - b);
    const budget = params.budget;
    yield { kind: 'text', style: 'heading', text: t({ en: 'Why GPUs: timing matrix products', 'zh-TW': '為什麼需要 GPU：矩陣乘法計時' }) };
    yield {
      kind: 'text',
      text: t({
        en: 'A neural network is mostly matrix multiplication: a layer computes X·W for a whole batch. One n×n product is 2n³ floating-point operations, all independent enough to run in parallel — which is what a GPU does with thousands of cores. Speed below is in GFLOP/s (10⁹ operations per second).',
        'zh-TW':
          '神經網路大部分是矩陣乘法：一層對整個批次計算 X·W。一次 n×n 乘法是 2n³ 個浮點運算，彼此獨立、可以平行 — GPU 用上千個核心做的正是這件事。以下速度單位為 GFLOP/s（每秒 10⁹ 次運算）。',
      }),
    };
    // The backend this run computes on is usable even where auto would pass it over (a software GPU).
    // With --backends current the others are not even loaded.
    const only = params.backends === 'current' ? [ctx.backend.backend] : undefined;
    const chosen = (await probeBackends(undefined, { only })).map((b) =>
      b.backend === ctx.backend.backend ? { ...b, ok: true, reason: ctx.backend.deviceDetail } : b,
    );
    yield {
      kind: 'table',
      id: 'devices',
      title: t({ en: 'Backends on this machine', 'zh-TW': '這台機器上的後端' }),
      columns: [t({ en: 'backend', 'zh-TW': '後端 (backend)' }), t({ en: 'device, or why it is not available', 'zh-TW': '裝置，或無法使用的原因' })],
      rows: chosen.map((b) => [b.backend, b.ok ? b.reason : t({ en: 'not available (why: below)', 'zh-TW': '無法使用（原因見下）' })]),
    };
    for (const b of chosen.filter((b) => !b.ok)) yield { kind: 'text', text: `${b.backend}: ${b.reason}` };

    const usable = chosen.filter((b) => b.ok);
    const results = new Map<string, MatMulTiming>();
    const skipped: string[] = [];
    const total = usable.length * sizes.length;
    let done = 0;
    const chartTitle = t({ en: 'GFLOP/s by matrix size n', 'zh-TW': '各矩陣大小 n 的 GFLOP/s' });
    for (const { backend } of usable) {
      let previous: MatMulTiming | undefined;
      for (const n of sizes) {
        await ctx.pace();
        if (!previous && n > CALIBRATION_N)
          previous = await withBackend(backend, () => timeMatMul(CALIBRATION_N, { targetMs: 50, seed: ctx.seed, signal: ctx.signal }));
        const estimate = previous ? predictSeconds(previous, n) : 0;
        const skip = estimate > budget;
        if (skip) {
          skipped.push(
            t({
              en: `${backend} n=${n} (≈${estimate.toFixed(1)} s per product > --budget ${budget} s)`,
              'zh-TW': `${backend} n=${n}（每次乘法約 ${estimate.toFixed(1)} s > --budget ${budget} s）`,
            }),
          );
        } else {
          const options = {
            targetMs: Math.min(MEASURE_MS, budget * 1000),
            seed: ctx.seed,
            signal: ctx.signal,
            rowsPerOp: rowsForOp(n, estimate, MAX_OP_SECONDS),
          };
          const timing = await withBackend(backend, () => timeMatMul(n, options));
          results.set(`${backend}:${n}`, timing);
          previous = timing;
          yield { kind: 'point', chart: 'gflops', title: chartTitle, name: backend, x: n, y: timing.gflops };
        }
        yield { kind: 'progress', id: 'sizes', label: `${backend} n=${n}${skip ? t({ en: ' (skipped)', 'zh-TW': '（略過）' }) : ''}`, done: ++done, total };
      }
    }
    const rows: Cell[][] = sizes.map((n) => [n, ...usable.map(({ backend }) => results.get(`${backend}:${n}`)?.gflops ?? null)]);
    yield {
      kind: 'table',
      id: 'gflops',
      title: t({ en: 'GFLOP/s per backend and size (empty: skipped)', 'zh-TW': '各後端與大小的 GFLOP/s（空白：略過）' }),
      columns: ['n', ...usable.map((b) => b.backend)],
      rows,
    };
    if (skipped.length > 0) {
      yield {
        kind: 'text',
        text: t({ en: `Skipped, too slow for the time budget: ${skipped.join('; ')}.`, 'zh-TW': `超過時間預算而略過：${skipped.join('；')}。` }),
      };
    }
    // Compared at one size, the largest every measured backend ran: GFLOP/s grow with n, so
    // the best of each at different sizes would compare a small product with a large one.
    const at = (backend: string, n: number) => results.get(`${backend}:${n}`)?.gflops;
    const measured = usable.map((b) => b.backend).filter((backend) => sizes.some((n) => at(backend, n) !== undefined));
    const common = [...sizes].reverse().find((n) => measured.every((backend) => at(backend, n) !== undefined));
    if (common !== undefined && measured.length > 1) {
      const ranked = [...measured].sort((a, b) => at(b, common)! - at(a, common)!);
      const [fastest, slowest] = [ranked[0], ranked[ranked.length - 1]];
      const [top, bottom] = [at(fastest, common)!, at(slowest, common)!];
      yield {
        kind: 'text',
        text: t({
          en: `Fastest here at n = ${common} (the largest size every backend ran): ${fastest} at ${top.toFixed(1)} GFLOP/s, ${(top / bottom).toFixed(0)}× ${slowest} at the same size. A data-centre GPU does thousands of GFLOP/s on the same product.`,
          'zh-TW': `在 n = ${common}（每個後端都跑過的最大尺寸）時這裡最快的是 ${fastest}，${top.toFixed(1)} GFLOP/s，是同尺寸下 ${slowest} 的 ${(top / bottom).toFixed(0)} 倍。資料中心的 GPU 做同樣的乘法可達每秒數千 GFLOP。`,
        }),
      };
    }
    yield {
      kind: 'result',
      metrics: Object.fromEntries([...results].map(([key, timing]) => [key.replace(':', '_'), timing.gflops])),
      values: { skipped, devices: chosen },
    };
  },
});
