// The paths a run writes, checked before its start event: each can be written
// (engine/output-path.ts), and no two are one file — a submission over the
// NDJSON stream, or a model folder where the CSV goes, would lose one of them.
import { existsSync } from 'node:fs';
import { checkOutputFile, checkOutputFolder, sameFile } from '../../engine/output-path.js';
import type { ParamValues } from './events.js';
import { ParamError, type ParamSpec } from './params.js';

/** A file the front end writes beside the run: `--out`, `--csv`. */
export interface RunOutput {
  flag: string;
  path: string;
}

export function checkOutputs(specs: readonly ParamSpec[], params: ParamValues, others: readonly RunOutput[] = []): void {
  const declared: RunOutput[] = [];
  for (const spec of specs) {
    const path = params[spec.name];
    if (spec.type !== 'string' || !spec.output || typeof path !== 'string' || path === '') continue;
    const label = `--${spec.name} ${path}`;
    if (spec.output === 'folder') checkOutputFolder(path, label);
    else checkOutputFile(path, label, { replaced: true });
    declared.push({ flag: `--${spec.name}`, path });
  }
  const all = [...others, ...declared];
  all.forEach((a, i) => {
    const clash = all.slice(i + 1).find((b) => sameFile(a.path, b.path));
    if (clash) throw new ParamError(`${a.flag} and ${clash.flag} name the same file (${a.path}): give each its own`);
  });
  // Nor may an output be a file the lab reads (--submission over --predict's test.csv).
  for (const spec of specs) {
    const path = params[spec.name];
    if (spec.type !== 'string' || spec.output || typeof path !== 'string' || path === '' || !existsSync(path)) continue;
    const clash = all.find((output) => sameFile(output.path, path));
    if (clash) throw new ParamError(`${clash.flag} would write over --${spec.name}'s file (${path}): give it another name`);
  }
}
