import type { LectureState } from './keys/lecture-keys.js';
import type { Lang } from '../../labs/kit/i18n.js';

const STRINGS = {
  en: {
    menuTitle: 'Labs',
    menuKeys: 'j/k move · a number or Enter opens · ? help · q quits',
    /** The lab screen's keys (footer.ts labFooterKeys picks those that act now); the footer keeps as many as fit, then help and back. */
    labKeys: {
      pause: 'space pause',
      resume: 'space resume',
      step: 'n step',
      params: 'p params',
      rerun: 'r rerun',
      scroll: '↑/↓ scroll',
      log: 'l log y',
      compare: 'c compare',
      unpin: 'h unpin',
      pin: 'h pin',
    },
    labKeysLast: ['? help', 'q back'],
    /** Where the lecture is, then its keys (the footer drops keys that do not fit; the first part stays). */
    lecture: {
      endAsk: 'End the lecture? q again ends it, any other key stays',
      goTo: (step: string) => `Enter: go to step ${step}`,
      lastLab: ' last lab',
      next: 'Enter next',
      previous: '[ previous',
      jump: 'N Enter: go to N',
    },
    noSuchStep: (typed: string, count: number) => `no step ${typed}: the lecture has ${count}`,
    paramsTitle: 'Parameters (p to close)',
    paramsKeys: '↑/↓ choose · ←/→ +/− change · type, Enter: set · Enter: apply (live) or rerun · Esc',
    live: 'live',
    liveApplied: (changes: string) => `live: ${changes}, from the next step`,
    restarted: (changes: string) => `restarted with ${changes}: the run starts over`,
    rerunWith: (changes: string) => `running again with ${changes}`,
    helpTitle: 'Keys (? to close)',
    helpMore: (below: number, above: number) =>
      below > 0
        ? `  … ${below} more line${below === 1 ? '' : 's'}: j/↓ scrolls${above > 0 ? ` (${above} above: k/↑)` : ''}`
        : `  (${above} line${above === 1 ? '' : 's'} above: k/↑ scrolls back)`,
    menuHelpKeys: [
      ['↑/↓  j/k', 'move through the labs'],
      ['1–9', 'open that lab'],
      ['Enter', 'open the lab under the cursor'],
      ['?', 'this help'],
      ['q  Esc', 'quit'],
      ['Ctrl-C', 'quit'],
      ['in a lab', '? lists its keys: pause, step, parameters, rerun, scroll, compare'],
    ] as [string, string][],
    helpKeys: [
      ['↑/↓  j/k', 'scroll one line'],
      ['PgUp/PgDn  b/f', 'scroll one page'],
      ['g / G', 'top / bottom (the bottom follows new output)'],
      ['space', 'pause or resume the lab'],
      ['n  →', 'one step (pauses first)'],
      ['r  R', 'run again (R: on new data, the next seed)'],
      ['l', 'log or linear y axis on line charts (values ≤ 0 left out)'],
      ['h', 'unpin the chart above the text, or pin it again'],
      ['c', 'compare runs: the chart in view overlays the last 3 runs of this lab (rerun with other parameters: p, r)'],
      ['p', 'parameters: edit, then Enter: live ones at once, else a rerun'],
      ['Enter  [ ]', 'nnlab play: next lab, previous / next'],
      ['N Enter', 'nnlab play: go to step N'],
      ['/  n N', 'find a text (Enter), then its next / previous line'],
      ['{ }', 'previous / next section'],
      ['s', 'save the charts, matrices and maps as SVG files (--plots, else ./nnlab-plots)'],
      ['q  Esc  Ctrl-C', 'back (nnlab play: asks, then ends the lecture); Ctrl-C quits'],
    ] as [string, string][],
    backendLoading: 'backend: starting…',
    backendFailed: (error: string) => `backend error: ${error}`,
    running: 'running',
    phase: { backend: 'starting the backend…', prepare: 'reading its data (data files, a saved model)…' },
    logScale: (on: boolean) => (on ? 'y axis: log scale (l: linear)' : 'y axis: linear (l: log scale)'),
    compareOn: 'compare: the last runs on one chart, named by what differs (c: this run only)',
    compareOff: 'compare off: this run only (c: compare runs)',
    compareWaiting: 'compare: one run so far; run again with other parameters (p, r) to see them on one chart',
    compareNoChart: 'compare: this lab draws no chart to compare runs on',
    unpinned: 'chart unpinned: it is in the text again (h: pin it)',
    searchKeys: 'Enter find · Esc stop',
    savingPlots: (folder: string) => `saving the pictures to ${folder}…`,
    labKeyLimit: 'that key can go no further',
    newData: 'new data: the run starts over with the next seed',
    /** Rows of the help for a map's own keys. */
    fieldKeys: [
      ['t', 'show or hide the test points on the map'],
      ['d', "the map's output as it is, or as its two classes (discretize)"],
    ] as [string, string][],
    noMatch: (query: string) => `not found: "${query}"`,
    /** Where the view is among the search's matches: at the top line's match, or between them. */
    matchAt: (query: string, at: number, count: number) => `/${query} ${at > 0 ? `${at}/${count}` : `${count} found`} (n/N)`,
    pinned: 'chart pinned above the text (h: unpin it)',
    compareTitle: ' · compare runs',
    paused: 'paused',
    done: 'done',
    failed: 'failed',
    interrupted: 'stopped',
    tooSmall: (c: number, r: number) => `Terminal ${c}×${r}: nnlab needs 60×16. Enlarge it, or press q.`,
  },
  'zh-TW': {
    menuTitle: '實驗列表',
    menuKeys: 'j/k 移動 · 數字或 Enter 開啟 · ? 說明 · q 離開',
    labKeys: {
      pause: '空白鍵 暫停',
      resume: '空白鍵 繼續',
      step: 'n 單步',
      params: 'p 參數',
      rerun: 'r 重跑',
      scroll: '↑/↓ 捲動',
      log: 'l 對數',
      compare: 'c 比較',
      unpin: 'h 取消固定',
      pin: 'h 固定',
    },
    labKeysLast: ['? 說明', 'q 返回'],
    lecture: {
      endAsk: '要結束這堂課嗎？再按 q 結束，按其他鍵留下',
      goTo: (step: string) => `Enter：跳到第 ${step} 步`,
      lastLab: ' 最後一個實驗',
      next: 'Enter 下一個',
      previous: '[ 上一個',
      jump: '數字 Enter 跳到該步',
    },
    noSuchStep: (typed: string, count: number) => `沒有第 ${typed} 步：這堂課共 ${count} 步`,
    paramsTitle: '參數（按 p 關閉）',
    paramsKeys: '↑/↓ 選擇 · ←/→ +/− 調整 · 輸入後 Enter 設定 · Enter 即時套用或重跑 · Esc',
    live: '即時',
    liveApplied: (changes: string) => `即時套用：${changes}，從下一步起`,
    restarted: (changes: string) => `以 ${changes} 重新開始：從頭執行`,
    rerunWith: (changes: string) => `以 ${changes} 再跑一次`,
    helpTitle: '按鍵說明（按 ? 關閉）',
    helpMore: (below: number, above: number) =>
      below > 0 ? `  … 還有 ${below} 行：j/↓ 捲動${above > 0 ? `（上面 ${above} 行：k/↑）` : ''}` : `  （上面還有 ${above} 行：k/↑ 往回捲）`,
    menuHelpKeys: [
      ['↑/↓  j/k', '在實驗之間移動'],
      ['1–9', '開啟該實驗'],
      ['Enter', '開啟游標所在的實驗'],
      ['?', '本說明'],
      ['q  Esc', '離開'],
      ['Ctrl-C', '離開'],
      ['實驗中', '按 ? 列出它的按鍵：暫停、單步、參數、重跑、捲動、比較'],
    ] as [string, string][],
    helpKeys: [
      ['↑/↓  j/k', '捲動一行'],
      ['PgUp/PgDn  b/f', '捲動一頁'],
      ['g / G', '最上 / 最下（在最下方時跟隨新輸出）'],
      ['空白鍵', '暫停或繼續'],
      ['n  →', '單步（會先暫停）'],
      ['r  R', '重跑（R：用新資料，下一個種子）'],
      ['l', '折線圖的 y 軸改用對數刻度，再按一次改回線性（≤ 0 的值不畫）'],
      ['h', '取消固定文字上方的圖表（回到文字中），或再固定'],
      ['c', '比較執行：把這個實驗最近 3 次執行的同一張圖疊在一起（用 r、p 換參數重跑），再按一次只看本次'],
      ['p', '參數：調整後按 Enter 套用（執行中的即時參數）或重跑'],
      ['Enter  [ ]', 'nnlab play：下一個實驗、上一個 / 下一個'],
      ['數字 Enter', 'nnlab play：跳到第 N 步'],
      ['/  n N', '搜尋文字（Enter），再到下一個 / 上一個'],
      ['{ }', '上一節 / 下一節'],
      ['s', '把圖表、混淆矩陣與地圖存成 SVG 檔（--plots，否則 ./nnlab-plots）'],
      ['q  Esc  Ctrl-C', '返回（nnlab play：先確認，再結束這堂課）；Ctrl-C 離開'],
    ] as [string, string][],
    backendLoading: '後端 (backend)：啟動中…',
    backendFailed: (error: string) => `後端 (backend) 錯誤：${error}`,
    running: '執行中',
    phase: { backend: '啟動後端 (backend) 中…', prepare: '讀取資料中（資料檔、已存模型）…' },
    logScale: (on: boolean) => (on ? 'y 軸：對數刻度（按 l 改回線性）' : 'y 軸：線性刻度（按 l 改為對數）'),
    compareOn: '比較：最近幾次執行畫在同一張圖，以不同的參數命名（按 c 只看本次）',
    compareOff: '已關閉比較：只看本次（按 c 比較執行）',
    compareWaiting: '比較：目前只有一次執行；換個參數再跑一次（p、r）就會畫在同一張圖',
    compareNoChart: '比較：這個實驗沒有可比較的圖表',
    unpinned: '已取消固定圖表：它回到文字中（h：再固定）',
    searchKeys: 'Enter 搜尋 · Esc 停止',
    savingPlots: (folder: string) => `正在把圖存到 ${folder}…`,
    labKeyLimit: '這個鍵已到上限',
    newData: '新資料：以下一個種子重新開始',
    fieldKeys: [
      ['t', '地圖上顯示或隱藏測試點'],
      ['d', '地圖的輸出照原樣，或只分兩類（離散化）'],
    ] as [string, string][],
    noMatch: (query: string) => `找不到："${query}"`,
    matchAt: (query: string, at: number, count: number) => `/${query} ${at > 0 ? `${at}/${count}` : `共 ${count} 處`} (n/N)`,
    pinned: '圖表固定在文字上方（h：取消固定）',
    compareTitle: ' · 比較執行',
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

/** Where the lecture is, then its keys (the footer drops keys that do not fit; the first part stays). */
export function lectureKeys(text: Strings, step: number, count: number, state: LectureState): string[] {
  const words = text.lecture;
  if (state.confirmingEnd) return [words.endAsk];
  if (state.typed) return [words.goTo(state.typed)];
  const last = step + 1 >= count;
  return [`${step + 1}/${count}${last ? words.lastLab : ''}`, ...(last ? [] : [words.next]), ...(step > 0 ? [words.previous] : []), words.jump];
}
