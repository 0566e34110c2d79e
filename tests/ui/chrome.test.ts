import { describe, expect, it } from 'vitest';
import { sigmoidLab } from '../../src/labs/sigmoid.js';
import { chrome } from '../../src/ui/text/chrome.js';
import { createTextReporter } from '../../src/ui/text/reporter.js';
import { collect } from '../helpers.js';

async function textOf(lang: 'en' | 'zh-TW'): Promise<string> {
  const lines: string[] = [];
  const report = createTextReporter((line) => lines.push(line), { style: { width: 80, color: false, ascii: false } });
  for (const event of await collect(sigmoidLab, { lang })) report(event);
  return lines.join('\n');
}

describe("nnlab's own words around a lab's output, in the run's language", () => {
  it('English', async () => {
    const text = await textOf('en');
    expect(text).toMatch(/^backend: cpu · CPU \(plain JavaScript, slowest\) · seed 42$/m);
    expect(text).toMatch(/^result:$/m);
    expect(text).toMatch(/^done in \d+ms$/m);
  });

  it('Traditional Chinese, with the English terms', async () => {
    const text = await textOf('zh-TW');
    expect(text).toMatch(/^後端 \(backend\): cpu · CPU \(純 JavaScript，最慢\) · 種子 \(seed\) 42$/m);
    expect(text).toMatch(/^結果 \(result\)：$/m);
    expect(text).toMatch(/^完成，用時 \d+ms$/m);
    expect(text).not.toMatch(/^(backend|result|done in)/m);
  });
});

describe('the device line in Chinese', () => {
  // What each backend's profile writes (src/engine/backends), then what a zh-TW reader sees.
  const lines: [string, string][] = [
    ["CPU (native TensorFlow; no usable GPU: see 'nnlab doctor')", 'CPU (原生 TensorFlow；沒有可用的 GPU：見 nnlab doctor)'],
    ['GPU: nvidia nvidia-h200 (NVIDIA: 580.159.04) via WebGPU', 'GPU: nvidia nvidia-h200 (NVIDIA: 580.159.04)，經由 WebGPU'],
    ['software GPU: llvmpipe (LLVM 19.1.7, 256 bits) via WebGPU (exact, slow: for tests)', '軟體 GPU：llvmpipe (LLVM 19.1.7, 256 bits)，經由 WebGPU（精確但慢：測試用）'],
    ['CPU (WebAssembly, SIMD, 2 threads, one per core: 2 cores)', 'CPU (WebAssembly, SIMD, 2 個執行緒, 每個核心一個：2 個核心)'],
    ['CPU (WebAssembly, SIMD, 1 thread, as asked)', 'CPU (WebAssembly, SIMD, 1 個執行緒, 依指定)'],
    ['CPU (WebAssembly, SIMD, 1 thread, one core)', 'CPU (WebAssembly, SIMD, 1 個執行緒, 單一核心)'],
    [
      "CPU (WebAssembly, SIMD, 8 threads, one per core: 12 cores (cgroup CPU quota; 16 on the machine); tfjs's wasm build uses at most 8)",
      'CPU (WebAssembly, SIMD, 8 個執行緒, 每個核心一個：12 個核心（cgroup CPU 配額；機器上共 16 個）; tfjs 的 wasm 版本最多用 8 個)',
    ],
    // An error's own message stays as it was written.
    ['CPU (WebAssembly, SIMD, 1 thread: threads did not start (cannot write the worker script to /x: ENOENT))', 'CPU (WebAssembly, SIMD, 1 個執行緒: 執行緒未能啟動 (cannot write the worker script to /x: ENOENT))'],
  ];
  it.each(lines)('%s', (english, chinese) => {
    expect(chrome('zh-TW').device(english)).toBe(chinese);
    expect(chrome('en').device(english)).toBe(english);
  });
});
