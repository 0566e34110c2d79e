// The device line in words, in both of the course's languages, from the facts a
// backend reports: the one place it is worded. The engine's English line is the
// start event's deviceDetail (scripts read it); the app, the text header and the
// labs' Chinese text word the same facts in zh-TW. Names stay as they are (CPU,
// GPU, WebAssembly, SIMD, WebGPU, an adapter's name), and so does a reason why
// threads did not start (an error's own words, in English like every error message).
import type { CoreCount } from '../machine/cpu-cores.js';

export type DeviceLang = 'en' | 'zh-TW';

/** Why a thread pool has the threads it has. */
export interface ThreadPlan {
  threads: number;
  /** asked: --threads or NNLAB_THREADS; else from `cores`: one core, one per core, one per idle core. */
  basis: 'asked' | 'one-core' | 'per-core' | 'per-idle-core';
  cores?: CoreCount;
  /** The cap it met (tfjs's wasm build starts at most 8 threads). */
  cap?: number;
}

/** What a backend computes on, as data; worded by deviceWords. */
export type DeviceFacts =
  | { kind: 'javascript' }
  | { kind: 'tensorflow'; gpu: false }
  | { kind: 'tensorflow'; gpu: true; name?: string }
  | { kind: 'webgpu'; adapter: string; software: boolean }
  | { kind: 'wasm'; simd: boolean; threads: number; plan: ThreadPlan; failure?: string };

const plural = (n: number, en: string, lang: DeviceLang) =>
  lang === 'zh-TW' ? `${n} 個${en === 'thread' ? '執行緒' : '核心'}` : `${n} ${en}${n === 1 ? '' : 's'}`;

/** "4 cores (cgroup CPU quota; 16 on the machine)", "1 of 2 cores idle (load average 1.2)". */
export function coresWords(cores: CoreCount, lang: DeviceLang): string {
  const usable = plural(cores.idleOf ?? cores.cores, 'core', lang);
  const quota =
    cores.machine === undefined
      ? ''
      : lang === 'zh-TW'
        ? `（cgroup CPU 配額；機器上共 ${cores.machine} 個）`
        : ` (cgroup CPU quota; ${cores.machine} on the machine)`;
  if (cores.idleOf === undefined) return usable + quota;
  const load = (cores.load ?? 0).toFixed(1);
  return lang === 'zh-TW' ? `${usable}${quota}中 ${cores.cores} 個閒置（平均負載 ${load}）` : `${cores.cores} of ${usable}${quota} idle (load average ${load})`;
}

/** "as asked", "one per core: 2 cores", "one per idle core: …; tfjs's wasm build uses at most 8". */
export function planWords(plan: ThreadPlan, lang: DeviceLang): string {
  const zh = lang === 'zh-TW';
  const cores = plan.cores ? coresWords(plan.cores, lang) : '';
  const why = {
    asked: zh ? '依指定' : 'as asked',
    'one-core': zh ? '單一核心' : 'one core',
    'per-core': zh ? `每個核心一個：${cores}` : `one per core: ${cores}`,
    'per-idle-core': zh ? `每個閒置核心一個：${cores}` : `one per idle core: ${cores}`,
  }[plan.basis];
  if (plan.cap === undefined) return why;
  return zh ? `${why}；tfjs 的 wasm 版本最多用 ${plan.cap} 個` : `${why}; tfjs's wasm build uses at most ${plan.cap}`;
}

/** A pool's threads: "2 threads, one per core: 2 cores", "1 thread: threads did not start (…)". */
export function threadsWords(threads: number, plan: ThreadPlan, lang: DeviceLang, failure?: string): string {
  if (failure) return `${plural(1, 'thread', lang)}: ${lang === 'zh-TW' ? '執行緒未能啟動' : 'threads did not start'} (${failure})`;
  return `${plural(threads, 'thread', lang)}, ${planWords(plan, lang)}`;
}

/** The device line: "GPU: nvidia nvidia-h200 (…) via WebGPU", "CPU (WebAssembly, SIMD, 1 thread, one core)". */
export function deviceWords(facts: DeviceFacts, lang: DeviceLang): string {
  const zh = lang === 'zh-TW';
  switch (facts.kind) {
    case 'javascript':
      return zh ? 'CPU (純 JavaScript，最慢)' : 'CPU (plain JavaScript, slowest)';
    case 'tensorflow':
      if (facts.gpu) return `GPU: ${facts.name ?? (zh ? 'NVIDIA（名稱不明）' : 'NVIDIA (name unknown)')}`;
      return zh ? 'CPU (原生 TensorFlow；沒有可用的 GPU：見 nnlab doctor)' : "CPU (native TensorFlow; no usable GPU: see 'nnlab doctor')";
    case 'webgpu':
      if (facts.software)
        return zh ? `軟體 GPU：${facts.adapter}，經由 WebGPU（精確但慢：測試用）` : `software GPU: ${facts.adapter} via WebGPU (exact, slow: for tests)`;
      return zh ? `GPU: ${facts.adapter}，經由 WebGPU` : `GPU: ${facts.adapter} via WebGPU`;
    case 'wasm':
      return `CPU (WebAssembly${facts.simd ? ', SIMD' : ''}, ${threadsWords(facts.threads, facts.plan, lang, facts.failure)})`;
  }
}
