// One writer per output file: two runs with the same --out would interleave
// their lines. A run holds `<file>.lock` (its pid inside) while it may write;
// a lock left by a process that no longer exists (SIGKILL) is taken over.
import { openSync, readFileSync, statSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { InputError } from '../engine/input-error.js';
import { canonicalPath } from '../engine/output-path.js';

/** The process that wrote the lock still runs nnlab (a pid reused by another program does not count). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return /nnlab|cli\.js/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
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

/** Takes the lock of `path` (an InputError if another live run holds it); returns its release. */
export function lockOutput(path: string, flag: string): () => void {
  if (!lockable(path)) return () => {};
  // One lock per file, whatever name (a link, ./x) the run was given.
  const lock = `${canonicalPath(path)}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        try {
          unlinkSync(lock);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputError(`${flag} ${path}: cannot create its lock file ${lock} (${(err as NodeJS.ErrnoException).code})`);
      let pid: number;
      try {
        pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
      } catch (readErr) {
        throw new InputError(`${flag} ${path}: ${lock} is in the way of its lock file (${(readErr as NodeJS.ErrnoException).code}); remove it`);
      }
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new InputError(`${flag} ${path}: another nnlab run (pid ${pid}) is writing this file; wait for it to end or choose another file`);
      }
      unlinkSync(lock); // left by a run that was killed
    }
  }
  throw new InputError(`${flag} ${path}: its lock file ${lock} keeps coming back; is another run starting?`);
}
