// The lab screen's last line: where the view is, the lecture's keys, the lab's
// keys. At 80 columns not all fit: keys are dropped from the least needed, and
// "? help" and "q back" always stay (help lists the rest).
import { displayWidth } from '../format.js';

const SEPARATOR = ' · ';

/** `first` (position, lecture) and `last` (help, back) are kept; `optional` keys go from the end until the line fits. */
export function fitFooter(first: readonly string[], optional: readonly string[], last: readonly string[], width: number): string {
  for (let keep = optional.length; keep >= 0; keep--) {
    const line = [...first, ...optional.slice(0, keep), ...last].join(SEPARATOR);
    if (displayWidth(line) <= width) return line;
  }
  return [...first, ...last].join(SEPARATOR);
}

export interface LabKeyWords {
  pause: string;
  resume: string;
  step: string;
  params: string;
  rerun: string;
  scroll: string;
  log: string;
  compare: string;
  unpin: string;
  pin: string;
}

/**
 * The lab's keys that act now, the most needed first: space and n only while a
 * stepping lab runs (space says resume while paused), h where a chart can be pinned, l and c where there is a chart.
 */
export function labFooterKeys(
  words: LabKeyWords,
  now: {
    steps: boolean;
    running: boolean;
    paused: boolean;
    charts: boolean;
    /** A chart or map is pinned (true), could be (false), or there is none (undefined). */
    pinned?: boolean;
    /** A search is on: n goes to its next match (→ still steps), so "n step" is not offered. */
    searching?: boolean;
  },
): string[] {
  const stepping = now.steps && now.running ? [now.paused ? words.resume : words.pause, ...(now.searching ? [] : [words.step])] : [];
  const pin = now.pinned === undefined ? [] : [now.pinned ? words.unpin : words.pin];
  return [...stepping, words.params, words.rerun, ...pin, words.scroll, ...(now.charts ? [words.log, words.compare] : [])];
}
