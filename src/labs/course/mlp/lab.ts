// Lab 6: the course's full training process on MNIST, CIFAR-10 or a Kaggle CSV:
// define the model, get the loss from training data, optimise; batch by batch,
// epoch by epoch, with validation, a test confusion matrix and per-class accuracy.
import { existsSync } from 'node:fs';
import { loadCsvTest } from '../../../engine/data/csv.js';
import { features, pickRows, type Dataset, type Split } from '../../../engine/data/dataset.js';
import { checkDataSpec, loadDataset } from '../../../engine/data/load.js';
import { evaluate, predictClasses } from '../../../engine/nn/evaluate.js';
import { createMlp, initialWeights, type Mlp } from '../../../engine/nn/model.js';
import { checkTrainingFits, trainingMemory } from '../../../engine/nn/memory.js';
import { DEFAULT_LR, type OptimizerName } from '../../../engine/nn/optimizer.js';
import { createTrainer, warmTrainer } from '../../../engine/nn/trainer.js';
import type { RunningMetrics, Trainer } from '../../../engine/nn/trainer-types.js';
import { loadModelFiles, saveModel } from '../../../engine/nn/model-io.js';
import { checkShapes, parseModelSpec } from '../../../engine/nn/model-spec.js';
import { writeSubmission } from '../../../engine/data/submission.js';
import type { LabBodyEvent } from '../../kit/lab.js';
import { defineLab } from '../../kit/define.js';
import { MLP_PARAMS } from './params.js';
import type { MlpContext, Prepared } from './context.js';
import { methodZh, statsTable, testReport } from './report.js';
import { parseModelParam } from '../../kit/model-param.js';
import { summaryEvents } from './model-summary.js';
import { ParamError } from '../../kit/params.js';
import { deviceWords } from '../../../engine/backends/device-words.js';

/** The course's model: Flatten, Linear(C·H·W, 64), ReLU, Linear(64, 128), ReLU, Linear(128, 128), ReLU, Linear(128, classes). */
export function courseModel(inputFeatures: number, classes: number): string {
  return `Flatten, Linear(${inputFeatures},64), ReLU, Linear(64,128), ReLU, Linear(128,128), ReLU, Linear(128,${classes})`;
}

/** Points per epoch on the loss-per-step chart. */
const POINTS_PER_EPOCH = 50;
/** The GPU's running loss is asked for at most this often (reads not waited on). */
const READS_PER_SECOND = 20;
/** Progress at least this often, so a screen redraws 10+ times a second while training. */
const PROGRESS_EVERY_MS = 50;

interface Splits {
  train: Split;
  val?: Split;
}

/** A seeded shuffle, then the last `fraction` of the training images held out for validation. */
function splitValidation(dataset: Dataset, fraction: number, ctx: MlpContext): Splits {
  const width = features(dataset);
  const order = ctx.rng.shuffle(Array.from({ length: dataset.train.n }, (_, i) => i));
  const valCount = Math.floor(dataset.train.n * fraction);
  if (valCount === 0) return { train: dataset.train };
  return { train: pickRows(dataset.train, order.slice(0, -valCount), width), val: pickRows(dataset.train, order.slice(-valCount), width) };
}

/**
 * The running sums for a chart point. A device that should not wait per point (the GPU)
 * reports without waiting, a step or so late, at most READS_PER_SECOND times a second
 * (and always at an epoch's last batch); the others are read on the spot (a copy).
 */
function runningReader(trainer: Trainer): (lastBatch: boolean) => Promise<RunningMetrics | undefined> {
  const { peekRunning } = trainer;
  if (!peekRunning) return () => trainer.running();
  let readAt = 0;
  return async (lastBatch) => {
    if (!lastBatch && performance.now() - readAt < 1000 / READS_PER_SECOND) return undefined;
    readAt = performance.now();
    return peekRunning.call(trainer);
  };
}

