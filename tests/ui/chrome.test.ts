import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { sigmoidLab } from '../../src/labs/course/sigmoid/lab.js';
import { idleCores, usableCores, type CoreCount } from '../../src/engine/machine/cpu-cores.js';
import { wasmThreadPlan } from '../../src/engine/backends/wasm.js';
import { deviceWords, type DeviceFacts, type ThreadPlan } from '../../src/engine/backends/device-words.js';
import { createTextReporter } from '../../src/ui/text/reporter.js';
import { collect, startEvent } from '../helpers.js';

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

const START = startEvent({ lab: 'mlp', number: 6, title: '訓練多層感知器 (MLP)', version: '0.1.0', lang: 'zh-TW' });

it('the header wraps within the width, also where the Chinese device line is long', () => {
  const lines: string[] = [];
  const report = createTextReporter((line) => lines.push(line), { style: { width: 80, color: false, ascii: false } });
  const plan = wasmThreadPlan(undefined, { cores: 12, machine: 16 });
  const deviceFacts: DeviceFacts = { kind: 'wasm', simd: true, threads: plan.threads, plan };
  report({ ...START, deviceDetail: deviceWords(deviceFacts, 'en'), deviceFacts });
  expect(lines.join('')).toContain('每個核心一個');
  expect(lines.length).toBeGreaterThan(2);
  for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  expect(lines.join(' ')).toMatch(/種子\s+\(seed\) 42/);
});

it('the header breaks between its parts: the seed stays with its number', () => {
  const lines: string[] = [];
  const report = createTextReporter((line) => lines.push(line), { style: { width: 80, color: false, ascii: false } });
  report(
    startEvent({
      lab: 'losses',
      number: 2,
      title: 'Loss functions',
      deviceDetail: 'CPU (WebAssembly, SIMD, 2 threads, one per core: 2 cores)',
      version: '0.1.0',
    }),
  );
  expect(lines.slice(0, 3)).toEqual([
    'nnlab 0.1.0 · lab 2 losses — Loss functions',
    'backend: wasm · CPU (WebAssembly, SIMD, 2 threads, one per core: 2 cores)',
    '  seed 42',
  ]);
});

