import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { splitKeys } from '../../src/ui/app/key-chunks.js';

const NONE = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false } as Key;

describe('keys that arrive in one chunk', () => {
  it('one key, or a chord, stays as Ink gave it', () => {
    expect(splitKeys('j', NONE)).toEqual([['j', NONE]]);
    const ctrlC = { ...NONE, ctrl: true };
    expect(splitKeys('c', ctrlC)).toEqual([['c', ctrlC]]);
    const alt = { ...NONE, meta: true };
    expect(splitKeys('ab', alt)).toEqual([['ab', alt]]);
  });

  it('a run of characters is one press each, in order', () => {
    expect(splitKeys('jjjj', NONE).map(([input]) => input)).toEqual(['j', 'j', 'j', 'j']);
    expect(splitKeys('σx', NONE).map(([input]) => input)).toEqual(['σ', 'x']);
  });

  it('Enter, Tab and Backspace inside a chunk become their keys ("3\\r", a burst of backspaces)', () => {
    const keys = splitKeys('3\r\x7f\b\t', NONE);
    expect(keys.map(([input]) => input)).toEqual(['3', '', '', '', '']);
    expect(keys[1][1].return).toBe(true);
    expect(keys[2][1].backspace && keys[3][1].backspace).toBe(true);
    expect(keys[4][1].tab).toBe(true);
    expect(keys[0][1].return).toBe(false);
  });
});
