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
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${label}: not valid JSON (${(err as Error).message})`);
  }
}
