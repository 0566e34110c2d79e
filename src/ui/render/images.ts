// Pictures as characters at the screen's width: dark to light in shades, two
// image rows per text row (terminal cells are about twice as tall as wide),
// as many images side by side as fit, each with its caption under it.
import type { ImageEvent } from '../../labs/kit/events.js';
import { displayWidth, padEnd } from '../format.js';
import type { DrawStyle } from './style.js';
import { wrapLines } from './text.js';

const SHADES = { unicode: ' ░▒▓█', ascii: ' .:-=+*#%@' };
/** Image columns per text column at most: larger pictures are sampled down to about 28 across. */
const MAX_COLUMNS = 28;
const GAP = 2;

export function renderImages(event: ImageEvent, style: DrawStyle): string[] {
  const [channels, height, width] = event.shape;
  const shades = style.ascii ? SHADES.ascii : SHADES.unicode;
  const step = Math.max(1, Math.ceil(width / MAX_COLUMNS));
  const cols = Math.ceil(width / step);
  const perRow = Math.max(1, Math.floor((style.width + GAP) / (cols + GAP)));
  const grey = (pixels: number[], y: number, x: number) => {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += pixels[c * height * width + y * width + x] ?? 0;
    return sum / channels;
  };
  const lines = wrapLines(event.title, style.width);
  for (let start = 0; start < event.images.length; start += perRow) {
    const group = event.images.slice(start, start + perRow);
    const rows: string[] = [];
    for (let y = 0; y < height; y += 2 * step) {
      const row = group.map(({ pixels }) => {
        let text = '';
        for (let x = 0; x < width; x += step) {
          const level = (grey(pixels, y, x) + grey(pixels, Math.min(height - 1, y + step), x)) / 2;
          text += shades[Math.max(0, Math.min(shades.length - 1, Math.floor(level * shades.length)))];
        }
        return text;
      });
      rows.push(row.join(' '.repeat(GAP)).trimEnd());
    }
    // Blank rows above and below (MNIST's empty border) say nothing.
    while (rows.length > 0 && rows[0].trim() === '') rows.shift();
    while (rows.length > 0 && rows.at(-1)!.trim() === '') rows.pop();
    rows.push(
      group
        .map(({ caption }) => padEnd(fitWidth(caption, cols), cols))
        .join(' '.repeat(GAP))
        .trimEnd(),
    );
    lines.push(...(start > 0 ? [''] : []), ...rows);
  }
  return lines;
}

/**
 * The longest start of text that fits `width` columns: a wide character that
 * would not fit is left out (cli-truncate kept "實" of "3（實為 5）" in 4 columns).
 */
function fitWidth(text: string, width: number): string {
  let out = '';
  for (const char of text) {
    if (displayWidth(out + char) > width) break;
    out += char;
  }
  return out;
}
