import { readFileSync } from 'node:fs';
import { abbreviate } from '../engine/describe.js';
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
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${label}: not valid JSON (${abbreviate((err as Error).message, 120)})`);
  }
  checkFiniteNumbers(json, text, label);
  return json;
}

/**
 * JSON.parse reads 1e400 as Infinity, which would later be reported as "null":
 * name the key and show the number as it was written.
 */
function checkFiniteNumbers(json: unknown, text: string, label: string, key = ''): void {
  if (typeof json === 'number' && !Number.isFinite(json)) {
    const written = key ? new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*(-?[0-9.eE+-]+)`).exec(text)?.[1] : undefined;
    throw new UsageError(`${label}: ${key ? `"${abbreviate(key, 40)}" is ` : ''}${abbreviate(written ?? String(json))}, too large for a 64-bit number`);
  }
  if (json && typeof json === 'object') {
    for (const [k, value] of Object.entries(json)) checkFiniteNumbers(value, text, label, Array.isArray(json) ? key : k);
  }
}
