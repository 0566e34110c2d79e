// Which lab `run` names, found before commander parses: the lab's own flags
// must be declared to commander first. Options may come before the lab.
import { Command } from 'commander';
import type { Lab } from '../labs/kit/lab.js';
import { findLab } from '../labs/registry.js';
import { addCommonOptions, addOutputOptions } from './options.js';
import { loadUserLab, looksLikePath } from './user-lab.js';

/** `run`'s own options, and those of them that take a value (--seed 3, --out f). */
function optionsOfRun(): { known: Set<string>; takesValue: Set<string> } {
  const probe = addCommonOptions(addOutputOptions(new Command('run')));
  return {
    known: new Set(probe.options.flatMap((o) => [o.long!, ...(o.short ? [o.short] : [])])),
    takesValue: new Set(probe.options.filter((o) => o.required || o.optional).map((o) => o.long!)),
  };
}

/** Names a lab's own parameter may not take: run's options, --help and --version. */
export function reservedFlags(): Set<string> {
  const { known } = optionsOfRun();
  return new Set(
    [...known]
      .filter((flag) => flag.startsWith('--'))
      .map((flag) => flag.slice(2).replace(/^no-/, ''))
      .concat(['help', 'version']),
  );
}

const isLabKey = (key: string) => looksLikePath(key) || findLab(key) !== undefined;

/**
 * The lab named after `run` (a number, an id, or a lab file), loaded before
 * commander sees its flags. Options may come before it: `run --seed 3 descent --lr 0.5`.
 */
export async function labForRun(argv: readonly string[]): Promise<Lab | undefined> {
  const at = argv.indexOf('run');
  if (at < 0) return undefined;
  const { known, takesValue } = optionsOfRun();
  let key: string | undefined;
  for (let i = at + 1; i < argv.length && key === undefined; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if (arg === '--') key = next;
    else if (!arg.startsWith('-')) key = arg;
    // Skip an option's value (the --flag=value form is one argument). A lab's own
    // flag is not known before the lab: its value is whatever is not a lab.
    else if (takesValue.has(arg) || (!known.has(arg) && !arg.includes('=') && next !== undefined && !next.startsWith('-') && !isLabKey(next))) i++;
  }
  if (!key) return undefined;
  return looksLikePath(key) ? loadUserLab(key, reservedFlags()) : findLab(key);
}
