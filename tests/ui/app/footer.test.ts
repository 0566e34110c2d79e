import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitFooter, labFooterKeys } from '../../../src/ui/app/footer.js';
import { lectureKeys, strings } from '../../../src/ui/app/strings.js';

const RUNNING = { steps: true, running: true, paused: false, charts: true };

describe('the lab footer', () => {
  const en = strings('en');
  it('shows every key where there is room', () => {
    expect(fitFooter([], labFooterKeys(en.labKeys, RUNNING), en.labKeysLast, 200)).toBe(
      'space pause · n step · p params · r rerun · ↑/↓ scroll · l log y · c compare · ? help · q back',
    );
  });

  it('offers only the keys that act now: space and n while a stepping lab runs (resume while paused), l and c where there is a chart', () => {
    expect(labFooterKeys(en.labKeys, { ...RUNNING, paused: true }).slice(0, 2)).toEqual(['space resume', 'n step']);
    expect(labFooterKeys(en.labKeys, { ...RUNNING, running: false })).toEqual(['p params', 'r rerun', '↑/↓ scroll', 'l log y', 'c compare']);
    expect(labFooterKeys(en.labKeys, { ...RUNNING, steps: false, charts: false })).toEqual(['p params', 'r rerun', '↑/↓ scroll']);
    // A search on: n is its next match, not a step.
    expect(labFooterKeys(en.labKeys, { ...RUNNING, searching: true }).slice(0, 2)).toEqual(['space pause', 'p params']);
  });

  it('at 60 columns a lab that does not step keeps p params and r rerun', () => {
    const line = fitFooter(['129–131/154'], labFooterKeys(en.labKeys, { steps: false, running: false, paused: false, charts: true }), en.labKeysLast, 59);
    expect(line).toContain('p params · r rerun');
    expect(line).not.toContain('space');
  });

  it.each([
    ['en', 79],
    ['zh-TW', 79],
    ['en', 59],
    ['zh-TW', 59],
  ] as const)('%s at %i columns: drops the least needed keys, never "? help" and "q back"', (lang, width) => {
    const text = strings(lang);
    const [where, ...keys] = lectureKeys(text, 2, 9, { typed: '', confirmingEnd: false });
    const line = fitFooter(['1–19/271', where], [...keys, ...labFooterKeys(text.labKeys, RUNNING)], text.labKeysLast, width);
    expect(stringWidth(line)).toBeLessThanOrEqual(width);
    expect(line.endsWith(text.labKeysLast.join(' · '))).toBe(true);
    expect(line.startsWith('1–19/271 · 3/9')).toBe(true);
  });
});
