import type { Lang } from '../../labs/i18n.js';

const STRINGS = {
  en: {
    menuTitle: 'Labs',
    menuKeys: '↑/↓ or j/k move · a number or Enter opens a lab · q quits',
    labKeys: '↑/↓ scroll · space pause · n step · r rerun · p params · ? help · q back',
    nextKey: 'Enter next lab',
    lastStep: 'last lab: q to finish',
    paramsTitle: 'Parameters (p to close)',
    paramsKeys: '↑/↓ choose · ←/→ +/− change · type, Enter: set · Enter: rerun · Esc',
    helpTitle: 'Keys (? to close)',
    helpKeys: [
      ['↑/↓  j/k', 'scroll one line'],
      ['PgUp/PgDn  b/f', 'scroll one page'],
      ['g / G', 'top / bottom (the bottom follows new output)'],
      ['space', 'pause or resume the lab'],
      ['n  →', 'one step (pauses first)'],
      ['r', 'run again'],
      ['p', 'parameters: change them, Enter to rerun'],
      ['Enter', 'next lab (in nnlab play)'],
      ['?', 'this help'],
      ['q  Esc', 'back to the menu'],
      ['Ctrl-C', 'quit'],
    ] as [string, string][],
    backendLoading: 'backend: starting…',
    running: 'running',
    paused: 'paused',
    done: 'done',
    failed: 'failed',
    interrupted: 'stopped',
    tooSmall: (c: number, r: number) => `Terminal ${c}×${r}: nnlab needs 60×16. Enlarge it, or press q.`,
  },
  'zh-TW': {
    menuTitle: '實驗列表',
    menuKeys: '↑/↓ 或 j/k 移動 · 數字或 Enter 開啟實驗 · q 離開',
    labKeys: '↑/↓ 捲動 · 空白鍵 暫停 · n 單步 · r 重跑 · p 參數 · ? 說明 · q 返回',
    nextKey: 'Enter 下一個實驗',
    lastStep: '最後一個實驗：q 結束',
    paramsTitle: '參數（按 p 關閉）',
    paramsKeys: '↑/↓ 選擇 · ←/→ +/− 調整 · 輸入後 Enter 設定 · Enter 重跑 · Esc',
    helpTitle: '按鍵說明（按 ? 關閉）',
    helpKeys: [
      ['↑/↓  j/k', '捲動一行'],
      ['PgUp/PgDn  b/f', '捲動一頁'],
      ['g / G', '最上 / 最下（在最下方時跟隨新輸出）'],
      ['空白鍵', '暫停或繼續'],
      ['n  →', '單步（會先暫停）'],
      ['r', '重跑'],
      ['p', '參數：調整後按 Enter 重跑'],
      ['Enter', '下一個實驗（nnlab play）'],
      ['?', '本說明'],
      ['q  Esc', '回到選單'],
      ['Ctrl-C', '離開'],
    ] as [string, string][],
    backendLoading: '後端 (backend)：啟動中…',
    running: '執行中',
    paused: '已暫停',
    done: '完成',
    failed: '失敗',
    interrupted: '已停止',
    tooSmall: (c: number, r: number) => `終端機 ${c}×${r}：nnlab 需要 60×16。請放大視窗，或按 q。`,
  },
} as const;

export type Strings = (typeof STRINGS)['en'];

export function strings(lang: Lang): Strings {
  return STRINGS[lang] as Strings;
}
