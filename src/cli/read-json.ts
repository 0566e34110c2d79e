import { abbreviate } from '../labs/engine-api.js';
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

/** A JSON file the user named, parsed; `label` leads every message (e.g. "--config c.json"). */
export function readJsonFile(path: string, label: string, whenMissing = 'no such file'): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${label}: ${whenMissing}` : `${label}: cannot be read (${code ?? String(err)})`);
  }
  let json: unknown;
  try {
    // A byte-order mark (some editors save one) is not part of the JSON.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    // One line: the parser quotes the file's text, newlines and all.
    throw new UsageError(`${label}: not valid JSON (${abbreviate((err as Error).message.replace(/\s+/g, ' '), 120)})`);
  }
  checkFiniteNumbers(text, label);
  return json;
}

/**
 * JSON.parse reads 1e400 as Infinity, which would later be reported as "null",
 * and 1e-400 as 0, which a range check would report as "got 0": find such a
 * number in the text as written, and name it with its key.
 */
function checkFiniteNumbers(text: string, label: string): void {
  // Strings are matched whole so that digits inside them are never read as numbers.
  for (const match of text.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)) {
    const written = match[0];
    if (written.startsWith('"')) continue;
    const value = Number(written);
    const tooSmall = value === 0 && /[1-9]/.test(written.split(/[eE]/)[0]);
    if (Number.isFinite(value) && !tooSmall) continue;
    const key = /"((?:[^"\\]|\\.)*)"\s*:\s*$/.exec(text.slice(Math.max(0, match.index - 200), match.index))?.[1];
    const what = tooSmall ? 'too small for a 64-bit number (it would read as 0)' : 'too large for a 64-bit number';
    throw new UsageError(`${label}: ${key ? `"${abbreviate(key, 40)}" is ` : ''}${abbreviate(written)}, ${what}`);
  }
}
