// The bundle's string-width builds its RGI emoji expression lazily, behind a cheap
// pre-check (scripts/lazy-emoji-regex.mjs). Widths must not change: compared here
// with the package as published, code point by code point and on emoji sequences.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script, plain JavaScript without types
import { lazyEmojiRegex } from '../scripts/lazy-emoji-regex.mjs';

const original = fileURLToPath(new URL('../node_modules/string-width/index.js', import.meta.url));
// Beside the original, so that its own dependencies resolve as they do for it.
const patchedPath = join(dirname(original), `index.nnlab-test-${process.pid}.js`);
let patched: typeof stringWidth;

beforeAll(async () => {
  writeFileSync(patchedPath, lazyEmojiRegex(readFileSync(original, 'utf8')));
  patched = (await import(pathToFileURL(patchedPath).href)).default;
});
afterAll(() => rmSync(patchedPath, { force: true }));

const SEQUENCES = [
  '😀', '👍🏽', '👨‍👩‍👧‍👦', '🧑‍🤝‍🧑', '🏳️‍🌈', '🏴‍☠️', '❤️‍🔥', '👁️‍🗨️', '🇹🇼', '🇺🇸🇬🇧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '1️⃣', '#️⃣', '*️⃣', '1⃣',
  '©️', '©', '®', '™️', '☝🏻', '✌', '✌️', '⌚', '⏰', '▶', '▶️', '◽', '◾', '☀', '☀️', '↔️', '〰️', '🅰', '🅰️', '🈁', '🀄', '🃏',
  '學習率 (learning rate) η = 0.1', '損失函數', 'ｱｲｳ ﾞﾟ', '한국어', '각', 'e\u0301', '─│┌┐└┘├┤', '⠁⠂⠄⡀⣿', '·—…›', '\u001b[31mred\u001b[0m 學',
  'a\u200db', '\u00ad', '\u200b', 'x\ufe0f', '1\ufe0f',
];

describe('the lazily built RGI emoji expression', () => {
  it('gives the published widths for every code point, alone and with U+FE0F', () => {
    const differences: string[] = [];
    for (let cp = 0x20; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      // All of the BMP and the emoji planes; elsewhere every 97th (CJK extensions, private use).
      if (cp > 0xffff && !(cp >= 0x1f000 && cp <= 0x1faff) && !(cp >= 0xe0000 && cp <= 0xe007f) && cp % 97 !== 0) continue;
      for (const text of [String.fromCodePoint(cp), String.fromCodePoint(cp) + '\ufe0f']) {
        if (patched(text) !== stringWidth(text)) differences.push(`U+${cp.toString(16)}${text.length > 2 ? '+FE0F' : ''}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('gives the published widths for emoji sequences, CJK, Hangul, marks, box drawing and colour codes', () => {
    for (const text of SEQUENCES) expect(patched(text), text).toBe(stringWidth(text));
    expect(patched('👨‍👩‍👧‍👦')).toBe(2);
    expect(patched('學習率')).toBe(6);
  });

  it('fails the build where string-width no longer has the expression it replaces', () => {
    expect(() => lazyEmojiRegex('export default () => 1;')).toThrow(/string-width no longer declares rgiEmojiRegex/);
  });
});
