// Tables and confusion matrices as aligned text.
import fitTruncate from '../fit-truncate.js';
import type { MatrixEvent, TableEvent } from '../../labs/kit/events.js';
import { displayWidth, formatCell, formatNumber, padEnd, padStart } from '../format.js';
import type { DrawStyle } from './style.js';
import { wrapLines } from './text.js';
import { SHADES } from './field.js';

function rule(widths: number[], style: DrawStyle): string {
  return widths.map((w) => (style.ascii ? '-' : '─').repeat(w)).join(style.ascii ? '-+-' : '─┼─');
}

/** Numbers right-aligned, text left-aligned; a header rule; title on top. */
export function renderTable(table: TableEvent, style: DrawStyle): string[] {
  const widths = table.columns.map((col, i) => Math.max(displayWidth(col), ...table.rows.map((row) => displayWidth(formatCell(row[i] ?? null)))));
  // Too wide for the screen: shorten the widest column, ending its cells with an ellipsis.
  const overflow = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1) - style.width;
  if (overflow > 0) {
    const widest = widths.indexOf(Math.max(...widths));
    widths[widest] = Math.max(4, widths[widest] - overflow);
  }
  const fit = (text: string, width: number) =>
    displayWidth(text) <= width ? text : fitTruncate(text, width, { truncationCharacter: style.ascii ? '.' : '…' });
  const cells = table.rows.map((row) => row.map((cell, i) => fit(formatCell(cell), widths[i])));
  const sep = style.ascii ? ' | ' : ' │ ';
  const line = (row: string[], numeric: boolean[]) =>
    row
      .map((cell, i) => (numeric[i] ? padStart(cell, widths[i]) : padEnd(cell, widths[i])))
      .join(sep)
      .trimEnd();
  const numericCols = table.columns.map((_, i) => table.rows.every((row) => typeof row[i] === 'number' || row[i] === null));
  return [
    ...wrapLines(table.title, style.width),
    line(
      table.columns.map((c, i) => fit(c, widths[i])),
      numericCols,
    ),
    rule(widths, style),
    ...cells.map((row) => line(row, numericCols)),
  ];
}

/** Counts per true row and predicted column, a shade by row share, the diagonal in brackets. */
export function renderMatrix(matrix: MatrixEvent, style: DrawStyle): string[] {
  const shades = style.ascii ? SHADES.ascii : SHADES.unicode;
  const labelWidth = Math.max(4, ...matrix.labels.map(displayWidth));
  const cellWidth = Math.max(4, ...matrix.counts.flat().map((c) => formatNumber(c).length)) + 3;
  const header = padEnd('true\\pred', labelWidth) + ' ' + matrix.labels.map((l) => padStart(l.slice(0, cellWidth - 1), cellWidth)).join('');
  const rows = matrix.counts.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    const cells = row.map((count, j) => {
      const shade = shades[Math.min(shades.length - 1, Math.ceil((count / total) * (shades.length - 1)))];
      const text = i === j ? `[${count}]` : String(count);
      return padStart(text + shade, cellWidth);
    });
    return padEnd(matrix.labels[i], labelWidth) + ' ' + cells.join('');
  });
  return [...wrapLines(matrix.title, style.width), header, ...rows];
}
