// The key help as lines: each description wrapped beside its keys (never cut
// with "…"), and, where the window is too short for all of them, as many as fit
// and a last line saying how many more a taller window shows.
import { padEnd } from '../format.js';
import { wrapLines } from '../render/text.js';

const KEYS_WIDTH = 16;

export function helpLines(keys: readonly (readonly [string, string])[], width: number, rows: number, more: (hidden: number) => string): string[] {
  const indent = 2 + KEYS_WIDTH + 1;
  const lines = keys.flatMap(([key, what]) =>
    wrapLines(what, width - indent).map((part, i) => `${' '.repeat(2)}${padEnd(i === 0 ? key : '', KEYS_WIDTH)} ${part}`),
  );
  if (lines.length <= rows) return lines;
  return [...lines.slice(0, rows - 1), more(lines.length - (rows - 1))];
}
