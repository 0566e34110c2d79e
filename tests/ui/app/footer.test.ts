import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitFooter } from '../../../src/ui/app/footer.js';
import { lectureKeys, strings } from '../../../src/ui/app/strings.js';

describe('the lab footer', () => {
  const en = strings('en');
  it('shows every key where there is room', () => {
    expect(fitFooter([], en.labKeys, en.labKeysLast, 200)).toBe(
      'space pause · n step · p params · r rerun · ↑/↓ scroll · l log y · c compare · ? help · q back',
    );
  });

  it.each([
    ['en', 79],
    ['zh-TW', 79],
    ['en', 59],
    ['zh-TW', 59],
  ] as const)('%s at %i columns: drops the least needed keys, never "? help" and "q back"', (lang, width) => {
    const text = strings(lang);
    const [where, ...keys] = lectureKeys(text, 2, 9, { typed: '', confirmingEnd: false });
    const line = fitFooter(['1–19/271', where], [...keys, ...text.labKeys], text.labKeysLast, width);
    expect(stringWidth(line)).toBeLessThanOrEqual(width);
    expect(line.endsWith(text.labKeysLast.join(' · '))).toBe(true);
    expect(line.startsWith('1–19/271 · 3/9')).toBe(true);
  });
});
