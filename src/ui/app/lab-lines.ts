// The lab screen's scrollable content as lines: the same renderers as text
// mode, plus epoch lines and the result.
import { chrome } from '../text/chrome.js';
import { renderBlock } from '../render/blocks.js';
import type { DrawStyle } from '../render/style.js';
import { renderEpochLine, renderResult, wrapLines } from '../render/text.js';
import type { Block, LabViewState } from '../state.js';
import type { MetricEvent, TextEvent } from '../../labs/kit/events.js';

/** Wrapped narration, kept per event and style: events never change, and wrapping is the costly part of a frame. */
const textCache = new WeakMap<TextEvent, { key: string; lines: string[] }>();
function blockLines(state: LabViewState, block: Block, style: DrawStyle, chartHeight: number): string[] {
  if (block.type !== 'text') return renderBlock(state, block, style, chartHeight);
  const key = `${style.width} ${style.ascii}`;
  const cached = textCache.get(block.text);
  if (cached?.key === key) return cached.lines;
  const lines = renderBlock(state, block, style, chartHeight);
  textCache.set(block.text, { key, lines });
  return lines;
}

/** Each epoch's wrapped line, kept per event and width: a lab of thousands of epochs redraws up to 20 times a second. */
const epochCache = new WeakMap<MetricEvent, { width: number; lines: string[] }>();
function epochLines(event: MetricEvent, width: number): string[] {
  const cached = epochCache.get(event);
  if (cached?.width === width) return cached.lines;
  const lines = wrapLines(renderEpochLine(event, width), width);
  epochCache.set(event, { width, lines });
  return lines;
}

/**
 * The lines, and where each block starts: a view that follows the end starts at
 * a block, not mid-chart. leaveOut: charts and maps pinned above the text, not repeated in it.
 */
export function labSections(
  state: LabViewState,
  style: DrawStyle,
  chartHeight: number,
  leaveOut: readonly string[] = [],
  /** Why the run could not start (a data file, a model file, a backend): shown as a lab's error is. */
  failure?: string,
): { lines: string[]; starts: number[]; sections: number[] } {
  const blocks = state.blocks.filter((b) => !((b.type === 'chart' || b.type === 'field') && leaveOut.includes(b.id)));
  const lines: string[] = [];
  const starts: number[] = [];
  // Where the lab's sections begin ({ and } jump between them): its headings, and the epochs' table.
  const sections: number[] = [];
  blocks.forEach((block, i) => {
    if (i > 0) lines.push('');
    starts.push(lines.length);
    if (block.type === 'text' && block.text.style === 'heading') sections.push(lines.length);
    lines.push(...blockLines(state, block, style, chartHeight));
  });
  if (state.epochs.length > 0) {
    lines.push('');
    starts.push(lines.length);
    sections.push(lines.length);
    lines.push(...state.epochs.flatMap((e) => epochLines(e, style.width)));
  }
  const words = chrome(state.start?.lang);
  if (state.result && Object.keys(state.result.metrics).length > 0) lines.push('', words.result, ...renderResult(state.result.metrics));
  if (state.end?.status === 'error') lines.push('', ...wrapLines(`${words.error}: ${state.end.error}`, style.width));
  else if (failure) lines.push(...(lines.length > 0 ? [''] : []), ...wrapLines(`${words.error}: ${failure}`, style.width));
  return { lines, starts, sections };
}
