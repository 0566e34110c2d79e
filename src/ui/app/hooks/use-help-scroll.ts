// Where a help overlay is scrolled to (the lab screen's and the menu's): the
// same keys move it, within the lines HelpOverlay shows at this size.
import { useState } from 'react';
import { helpLines, scrolledTo } from '../help-lines.js';
import type { ScrollMove } from '../keys/lab-keys.js';

export function useHelpScroll(
  keys: readonly (readonly [string, string])[],
  width: number,
  /** The overlay's height, its title included (as HelpOverlay's). */
  height: number,
  more: (below: number, above: number) => string,
): { top: number; reset(): void; scroll(move: ScrollMove): void } {
  const [top, setTop] = useState(0);
  return {
    top,
    reset: () => setTop(0),
    scroll: (move) => setTop((from) => scrolledTo(from, move, helpLines(keys, width, height - 1, more, from).maxTop)),
  };
}
