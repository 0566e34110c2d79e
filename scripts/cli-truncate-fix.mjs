// Every import of cli-truncate in the bundle, Ink's included, goes through
// src/ui/fit-truncate.ts, which keeps the result within the columns asked for
// (cli-truncate 5 can give one more where it cuts inside a wide character).
import { fileURLToPath } from 'node:url';

const FIT = fileURLToPath(new URL('../src/ui/fit-truncate.ts', import.meta.url));

export const cliTruncatePlugin = {
  name: 'cli-truncate-fix',
  setup(build) {
    build.onResolve({ filter: /^cli-truncate$/ }, ({ importer }) => (importer === FIT ? undefined : { path: FIT }));
  },
};
