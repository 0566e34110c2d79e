// One writer per output file: two runs with the same --out would interleave
// their lines. A run holds `<file>.lock` (its pid inside) while it may write;
// a lock left by a process that no longer exists (SIGKILL) is taken over.
import { canonicalPath, errorMessage, InputError } from '../../labs/engine-api.js';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

/** The process that wrote the lock still runs nnlab (a pid reused by another program does not count). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return /nnlab|dist\/cli\.js/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc to ask: alive is all that is known
  }
};

/** Only files that can interleave need a lock: not /dev/null, a pipe or a terminal. */
const lockable = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return true; // to be created: a regular file
  }
};

/** The pid a lock names, or undefined when it names none (garbage, a left-over). */
function holderOf(lock: string, flag: string, path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`${flag} ${path}: ${lock} is in the way of its lock file (${(err as NodeJS.ErrnoException).code}); remove it`);
  }
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Creates `lock` holding this pid in one step: written aside, then linked into place (never seen empty). */
function createLock(lock: string): boolean {
  const aside = `${lock}.${process.pid}`;
  writeFileSync(aside, `${process.pid}\n`);
  try {
    linkSync(aside, lock);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(aside);
  }
}

/** Takes the lock of `path` (an InputError if another live run holds it); returns its release. */
export function lockOutput(path: string, flag: string): () => void {
  if (!lockable(path)) return () => {};
  // One lock per file, whatever name (a link, ./x) the run was given.
  const lock = `${canonicalPath(path)}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    let created: boolean;
    try {
      created = createLock(lock);
    } catch (err) {
      throw new InputError(`${flag} ${path}: cannot create its lock file ${lock} (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)})`);
    }
    if (created) {
      let held = true;
      return () => {
        // Only our own lock: one taken over meanwhile belongs to its new holder.
        if (!held) return;
        held = false;
        try {
          if (holderOf(lock, flag, path) === process.pid) unlinkSync(lock);
        } catch {
          // gone, or no longer a file we can read: nothing of ours to release
        }
      };
    }
    const pid = holderOf(lock, flag, path);
    if (pid !== undefined && alive(pid)) {
      throw new InputError(`${flag} ${path}: another nnlab run (pid ${pid}) is writing this file; wait for it to end or choose another file`);
    }
    // Left by a run that was killed: removed only if it still names the same dead holder.
    if (holderOf(lock, flag, path) === pid) {
      try {
        unlinkSync(lock);
      } catch {
        // another run removed it first
      }
    }
  }
  throw new InputError(`${flag} ${path}: its lock file ${lock} keeps coming back; is another run starting?`);
}
