// Lab 8: the three errors every student meets, reproduced and explained.
import { crossBackendUse, tfjsShapeError, type CrossBackendUse } from '../../../engine/maths/failures.js';
import { checkShapes, modelSize, parseModelSpec, ShapeError, shortName, type LayerSpec } from '../../../engine/nn/model-spec.js';
import type { Localized } from '../../kit/i18n.js';
import { parseModelParam } from '../../kit/model-param.js';
import { defineLab, int, number, string } from '../../kit/define.js';
import { deviceWords } from '../../../engine/backends/device-words.js';

const MNIST_INPUT = [1, 28, 28];
const fmt = (mb: number) => (mb >= 1000 ? `${(mb / 1000).toFixed(2)} GB` : `${mb.toFixed(1)} MB`);
/** Bytes in PyTorch's unit, GiB (2³⁰ bytes), two decimals. */
const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);

/** nnlab's shape error in both languages, worded from the error's data. */
function shapeWarning(err: ShapeError, layers: readonly LayerSpec[]): Localized {
  const layer = `(${err.layerIndex}) ${shortName(layers[err.layerIndex])}`;
  if (err.reason.kind === 'flatten') {
    const shape = err.reason.shape.join('×');
    return { en: `nnlab: ${err.message}`, 'zh-TW': `nnlab：第 ${layer} 層收到 ${shape} 的輸入：請在它前面加上 Flatten` };
  }
  const at = err.reason.sourceIndex;
  const source = at === undefined ? `輸入只有 ${err.got} 個` : `第 (${at}) ${shortName(layers[at])} 層輸出 ${err.got} 個`;
  return { en: `nnlab: ${err.message}`, 'zh-TW': `nnlab：第 ${layer} 層需要 ${err.expected} 個輸入特徵 (input features)，但${source}` };
}

/** What the cross-backend demo saw, in both languages. */
function crossBackendText(demo: CrossBackendUse): Localized {
  if (!demo.ok) return { en: demo.error, 'zh-TW': `失敗 (${demo.error})` };
  const sum = `[1, 2, 3] + 1 = [${demo.values.join(', ')}]`;
  return { en: `a tensor made on ${demo.from} was read on ${demo.to}: ${sum}`, 'zh-TW': `在 ${demo.from} 上建立的張量 (tensor) 由 ${demo.to} 讀取：${sum}` };
}

