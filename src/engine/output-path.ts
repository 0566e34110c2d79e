// Output paths are checked before a run starts, so a wrong one costs a message,
// not a training run: the folder must exist and take files, and a file must not
// be a folder (and the reverse).
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from './input-error.js';

const statOf = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

const writable = (path: string): boolean => {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** The folder a new file or folder would go into exists and takes new entries. */
function checkParent(path: string, label: string): void {
  const parent = dirname(resolve(path));
  const st = statOf(parent);
  if (!st) throw new InputError(`${label}: the folder ${parent} does not exist; create it first (mkdir -p ${parent})`);
  if (!st.isDirectory()) throw new InputError(`${label}: ${parent} is a file, not a folder`);
  if (!writable(parent)) throw new InputError(`${label}: cannot write into ${parent} (permission denied or a read-only file system)`);
}

/** `path` can be written as a file: it is a writable file, or it can be created. */
export function checkOutputFile(path: string, label: string): void {
  const st = statOf(path);
  if (!st) return checkParent(path, label);
  if (st.isDirectory()) throw new InputError(`${label}: ${path} is a folder; give a file name`);
  if (!writable(path)) throw new InputError(`${label}: ${path} cannot be written (permission denied or a read-only file system)`);
}

/** `path` can hold saved files: a writable folder, or one that mkdir -p can create. */
export function checkOutputFolder(path: string, label: string): void {
  let at = resolve(path);
  let st = statOf(at);
  while (!st && dirname(at) !== at) {
    at = dirname(at);
    st = statOf(at);
  }
  if (!st?.isDirectory()) throw new InputError(`${label}: ${at} is a file, not a folder`);
  if (!writable(at)) throw new InputError(`${label}: cannot write into ${at} (permission denied or a read-only file system)`);
}

/** Two paths that name one file: the same path, or links to the same file. */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const [sa, sb] = [statOf(a), statOf(b)];
  return Boolean(sa && sb && sa.dev === sb.dev && sa.ino === sb.ino);
}
