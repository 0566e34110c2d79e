// The words nnlab itself puts around a lab's output in text and on screen
// (the lab's own words come from the lab, in its language). The language is
// the run's: the start event says which.
import type { Lang } from '../../labs/kit/i18n.js';
import { formatDuration } from '../format.js';
import { deviceWords, type DeviceFacts } from '../../labs/engine-api.js';

export interface Chrome {
  backend: string;
  seed: string;
  result: string;
  warning: string;
  error: string;
  interrupted: string;
  doneIn(ms: number): string;
  interruptedAfter(ms: number): string;
}

const CHROME: Record<Lang, Chrome> = {
  en: {
    backend: 'backend',
    seed: 'seed',
    result: 'result:',
    warning: 'warning',
    error: 'error',
    interrupted: 'interrupted',
    doneIn: (ms: number) => `done in ${formatDuration(ms)}`,
    interruptedAfter: (ms: number) => `interrupted after ${formatDuration(ms)}`,
  },
  'zh-TW': {
    backend: '後端 (backend)',
    seed: '種子 (seed)',
    result: '結果 (result)：',
    warning: '警告 (warning)',
    error: '錯誤 (error)',
    interrupted: '已中斷',
    doneIn: (ms: number) => `完成，用時 ${formatDuration(ms)}`,
    interruptedAfter: (ms: number) => `已中斷，執行了 ${formatDuration(ms)}`,
  },
};

/** The chrome in a run's language (English when the language is unknown). */
export const chrome = (lang: string | undefined): Chrome => (lang === 'zh-TW' ? CHROME['zh-TW'] : CHROME.en);

/**
 * The device line in a run's language, worded from the backend's facts; the
 * engine's English line where there are none (a start event from an older nnlab).
 */
export function deviceLine(detail: string, facts: { kind: string } | undefined, lang: string | undefined): string {
  // The facts come from the engine (the runner writes the start event), so they are its DeviceFacts.
  return facts ? deviceWords(facts as DeviceFacts, lang === 'zh-TW' ? 'zh-TW' : 'en') : detail;
}
