import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapLines } from '../../../src/ui/render/text.js';

describe('wrapping Chinese', () => {
  const sentence =
    '感知器先做線性轉換 a = w₁x₁ + w₂x₂ + b，再用激活函數 (activation function) y = σ(a) 把它壓到 0 到 1 之間，這就是邏輯迴歸 (logistic regression) 的做法。';

  it('fills every line but the last, breaking between characters, within the width', () => {
    const lines = wrapLines(sentence, 40);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(40);
    for (const line of lines.slice(0, -1)) expect(stringWidth(line)).toBeGreaterThanOrEqual(34);
    expect(lines.join('').replace(/\s/g, '')).toBe(sentence.replace(/\s/g, ''));
  });

  it('keeps English terms and formulas whole, and starts no line with closing punctuation', () => {
    const lines = wrapLines(sentence, 30);
    for (const term of ['(activation', 'function)', '(logistic', 'regression)', 'σ(a)']) expect(lines.some((line) => line.includes(term))).toBe(true);
    for (const line of lines) expect(line).not.toMatch(/^[，。、；：）]/);
  });

  it('leaves English text to the usual word wrap', () => {
    expect(wrapLines('one two three four five six seven eight nine ten eleven', 20)).toEqual(['one two three four', 'five six seven eight', 'nine ten eleven']);
  });
});

describe('closing punctuation at the end of a full line', () => {
  it('brings the character before it down, and no line is wider than the width', () => {
    // 20 characters fill the 40 columns; the comma after them would make 42.
    const text = '一二三四五六七八九十一二三四五六七八九十，二三四五';
    const lines = wrapLines(text, 40);
    expect(lines).toEqual(['一二三四五六七八九十一二三四五六七八九', '十，二三四五']);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(40);
  });
});
