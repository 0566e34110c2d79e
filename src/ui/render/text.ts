import wrapAnsi from 'wrap-ansi';
import type { MetricEvent, TextEvent } from '../../labs/kit/events.js';
import { displayWidth, formatDuration, formatNumber } from '../format.js';
import { hasCjk, wrapCjk } from './cjk-wrap.js';
import type { DrawStyle } from './style.js';

/** Text wrapped to the width, wide characters counted as two; Chinese may break between any two characters. */
export function wrapLines(text: string, width: number): string[] {
  const columns = Math.max(20, width);
  // Coloured text (escape codes) goes through wrap-ansi, which keeps them intact.
  if (hasCjk(text) && !text.includes('\x1b')) return wrapCjk(text, columns);
  return wrapAnsi(text, columns, { hard: true, trim: true }).split('\n');
}

/**
 * Items joined by `separator` on lines of at most `width` columns, never split
 * inside an item (a value stays next to its name); the first line
 * begins with `first`, the others with `indent`.
 */
export function wrapItems(items: string[], separator: string, width: number, first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? line + separator + item : (lines.length === 0 ? first : indent) + item;
    if (line && displayWidth(next) > width) {
      lines.push(line);
      line = indent + item;
    } else line = next;
  }
  return line ? [...lines, line] : lines;
}

/** Narration wrapped to the width; headings underlined; formulas indented, never wrapped mid-term. */
export function renderText(event: TextEvent, style: DrawStyle): string[] {
  if (event.style === 'heading') {
    return [event.text, (style.ascii ? '=' : '═').repeat(Math.min(style.width, displayWidth(event.text)))];
  }
  if (event.style === 'formula') {
    // Formulas and drawings keep their own lines and spacing; only an over-long line wraps.
    return event.text.split('\n').flatMap((line) =>
      displayWidth(line) + 4 <= style.width
        ? ['    ' + line]
        : wrapAnsi(line, style.width - 4, { hard: true })
            .split('\n')
            .map((l) => '    ' + l),
    );
  }
  return wrapLines(event.text, style.width);
}

/**
 * Keras verbose=2: `epoch 3/10 - 4.1s - loss: 0.2113 - acc: 0.9391`. Given a
 * width it does not fit (four metrics at 80 columns), the same in a compact
 * form: `epoch 3/10  4.1s  loss 0.2113  acc 0.9391`, then a tighter one.
 */
export function renderEpochLine(metric: MetricEvent, width = Infinity): string {
  const forms = (step: string, elapsed: string | undefined, shown: (value: number) => string, tight: (value: number) => string): string[] => {
    const head = [`epoch ${step}${metric.total ? `/${metric.total}` : ''}`, ...(elapsed !== undefined ? [elapsed] : [])];
    const values = Object.entries(metric.values);
    return [
      [...head, ...values.map(([key, value]) => `${key}: ${shown(value)}`)].join(' - '),
      [...head, ...values.map(([key, value]) => `${key} ${shown(value)}`)].join('  '),
      // Five metrics at 80 columns (the playground's): single spaces, four significant digits.
      [...head, ...values.map(([key, value]) => `${key} ${tight(value)}`)].join(' '),
    ];
  };
  // The form is chosen for the run, not for the line: from the metric names, the last step and
  // values as wide as they usually are. Chosen from the values themselves, a run switched form
  // mid-way when one got shorter (lr 0.1000 → 3).
  const typical = forms(
    String(metric.total ?? metric.step),
    metric.elapsedMs !== undefined ? '000ms' : undefined,
    () => '0.0000',
    () => '0.0000',
  );
  const chosen = typical.findIndex((form) => form.length <= width);
  const shown = forms(
    String(metric.step),
    metric.elapsedMs !== undefined ? formatDuration(metric.elapsedMs) : undefined,
    (value) => (Number.isInteger(value) ? String(value) : value.toFixed(4)),
    formatNumber,
  );
  return shown[chosen === -1 ? shown.length - 1 : chosen];
}

export function renderResult(metrics: Record<string, number>): string[] {
  return Object.entries(metrics).map(([key, value]) => `  ${key}: ${formatNumber(value)}`);
}
