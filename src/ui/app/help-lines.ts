// The key help as lines: each description wrapped beside its keys (never cut
// with "…"), and, where the window is too short for all of them, a window of
// them from `top` with a last line that says how many more there are and which
// keys scroll (the help scrolls as the output does).
import { padEnd } from '../format.js';
import { wrapLines } from '../render/text.js';

const KEYS_WIDTH = 16;

export interface HelpWindow {
  lines: string[];
  /** The first line shown, within range. */
  top: number;
  /** The largest top: the last lines in view. */
  maxTop: number;
}

export function helpLines(
  keys: readonly (readonly [string, string])[],
  width: number,
  rows: number,
  more: (below: number, above: number) => string,
  top = 0,
): HelpWindow {
  const indent = 2 + KEYS_WIDTH + 1;
  const all = keys.flatMap(([key, what]) =>
    wrapLines(what, width - indent).map((part, i) => `${' '.repeat(2)}${padEnd(i === 0 ? key : '', KEYS_WIDTH)} ${part}`),
  );
  if (all.length <= rows) return { lines: all, top: 0, maxTop: 0 };
  const shown = Math.max(1, rows - 1);
  const maxTop = all.length - shown;
  const from = Math.max(0, Math.min(top, maxTop));
  return { lines: [...all.slice(from, from + shown), more(all.length - from - shown, from)], top: from, maxTop };
}

/** Where a scroll key leaves a view of `maxTop + 1` possible tops. */
export function scrolledTo(top: number, move: number | 'top' | 'bottom', maxTop: number): number {
  if (move === 'top') return 0;
  if (move === 'bottom') return maxTop;
  return Math.max(0, Math.min(maxTop, top + move));
}
