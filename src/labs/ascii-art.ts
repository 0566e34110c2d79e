// Images as characters: dark to light in ten steps, two image rows per text
// row (terminal cells are about twice as tall as wide).
const SHADES = ' .:-=+*#%@';

/** Grey levels in [0, 1], C×H×W (channels averaged), drawn side by side with a caption under each. */
export function drawImages(images: readonly Float32Array[], shape: readonly [number, number, number], captions: readonly string[], maxWidth: number): string {
  const [channels, height, width] = shape;
  const step = Math.max(1, Math.ceil(width / 28));
  const cols = Math.ceil(width / step);
  const perRow = Math.max(1, Math.floor((maxWidth + 2) / (cols + 2)));
  const grey = (img: Float32Array, y: number, x: number) => {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += img[c * height * width + y * width + x];
    return sum / channels;
  };
  const blocks: string[] = [];
  for (let start = 0; start < images.length; start += perRow) {
    const group = images.slice(start, start + perRow);
    const lines: string[] = [];
    for (let y = 0; y < height; y += 2 * step) {
      lines.push(
        group
          .map((img) => {
            let row = '';
            for (let x = 0; x < width; x += step) {
              const v = (grey(img, y, x) + grey(img, Math.min(height - 1, y + step), x)) / 2;
              row += SHADES[Math.min(SHADES.length - 1, Math.floor(v * SHADES.length))];
            }
            return row;
          })
          .join('  ')
          .trimEnd(),
      );
    }
    // Blank rows above and below (MNIST's empty border) say nothing.
    while (lines.length > 0 && lines[0].trim() === '') lines.shift();
    while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
    lines.push(group.map((_, i) => captions[start + i].slice(0, cols).padEnd(cols)).join('  ').trimEnd());
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}
