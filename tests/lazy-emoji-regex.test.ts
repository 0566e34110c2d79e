// The bundle's string-width builds its RGI emoji expression lazily, behind a cheap
// pre-check (scripts/lazy-emoji-regex.mjs). Widths must not change: compared here
// with the package as published, code point by code point and on emoji sequences.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script, plain JavaScript without types
import { lazyEmojiRegex, MAY_BE_RGI_EMOJI } from '../scripts/lazy-emoji-regex.mjs';

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
  '😀',
  '👍🏽',
  '👨‍👩‍👧‍👦',
  '🧑‍🤝‍🧑',
  '🏳️‍🌈',
  '🏴‍☠️',
  '❤️‍🔥',
  '👁️‍🗨️',
  '🇹🇼',
  '🇺🇸🇬🇧',
  '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
  '1️⃣',
  '#️⃣',
  '*️⃣',
  '1⃣',
  '©️',
  '©',
  '®',
  '™️',
  '☝🏻',
  '✌',
  '✌️',
  '⌚',
  '⏰',
  '▶',
  '▶️',
  '◽',
  '◾',
  '☀',
  '☀️',
  '↔️',
  '〰️',
  '🅰',
  '🅰️',
  '🈁',
  '🀄',
  '🃏',
  '學習率 (learning rate) η = 0.1',
  '損失函數',
  'ｱｲｳ ﾞﾟ',
  '한국어',
  '각',
  'e\u0301',
  '─│┌┐└┘├┤',
  '⠁⠂⠄⡀⣿',
  '·—…›',
  '\u001b[31mred\u001b[0m 學',
  'a\u200db',
  '\u00ad',
  '\u200b',
  'x\ufe0f',
  '1\ufe0f',
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

  it('its pre-check is true of every RGI emoji: single code points, with FE0F, keycaps, flags, skin tones, subdivision flags', () => {
    // A wrong pre-check hardly changes widths (emoji-presentation characters are wide anyway): check it directly.
    const rgi = new RegExp('^\\p{RGI_Emoji}$', 'v'); // (a literal needs TypeScript's es2024 target)
    const pre = MAY_BE_RGI_EMOJI as RegExp;
    const candidates: string[] = [];
    for (let cp = 0x20; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      candidates.push(ch, ch + '\ufe0f');
    }
    for (const key of '#*0123456789') candidates.push(key + '\ufe0f\u20e3', key + '\u20e3');
    const indicators = Array.from({ length: 26 }, (_, i) => String.fromCodePoint(0x1f1e6 + i));
    for (const a of indicators) for (const b of indicators) candidates.push(a + b);
    const modifiers = ['\u{1f3fb}', '\u{1f3fc}', '\u{1f3fd}', '\u{1f3fe}', '\u{1f3ff}'];
    for (let cp = 0x261d; cp <= 0x1faff; cp++) {
      if (/\p{Emoji_Modifier_Base}/u.test(String.fromCodePoint(cp))) for (const m of modifiers) candidates.push(String.fromCodePoint(cp) + m);
    }
    const tag = (letters: string) => '\u{1f3f4}' + [...letters].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('') + '\u{e007f}';
    candidates.push(...['gbeng', 'gbsct', 'gbwls'].map(tag));
    const rgiFound = candidates.filter((s) => rgi.test(s));
    // The set is really exercised: every kind of sequence is among those found.
    expect(rgiFound.length).toBeGreaterThan(2000);
    expect(rgiFound).toEqual(expect.arrayContaining(['😀', '©\ufe0f', '1\ufe0f\u20e3', '🇹🇼', '👍🏽', tag('gbsct')]));
    expect(rgiFound.filter((s) => !pre.test(s))).toEqual([]);
  });

  it('fails the build where string-width no longer has the expression it replaces', () => {
    expect(() => lazyEmojiRegex('export default () => 1;')).toThrow(/string-width no longer declares rgiEmojiRegex/);
  });
});
