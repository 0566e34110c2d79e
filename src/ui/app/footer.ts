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
