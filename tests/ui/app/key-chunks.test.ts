import type { Key } from 'ink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NO_KEY } from './no-key.js';
import { ESCAPE_TIMEOUT_MS, keyReader, splitKeys, type Press } from '../../../src/ui/app/keys/key-chunks.js';

describe('keys that arrive in one chunk', () => {
  it('one key, or a chord, stays as Ink gave it', () => {
    expect(splitKeys('j', NO_KEY)).toEqual([['j', NO_KEY]]);
    const ctrlC = { ...NO_KEY, ctrl: true };
    expect(splitKeys('c', ctrlC)).toEqual([['c', ctrlC]]);
    const alt = { ...NO_KEY, meta: true };
    expect(splitKeys('ab', alt)).toEqual([['ab', alt]]);
  });

  it('a run of characters is one press each, in order', () => {
    expect(splitKeys('jjjj', NO_KEY).map(([input]) => input)).toEqual(['j', 'j', 'j', 'j']);
    expect(splitKeys('σx', NO_KEY).map(([input]) => input)).toEqual(['σ', 'x']);
  });

  it('Enter, Tab and Backspace inside a chunk become their keys ("3\\r", a burst of backspaces)', () => {
    const keys = splitKeys('3\r\x7f\b\t', NO_KEY);
    expect(keys.map(([input]) => input)).toEqual(['3', '', '', '', '']);
    expect(keys[1][1].return).toBe(true);
    expect(keys[2][1].backspace && keys[3][1].backspace).toBe(true);
    expect(keys[4][1].tab).toBe(true);
    expect(keys[0][1].return).toBe(false);
  });
});

describe('mouse reports in the input', () => {
  const read = (...chunks: string[]) => {
    const reader = keyReader();
    return chunks.flatMap((chunk) => reader(chunk, NO_KEY)).map((press) => ('wheel' in press ? press.wheel : press.key.return ? '⏎' : press.input));
  };

  it('the wheel up and down, as Ink hands them over (ESC stripped) or raw', () => {
    expect(read('[<64;10;5M', '[<65;1;1M')).toEqual([-1, 1]);
    expect(read('\x1b[<65;80;24M')).toEqual([1]);
    // With Shift, Alt or Ctrl held the wheel still scrolls.
    expect(read('[<68;3;3M', '[<81;3;3M')).toEqual([-1, 1]);
  });

  it('other mouse reports (clicks, releases, drags) are taken and ignored, never typed', () => {
    expect(read('[<0;3;4M', '[<0;3;4m', '[<2;1;1M', '[<32;5;5M', '[<64;1;1m')).toEqual([]);
  });

  it('a chunk mixing keys and reports: each key in order, each wheel turn in its place', () => {
    expect(read('j\x1b[<64;10;5Mk')).toEqual(['j', -1, 'k']);
    expect(read('\x1b[<65;1;1M\x1b[<65;1;1M\x1b[<0;1;1Mq')).toEqual([1, 1, 'q']);
    expect(read('3\r\x1b[<64;2;2M')).toEqual(['3', '⏎', -1]);
  });

  it('text that only looks like a report is typed as it is', () => {
    expect(read('[<64')).toEqual(['[', '<', '6', '4']);
    expect(read('x[<64;1;1My')).toEqual(['x', '[', '<', '6', '4', ';', '1', ';', '1', 'M', 'y']);
  });

  it('an X10 report (a terminal without SGR): its three bytes are dropped, in the same call or the next', () => {
    expect(read('[M', '`!!')).toEqual([]);
    expect(read('[M', '`!', '!j')).toEqual(['j']);
    expect(read('[M', 'a!!k ')).toEqual(['k', ' ']);
  });
});

describe('an Escape split from the rest of its key (a slow SSH link)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const escape = { ...NO_KEY, escape: true };

  it("ESC, then '[B' in the next write within the timeout: one down arrow, no Escape", () => {
    vi.useFakeTimers();
    const late: Press[] = [];
    const reader = keyReader((presses) => late.push(...presses));
    expect(reader('', escape)).toEqual([]); // held
    vi.advanceTimersByTime(ESCAPE_TIMEOUT_MS - 1);
    const [press] = reader('[B', NO_KEY) as { input: string; key: Key }[];
    expect(press.key.downArrow).toBe(true);
    expect(press.key.escape).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(late).toEqual([]); // no Escape after all
    for (const [rest, name] of [
      ['[A', 'upArrow'],
      ['OC', 'rightArrow'],
      ['[6~', 'pageDown'],
    ] as const) {
      reader('', escape);
      expect((reader(rest, NO_KEY)[0] as { key: Key }).key[name]).toBe(true);
    }
  });

  it('a lone Escape is an Escape once the timeout passes, handed over late', () => {
    vi.useFakeTimers();
    const late: Press[] = [];
    const reader = keyReader((presses) => late.push(...presses));
    expect(reader('', escape)).toEqual([]);
    vi.advanceTimersByTime(ESCAPE_TIMEOUT_MS);
    expect(late).toEqual([{ input: '', key: escape }]);
  });

  it('Escape then an ordinary key: both, in order, at once', () => {
    vi.useFakeTimers();
    const reader = keyReader();
    reader('', escape);
    expect(reader('q', NO_KEY)).toEqual([
      { input: '', key: escape },
      { input: 'q', key: NO_KEY },
    ]);
  });
});
