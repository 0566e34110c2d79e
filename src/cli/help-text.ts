// The CLI help's own words (commands and their arguments) in both languages.
// Commander's headings (Usage:, Options:, Commands:) stay as commander prints them.
import { isLang, langFromEnv, type Lang, type Localized } from '../labs/kit/i18n.js';

/** A text in both languages. */
export const h = (en: string, zh: string): Localized => ({ en, 'zh-TW': zh });

export const COMMAND_HELP = {
  program: h(
    'A terminal lab for deep-learning basics, on TensorFlow.js.\nWithout a command, in a terminal: the full-screen lab menu.',
    '深度學習基礎的終端機實驗室，以 TensorFlow.js 運算。\n不給命令、在終端機裡：全螢幕的實驗選單。',
  ),
  list: h('list the labs: number, id, title, summary', '列出實驗 (labs)：編號、id、標題、摘要'),
  listJson: h('one JSON array with each lab and its parameters', '一個 JSON 陣列，含每個實驗與其參數'),
  listLang: h('language: en|zh-TW', '語言：en|zh-TW'),
  labArg: h('lab number or id', '實驗編號或 id'),
  labFile: h('or a lab file (./my-lab.js)', '或實驗檔 (./my-lab.js)'),
  run: h('run a lab: text in a pipe, the full-screen app in a terminal', '執行一個實驗：管線 (pipe) 中輸出文字，終端機裡開全螢幕介面'),
  summary: h(
    'print(model) and a torchinfo-style summary: nnlab summary --model "…" --input C,H,W [--batch-size N]',
    'print(model) 與 torchinfo 式的摘要：nnlab summary --model "…" --input C,H,W [--batch-size N]',
  ),
  summaryJson: h('write one LabEvent per line (NDJSON)', '每行寫一個 LabEvent (NDJSON)'),
  summaryQuiet: h('print only the result', '只印出結果 (result)'),
  playArg: h('a lecture file: {"title", "steps": [{"title", "lab", "params", "seed"}]}', '上課腳本：{"title", "steps": [{"title", "lab", "params", "seed"}]}'),
  play: h(
    'run a sequence of labs: in a terminal the full-screen app (Enter for the next lab), in a pipe one after another',
    '依序執行多個實驗：終端機裡用全螢幕介面（Enter 進入下一個），管線中一個接一個',
  ),
  doctor: h(
    'report versions, backends (loaded or failed, and why), the device, and what the GPU path lacks',
    '回報版本、各後端（載入成功或失敗與原因）、裝置，以及 GPU 路徑缺少什麼',
  ),
  doctorJson: h('the report as one JSON object', '以一個 JSON 物件輸出報告'),
  doctorBackend: h('backend to choose', '要選用的後端 (backend)'),
  config: h(
    'settings that stay (theme, lang, ascii, mouse): show them and where the file is; nnlab config set <key> <value>, nnlab config unset <key>',
    '會保留的設定（theme、lang、ascii、mouse）：顯示設定與檔案位置；nnlab config set <key> <value>、nnlab config unset <key>',
  ),
  configJson: h('the settings as one JSON object', '以一個 JSON 物件輸出設定'),
} satisfies Record<string, Localized>;

/**
 * The language of the help and of commander's own texts: a --lang on the
 * command line (--lang zh-TW or --lang=zh-TW), else LANG / LC_ALL. An invalid
 * --lang is reported later, by the option itself.
 */
export function helpLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    const value = argv[i] === '--lang' ? argv[i + 1] : argv[i].startsWith('--lang=') ? argv[i].slice('--lang='.length) : undefined;
    if (value !== undefined && isLang(value)) return value;
  }
  return langFromEnv(env);
}
