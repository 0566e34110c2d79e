// `--config <file.json>`: parameter values from a file; flags given on the command line win.
import { shownValue } from '../labs/engine-api.js';
import type { Lab } from '../labs/kit/lab.js';
import { readJsonFile } from './read-json.js';
import { UsageError } from './usage-error.js';

/** Keys a config may hold besides the lab's parameters. */
export const CONFIG_RUN_KEYS = ['seed', 'backend', 'lang'] as const;

export interface ConfigValues {
  params: Record<string, unknown>;
  run: Partial<Record<(typeof CONFIG_RUN_KEYS)[number], unknown>>;
}

export function readConfig(path: string, lab: Lab): ConfigValues {
  const json = readJsonFile(path, `--config ${path}`);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`--config ${path}: must hold one JSON object of parameter values`);
  const names = new Set(lab.params.map((p) => p.name));
  const values: ConfigValues = { params: {}, run: {} };
  for (const [key, value] of Object.entries(json)) {
    if (names.has(key)) values.params[key] = value;
    else if ((CONFIG_RUN_KEYS as readonly string[]).includes(key)) values.run[key as (typeof CONFIG_RUN_KEYS)[number]] = value;
    else {
      const known = [...names, ...CONFIG_RUN_KEYS].join(', ');
      throw new UsageError(`--config ${path}: unknown key ${shownValue(key)} (lab '${lab.id}' takes: ${known})`);
    }
  }
  return values;
}
