// What the user chose on the command line for every front end: the app's screens
// and headless lectures alike. Plain data, no React (the app's context is app/settings.ts).
import type { BackendChoice } from '../../labs/engine-api.js';
import type { Lang } from '../../labs/kit/i18n.js';
import type { RunOutput } from '../../labs/kit/outputs.js';
import type { RunOptions } from '../../labs/kit/run.js';
import type { ThemeName } from '../render/theme.js';

export interface AppSettings {
  lang: Lang;
  color: boolean;
  /** Which colours mean what: --theme, NNLAB_THEME, COLORFGBG (render/theme.ts). */
  theme: ThemeName;
  ascii: boolean;
  /** The full-screen app turns mouse reporting on, so the wheel scrolls (--no-mouse: off). */
  mouse?: boolean;
  backend: BackendChoice;
  /** CPU threads for the wasm backend and the CPU step; undefined: one per idle core. */
  threads?: number;
  /** --gpu: the GPU WebGPU computes on, by its number in doctor's list (over NNLAB_GPU). */
  gpu?: number;
  seed?: number;
  /** Pause between steps of stepping labs; undefined: each lab's own default. */
  delayMs?: number;
  /** The --out and --csv files: a lab's own output path may not be one of them. */
  outputs?: readonly RunOutput[];
  /** Where s in the app writes the run's pictures (--plots; else ./nnlab-plots). */
  plots?: string;
}

/**
 * What a run takes from the settings (its backend, threads, seed and language), in one
 * place: the command line's `run`, a lecture's steps and the app's lab screen all start
 * runs from settings, and a new run option is added here once.
 */
export function runOptionsOf(settings: AppSettings, given: { params?: RunOptions['params']; seed?: number } = {}): RunOptions {
  return {
    ...(given.params !== undefined ? { params: given.params } : {}),
    seed: given.seed ?? settings.seed,
    backend: settings.backend,
    threads: settings.threads,
    gpu: settings.gpu,
    lang: settings.lang,
  };
}

export const DEFAULT_SETTINGS: AppSettings = { lang: 'en', color: true, theme: 'dark', ascii: false, backend: 'auto' };
