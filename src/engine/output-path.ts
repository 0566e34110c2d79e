// Output paths are checked before a run starts, so a wrong one costs a message,
// not a training run: the folder must exist and take files (proved by making
// and removing a probe there: root passes access() checks on a read-only
// place), a file must not be a folder, and a file replaced whole (written
// beside it, then renamed over it) must not be a device or a pipe.
import {
  accessSync,
  closeSync,
  constants,
  lstatSync,
  mkdtempSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { abbreviate } from './describe.js';
import { InputError } from './input-error.js';

const statOf = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/** A path shown in a message: long ones abbreviated. */
const shown = (path: string) => abbreviate(path, 80);

/** Makes and removes a folder in `dir`: the one sure test that entries can be created there. */
function probeWritable(dir: string, label: string): void {
  try {
    rmdirSync(mkdtempSync(join(dir, '.nnlab-probe-')));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(
      `${label}: cannot write into ${shown(dir)} (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'a read-only file system' : code})`,
    );
  }
}

function checkName(path: string, label: string): void {
  if (path.trim() === '') throw new InputError(`${label}: needs a path (got an empty one)`);
}

/** The folder a new file would go into exists and takes new entries. */
function checkParent(path: string, label: string): void {
  const parent = dirname(resolve(path));
  const st = statOf(parent);
  if (!st) throw new InputError(`${label}: the folder ${shown(parent)} does not exist; create it first (mkdir -p)`);
  if (!st.isDirectory()) throw new InputError(`${label}: ${shown(parent)} is a file, not a folder`);
  probeWritable(parent, label);
}

/**
 * `path` can be written as a file: a file that exists, or one its folder can take.
 * replaced: the writer puts a new file in its place (a submission), so only a regular file may be there.
 */
export function checkOutputFile(path: string, label: string, options: { replaced?: boolean } = {}): void {
  checkName(path, label);
  const st = statOf(path);
  if (!st) return checkParent(path, label);
  if (st.isDirectory()) throw new InputError(`${label}: ${shown(path)} is a folder; give a file name`);
  if (options.replaced && !st.isFile()) throw new InputError(`${label}: ${shown(path)} is not a regular file (a device or a pipe); give a file name`);
  // A named pipe with no reader would hold the first write forever (signals unheard): ask now, without blocking.
  if (st.isFIFO()) holdPipe(path, label);
  // Replaced: a new file is made beside it; written in place: the file itself must take writes.
  if (options.replaced) return checkParent(path, label);
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new InputError(`${label}: ${shown(path)} cannot be written (permission denied or a read-only file system)`);
  }
}

/**
 * Named pipes opened for writing by the check, held open for the writer: closing the
 * check's end would tell the reader the stream has ended (it sees EOF and goes), and the
 * writer's own open would then wait for a reader forever.
 */
const heldPipes = new Map<string, number>();

function holdPipe(path: string, label: string): void {
  const key = resolve(path);
  if (heldPipes.has(key)) return;
  let probe: number;
  try {
    // Non-blocking: fails at once (ENXIO) where nobody reads.
    probe = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    throw new InputError(`${label}: ${shown(path)} is a named pipe nobody reads from; start its reader first`);
  }
  try {
    // A reader is there, so a blocking open returns at once; the probe is closed only after it, so the
    // pipe always has a writer. Writes then wait for the reader as on any pipe, instead of failing with EAGAIN.
    heldPipes.set(key, openSync(path, constants.O_WRONLY));
  } finally {
    closeSync(probe);
  }
}

/** The descriptor the check holds for a named pipe at `path`, handed over to the writer (who closes it). */
export function takeHeldPipe(path: string): number | undefined {
  const key = resolve(path);
  const fd = heldPipes.get(key);
  heldPipes.delete(key);
  return fd;
}

/** `path` can hold saved files: a writable folder, or one that mkdir -p can create under a writable one. */
export function checkOutputFolder(path: string, label: string): void {
  checkName(path, label);
  let at = resolve(path);
  let st = statOf(at);
  while (!st && dirname(at) !== at) {
    at = dirname(at);
    st = statOf(at);
  }
  if (!st?.isDirectory()) throw new InputError(`${label}: ${shown(at)} is a file, not a folder`);
  probeWritable(at, label);
}

/**
 * The file a path names in the end: symbolic links followed even to a file that
 * does not exist yet, so two names of one file are seen as one.
 */
export function canonicalPath(path: string, depth = 0): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    // Not there (yet): a dangling link names its target; otherwise the real folder and the name.
  }
  try {
    if (depth < 16 && lstatSync(absolute).isSymbolicLink()) return canonicalPath(resolve(dirname(absolute), readlinkSync(absolute)), depth + 1);
  } catch {
    // no such entry at all
  }
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(canonicalPath(parent, depth + 1), basename(absolute));
}

/** Two paths that name one file: the same path, links to one file, or one file under two names. */
export function sameFile(a: string, b: string): boolean {
  if (canonicalPath(a) === canonicalPath(b)) return true;
  const [sa, sb] = [statOf(a), statOf(b)];
  return Boolean(sa && sb && sa.dev === sb.dev && sa.ino === sb.ino);
}

/** Writes a file whole or not at all: beside it first (a name of this process's own), then renamed over it. */
export function writeFileWhole(path: string, data: string | Uint8Array): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}
