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
    throw new UsageError(`${label}: not valid JSON (${abbreviate((err as Error).message, 120)})`);
  }
  checkFiniteNumbers(json, text, label);
  return json;
}

/**
 * JSON.parse reads 1e400 as Infinity, which would later be reported as "null",
 * and 1e-400 as 0, which a range check would report as "got 0": name the key
 * and show the number as it was written.
 */
function checkFiniteNumbers(json: unknown, text: string, label: string): void {
  // A stack, not recursion: a file of 100,000 nested arrays is still one message.
  const pending: [unknown, string][] = [[json, '']];
  while (pending.length > 0) {
    const [value, key] = pending.pop()!;
    if (typeof value === 'number' && (!Number.isFinite(value) || value === 0)) {
      const written = key ? new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*(-?[0-9.eE+-]+)`).exec(text)?.[1] : undefined;
      // A zero is wrong only where it was written with a digit that is not 0: 1e-400 underflows to 0.
      const underflow = value === 0 && written !== undefined && /[1-9]/.test(written.split(/[eE]/)[0]);
      if (value !== 0 || underflow) {
        const what = underflow ? 'too small for a 64-bit number (it would read as 0)' : 'too large for a 64-bit number';
        throw new UsageError(`${label}: ${key ? `"${abbreviate(key, 40)}" is ` : ''}${abbreviate(written ?? String(value))}, ${what}`);
      }
    }
    if (value && typeof value === 'object') {
      for (const [k, inner] of Object.entries(value)) pending.push([inner, Array.isArray(value) ? key : k]);
    }
  }
}
