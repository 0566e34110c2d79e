// Progress on stderr while stdout goes to a file or a pipe (`nnlab run mlp >
// log.txt`), as tqdm does: one line, redrawn in place, gone when the run ends,
// so the terminal shows what runs and the log gets only clean lines.
import type { LabEvent } from '../../labs/kit/events.js';
import fitTruncate from '../fit-truncate.js';
import { displayWidth } from '../format.js';
import { progressBar, progressClock, progressFigures, progressValues } from '../render/progress.js';

const REDRAW_MS = 100;

export interface StderrProgress {
  consume(event: LabEvent): void;
  /** Removes the line (the run ended, or a message is about to be written). */
  clear(): void;
  /** Draws the last line again (after a line of the run was written to the same screen). */
  redraw(): void;
}

export function stderrProgress(write: (text: string) => void, options: { columns: number; ascii: boolean; now?: () => number }): StderrProgress {
  const now = options.now ?? (() => performance.now());
  let lab = '';
  let shown = false;
  let drawnAt = -Infinity;
  let last = '';
  /** Time since the current progress (by id and label) began, for its rate and ETA. */
  const elapsed = progressClock(now);
  const clear = () => {
    if (shown) write('\r\x1b[K');
    shown = false;
  };
  return {
    consume(event) {
      if (event.kind === 'start') lab = event.lab;
      if (event.kind === 'end') {
        last = '';
        return clear();
      }
      if (event.kind !== 'progress') return;
      const sinceStart = elapsed(event.id, event.done, event.total);
      // Three columns spare: the terminal echoes Ctrl-C as "^C" after the line, and a line that wrapped
      // would leave its first row behind when it is cleared.
      const room = options.columns - 3;
      const finished = event.done >= event.total;
      if (now() - drawnAt < REDRAW_MS && !finished) return;
      drawnAt = now();
      const values = progressValues(event.values);
      const tail = progressFigures(event.done, event.total, sinceStart) + (values ? ` · ${values}` : '');
      const head = `${lab} ${event.label} `;
      // Display columns, not code units: a Chinese label is twice as wide as it is long.
      const barWidth = Math.max(0, Math.min(30, room - displayWidth(head) - displayWidth(tail) - 1));
      const line = `${head}${barWidth >= 5 ? progressBar(event.done, event.total, barWidth, options.ascii) + ' ' : ''}${tail}`;
      last = `\r${fitTruncate(line, Math.max(1, room))}\x1b[K`;
      write(last);
      shown = true;
    },
    clear,
    redraw() {
      if (last && !shown) write(last);
      shown = last !== '';
    },
  };
}