export const errorsLab = defineLab({
  id: 'errors',
  title: { en: 'Reading error messages', 'zh-TW': '看懂錯誤訊息' },
  summary: {
    en: 'Wrong tensor shape, out of memory, wrong device: reproduced, explained, fixed',
    'zh-TW': '張量形狀錯誤、記憶體不足、裝置不一致：重現、解釋與修正',
  },
  params: {
    model: string({
      default: 'Flatten, Linear(784,64), ReLU, Linear(64,129), ReLU, Linear(128,10)',
      help: { en: 'model spec for the shape error (MNIST input 1×28×28)', 'zh-TW': '形狀錯誤示範用的模型（MNIST 輸入 1×28×28）' },
    }),
    units: int({ default: 100_000, min: 1, max: 10_000_000, help: { en: 'units of the huge layer', 'zh-TW': '巨大層的神經元數' } }),
    batchSize: int({ default: 10_000, min: 1, max: 10_000_000, help: { en: 'batch size for the memory estimate', 'zh-TW': '記憶體估計用的批次大小' } }),
    memoryGb: number({ default: 8, min: 0.1, max: 1024, help: { en: 'device memory to fit in (GB)', 'zh-TW': '裝置可用記憶體 (GB)' } }),
  },
  validate(params) {
    parseModelParam(params.model);
  },
  async *run(ctx) {
    const { t, params } = ctx;

    // 1. Wrong tensor shape
    yield { kind: 'text', style: 'heading', text: t({ en: '1. Wrong tensor shape', 'zh-TW': '1. 張量形狀錯誤 (shape mismatch)' }) };
    const layers = parseModelSpec(params.model);
    yield { kind: 'text', style: 'formula', text: params.model };
    let shapeMessage: string | undefined;
    let mismatch: ShapeError | undefined;
    try {
      checkShapes(layers, MNIST_INPUT);
    } catch (err) {
      if (!(err instanceof ShapeError)) throw err;
      mismatch = err;
      shapeMessage = err.message;
    }
    if (mismatch) {
      yield { kind: 'warning', message: t(shapeWarning(mismatch, layers)) };
      const tfMessage = tfjsShapeError(layers, 784, 32);
      const culprit = layers[mismatch.layerIndex];
      const out = culprit.type === 'Linear' ? culprit.out : '?';
      yield { kind: 'text', text: t({ en: 'The same mistake, three ways of saying it (a batch of 32):', 'zh-TW': '同一個錯誤的三種說法（批次 32）：' }) };
      yield {
        kind: 'text',
        style: 'formula',
        text: `PyTorch:  RuntimeError: mat1 and mat2 shapes cannot be multiplied (32x${mismatch.got} and ${mismatch.expected}x${out})`,
      };
      // The layer that produced the wrong width: its input width is the slide's first number.
      const producer = layers
        .slice(0, mismatch.layerIndex)
        .reverse()
        .find((l) => l.type === 'Linear');
      if (producer?.type === 'Linear') {
        yield {
          kind: 'text',
          style: 'formula',
          text: `${t({ en: 'PyTorch (the slide, from the backward pass)', 'zh-TW': 'PyTorch（投影片上的，來自反向傳播 backward pass）' })}:  RuntimeError: Function AddmmBackward returned an invalid gradient at index 1 - got [${producer.in}, ${mismatch.expected}] but expected shape compatible with [${producer.in}, ${mismatch.got}]`,
        };
      }
      yield { kind: 'text', style: 'formula', text: `TensorFlow.js:  ${tfMessage ?? t({ en: '(no error)', 'zh-TW': '（沒有錯誤）' })}` };
      yield { kind: 'text', style: 'formula', text: `nnlab:  ${shapeMessage}` };
      yield {
        kind: 'text',
        text: t({
          en: `Read it as: the layer gets ${mismatch.got} features per sample but was built for ${mismatch.expected}. Each Linear(in, out)'s "in" must equal the previous Linear's "out". Fix: make them agree, e.g. Linear(64, 128) followed by Linear(128, 10).`,
          'zh-TW': `意思是：這一層每個樣本收到 ${mismatch.got} 個特徵，但它是為 ${mismatch.expected} 個建的。每個 Linear(in, out) 的 in 必須等於前一個 Linear 的 out。修正：讓它們一致，例如 Linear(64, 128) 接 Linear(128, 10)。`,
        }),
      };
    } else {
      yield {
        kind: 'text',
        text: t({
          en: 'These shapes fit: every Linear gets the features the layer before it gives.',
          'zh-TW': '這些形狀都吻合：每個 Linear 收到的特徵數等於前一層的輸出。',
        }),
      };
    }

    // 2. Out of memory
    yield { kind: 'text', style: 'heading', text: t({ en: '2. Out of memory', 'zh-TW': '2. 記憶體不足 (out of memory)' }) };
    const units = params.units;
    const batch = params.batchSize;
    const limitMB = params.memoryGb * 1000;
    const hugeSpec = `Flatten, Linear(784,${units}), ReLU, Linear(${units},10)`;
    const size = modelSize(parseModelSpec(hugeSpec), MNIST_INPUT, batch);
    yield { kind: 'text', style: 'formula', text: `${hugeSpec}   ${t({ en: 'batch', 'zh-TW': '批次 (batch)' })} ${batch}` };
    yield {
      kind: 'table',
      id: 'memory',
      title: t({
        en: 'Estimated before allocating anything (float32, torchinfo conventions)',
        'zh-TW': '配置任何記憶體之前先估計（float32，torchinfo 的算法）',
      }),
      columns: [t({ en: 'part', 'zh-TW': '項目' }), 'MB'],
      rows: [
        [t({ en: 'parameters', 'zh-TW': '參數 (parameters)' }), size.paramsMB],
        [t({ en: 'input batch', 'zh-TW': '輸入批次 (input batch)' }), size.inputMB],
        [t({ en: 'forward/backward (activations + their gradients)', 'zh-TW': '前向/反向（各層輸出 activations 與其梯度）' }), size.forwardBackwardMB],
        [t({ en: 'total', 'zh-TW': '合計 (total)' }), size.totalMB],
        [t({ en: 'device memory', 'zh-TW': '裝置記憶體' }), limitMB],
      ],
    };
    const fits = size.totalMB <= limitMB;
    if (!fits) {
      yield {
        kind: 'warning',
        message: t({
          en: `refused: this needs about ${fmt(size.totalMB)} but the device has ${fmt(limitMB)} (PyTorch would stop with "CUDA out of memory. Tried to allocate …").`,
          'zh-TW': `拒絕執行：這需要約 ${fmt(size.totalMB)}，但裝置只有 ${fmt(limitMB)}（PyTorch 會停在 "CUDA out of memory. Tried to allocate …"）。`,
        }),
      };
    }
    // PyTorch reports binary units (GiB = 2³⁰ bytes) and the one allocation that failed: the huge layer's output.
    yield {
      kind: 'text',
      style: 'formula',
      text: `${t({ en: 'PyTorch (as the slide shows it)', 'zh-TW': 'PyTorch（投影片上的）' })}:  RuntimeError: CUDA out of memory. Tried to allocate ${gib(batch * units * 4)} GiB (GPU 0; ${gib(limitMB * 1e6)} GiB total capacity; …)`,
    };
    yield {
      kind: 'text',
      text: t({
        en: `PyTorch counts in GiB (2³⁰ bytes), nnlab's estimate in GB (10⁹ bytes): ${fmt(size.totalMB)} = ${gib(size.totalMB * 1e6)} GiB. The allocation it names is the largest single tensor: the ${units}-unit layer's output for a batch of ${batch}, ${batch} × ${units} × 4 bytes.`,
        'zh-TW': `PyTorch 以 GiB（2³⁰ 位元組）計，nnlab 的估計以 GB（10⁹ 位元組）計：${fmt(size.totalMB)} = ${gib(size.totalMB * 1e6)} GiB。訊息中的那次配置是最大的單一張量：${units} 個神經元那層對批次 ${batch} 的輸出，${batch} × ${units} × 4 位元組。`,
      }),
    };
    yield {
      kind: 'text',
      text: t({
        en: `${fits ? 'This fits.' : 'Nothing was allocated.'} The fixes, from the course: (1) fewer layer parameters (fewer units), (2) a smaller batch, (3) smaller images (fewer input features), (4) a GPU with more memory. Activations grow with batch × units: here ${batch} × ${units}.`,
        'zh-TW': `${fits ? '放得下。' : '沒有配置任何記憶體。'}課程中的修正方法：(1) 減少層的參數（更少神經元），(2) 更小的批次，(3) 更小的影像（更少輸入特徵），(4) 記憶體更大的 GPU。各層的輸出 (activations) 隨 批次 × 神經元數 成長：這裡是 ${batch} × ${units}。`,
      }),
    };

    // 3. Wrong device
    yield { kind: 'text', style: 'heading', text: t({ en: '3. Wrong device', 'zh-TW': '3. 裝置不一致 (wrong device)' }) };
    yield {
      kind: 'text',
      style: 'formula',
      text: 'RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu! (when checking argument mat1 in method wrapper_addmm)',
    };
    yield {
      kind: 'text',
      text: t({
        en: 'In PyTorch the model was moved to the GPU (model.to("cuda")) but a batch was not, or the other way round. Fix: move the model once and every batch in the loop: x, y = x.to(device), y.to(device).',
        'zh-TW':
          '在 PyTorch 中，模型搬到了 GPU (model.to("cuda"))，但某個批次沒有（或反過來）。修正：模型搬一次，迴圈裡每個批次也要搬：x, y = x.to(device), y.to(device)。',
      }),
    };
    const demo = await crossBackendUse('cpu', ctx.backend.backend === 'cpu' ? 'wasm' : ctx.backend.backend);
    yield {
      kind: 'text',
      text: t({
        en: `nnlab runs everything on one backend (${ctx.backend.backend}, ${ctx.backend.deviceDetail}), chosen once at the start; TensorFlow.js moves a tensor's data itself when another backend reads it. Tried here: ${t(crossBackendText(demo))}.`,
        'zh-TW': `nnlab 所有運算都在同一個後端（${ctx.backend.backend}，${deviceWords(ctx.backend.facts, 'zh-TW')}），在開始時選定一次；另一個後端讀取張量時，TensorFlow.js 會自己搬移資料。這裡實測：${t(crossBackendText(demo))}。`,
      }),
    };
    yield {
      kind: 'result',
      metrics: {
        shapeMismatch: mismatch ? 1 : 0,
        ...(mismatch ? { expectedFeatures: mismatch.expected, gotFeatures: mismatch.got } : {}),
        estimatedMB: size.totalMB,
        memoryLimitMB: limitMB,
        refused: fits ? 0 : 1,
      },
      values: { shapeMessage, memory: size },
    };
  },
});
