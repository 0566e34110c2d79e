// Lab 9's live view: the map on the left (square, as tall as the panel), and
// beside it the epoch and losses, the loss curves and the network. Pure: the
// view state in, lines out; the app pins these lines above the scrolling text.
import type { FieldEvent } from '../../labs/kit/events.js';
import { displayWidth, formatNumber, padEnd } from '../format.js';
import type { LabViewState } from '../state.js';
import { asciiText } from './ascii.js';
import { renderChart } from './chart.js';
import { fieldLegend, renderFieldMap } from './field.js';
import { renderNetwork } from './network-view.js';
import type { DrawStyle } from './style.js';

const GAP = 2;

/** The view state the panel reads: the app redraws it when one of these changes. */
type FieldPanelState = Pick<LabViewState, 'epochs' | 'charts' | 'liveChart'>;

/** The latest epoch's numbers in two short lines, in the run's language (the course's English terms beside the Chinese). */
function statLines(state: FieldPanelState, field: FieldEvent, lang: string | undefined): string[] {
  const zh = lang === 'zh-TW';
  const last = state.epochs.at(-1);
  if (!last) return [zh ? `第 ${field.step} 回合` : `epoch ${field.step}`];
  const v = last.values;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const of = last.total ? `/${last.total}` : '';
  const epoch = zh ? `第 ${last.step}${of} 回合` : `epoch ${last.step}${of}`;
  const losses = `${formatNumber(v.loss)} / ${formatNumber(v.test_loss)}`;
  return [
    zh ? `${epoch} · 損失 ${losses}（訓練/測試）` : `${epoch} · loss ${losses} (train/test)`,
    [v.acc !== undefined ? `${zh ? '正確率' : 'acc'} ${pct(v.acc)} / ${pct(v.test_acc)}` : '', v.lr !== undefined ? `η ${formatNumber(v.lr)}` : '']
      .filter(Boolean)
      .join(' · '),
  ];
}

/** The loss chart without its title (the stats say what it is); in monochrome only the test curve, which one plot can show. */
function lossChart(state: FieldPanelState, style: DrawStyle, rows: number): string[] {
  const chart = state.liveChart ? state.charts[state.liveChart] : undefined;
  if (!chart || rows < 5) return [];
  const curves = style.color ? chart.curves : chart.curves.filter((c) => c.name === 'test').slice(0, 1);
  if (curves.length === 0) return [];
  return renderChart({ ...chart, title: '', curves }, style, rows - 3).slice(1, rows + 1);
}

export function renderFieldPanel(state: FieldPanelState, field: FieldEvent, width: number, height: number, style: DrawStyle, lang?: string): string[] {
  const mapCols = Math.max(8, Math.min(2 * height, Math.floor(width / 2)));
  const mapRows = Math.max(4, Math.min(height, Math.ceil(mapCols / 2)));
  const map = renderFieldMap(field, mapCols, mapRows, style);
  const side = Math.max(10, width - mapCols - GAP);
  const sideStyle = { ...style, width: side };
  // Words, not yet laid out: under --ascii η becomes eta here (the screen's filter maps one glyph for one).
  const stats = statLines(state, field, lang).map((line) => (style.ascii ? asciiText(line) : line));
  const legend = fieldLegend(field, style);
  const tallest = field.network ? Math.max(field.network.inputs.length, ...field.network.layers) : 0;
  // The network keeps at least a row per neuron; the chart takes what is left, if it is enough to read.
  const free = mapRows - stats.length - 1;
  const networkRows = field.network ? Math.min(free, Math.max(1 + tallest, free - 9)) : 0;
  const chart = lossChart(state, sideStyle, free - networkRows);
  const network = field.network ? renderNetwork(field.network, side, free - chart.length, sideStyle, field.range, lang) : [];
  const right = [...stats, ...chart, ...network];
  while (right.length < mapRows - 1) right.push('');
  right.push(displayWidth(legend) <= side ? legend : '');
  return map.map((line, i) => `${padEnd(line, mapCols)}${' '.repeat(GAP)}${right[i] ?? ''}`.trimEnd());
}
