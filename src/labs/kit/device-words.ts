// The device line in Chinese, for the app's header and text header and for the
// labs' own Chinese text. The engine words it in English, and the start
// event and the JSON keep that (scripts read it); for zh-TW the phrases of a
// device line that loaded are translated here. Names stay as they are (CPU, GPU,
// WebAssembly, SIMD, WebGPU, an adapter's name), and so does a reason why threads
// did not start (an error's own words, in English like every error message).
const ZH_TW: readonly [RegExp, string][] = [
  [/plain JavaScript, slowest/, '純 JavaScript，最慢'],
  [/native TensorFlow; no usable GPU: see 'nnlab doctor'/, '原生 TensorFlow；沒有可用的 GPU：見 nnlab doctor'],
  [/^software GPU: (.*) via WebGPU \(exact, slow: for tests\)$/, '軟體 GPU：$1，經由 WebGPU（精確但慢：測試用）'],
  [/ via WebGPU$/, '，經由 WebGPU'],
  [/threads did not start/, '執行緒未能啟動'],
  [/\b(\d+) threads?\b/g, '$1 個執行緒'],
  [/one per core: /, '每個核心一個：'],
  [/one per idle core: (\d+) of (.*) idle \(load average ([\d.]+)\)/, '每個閒置核心一個：$2 中 $1 個閒置（平均負載 $3）'],
  [/as asked/, '依指定'],
  [/one core/, '單一核心'],
  [/ \(cgroup CPU quota; (\d+) on the machine\)/, '（cgroup CPU 配額；機器上共 $1 個）'],
  [/\b(\d+) cores?\b/g, '$1 個核心'],
  [/tfjs's wasm build uses at most (\d+)/, 'tfjs 的 wasm 版本最多用 $1 個'],
];

export function deviceInChinese(detail: string): string {
  return ZH_TW.reduce((text, [phrase, words]) => text.replace(phrase, words), detail);
}
