import { describe, expect, it } from 'vitest';
import type { ImageEvent } from '../../../src/labs/kit/events.js';
import { renderImages } from '../../../src/ui/render/images.js';
import { PLAIN } from '../../../src/ui/render/style.js';

// A 4×4 grey image, rows top to bottom; each text row averages two image rows.
const PIXELS = [0, 0.5, 1, 1, 0, 0.5, 0, 1, 1, 1, 1, 1, 0.2, 0.2, 0.2, 0.2];
const event = (captions: string[]): ImageEvent => ({
  kind: 'image',
  id: 'x',
  title: 'Test images:',
  shape: [1, 4, 4],
  images: captions.map((caption) => ({ pixels: PIXELS, caption })),
});

describe('images drawn at the screen width', () => {
  it('shades the mean of two image rows per text row, dark to light, with the caption below', () => {
    // Row pairs average to [0, 0.5, 0.5, 1] and [0.6, 0.6, 0.6, 0.6]: shades ⌊level·5⌋ of " ░▒▓█".
    expect(renderImages(event(['7 ok']), PLAIN)).toEqual(['Test images:', ' ▒▒█', '▓▓▓▓', '7 ok']);
    // The same in ASCII: ⌊level·10⌋ of " .:-=+*#%@".
    expect(renderImages(event(['7 ok']), { ...PLAIN, ascii: true })).toEqual(['Test images:', ' ++@', '****', '7 ok']);
  });

  it('puts as many side by side as the width holds, two spaces apart, and cuts captions to the image width', () => {
    const lines = renderImages(event(['a', 'b', 'caption too long']), { ...PLAIN, width: 10 });
    expect(lines).toEqual(['Test images:', ' ▒▒█   ▒▒█', '▓▓▓▓  ▓▓▓▓', 'a     b', '', ' ▒▒█', '▓▓▓▓', 'capt']);
    expect(renderImages(event(['a', 'b', 'c']), { ...PLAIN, width: 40 })[1]).toBe(' ▒▒█   ▒▒█   ▒▒█');
  });

  it('cuts a Chinese caption by display width, not by characters', () => {
    expect(renderImages(event(['3（實為 5）']), PLAIN).at(-1)).toBe('3（');
  });
});