export const mlpLab = defineLab({
  id: 'mlp',
  title: { en: 'Train an MLP', 'zh-TW': '訓練多層感知器 (MLP)' },
  summary: {
    en: "The course's MLP on MNIST, CIFAR-10 or a Kaggle CSV: epochs, validation, confusion matrix",
    'zh-TW': '課程的 MLP：在 MNIST、CIFAR-10 或 Kaggle CSV 上訓練，含驗證與混淆矩陣',
  },
  steps: true,
  params: MLP_PARAMS,
  validate(params) {
    checkDataSpec(params.data);
    if (params.model) parseModelParam(params.model);
    if (Boolean(params.predict) !== Boolean(params.submission)) {
      throw new ParamError('--predict <test.csv> and --submission <out.csv> go together: give both');
    }
    if (params.predict && !existsSync(params.predict)) throw new ParamError(`--predict ${params.predict}: no such file`);
    if (params.load && !existsSync(params.load)) throw new ParamError(`--load ${params.load}: no such folder`);
    if (params.epochs === 0 && !params.load) throw new ParamError('--epochs 0 only makes sense with --load (evaluate a saved model)');
  },
  async prepare(params) {
    // The GPU step's kernels depend on the layers' activations and the optimizer, not on the data's width: they compile while it loads.
    if (!params.load) warmTrainer(parseModelSpec(params.model || courseModel(1, 10)), { optimizer: params.optimizer, batchSize: params.batchSize });
    const limit = (n: number) => (n > 0 ? n : undefined);
    const dataset = loadDataset(params.data, { train: limit(params.limit), test: limit(params.testLimit) });
    const width = features(dataset);
    const loaded = params.load ? loadModelFiles(params.load) : undefined;
    const spec = loaded?.info.spec ?? (params.model || courseModel(width, dataset.classNames.length));
    const layers = parseModelSpec(spec);
    const outputs = checkShapes(layers, dataset.inputShape).at(-1)?.[0];
    if (outputs !== dataset.classNames.length) {
      throw new ParamError(
        `--model ends with ${outputs} outputs, but ${dataset.name} has ${dataset.classNames.length} classes: the last Linear needs out_features = ${dataset.classNames.length}`,
      );
    }
    // A model that cannot fit is refused before anything is allocated.
    const trainRows = Math.ceil(dataset.train.n * (1 - params.valSplit));
    checkTrainingFits(trainingMemory(layers, dataset.inputShape, { batchSize: params.batchSize, optimizer: params.optimizer, trainRows }));
    // A bad test file fails now, not after training.
    const unlabelled = params.predict ? loadCsvTest(params.predict, width) : undefined;
    return { dataset, loaded, spec, layers, unlabelled } satisfies Prepared;
  },
  async *run(ctx) {
    const { t, params } = ctx;
    const { dataset, loaded, spec, layers, unlabelled } = ctx.prepared;
    const width = features(dataset);
    const classes = dataset.classNames.length;
    const batchSize = params.batchSize;
    const epochs = params.epochs;
    const splits = splitValidation(dataset, params.valSplit, ctx);
    const optimizer = params.optimizer;
    // Each optimizer's usual η unless --lr is given: Adam at SGD's 0.1 reaches about 32 % on MNIST.
    const lr = params.lr || DEFAULT_LR[optimizer];
    const lrNote = params.lr
      ? ''
      : t({
          en: `, ${optimizer === 'adam' ? "Adam's" : "SGD's"} usual η; --lr sets another`,
          'zh-TW': `，${optimizer === 'adam' ? 'Adam' : 'SGD'} 的慣用 η；--lr 可另設`,
        });

    yield { kind: 'text', style: 'heading', text: t({ en: `Training an MLP on ${dataset.name}`, 'zh-TW': `在 ${dataset.name} 上訓練 MLP` }) };
    yield {
      kind: 'text',
      text: t({
        en: `${splits.train.n} training, ${splits.val?.n ?? 0} validation and ${dataset.test?.n ?? 0} test images of ${dataset.inputShape.join('×')} (C×H×W), ${classes} classes: ${dataset.classNames.join(', ')}. Pixels scaled to [0, 1]. The three steps of the course: (1) define the model, (2) get the loss (cross entropy) from the training data, (3) optimise (${optimizer === 'adam' ? 'Adam' : 'SGD'}, η = ${lr}${lrNote}) — once per batch of ${batchSize}, for ${epochs} epoch${epochs === 1 ? '' : 's'}, on ${ctx.backend.backend} (${ctx.backend.deviceDetail}).`,
        'zh-TW': `${splits.train.n} 張訓練、${splits.val?.n ?? 0} 張驗證、${dataset.test?.n ?? 0} 張測試影像，大小 ${dataset.inputShape.join('×')} (C×H×W)，${classes} 類：${dataset.classNames.join('、')}。像素縮放到 [0, 1]。課程的三步驟：(1) 定義模型，(2) 由訓練資料算出損失（交叉熵），(3) 最佳化（${optimizer === 'adam' ? 'Adam' : 'SGD'}，η = ${lr}${lrNote}）— 每批 ${batchSize} 張更新一次，共 ${epochs} 回合，在 ${ctx.backend.backend}（${deviceWords(ctx.backend.facts, 'zh-TW')}）上。`,
      }),
    };
    for (const message of dataset.warnings ?? []) yield { kind: 'warning', message };
    yield* summaryEvents(layers, dataset.inputShape, batchSize).events;

    const model = createMlp(layers, loaded?.weights ?? initialWeights(layers, ctx.rng));
    try {
      const result: Record<string, number> = {};
      if (epochs > 0) Object.assign(result, yield* train(ctx, model, splits, { batchSize, epochs, classes, width, optimizer, lr }));
      if (dataset.test && dataset.test.n > 0) yield* testReport(ctx, model, dataset, result);
      yield* statsTable(ctx, model, splits.train, classes, width);
      if (params.save) {
        await saveModel(model, params.save, { spec, inputShape: dataset.inputShape, classNames: dataset.classNames });
        yield {
          kind: 'text',
          text: t({
            en: `Saved the model to ${params.save} (model.json + weights.bin, TensorFlow.js format).`,
            'zh-TW': `模型已存到 ${params.save}（model.json + weights.bin，TensorFlow.js 格式）。`,
          }),
        };
      }
      if (unlabelled) {
        const predictions = await predictClasses(model, unlabelled.x, unlabelled.n);
        writeSubmission(params.submission, predictions);
        result.predicted = unlabelled.n;
        yield {
          kind: 'text',
          text: t({
            en: `Wrote ${unlabelled.n} predictions to ${params.submission} (ImageId,Label), ready to upload.`,
            'zh-TW': `已把 ${unlabelled.n} 筆預測寫到 ${params.submission}（ImageId,Label），可直接上傳。`,
          }),
        };
      }
      yield { kind: 'result', metrics: result, values: { spec, classNames: dataset.classNames } };
    } finally {
      model.dispose();
    }
  },
});

