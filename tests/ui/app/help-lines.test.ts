// The key help wraps its descriptions (no "…") and, on a short screen, shows what
// fits and says how much more there is.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { helpLines, scrolledTo } from '../../../src/ui/app/help-lines.js';
import { strings } from '../../../src/ui/app/strings.js';

/** The line without its first `columns` columns (the keys column; a Chinese key is two columns a character). */
function dropColumns(line: string, columns: number): string {
  let taken = 0;
  let i = 0;
  for (const ch of line) {
    if (taken >= columns) break;
    taken += stringWidth(ch);
    i += ch.length;
  }
  return line.slice(i);
}

describe('the key help', () => {
  for (const lang of ['en', 'zh-TW'] as const) {
    const { helpKeys, helpMore } = strings(lang);
    it(`${lang}: at 80×24 every description whole, wrapped beside its keys, within the width`, () => {
      const { lines } = helpLines(helpKeys, 79, 19, helpMore);
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(79);
      expect(lines.join('\n')).not.toContain('…');
      const text = lines
        .map((line) => dropColumns(line, 19).trim())
        .join(' ')
        .replace(/\s+/g, lang === 'en' ? ' ' : '');
      for (const [, what] of helpKeys) expect(text).toContain(lang === 'en' ? what.replace(/\s+/g, ' ') : what.replace(/\s+/g, ''));
    });

    it(`${lang}: at 60×16 as many lines as fit, the last saying how many more; it scrolls to the end and back`, () => {
      const total = helpLines(helpKeys, 59, 1000, helpMore).lines.length;
      const first = helpLines(helpKeys, 59, 11, helpMore);
      expect(first.lines).toHaveLength(11);
      expect(first.lines.at(-1)).toBe(helpMore(total - 10, 0));
      expect(first.maxTop).toBe(total - 10);
      for (const line of first.lines) expect(stringWidth(line)).toBeLessThanOrEqual(59);
      // j moves a line; G shows the last lines, every one of them reached; the last line says what is above.
      const next = helpLines(helpKeys, 59, 11, helpMore, scrolledTo(first.top, 1, first.maxTop));
      expect(next.lines[0]).toBe(first.lines[1]);
      expect(next.lines.at(-1)).toBe(helpMore(total - 11, 1)); // lines below and the one above, both said
      const end = helpLines(helpKeys, 59, 11, helpMore, scrolledTo(next.top, 'bottom', first.maxTop));
      expect(end.lines.slice(0, -1)).toEqual(helpLines(helpKeys, 59, 1000, helpMore).lines.slice(-10));
      expect(end.lines.at(-1)).toBe(helpMore(0, total - 10));
      expect(scrolledTo(end.top, 5, first.maxTop)).toBe(first.maxTop);
      expect(scrolledTo(end.top, 'top', first.maxTop)).toBe(0);
      expect(scrolledTo(2, -10, first.maxTop)).toBe(0);
    });
  }
});