describe('the device line, worded from the facts in both languages', () => {
  const plan = (threads: number, cores: CoreCount): ThreadPlan => wasmThreadPlan(threads === 0 ? undefined : threads, cores);
  it.each<[DeviceFacts, string, string]>([
    [{ kind: 'javascript' }, 'CPU (plain JavaScript, slowest)', 'CPU (純 JavaScript，最慢)'],
    [
      { kind: 'tensorflow', gpu: false },
      "CPU (native TensorFlow; no usable GPU: see 'nnlab doctor')",
      'CPU (原生 TensorFlow；沒有可用的 GPU：見 nnlab doctor)',
    ],
    [{ kind: 'tensorflow', gpu: true, name: 'Tesla T4' }, 'GPU: Tesla T4', 'GPU: Tesla T4'],
    [
      { kind: 'webgpu', software: false, adapter: 'nvidia nvidia-h200 (NVIDIA: 580.159.04)' },
      'GPU: nvidia nvidia-h200 (NVIDIA: 580.159.04) via WebGPU',
      'GPU: nvidia nvidia-h200 (NVIDIA: 580.159.04)，經由 WebGPU',
    ],
    [
      { kind: 'webgpu', software: true, adapter: 'llvmpipe (LLVM 19.1.7, 256 bits)' },
      'software GPU: llvmpipe (LLVM 19.1.7, 256 bits) via WebGPU (exact, slow: for tests)',
      '軟體 GPU：llvmpipe (LLVM 19.1.7, 256 bits)，經由 WebGPU（精確但慢：測試用）',
    ],
    [
      { kind: 'wasm', simd: true, threads: 2, plan: plan(0, { cores: 2 }) },
      'CPU (WebAssembly, SIMD, 2 threads, one per core: 2 cores)',
      'CPU (WebAssembly, SIMD, 2 個執行緒, 每個核心一個：2 個核心)',
    ],
    [
      { kind: 'wasm', simd: true, threads: 1, plan: plan(0, idleCores({ cores: 2 }, 1.2)) },
      'CPU (WebAssembly, SIMD, 1 thread, one per idle core: 1 of 2 cores idle (load average 1.2))',
      'CPU (WebAssembly, SIMD, 1 個執行緒, 每個閒置核心一個：2 個核心中 1 個閒置（平均負載 1.2）)',
    ],
    [{ kind: 'wasm', simd: false, threads: 1, plan: plan(1, { cores: 2 }) }, 'CPU (WebAssembly, 1 thread, as asked)', 'CPU (WebAssembly, 1 個執行緒, 依指定)'],
  ])('%j', (facts, english, chinese) => {
    expect(deviceWords(facts, 'en')).toBe(english);
    expect(deviceWords(facts, 'zh-TW')).toBe(chinese);
  });

  it("every wasm line keeps no English in Chinese but names and a failure's own words", () => {
    // The cgroup case as usableCores reads it: a v2 quota of 4 CPUs on a 16-CPU machine.
    const files: Record<string, string> = { '/proc/self/cgroup': '0::/job\n', '/sys/fs/cgroup/job/cpu.max': '400000 100000\n' };
    const quota = usableCores((path) => files[path], 16);
    const plans = [
      wasmThreadPlan(undefined, { cores: 1 }),
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
    const facts = plans.flatMap((plan): DeviceFacts[] => [
      { kind: 'wasm', simd: true, threads: plan.threads, plan },
      { kind: 'wasm', simd: true, threads: 1, plan, failure },
    ]);
    const lines = facts.map((fact) => deviceWords(fact, 'en'));
    expect(lines).toContain("CPU (WebAssembly, SIMD, 8 threads, one per core: 16 cores; tfjs's wasm build uses at most 8)");
    expect(lines).toContain('CPU (WebAssembly, SIMD, 4 threads, one per core: 4 cores (cgroup CPU quota; 16 on the machine))');
    expect(lines).toContain(
      'CPU (WebAssembly, SIMD, 2 threads, one per idle core: 2 of 4 cores (cgroup CPU quota; 16 on the machine) idle (load average 1.5))',
    );
    for (const fact of facts) {
      const words =
        deviceWords(fact, 'zh-TW')
          .replace(failure, '')
          .match(/[A-Za-z]{2,}/g) ?? [];
      expect(
        words.filter((word) => !['CPU', 'WebAssembly', 'SIMD', 'cgroup', 'tfjs', 'wasm'].includes(word)),
        deviceWords(fact, 'en'),
      ).toEqual([]);
    }
    expect(deviceWords(facts[1], 'zh-TW')).toBe('CPU (WebAssembly, SIMD, 1 個執行緒: 執行緒未能啟動 (cannot write the worker script to /x: ENOENT))');
  });

  it("the text header words the start event's facts in the run's language, and keeps the English line where it has none", () => {
    const header = (lang: 'en' | 'zh-TW', deviceFacts?: DeviceFacts) => {
      const lines: string[] = [];
      const report = createTextReporter((line) => lines.push(line), { style: { width: 200, color: false, ascii: false } });
      report({ ...START, lang, deviceDetail: 'CPU (plain JavaScript, slowest)', ...(deviceFacts ? { deviceFacts } : {}) });
      return lines[1];
    };
    expect(header('zh-TW', { kind: 'javascript' })).toContain('CPU (純 JavaScript，最慢)');
    expect(header('en', { kind: 'javascript' })).toContain('CPU (plain JavaScript, slowest)');
    expect(header('zh-TW')).toContain('CPU (plain JavaScript, slowest)');
  });
});

describe('epoch lines in text mode', () => {
  const epoch = {
    kind: 'metric',
    scope: 'epoch',
    step: 10,
    total: 10,
    values: { loss: 0.1068, acc: 0.9665, val_loss: 0.1508, val_acc: 0.953 },
    elapsedMs: 986,
  } as const;
  const printed = (terminal: boolean) => {
    const lines: string[] = [];
    const report = createTextReporter((line) => lines.push(line), { style: { width: 80, color: false, ascii: false }, terminal });
    report(epoch);
    return lines.find((line) => line.startsWith('epoch'))!;
  };
  it("a file or a pipe keeps Keras's line whole; a terminal gets the form that fits its width", () => {
    expect(printed(false)).toBe('epoch 10/10 - 986ms - loss: 0.1068 - acc: 0.9665 - val_loss: 0.1508 - val_acc: 0.9530');
    expect(stringWidth(printed(true))).toBeLessThanOrEqual(80);
    expect(printed(true)).toMatch(/^epoch 10\/10 {2}986ms {2}loss 0\.1068/);
  });
});