async function* train(
  ctx: MlpContext,
  model: Mlp,
  { train: trainSplit, val }: Splits,
  options: { batchSize: number; epochs: number; classes: number; width: number; optimizer: OptimizerName; lr: number },
): AsyncGenerator<LabBodyEvent, Record<string, number>> {
  const { t } = ctx;
  const trainer = createTrainer(model, trainSplit, { optimizer: options.optimizer, lr: options.lr, classes: options.classes, batchSize: options.batchSize });
  const n = trainSplit.n;
  const batches = Math.ceil(n / trainer.batchSize);
  const readEvery = Math.max(1, Math.ceil(batches / POINTS_PER_EPOCH));
  const lossTitle = t({
    en: `Training loss (each point the mean of ${readEvery} batches, the first such mean left out; x: epoch)`,
    'zh-TW': `訓練損失（每點是 ${readEvery} 個批次的平均，略去第一個平均；橫軸：回合）`,
  });
  const trainName = t({ en: 'train', 'zh-TW': '訓練 (train)' });
  const validationName = t({ en: 'validation', 'zh-TW': '驗證 (validation)' });
  const epochLossTitle = t({ en: 'Loss per epoch', 'zh-TW': '每回合的損失' });
  const epochAccTitle = t({ en: 'Accuracy per epoch', 'zh-TW': '每回合的正確率' });
  const trained: Record<string, number> = {};
  let trainSeconds = 0;
  yield { kind: 'text', text: t({ en: `Each training step: ${trainer.method}.`, 'zh-TW': `每個訓練步驟：${methodZh(trainer.method)}。` }) };
  try {
    // The GPU's pipelines compile while the lab says what it trains; where they are not done yet, it says it waits.
    const ready = trainer.ready?.();
    if (ready && !(await Promise.race([ready.then(() => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]))) {
      yield { kind: 'text', text: t({ en: 'Compiling GPU kernels…', 'zh-TW': '正在編譯 GPU 核心 (kernels)…' }) };
      await ready;
    }
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const started = ctx.now();
      trainer.startEpoch(ctx.rng.shuffle(Array.from({ length: n }, (_, i) => i)));
      let progressAt = 0;
      // The running sums at the last chart point: each point is the mean over the batches since then.
      let lastPoint = { lossSum: 0, samples: 0 };
      // As Keras: the epoch, the run's batches so far (so the ETA is the whole run's), and the epoch's running loss and accuracy.
      const progressLabel = t({ en: `epoch ${epoch}/${options.epochs}`, 'zh-TW': `第 ${epoch}/${options.epochs} 回合` });
      let runningValues: Record<string, number> | undefined;
      const readRunning = runningReader(trainer);
      for (let b = 0; b < batches; b++) {
        await ctx.pace();
        trainer.step(b);
        if ((b + 1) % readEvery === 0 || b === batches - 1) {
          const fresh = await readRunning(b === batches - 1);
          if (fresh) runningValues = { loss: fresh.loss, acc: fresh.acc };
          if (fresh && fresh.samples > lastPoint.samples) {
            const window = { lossSum: fresh.loss * fresh.samples, samples: fresh.samples };
            const mean = (window.lossSum - lastPoint.lossSum) / (window.samples - lastPoint.samples);
            lastPoint = window;
            // The very first window (loss near ln C, untrained) would set the scale and flatten the rest.
            const firstWindow = epoch === 1 && fresh.samples <= readEvery * trainer.batchSize && batches > readEvery;
            // Where the sums are: this batch's end, or (read a step late) the batch they counted to.
            const x = epoch - 1 + (fresh.samples === Math.min(n, (b + 1) * trainer.batchSize) ? (b + 1) / batches : fresh.samples / n);
            if (!firstWindow) yield { kind: 'point', chart: 'loss', title: lossTitle, name: trainName, x, y: mean };
          }
        }
        // Progress needs no sync with the device: by time, not by batch count.
        if (performance.now() - progressAt >= PROGRESS_EVERY_MS || b === batches - 1) {
          progressAt = performance.now();
          const done = (epoch - 1) * batches + b + 1;
          yield {
            kind: 'progress',
            id: 'batches',
            label: progressLabel,
            done,
            total: options.epochs * batches,
            ...(runningValues ? { values: runningValues } : {}),
          };
        }
      }
      const running = await trainer.running();
      const seconds = (ctx.now() - started) / 1000;
      trainer.syncModel();
      trainSeconds += seconds;
      const values: Record<string, number> = { loss: running.loss, acc: running.acc };
      if (val) {
        const v = await evaluate(model, val, options.classes);
        values.val_loss = v.loss;
        values.val_acc = v.acc;
      }
      const elapsedMs = ctx.now() - started;
      yield { kind: 'metric', scope: 'epoch', step: epoch, total: options.epochs, values, elapsedMs };
      for (const [name, value] of Object.entries(values)) {
        yield {
          kind: 'point',
          chart: name.endsWith('loss') ? 'epoch-loss' : 'epoch-acc',
          title: name.endsWith('loss') ? epochLossTitle : epochAccTitle,
          name: name.startsWith('val') ? validationName : trainName,
          x: epoch,
          y: value,
        };
      }
      Object.assign(trained, { trainLoss: values.loss, trainAcc: values.acc, ...(val ? { valLoss: values.val_loss, valAcc: values.val_acc } : {}) });
      trained.samplesPerSec = n / seconds;
    }
  } finally {
    trainer.dispose();
  }
  trained.epochs = options.epochs;
  trained.secondsPerEpoch = trainSeconds / options.epochs;
  trained.samplesPerSec = (n * options.epochs) / trainSeconds;
  return trained;
}
