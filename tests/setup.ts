import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Tests compute on the plain-JavaScript backend unless they choose another:
// it is always there and gives the same numbers on every machine.
process.env.NNLAB_BACKEND ??= 'cpu';
// The wasm backend runs one thread in the CLIs tests start, unless a test asks for
// more: test files run in parallel, and threads that wait on each other's cores crawl.
process.env.NNLAB_THREADS ??= '1';
// No settings file of the person running the tests (~/.config/nnlab/settings.json) changes what they see.
process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'nnlab-test-config-'));
