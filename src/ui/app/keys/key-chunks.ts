// Keys that arrive in one chunk of input. Ink splits escape sequences (three
// arrows in one write are three calls) but hands over a run of plain
// characters as one string: key repeat and type-ahead over SSH, `tmux
// send-keys jjjj`, a paste. Each character is a key press of its own. Mouse
// reports (mouse.ts) become wheel turns or nothing, never typed characters.
import type { Key } from 'ink';
import { readMouse, X10_BYTES, X10_PREFIX } from './mouse.js';

const CONTROL: Record<string, keyof Key> = { '\r': 'return', '\n': 'return', '\t': 'tab', '\x7f': 'backspace', '\b': 'backspace' };

/** The key presses in one call of Ink's input handler, in order. */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const chars = [...input];
  // One key, or a chord (Ctrl-, Alt-): as Ink gave it.
  if (chars.length <= 1 || key.ctrl || key.meta) return [[input, key]];
  const plain: Key = { ...key, return: false, tab: false, backspace: false, delete: false };
  return chars.map((char): [string, Key] => (CONTROL[char] ? ['', { ...plain, [CONTROL[char]]: true }] : [char, plain]));
}

/** One thing the user did: a key press, or a turn of the mouse wheel (-1 up, 1 down). */
export type Press = { input: string; key: Key } | { wheel: -1 | 1 };

/**
 * Reads Ink's input calls into presses: keys as splitKeys does, the wheel from
 * mouse reports (mouse.ts), other mouse reports dropped, so no report ever
 * types characters. Stateful: an X10 report's bytes may come as the next call.
 */
export function keyReader(): (input: string, key: Key) => Press[] {
  let skip = 0;
  return (input, key) => {
    if (skip > 0) {
      const chars = [...input];
      input = chars.slice(skip).join('');
      skip = Math.max(0, skip - chars.length);
      if (input === '') return [];
    }
    if (input === X10_PREFIX && !key.ctrl && !key.meta) {
      skip = X10_BYTES;
      return [];
    }
    const presses: Press[] = [];
    const keys = (text: string) => text && splitKeys(text, key).forEach(([one, oneKey]) => presses.push({ input: one, key: oneKey }));
    // Ink hands a report over alone, its ESC stripped; a raw chunk may mix reports (with ESC) and keys.
    const whole = readMouse(input);
    if (whole && whole.next === input.length) return 'wheel' in whole.report && whole.report.wheel ? [{ wheel: whole.report.wheel }] : [];
    let from = 0;
    for (let at = input.indexOf('\x1b'); at >= 0; at = input.indexOf('\x1b', at + 1)) {
      const mouse = readMouse(input, at);
      if (!mouse) continue;
      keys(input.slice(from, at));
      if (mouse.report.wheel) presses.push({ wheel: mouse.report.wheel });
      from = mouse.next;
      at = from - 1;
    }
    if (from === 0) return splitKeys(input, key).map(([one, oneKey]) => ({ input: one, key: oneKey }));
    keys(input.slice(from));
    return presses;
  };
}
