// Keys that arrive in one chunk of input. Ink splits escape sequences (three
// arrows in one write are three calls) but hands over a run of plain
// characters as one string: key repeat and type-ahead over SSH, `tmux
// send-keys jjjj`, a paste. Each character is a key press of its own.
import type { Key } from 'ink';

const CONTROL: Record<string, keyof Key> = { '\r': 'return', '\n': 'return', '\t': 'tab', '\x7f': 'backspace', '\b': 'backspace' };

/** The key presses in one call of Ink's input handler, in order. */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const chars = [...input];
  // One key, or a chord (Ctrl-, Alt-): as Ink gave it.
  if (chars.length <= 1 || key.ctrl || key.meta) return [[input, key]];
  const plain: Key = { ...key, return: false, tab: false, backspace: false, delete: false };
  return chars.map((char): [string, Key] => (CONTROL[char] ? ['', { ...plain, [CONTROL[char]]: true }] : [char, plain]));
}
