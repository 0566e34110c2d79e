import type { Lang } from '../../labs/i18n.js';

const STRINGS = {
  en: {
    menuTitle: 'Labs',
    menuKeys: '↑/↓ or j/k move · 1–9 or Enter open · q quit',
    labKeys: '↑/↓ scroll · space pause · n step · r rerun · q back · Ctrl-C quit',
    nextKey: 'Enter next lab',
    backendLoading: 'backend: starting…',
    running: 'running',
    paused: 'paused',
    done: 'done',
    failed: 'failed',
    interrupted: 'stopped',
    tooSmall: (c: number, r: number) => `The terminal is ${c}×${r}; nnlab needs at least 60×16. Enlarge it, or press q to quit.`,
  },
  'zh-TW': {
    menuTitle: '實驗列表',
    menuKeys: '↑/↓ 或 j/k 移動 · 1–9 或 Enter 開啟 · q 離開',
    labKeys: '↑/↓ 捲動 · 空白鍵 暫停 · n 單步 · r 重跑 · q 返回 · Ctrl-C 離開',
    nextKey: 'Enter 下一個實驗',
    backendLoading: '後端 (backend)：啟動中…',
    running: '執行中',
    paused: '已暫停',
    done: '完成',
    failed: '失敗',
    interrupted: '已停止',
    tooSmall: (c: number, r: number) => `終端機目前為 ${c}×${r}；nnlab 至少需要 60×16。請放大視窗，或按 q 離開。`,
  },
} as const;

export type Strings = (typeof STRINGS)['en'];

export function strings(lang: Lang): Strings {
  return STRINGS[lang] as Strings;
}
