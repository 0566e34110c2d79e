import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { sigmoidLab } from '../../src/labs/course/sigmoid/lab.js';
import { idleCores, usableCores } from '../../src/engine/machine/cpu-cores.js';
import { threadsDetail, wasmThreadPlan } from '../../src/engine/backends/wasm.js';
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

it('the header wraps within the width, also where the Chinese device line is long', () => {
  const lines: string[] = [];
  const report = createTextReporter((line) => lines.push(line), { style: { width: 80, color: false, ascii: false } });
  const deviceDetail = "CPU (WebAssembly, SIMD, 8 threads, one per core: 12 cores (cgroup CPU quota; 16 on the machine); tfjs's wasm build uses at most 8)";
  report({
    kind: 'start',
    schema: 1,
    lab: 'mlp',
    number: 6,
    title: '訓練多層感知器 (MLP)',
    params: {},
    seed: 42,
    backend: 'wasm',
    device: 'CPU',
    deviceDetail,
    version: '0.1.0',
    lang: 'zh-TW',
    time: '',
  });
  expect(lines.length).toBeGreaterThan(2);
  for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  expect(lines.join(' ')).toMatch(/種子\s+\(seed\) 42/);
});

it('the header breaks between its parts: the seed stays with its number', () => {
  const lines: string[] = [];
  const report = createTextReporter((line) => lines.push(line), { style: { width: 80, color: false, ascii: false } });
  report({
    kind: 'start',
    schema: 1,
    lab: 'losses',
    number: 2,
    title: 'Loss functions',
    params: {},
    seed: 42,
    backend: 'wasm',
    device: 'CPU',
    deviceDetail: 'CPU (WebAssembly, SIMD, 2 threads, one per core: 2 cores)',
    version: '0.1.0',
    lang: 'en',
    time: '',
  });
  expect(lines.slice(0, 3)).toEqual([
    'nnlab 0.1.0 · lab 2 losses — Loss functions',
    'backend: wasm · CPU (WebAssembly, SIMD, 2 threads, one per core: 2 cores)',
    '  seed 42',
  ]);
});

describe('the device line in Chinese', () => {
  it.each([
    ["CPU (native TensorFlow; no usable GPU: see 'nnlab doctor')", 'CPU (原生 TensorFlow；沒有可用的 GPU：見 nnlab doctor)'],
    ['GPU: nvidia nvidia-h200 (NVIDIA: 580.159.04) via WebGPU', 'GPU: nvidia nvidia-h200 (NVIDIA: 580.159.04)，經由 WebGPU'],
    [
      'software GPU: llvmpipe (LLVM 19.1.7, 256 bits) via WebGPU (exact, slow: for tests)',
      '軟體 GPU：llvmpipe (LLVM 19.1.7, 256 bits)，經由 WebGPU（精確但慢：測試用）',
    ],
    ['CPU (WebAssembly, SIMD, 2 threads, one per core: 2 cores)', 'CPU (WebAssembly, SIMD, 2 個執行緒, 每個核心一個：2 個核心)'],
    [
      'CPU (WebAssembly, SIMD, 1 thread, one per idle core: 1 of 2 cores idle (load average 1.2))',
      'CPU (WebAssembly, SIMD, 1 個執行緒, 每個閒置核心一個：2 個核心 中 1 個閒置（平均負載 1.2）)',
    ],
  ])('%s', (english, chinese) => {
    expect(chrome('zh-TW').device(english)).toBe(chinese);
  });

  it("every wasm line the engine writes keeps no English but names and a failure's own words", () => {
    // The cgroup case as usableCores reads it: a v2 quota of 4 CPUs on a 16-CPU machine.
    const files: Record<string, string> = { '/proc/self/cgroup': '0::/job\n', '/sys/fs/cgroup/job/cpu.max': '400000 100000\n' };
    const quota = usableCores((path) => files[path], 16);
    const plans = [
      wasmThreadPlan(undefined, { cores: 1, why: '1 core' }),
      wasmThreadPlan(
        undefined,
        usableCores(() => undefined, 2),
      ),
      wasmThreadPlan(undefined, quota),
      wasmThreadPlan(
        undefined,
        usableCores(() => undefined, 16),
      ),
      wasmThreadPlan(3),
      wasmThreadPlan(undefined, idleCores(quota, 1.5)),
    ];
    const failure = 'cannot write the worker script to /x: ENOENT';
    const lines = plans
      .flatMap((plan) => [threadsDetail(plan.threads, plan), threadsDetail(1, plan, failure)])
      .map((detail) => `CPU (WebAssembly, SIMD, ${detail})`);
    expect(lines).toContain("CPU (WebAssembly, SIMD, 8 threads, one per core: 16 cores; tfjs's wasm build uses at most 8)");
    expect(lines).toContain('CPU (WebAssembly, SIMD, 4 threads, one per core: 4 cores (cgroup CPU quota; 16 on the machine))');
    for (const line of lines) {
      const words =
        chrome('zh-TW')
          .device(line)
          .replace(failure, '')
          .match(/[A-Za-z]{2,}/g) ?? [];
      expect(
        words.filter((word) => !['CPU', 'WebAssembly', 'SIMD', 'cgroup', 'tfjs', 'wasm'].includes(word)),
        line,
      ).toEqual([]);
    }
    expect(chrome('zh-TW').device(lines[1])).toBe('CPU (WebAssembly, SIMD, 1 個執行緒: 執行緒未能啟動 (cannot write the worker script to /x: ENOENT))');
  });
});
