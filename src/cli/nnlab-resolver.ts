// `import { tf } from 'nnlab'` in a lab file anywhere on disk: the running
// nnlab answers for the name, so the lab shares its TensorFlow.js and backend
// (and needs no node_modules of its own). Node ≥ 20.6 module hooks.
import { existsSync, readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** dist/index.js of the nnlab package this code is part of. */
function ownEntry(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'nnlab') {
      const entry = join(dir, 'dist', 'index.js');
      return existsSync(entry) ? pathToFileURL(entry).href : undefined;
    }
    if (dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

let registered = false;

/** Makes the bare name `nnlab` resolve to this nnlab for modules imported from now on. */
export function resolveNnlabForLabs(): void {
  const register = (nodeModule as { register?: (specifier: string, parentURL?: string) => void }).register;
  if (registered || !register) return;
  const entry = ownEntry();
  if (!entry) return;
  const hook = `export async function resolve(specifier, context, next) {
  return specifier === 'nnlab' ? { url: ${JSON.stringify(entry)}, shortCircuit: true } : next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  registered = true;
}
