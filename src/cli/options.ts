// The options commander knows: nnlab's own (common and output), and one flag
// (or two, for true/false) per parameter a lab declares.
import { Command, Option } from 'commander';
import { pick, type Lang, type Localized } from '../labs/kit/i18n.js';
import { h } from './help-text.js';
import type { Lab } from '../labs/kit/lab.js';
import { allowedValues, formatParam, parseParam, type ParamSpec } from '../labs/kit/params.js';
import { BACKEND_CHOICES } from '../labs/engine-api.js';
import { DEFAULT_SEED } from '../labs/kit/run.js';

export interface CommonOptions {
  backend?: string;
  lang?: string;
  color?: boolean;
  theme?: string;
  ascii?: boolean;
  mouse?: boolean;
  seed?: string;
  delay?: string;
  threads?: string;
  gpu?: string;
}

export interface OutputFlags {
  json?: boolean;
  plain?: boolean;
  quiet?: boolean;
  out?: string;
  csv?: string;
  plots?: string;
  config?: string;
}

/** The descriptions of nnlab's own flags, in both languages. */
export const OPTION_HELP = {
  backend: h(`compute backend: ${BACKEND_CHOICES.join('|')} (env NNLAB_BACKEND)`, `運算後端 (backend)：${BACKEND_CHOICES.join('|')}（環境變數 NNLAB_BACKEND）`),
  seed: h(`random seed, an integer ≥ 0 (default ${DEFAULT_SEED})`, `隨機種子 (seed)，≥ 0 的整數（預設 ${DEFAULT_SEED}）`),
  lang: h('language: en|zh-TW (default from LANG)', '語言：en|zh-TW（預設依 LANG）'),
  color: h('no colour (NO_COLOR is respected too)', '不使用顏色（也遵守 NO_COLOR）'),
  theme: h(
    'full-screen app colours: dark|light (a white background)|contrast (projectors, no faint text) (env NNLAB_THEME; default from COLORFGBG, else dark)',
    '全螢幕介面的配色：dark|light（白色背景）|contrast（投影機用，不用淡色文字）（環境變數 NNLAB_THEME；預設依 COLORFGBG，否則 dark）',
  ),
  ascii: h('draw with ASCII only, no box-drawing characters', '只用 ASCII 字元繪圖，不用框線字元'),
  mouse: h(
    'full-screen app: leave the mouse to the terminal (its own text selection); by default the wheel scrolls, and Shift+drag selects text in most terminals',
    '全螢幕介面：把滑鼠留給終端機（用它自己的選取文字）；預設滾輪可捲動，多數終端機按住 Shift 拖曳即可選取文字',
  ),
  delay: h('full-screen app: wait this long between steps (lectures)', '全螢幕介面：每一步之間等待的毫秒數（上課展示用）'),
  threads: h(
    'CPU threads for the wasm backend and the CPU training step (env NNLAB_THREADS; default one per idle core, at most 8)',
    'wasm 後端與 CPU 訓練步驟使用的 CPU 執行緒 (threads)（環境變數 NNLAB_THREADS；預設每個閒置核心一個，最多 8）',
  ),
  json: h('write one LabEvent per line (NDJSON) and nothing else on stdout', '在 stdout 每行寫一個 LabEvent (NDJSON)，不寫其他內容'),
  plain: h('text output even in a terminal', '即使在終端機裡也輸出純文字'),
  quiet: h('text mode: print only the result', '文字模式：只印出結果 (result)'),
  out: h('also write the NDJSON stream to this file', '同時把 NDJSON 串流寫到這個檔案'),
  csv: h('also write per-step and per-epoch metrics as CSV to this file', '同時把每一步與每回合 (epoch) 的指標以 CSV 寫到這個檔案'),
  plots: h(
    "write the run's charts, confusion matrices and decision maps as SVG files into this folder (in the app: s)",
    '把這次執行的圖表、混淆矩陣與決策地圖以 SVG 檔寫進這個資料夾（在介面中：s）',
  ),
  config: h('parameter values from a JSON file (flags win)', '從 JSON 檔讀取參數值（以命令列旗標為準）'),
  gpu: h(
    "the GPU to compute on, by its number in 'nnlab doctor' (env NNLAB_GPU; WebGPU: identical GPUs cannot be told apart)",
    '要運算的 GPU，用 nnlab doctor 列出的編號（環境變數 NNLAB_GPU；WebGPU 無法區分相同型號的 GPU）',
  ),
  help: h('display help for command', '顯示命令的說明'),
  version: h('output the version number', '顯示版本號'),
} satisfies Record<string, Localized>;

export function addCommonOptions(command: Command, lang: Lang = 'en'): Command {
  const t = (key: keyof typeof OPTION_HELP) => pick(OPTION_HELP[key], lang);
  return command
    .addOption(new Option('--backend <name>', t('backend')))
    .option('--seed <n>', t('seed'))
    .option('--lang <lang>', t('lang'))
    .option('--no-color', t('color'))
    .option('--theme <name>', t('theme'))
    .option('--ascii', t('ascii'))
    .option('--no-mouse', t('mouse'))
    .option('--delay <ms>', t('delay'))
    .option('--threads <n>', t('threads'))
    .option('--gpu <n>', t('gpu'));
}

export function addOutputOptions(command: Command, withConfig = true, lang: Lang = 'en'): Command {
  const t = (key: keyof typeof OPTION_HELP) => pick(OPTION_HELP[key], lang);
  command
    .option('--json', t('json'))
    .option('--plain', t('plain'))
    .option('--quiet', t('quiet'))
    .option('--out <file>', t('out'))
    .option('--csv <file>', t('csv'))
    .option('--plots <folder>', t('plots'));
  if (withConfig) command.option('--config <file.json>', t('config'));
  return command;
}

/**
 * The CLI options of a declared parameter; values are parsed by parseParam after
 * commander collects them. A boolean takes --flag, --flag true|false, --flag=false and --no-flag.
 */
export function paramOptions(spec: ParamSpec, lang: Lang): Option[] {
  const fallback = formatParam(spec.default);
  const zh = lang === 'zh-TW';
  const shownDefault = fallback === '' ? '' : zh ? `（預設 ${fallback}）` : ` (default ${fallback})`;
  const help = `${pick(spec.help, lang)} — ${allowedValues(spec, lang)}${shownDefault}`;
  if (spec.type !== 'boolean') return [new Option(`--${spec.name} <value>`, help)];
  return [
    new Option(`--${spec.name} [true|false]`, help),
    new Option(`--no-${spec.name}`, zh ? `等同 --${spec.name} false` : `the same as --${spec.name} false`),
  ];
}

/** The parameters given as flags (only those: defaults come from the declarations). */
export function flagParams(lab: Lab, command: Command): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const spec of lab.params) {
    const option = command.options.find((o) => o.long === `--${spec.name}`);
    const value = option ? command.getOptionValue(option.attributeName()) : undefined;
    if (value !== undefined) given[spec.name] = typeof value === 'string' ? parseParam(spec, value) : value;
  }
  return given;
}
