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
 * How long a lone Escape waits for the rest of a key it may begin, as vim's ttimeout:
 * over a slow SSH link an arrow key can arrive as ESC, then "[B" in the next write.
 */
export const ESCAPE_TIMEOUT_MS = 50;

/** The rest of an arrow or page key after its ESC ("[B", "OA", "[5~"), and which key it makes. */
const AFTER_ESCAPE: Record<string, keyof Key> = {
  '[A': 'upArrow',
  '[B': 'downArrow',
  '[C': 'rightArrow',
  '[D': 'leftArrow',
  OA: 'upArrow',
  OB: 'downArrow',
  OC: 'rightArrow',
  OD: 'leftArrow',
  '[5~': 'pageUp',
  '[6~': 'pageDown',
};

/**
 * Reads Ink's input calls into presses: keys as splitKeys does, the wheel from
 * mouse reports (mouse.ts), other mouse reports dropped, so no report ever
 * types characters. Stateful: an X10 report's bytes may come as the next call,
 * and a lone Escape is held ESCAPE_TIMEOUT_MS for the rest of an arrow key split
 * from it; when nothing follows, `later` gets it (the timers are the caller's clock).
 */
export function keyReader(later: (presses: Press[]) => void = () => {}): (input: string, key: Key) => Press[] {
  let held: { key: Key; timer: ReturnType<typeof setTimeout> } | undefined;
  const read = plainReader();
  return (input, key) => {
    if (held) {
      const { key: escape, timer } = held;
      clearTimeout(timer);
      held = undefined;
      const joined = AFTER_ESCAPE[input];
      if (joined && !key.ctrl && !key.meta) return [{ input: '', key: { ...escape, escape: false, [joined]: true } }];
      return [{ input: '', key: escape }, ...read(input, key)];
    }
    if (key.escape && input === '') {
      held = { key, timer: setTimeout(() => ((held = undefined), later([{ input: '', key }])), ESCAPE_TIMEOUT_MS) };
      return [];
    }
    return read(input, key);
  };
}

function plainReader(): (input: string, key: Key) => Press[] {
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
