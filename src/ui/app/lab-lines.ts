// The lab screen's scrollable content as lines: the same renderers as text
// mode, plus epoch lines, warnings and the result.
import { renderBlocks } from '../render/blocks.js';
import type { DrawStyle } from '../render/style.js';
import { renderEpochLine, renderResult, wrapLines } from '../render/text.js';
import type { LabViewState } from '../state.js';

/** leaveOut: charts and maps pinned above the text, not repeated in it. */
export function labLines(state: LabViewState, style: DrawStyle, chartHeight: number, leaveOut: readonly string[] = []): string[] {
  const blocks = state.blocks.filter((b) => !((b.type === 'chart' || b.type === 'field') && leaveOut.includes(b.id)));
  const lines = renderBlocks(state, blocks, style, chartHeight);
  if (state.epochs.length > 0) lines.push('', ...state.epochs.flatMap((e) => wrapLines(renderEpochLine(e), style.width)));
  if (state.warnings.length > 0) lines.push('', ...state.warnings.flatMap((w) => wrapLines(`warning: ${w}`, style.width)));
  if (state.result && Object.keys(state.result.metrics).length > 0) lines.push('', 'result:', ...renderResult(state.result.metrics));
  if (state.end?.status === 'error') lines.push('', ...wrapLines(`error: ${state.end.error}`, style.width));
  return lines;
}
