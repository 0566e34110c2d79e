// Truncation never gives more columns than asked, also where the cut falls inside
// a wide character (cli-truncate 5 gave one more, and "…" wrapped onto its own line).
import stringWidth from 'string-width';
import { expect, it } from 'vitest';
import fitTruncate, { asciiTruncation } from '../../../src/ui/fit-truncate.js';

it('fits every width, at the end and at the start, for Chinese mixed with ASCII', () => {
  const text = '  logits                  原始分數 (logits)，取代 --pred：先經 softmax 轉為機率分布再計算';
  for (let columns = 1; columns <= stringWidth(text); columns++) {
    for (const position of ['end', 'start', 'middle'] as const) {
      const out = fitTruncate(text, columns, { position });
      expect(stringWidth(out), `${columns} ${position}: ${out}`).toBeLessThanOrEqual(columns);
      if (columns >= 4) expect(stringWidth(out)).toBeGreaterThanOrEqual(columns - 1); // at most the half of a wide character lost
    }
  }
  expect(fitTruncate(text, 75)).toMatch(/softmax 轉…$/);
});

it('under --ascii a cut is marked "...", within the width', () => {
  asciiTruncation(true);
  try {
    expect(fitTruncate('run a too small, a good and a too large learning rate side by side', 30)).toBe('run a too small, a good and...');
    expect(fitTruncate('學習率學習率學習率', 8)).toMatch(/^學習\.\.\.$/);
  } finally {
    asciiTruncation(false);
  }
  expect(fitTruncate('run a too small, a good and a too large learning rate', 30)).toMatch(/…$/);
});
