// Issue 16's battery, class by class, on the built CLI: user labs that break the
// protocol, signals, output files, paths checked before training, impossible
// models and products, a broken stdout, and messages that echo the input.
import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');
const nnlab = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) =>
  execa('node', [CLI, ...args], { reject: false, cwd: options.cwd ?? ROOT, env: { NNLAB_BACKEND: 'cpu', ...options.env }, timeout: 60_000 });
const events = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
const tmp = () => mkdtempSync(join(tmpdir(), 'nnlab-faults-'));

/** A lab module in a fresh folder outside the project, with `body` as its run's code. */
function userLab(body: string, extra = ''): string {
  const file = join(tmp(), 'lab.js');
  writeFileSync(file, `export default { id: 'user', title: 'User lab', params: [], ${extra} async *run(ctx) { ${body} } };\n`);
  return file;
}

/** Resolves once stdout has shown `marker`. */
function seen(child: ResultPromise, marker: string): Promise<void> {
  let text = '';
  return new Promise((resolve) => child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()).includes(marker) && resolve()));
}

/** Sends SIGINT and waits for the run to end: how long it took, and how it ended. */
async function interrupt(child: ResultPromise): Promise<{ ms: number; exitCode?: number; last: { kind: string; status?: string } }> {
  const signalled = performance.now();
  child.kill('SIGINT');
  const { stdout, exitCode } = await child;
  return { ms: performance.now() - signalled, exitCode, last: events(String(stdout)).at(-1) };
}

describe('user labs are held to the protocol', () => {
  it.each([
    ['null', 'yield null;', /event 2: an event must be an object with a "kind", got null/],
    ['a string', "yield 'hello';", /got string/],
    ['an unknown kind', "yield { kind: 'shout', text: 'hi' };", /event 2: unknown kind "shout" \(the kinds: /],
    [
      'a table without rows',
      "yield { kind: 'table', id: 't', title: 'T', columns: ['a'] };",
      /event 2: table event: the event must have required property 'rows'/,
    ],
    ['a metric without values', "yield { kind: 'metric', scope: 'epoch', step: 1 };", /metric event: the event must have required property 'values'/],
    ['a BigInt', "yield { kind: 'result', metrics: {}, values: { n: 10n } };", /result event cannot be written as JSON/],
    ['a circular object', "const o = {}; o.self = o; yield { kind: 'result', metrics: {}, values: o };", /result event cannot be written as JSON/],
    ['a forged start', "yield { kind: 'start' };", /'start' events are the runner's/],
    ['a forged end', "yield { kind: 'end', status: 'ok', elapsedMs: 1 };", /'end' events are the runner's/],
  ])('%s: exit 1, one line naming the event, and an end event saying why', async (_what, body, message) => {
    const { stdout, stderr, exitCode } = await nnlab([
      'run',
      userLab(`yield { kind: 'text', text: 'fine' }; ${body} yield { kind: 'text', text: 'never' };`),
      '--json',
    ]);
    expect(exitCode).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    const all = events(stdout);
    expect(all.filter((e) => e.kind === 'start')).toHaveLength(1);
    expect(all.at(-1)).toMatchObject({ kind: 'end', status: 'error', errorKind: 'failure' });
    expect(all.at(-1).error).toMatch(message);
    expect(all.map((e) => e.text).filter(Boolean)).toEqual(['fine']); // the first invalid event ends the run
  });

  it('process.exit(0) mid-run fails the run (exit 1) with an end event', async () => {
    const { stdout, stderr, exitCode } = await nnlab(['run', userLab("yield { kind: 'text', text: 'hi' }; process.exit(0);"), '--json']);
    expect(exitCode).toBe(1);
    expect(events(stdout).at(-1)).toMatchObject({ kind: 'end', status: 'error', error: expect.stringContaining('the lab called process.exit(0)') });
    expect(stderr).toMatch(/^nnlab: lab 'user' failed: the lab called process.exit\(0\)/);
  });

  it('console output stays out of the NDJSON stream', async () => {
    const { stdout, stderr, exitCode } = await nnlab([
      'run',
      userLab("console.log('debug noise'); console.info('more'); yield { kind: 'text', text: 'hi' };"),
      '--json',
    ]);
    expect(exitCode).toBe(0);
    expect(() => events(stdout)).not.toThrow();
    expect(stderr).toContain('debug noise');
    expect(stderr).toContain('more');
  });

  it('a rejected promise left behind fails the run in one line (no stack, not exit 7)', async () => {
    const { stdout, stderr, exitCode } = await nnlab([
      'run',
      userLab("Promise.reject(new Error('boom')); yield { kind: 'text', text: 'hi' }; await new Promise((r) => setTimeout(r, 100));"),
      '--json',
    ]);
    expect(exitCode).toBe(1);
    expect(stderr.trim()).toBe("nnlab: lab 'user' failed: uncaught error during the run: boom");
    expect(events(stdout).at(-1)).toMatchObject({ kind: 'end', status: 'error' });
  });

  it('an uncaught error on the wasm backend is one line too (Emscripten would rethrow it: exit 7)', async () => {
    const lab = userLab(
      "yield { kind: 'text', text: 'hi' }; setTimeout(() => { throw new Error('from a timer'); }, 50); await new Promise((r) => setTimeout(r, 300));",
    );
    const { stderr, exitCode } = await nnlab(['run', lab, '--json'], { env: { NNLAB_BACKEND: 'wasm' } });
    expect(exitCode).toBe(1);
    expect(stderr.trim()).toBe("nnlab: lab 'user' failed: uncaught error during the run: from a timer");
  });

  it('a thrown non-Error object is shown, not "[object Object]"', async () => {
    const { stderr, exitCode } = await nnlab(['run', userLab("yield { kind: 'text', text: 'hi' }; throw { code: 42 };"), '--plain']);
    expect(exitCode).toBe(1);
    expect(stderr).toContain('a non-Error value was thrown: {"code":42}');
    expect(stderr).not.toContain('[object Object]');
  });

  it('an error thrown in prepare is a usage error: exit 2, nothing on stdout', async () => {
    const lab = userLab("yield { kind: 'text', text: 'hi' };", "async prepare() { throw new Error('no data here'); },");
    const { stdout, stderr, exitCode } = await nnlab(['run', lab, '--json']);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe("nnlab: lab 'user' could not prepare its run: no data here");
  });

  it.each(['json', 'out', 'seed', 'no-color', 'help'])('a parameter named %s is refused (exit 2)', async (name) => {
    const lab = userLab("yield { kind: 'text', text: 'hi' };", `params: [{ name: '${name}', type: 'boolean', default: false, help: 'x' }],`);
    const { stderr, exitCode } = await nnlab(['run', lab, '--json']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain(`clashes with nnlab's own --${name}`);
  });

  it("`import { tf } from 'nnlab'` works for a lab file outside the project", async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'sum.js'),
      "import { tf } from 'nnlab';\nexport default { id: 'sum', title: 'Sum', async *run() { yield { kind: 'result', metrics: { sum: tf().sum(tf().tensor1d([1, 2, 3])).dataSync()[0] } }; } };\n",
    );
    const { stdout, exitCode, stderr } = await nnlab(['run', './sum.js', '--json'], { cwd: dir });
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(events(stdout).find((e) => e.kind === 'result').metrics.sum).toBe(6);
  });

  it('a lab stuck in an await still ends within a second of Ctrl-C', async () => {
    const child = execa(
      'node',
      [CLI, 'run', userLab("yield { kind: 'text', text: 'waiting' }; await new Promise(() => setInterval(() => {}, 1000));"), '--json'],
      { reject: false, env: { NNLAB_BACKEND: 'cpu' } },
    );
    await seen(child, 'waiting');
    const { ms, exitCode, last } = await interrupt(child);
    expect(ms).toBeLessThan(1500); // the end event after ABORT_GRACE_MS (0.5 s), then the exit
    expect(exitCode).toBe(130);
    expect(last).toMatchObject({ kind: 'end', status: 'interrupted' });
  });
});

describe('signals and output files: every stream ends with its end event', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s during a headless run --out: an interrupted end on stdout and in the file, exit %i', async (signal, code) => {
    const out = join(tmp(), 'run.ndjson');
    const child = execa('node', [CLI, 'run', 'mlp', '--json', '--limit', '20000', '--epochs', '50', '--images', '0', '--out', out], {
      reject: false,
      cwd: ROOT,
      env: { NNLAB_BACKEND: 'wasm' },
    });
    await seen(child, '"kind":"progress"');
    child.kill(signal);
    const { exitCode, stdout } = await child;
    expect(exitCode).toBe(code);
    expect(events(stdout).at(-1)).toMatchObject({ kind: 'end', status: 'interrupted' });
    expect(events(readFileSync(out, 'utf8')).at(-1)).toMatchObject({ kind: 'end', status: 'interrupted' });
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it('play --out keeps every lab of the lecture', async () => {
    const dir = tmp();
    const steps = [{ lab: 'sigmoid' }, { lab: 'losses' }, { lab: 'descent', params: { steps: 3 } }];
    writeFileSync(join(dir, 'talk.json'), JSON.stringify({ steps }));
    const { exitCode } = await nnlab(['play', join(dir, 'talk.json'), '--out', join(dir, 'all.ndjson')]);
    expect(exitCode).toBe(0);
    const written = events(readFileSync(join(dir, 'all.ndjson'), 'utf8'));
    expect(written.filter((e) => e.kind === 'start').map((e) => e.lab)).toEqual(['sigmoid', 'losses', 'descent']);
    expect(written.filter((e) => e.kind === 'end')).toHaveLength(3);
  });

  it('a run that fails before it starts leaves an existing --out as it was', async () => {
    const out = join(tmp(), 'keep.ndjson');
    writeFileSync(out, 'precious\n');
    const { exitCode } = await nnlab(['run', 'mlp', '--data', 'csv:/no/such/train.csv', '--out', out]);
    expect(exitCode).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
  });

  it('--out and --csv naming the same file are refused', async () => {
    const dir = tmp();
    const { stderr, exitCode } = await nnlab(['run', 'descent', '--out', join(dir, 'x'), '--csv', `${dir}/./x`]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('--out and --csv name the same file');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('a second run on the same --out (by any name) is refused while the first writes it; a dead run’s lock is taken over', async () => {
    const dir = tmp();
    const out = join(dir, 'shared.ndjson');
    symlinkSync(out, join(dir, 'link.ndjson'));
    const first = execa('node', [CLI, 'run', 'mlp', '--limit', '20000', '--epochs', '50', '--images', '0', '--json', '--out', out], {
      reject: false,
      env: { NNLAB_BACKEND: 'wasm' },
    });
    await seen(first, '"kind":"progress"');
    for (const name of [out, join(dir, 'link.ndjson')]) {
      const busy = await nnlab(['run', 'descent', '--steps', '2', '--out', name]);
      expect(busy.exitCode).toBe(2);
      expect(busy.stderr).toMatch(/another nnlab run \(pid \d+\) is writing this file/);
    }
    first.kill('SIGTERM');
    await first;
    expect(events(readFileSync(out, 'utf8')).at(-1)).toMatchObject({ kind: 'end', status: 'interrupted' });
    writeFileSync(`${out}.lock`, '999999999\n'); // no such process: a run killed with SIGKILL
    const taken = await nnlab(['run', 'descent', '--steps', '2', '--out', out]);
    expect(taken.exitCode).toBe(0);
    expect(events(readFileSync(out, 'utf8')).at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it('an output folder that does not exist is refused before the run (exit 2)', async () => {
    const { stdout, stderr, exitCode } = await nnlab(['run', 'descent', '--json', '--out', join(tmp(), 'missing', 'run.ndjson')]);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--out .*: the folder .*missing does not exist; create it first/);
  });
});

describe('output paths are checked before the first training step', () => {
  const quick = ['--limit', '100', '--test-limit', '20', '--epochs', '1', '--json'];
  it.each([
    ['--save under a file', (dir: string) => ['--save', join(dir, 'file.txt', 'model')], /--save .*file\.txt is a file, not a folder/],
    ['--save onto a file', (dir: string) => ['--save', join(dir, 'file.txt')], /--save .*file\.txt is a file, not a folder/],
    [
      '--submission into a missing folder',
      (dir: string) => ['--predict', join(dir, 'test.csv'), '--submission', join(dir, 'nope', 'sub.csv')],
      /--submission .*: the folder .*nope does not exist/,
    ],
    [
      '--submission onto a folder',
      (dir: string) => ['--predict', join(dir, 'test.csv'), '--submission', dir],
      /--submission .*: .* is a folder; give a file name/,
    ],
  ])('%s: exit 2 with no start event', async (_what, args, message) => {
    const dir = tmp();
    writeFileSync(join(dir, 'file.txt'), 'x');
    writeFileSync(join(dir, 'test.csv'), `${Array.from({ length: 784 }, (_, i) => `pixel${i}`).join(',')}\n${Array(784).fill(0).join(',')}\n`);
    const { stdout, stderr, exitCode } = await nnlab(['run', 'mlp', ...quick, ...args(dir)]);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('--save into a new nested folder is fine (created as mkdir -p would)', async () => {
    const target = join(tmp(), 'runs', 'a', 'model');
    const { exitCode } = await nnlab(['run', 'mlp', ...quick, '--save', target]);
    expect(exitCode).toBe(0);
    expect(existsSync(join(target, 'model.json'))).toBe(true);
  });
});

describe('impossible work is refused or bounded', () => {
  it.each(['cpu', 'wasm'])('a 1.8·10⁹-parameter model is refused on %s before allocating: what it needs and what there is', async (backend) => {
    const started = performance.now();
    const model = 'Flatten, Linear(784,1000000), ReLU, Linear(1000000,1000), ReLU, Linear(1000,10)';
    const { stdout, stderr, exitCode } = await nnlab(['run', 'mlp', '--model', model, '--limit', '100', '--json'], { env: { NNLAB_BACKEND: backend } });
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(`this model \\(1,785,011,010 parameters\\) needs about [\\d.]+ GB to train .* but the ${backend} backend has [\\d.]+ GB`),
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('lab 7 skips a product its budget cannot hold, without starting it', async () => {
    const started = performance.now();
    const { stdout, exitCode } = await nnlab(['run', 'gpu', '--sizes', '4096', '--budget', '0.01', '--backends', 'current', '--json']);
    expect(exitCode).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(events(stdout).find((e) => e.kind === 'result').values.skipped[0]).toMatch(/^cpu n=4096 \(≈[\d.]+ s per product > --budget 0.01 s\)/);
  });

  it('lab 7 stops within a second of Ctrl-C in the middle of a long product', async () => {
    const child = execa('node', [CLI, 'run', 'gpu', '--sizes', '64,2048', '--budget', '120', '--backends', 'current', '--json'], {
      reject: false,
      env: { NNLAB_BACKEND: 'cpu' },
    });
    await seen(child, '"x":64');
    await new Promise((resolve) => setTimeout(resolve, 500)); // well inside the 2048² product (seconds on cpu)
    const { ms, exitCode, last } = await interrupt(child);
    expect(ms).toBeLessThan(1000);
    expect(exitCode).toBe(130);
    expect(last).toMatchObject({ kind: 'end', status: 'interrupted' });
  });
});

describe('a broken place to write, and input echoed back', () => {
  it('stdout on /dev/full: one line on stderr, exit 1, and the --out file ends with that error', async () => {
    const out = join(tmp(), 'run.ndjson');
    const { stderr, exitCode } = await execa('bash', ['-c', `node ${CLI} run sigmoid --json --out ${out} > /dev/full`], {
      reject: false,
      env: { NNLAB_BACKEND: 'cpu' },
    });
    expect(exitCode).toBe(1);
    expect(stderr.trim()).toBe("nnlab: lab 'sigmoid' failed: cannot write the output: no space left on the device (ENOSPC)");
    expect(events(readFileSync(out, 'utf8')).at(-1)).toMatchObject({
      kind: 'end',
      status: 'error',
      error: 'cannot write the output: no space left on the device (ENOSPC)',
    });
    const list = await execa('bash', ['-c', `node ${CLI} list > /dev/full`], { reject: false });
    expect(list.exitCode).toBe(1);
    expect(list.stderr.trim()).toBe('nnlab: cannot write the output: no space left on the device (ENOSPC)');
  });

  it('wasm that cannot reserve its memory (ulimit -v): one line naming the cause', async () => {
    const { stdout, stderr, exitCode } = await execa('bash', ['-c', `ulimit -v 3000000; node ${CLI} run sigmoid --backend wasm --json`], { reject: false });
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/WebAssembly could not reserve its memory .*ulimit -v/);
  });

  it('a 100,000-digit value is abbreviated in the message', async () => {
    const { stderr, exitCode } = await nnlab(['run', 'descent', '--lr', '9'.repeat(100_000)]);
    expect(exitCode).toBe(2);
    expect(stderr.length).toBeLessThan(300);
    expect(stderr).toContain('(100002 chars)');
  });

  it('--config with 1e400 shows the number as written', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'c'));
    writeFileSync(join(dir, 'c', 'config.json'), '{ "lr": 1e400 }');
    const { stderr, exitCode } = await nnlab(['run', 'descent', '--config', join(dir, 'c', 'config.json')]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/"lr" is 1e400, too large for a 64-bit number/);
    expect(stderr).not.toContain('null');
  });

  it('--config with 1e-400 shows the number as written, not "got 0"; a zero written as 0.0e5 is a zero', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'tiny.json'), '{ "lr": 1e-400 }');
    const tiny = await nnlab(['run', 'descent', '--config', join(dir, 'tiny.json')]);
    expect(tiny.exitCode).toBe(2);
    expect(tiny.stderr).toMatch(/"lr" is 1e-400, too small for a 64-bit number \(it would read as 0\)/);
    writeFileSync(join(dir, 'zero.json'), '{ "w0": 0.0e5 }');
    const zero = await nnlab(['run', 'descent', '--config', join(dir, 'zero.json'), '--steps', '1']);
    expect(zero.exitCode, zero.stderr).toBe(0);
  });
});

describe('round two: what a second hostile battery found', () => {
  it('a file replaced whole (--submission) may not be a device or a pipe; nothing is trained first', async () => {
    const dir = tmp();
    await execa('mkfifo', [join(dir, 'pipe')]);
    writeFileSync(join(dir, 'test.csv'), `${Array.from({ length: 784 }, (_, i) => `pixel${i}`).join(',')}\n${Array(784).fill(0).join(',')}\n`);
    const { stdout, stderr, exitCode } = await nnlab([
      'run',
      'mlp',
      '--limit',
      '100',
      '--epochs',
      '1',
      '--json',
      '--predict',
      join(dir, 'test.csv'),
      '--submission',
      join(dir, 'pipe'),
    ]);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--submission .*pipe is not a regular file/);
  });

  it.each([
    [
      '--submission and --out',
      (d: string) => ['--predict', join(d, 'test.csv'), '--submission', join(d, 'x'), '--out', join(d, 'x')],
      /--out and --submission name the same file/,
    ],
    ['--save and --csv', (d: string) => ['--save', join(d, 'm'), '--csv', join(d, 'm')], /--csv and --save name the same file/],
    ['--out through a link to --csv', (d: string) => ['--out', join(d, 'link'), '--csv', join(d, 'target')], /--out and --csv name the same file/],
    ['an empty --out', () => ['--out', ''], /--out : needs a path/],
  ])('%s: refused before the run (exit 2), nothing written', async (_what, args, message) => {
    const dir = tmp();
    writeFileSync(join(dir, 'test.csv'), `${Array.from({ length: 784 }, (_, i) => `pixel${i}`).join(',')}\n${Array(784).fill(0).join(',')}\n`);
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    const { stdout, stderr, exitCode } = await nnlab(['run', 'mlp', '--limit', '100', '--epochs', '1', '--json', ...args(dir)]);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(existsSync(join(dir, 'target'))).toBe(false);
  });

  it('an --out that fails mid-run (a full device) ends the run as failed, naming the file', async () => {
    const { stdout, stderr, exitCode } = await nnlab(['run', 'sigmoid', '--json', '--out', '/dev/full']);
    expect(exitCode).toBe(1);
    expect(stderr.trim()).toBe("nnlab: lab 'sigmoid' failed: --out /dev/full: cannot write it (no space left on the device)");
    expect(events(stdout).at(-1)).toMatchObject({ kind: 'end', status: 'error' });
  });

  it('a lab waiting on a promise nothing will settle ends with exit 1, one line and an end event (not exit 13)', async () => {
    const { stdout, stderr, exitCode } = await nnlab(['run', userLab("yield { kind: 'text', text: 'waiting' }; await new Promise(() => {});"), '--json']);
    expect(exitCode).toBe(1);
    expect(stderr.trim()).toMatch(/^nnlab: lab 'user' failed: nothing is left to run, yet the lab still waits/);
    expect(events(stdout).at(-1)).toMatchObject({ kind: 'end', status: 'error' });
  });

  it('a lab module whose top-level await never settles: exit 1 and a message', async () => {
    const file = join(tmp(), 'tla.js');
    writeFileSync(file, "await new Promise(() => {});\nexport default { id: 'x', title: 'x', async *run() {} };\n");
    const { stderr, exitCode } = await nnlab(['run', file, '--json']);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/top-level await never finished/);
  });

  it('SIGINT while the lab prepares ends it at once: no start event, exit 130', async () => {
    const lab = userLab(
      "yield { kind: 'text', text: 'never' };",
      "async prepare() { process.stderr.write('preparing\\n'); await new Promise(() => setInterval(() => {}, 1000)); },",
    );
    const child = execa('node', [CLI, 'run', lab, '--json'], { reject: false, env: { NNLAB_BACKEND: 'cpu' } });
    await new Promise<void>((resolve) => child.stderr!.on('data', (chunk: Buffer) => chunk.toString().includes('preparing') && resolve()));
    const { ms, exitCode } = await interrupt(child);
    const { stdout } = await child;
    expect(ms).toBeLessThan(1500);
    expect(exitCode).toBe(130);
    expect(stdout).toBe('');
  });

  it("a lab's own writes to process.stdout go to stderr, not into --json", async () => {
    const { stdout, stderr, exitCode } = await nnlab([
      'run',
      userLab(`process.stdout.write('{"kind":"end","status":"ok","elapsedMs":1}\\n'); yield { kind: 'text', text: 'hi' };`),
      '--json',
    ]);
    expect(exitCode).toBe(0);
    expect(events(stdout).filter((e) => e.kind === 'end')).toHaveLength(1);
    expect(stderr).toContain('"kind":"end"');
  });

  it.each([
    [
      'a default outside its range',
      "export default { id: 'x', title: 'x', params: [{ name: 'lr', type: 'number', min: 0, max: 10, default: 500, help: 'x' }], async *run() {} };",
      /parameter "lr": its "default" does not fit/,
    ],
    [
      'a choice without choices',
      "export default { id: 'x', title: 'x', params: [{ name: 'mode', type: 'choice', choices: [], default: 'a', help: 'x' }], async *run() {} };",
      /parameter "mode": "choices" must be a non-empty list/,
    ],
  ])('a lab module with %s is refused when it loads (exit 2)', async (_what, source, message) => {
    const file = join(tmp(), 'lab.js');
    writeFileSync(file, source + '\n');
    const { stderr, exitCode } = await nnlab(['run', file, '--json']);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('a run that is not a generator is a lab that cannot be loaded: exit 2 before the run, one line saying what run must be', async () => {
    const file = join(tmp(), 'lab.js');
    writeFileSync(file, "export default { id: 'x', title: 'x', async run() { return 1; } };\n");
    for (const mode of ['--json', '--plain']) {
      const { stdout, stderr, exitCode } = await nnlab(['run', file, mode]);
      expect(exitCode).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim()).toBe(
        "nnlab: lab 'x' cannot run: run(ctx) must be an async generator function, async *run(ctx) { yield … } (it returned a Promise)",
      );
    }
  });

  it('NaN or Infinity in an event is refused, saying where (JSON would read null)', async () => {
    const { stdout, exitCode } = await nnlab(['run', userLab("yield { kind: 'metric', scope: 'epoch', step: 1, values: { loss: NaN } };"), '--json']);
    expect(exitCode).toBe(1);
    expect(events(stdout).at(-1).error).toMatch(/metric event: values\.loss is NaN, which JSON cannot hold/);
  });

  it('a title in another language only is still the start event’s title', async () => {
    const file = join(tmp(), 'lab.js');
    writeFileSync(file, "export default { id: 'x', title: { de: 'Ein Labor' }, async *run() { yield { kind: 'text', text: 'hi' }; } };\n");
    const { stdout, exitCode } = await nnlab(['run', file, '--json']);
    expect(exitCode).toBe(0);
    expect(events(stdout)[0]).toMatchObject({ kind: 'start', title: 'Ein Labor' });
  });

  it('CSV column names with commas, quotes or newlines are quoted', async () => {
    const csv = join(tmp(), 'm.csv');
    const { exitCode } = await nnlab([
      'run',
      userLab(`yield { kind: 'metric', scope: 'epoch', step: 1, values: { 'a,b': 1, 'c"d': 2 } };`),
      '--json',
      '--csv',
      csv,
    ]);
    expect(exitCode).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('lab,scope,step,total,elapsed_ms,"a,b","c""d",extra');
  });

  it.each([
    ['--model', ['run', 'mlp', '--model', 'Linear(' + '9'.repeat(100_000) + ',10)']],
    ['an unknown flag', ['run', 'sigmoid', '--' + 'x'.repeat(100_000)]],
    ['--out', ['run', 'sigmoid', '--out', '/nonexistent/' + 'x'.repeat(100_000)]],
  ])('a 100,000-character %s is not echoed whole', async (_what, args) => {
    const { stderr, exitCode } = await nnlab(args);
    expect(exitCode).toBe(2);
    expect(stderr.length).toBeLessThan(600);
  });

  it('--submission may not write over the file --predict reads', async () => {
    const dir = tmp();
    const test = join(dir, 'test.csv');
    const content = `${Array.from({ length: 784 }, (_, i) => `pixel${i}`).join(',')}\n${Array(784).fill(0).join(',')}\n`;
    writeFileSync(test, content);
    const { stderr, exitCode } = await nnlab(['run', 'mlp', '--limit', '100', '--epochs', '1', '--json', '--predict', test, '--submission', test]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/--submission would write over --predict's file/);
    expect(readFileSync(test, 'utf8')).toBe(content);
  });

  it('an --out that is a named pipe nobody reads is refused at once, not waited on forever', async () => {
    const fifo = join(tmp(), 'fifo');
    await execa('mkfifo', [fifo]);
    const { stderr, exitCode } = await nnlab(['run', 'sigmoid', '--json', '--out', fifo]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/is a named pipe nobody reads from/);
  });

  it('a usage error is exit 2 even when stderr cannot be written', async () => {
    const { exitCode } = await execa('bash', ['-c', `node ${CLI} run sigmoid --bogus 2>/dev/full`], { reject: false });
    expect(exitCode).toBe(2);
  });
});

describe("a corrupt saved model is named in nnlab's words, exit 2 before the run", () => {
  /** A model folder written by --save, once for the whole class. */
  let saved: string | undefined;
  const savedModel = async () => {
    if (!saved) {
      saved = join(tmp(), 'model');
      const { exitCode } = await nnlab(['run', 'mlp', '--limit', '100', '--test-limit', '20', '--epochs', '1', '--json', '--save', saved]);
      expect(exitCode).toBe(0);
    }
    return JSON.parse(readFileSync(join(saved, 'model.json'), 'utf8'));
  };
  type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  it.each([
    ['model.json is null', () => null, /model\.json: not a model saved by nnlab: the file is null, not an object/],
    ['no paths', (j: Json) => ((j.weightsManifest[0].paths = []), j), /model\.json: not a model saved by nnlab: weightsManifest\[0\]\.paths is empty/],
    ['no weights', (j: Json) => (delete j.weightsManifest[0].weights, j), /weightsManifest\[0\]\.weights is missing or empty/],
    ['a null spec', (j: Json) => ((j.userDefinedMetadata.nnlab.spec = null), j), /userDefinedMetadata\.nnlab\.spec is null, not a model spec/],
    [
      'int32 weights',
      (j: Json) => ((j.weightsManifest[0].weights[0].dtype = 'int32'), j),
      /weightsManifest\[0\]\.weights\[0\]\.dtype is "int32"; nnlab saves float32/,
    ],
    ['a spec that does not parse', (j: Json) => ((j.userDefinedMetadata.nnlab.spec = 'Linear(784'), j), /userDefinedMetadata\.nnlab\.spec: /],
  ])('%s', async (_what, corrupt, message) => {
    const json = await savedModel();
    const dir = tmp();
    writeFileSync(join(dir, 'model.json'), JSON.stringify(corrupt(json)));
    writeFileSync(join(dir, 'weights.bin'), readFileSync(join(saved!, 'weights.bin')));
    const { stdout, stderr, exitCode } = await nnlab(['run', 'mlp', '--limit', '100', '--test-limit', '20', '--epochs', '0', '--load', dir, '--json']);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/Cannot read properties|TypeError|is not iterable|must be of type/);
  });
});

describe('CSV corners', () => {
  const header = ['label', ...Array.from({ length: 4 }, (_, i) => `pixel${i}`)].join(',');
  const csv = (text: string) => {
    const file = join(tmp(), 'train.csv');
    writeFileSync(file, text);
    return file;
  };
  const run = (file: string) => nnlab(['run', 'mlp', '--data', `csv:${file}`, '--epochs', '1', '--val-split', '0', '--images', '0', '--json']);

  it.each([
    ['a hexadecimal pixel', `${header}\n3,0,0x10,0,1\n`, /train\.csv: row 2, column 3 \("pixel1"\): "0x10" is not a number/],
    ['a label column and no pixel columns', 'label\n3\n4\n', /train\.csv: no pixel columns: the header has only a "label" column/],
  ])('%s: exit 2, one line naming the file, before the run', async (_what, text, message) => {
    const { stdout, stderr, exitCode } = await run(csv(text));
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/Linear\(0,/);
  });

  it('pixels already scaled to 0–1: the run warns, then trains as asked', async () => {
    const { stdout, exitCode } = await run(csv(`${header}\n3,0,0.5,1,0.25\n4,0,0,0.1,1\n`));
    expect(exitCode).toBe(0);
    const warnings = events(stdout).filter((e) => e.kind === 'warning');
    expect(warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/pixel values are all ≤ 1: the file looks scaled already; nnlab expects 0–255/),
    );
  });
});

describe('summary past 2⁵³', () => {
  it('a model whose parameter count a float cannot hold exactly is refused with the exact count (BigInt), exit 2', async () => {
    const { stdout, stderr, exitCode } = await nnlab([
      'summary',
      '--model',
      'Linear(100000,10000000000000), Linear(10000000000000,79600)',
      '--input',
      '100000',
      '--json',
    ]);
    // 10⁵·10¹³ + 10¹³ + 10¹³·79,600 + 79,600, in exact integers
    const exact = 10n ** 5n * 10n ** 13n + 10n ** 13n + 10n ** 13n * 79600n + 79600n;
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`--model has ${exact.toLocaleString('en-US')} parameters, more than 2⁵³ − 1`);
    const fits = await nnlab(['summary', '--model', 'Linear(100000,90000000000)', '--input', '100000', '--json']);
    expect(fits.exitCode).toBe(0);
    expect(events(fits.stdout).find((e) => e.kind === 'result').metrics.totalParams).toBe(100000 * 90000000000 + 90000000000);
  });
});

describe("the bench's own input", () => {
  const bench = (args: string[]) => execa('node', [join(ROOT, 'dist/bench.js'), ...args], { reject: false, timeout: 60_000 });
  it.each([['0'], ['abc'], ['-5'], ['1e99'], ['60001']])('--samples %s is a usage error: exit 2, one line, no stack', async (value) => {
    const { stdout, stderr, exitCode } = await bench(['--samples', value, '--no-torch', '--no-app']);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`bench: --samples must be a whole number from 1 to 60,000 (MNIST's training images; got "${value}")`);
  });

  it('an unknown option is a usage error: exit 2', async () => {
    const { exitCode, stderr } = await bench(['--bogus']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("unknown option '--bogus'");
  });

  it.each([[[]], [['--json']]])('a backend named in --backends that cannot load is exit 1 with why, not an empty table (%j)', async (extra) => {
    // tensorflow (tfjs-node-gpu) is not installed here: it cannot load.
    const { stdout, stderr, exitCode } = await bench([
      '--backends',
      'tensorflow',
      '--samples',
      '100',
      '--no-torch',
      '--no-app',
      '--no-matmul',
      '--classroom',
      '0',
      ...extra,
    ]);
    expect(exitCode).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^bench: --backends names tensorflow, which cannot load here: .*tfjs-node-gpu/m);
  });
});

describe('playground inputs', () => {
  it('--features with an empty item is a typo, refused as --hidden 8,,8 is: exit 2', async () => {
    for (const [flag, value] of [
      ['--features', 'x1,,x2'],
      ['--hidden', '8,,8'],
    ]) {
      const { stdout, stderr, exitCode } = await nnlab(['run', 'playground', flag, value, '--json']);
      expect(exitCode).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
    const { stderr } = await nnlab(['run', 'playground', '--features', 'x1,,x2', '--json']);
    expect(stderr).toContain('--features x1,,x2: item 2 is empty (a typo?)');
  });

  it('a batch larger than the training points is said: full batch', async () => {
    const { stdout, exitCode } = await nnlab(['run', 'playground', '--points', '200', '--batch-size', '1000', '--epochs', '2', '--field-every', '0', '--json']);
    expect(exitCode).toBe(0);
    const warnings = events(stdout).filter((e) => e.kind === 'warning');
    expect(warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/^--batch-size 1000 is more than the \d+ training points: every step takes all of them \(full batch\)$/),
    );
  });

  it('--csv on a run that diverges in its first epoch says so, not that the lab reports no metrics', async () => {
    const csv = join(tmp(), 'm.csv');
    const { stderr, exitCode } = await nnlab([
      'run',
      'playground',
      '--dataset',
      'plane',
      '--hidden',
      '',
      '--lr',
      '1',
      '--epochs',
      '5',
      '--field-every',
      '0',
      '--quiet',
      '--csv',
      csv,
    ]);
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/--csv .*m\.csv: the run ended before its first metric \(diverged at epoch 1: /);
    expect(stderr).not.toMatch(/reports no per-step or per-epoch metrics/);
  });
});

describe("a lab's own text carries no control sequence into text output", () => {
  it('ESC sequences and control characters in text, warnings and table cells are stripped in --plain (a pipe)', async () => {
    const lab = userLab(
      "yield { kind: 'text', text: 'alt\\u001b[?1049hscreen \\u001b]0;title\\u0007bell\\u0007 ok' };" +
        "yield { kind: 'warning', message: 'w\\u001b[31mred\\u001b[0m' };" +
        "yield { kind: 'table', id: 't', title: 'T\\u001bc', columns: ['a\\u0000'], rows: [['x\\u001b[2J']] };",
    );
    const { stdout, exitCode } = await nnlab(['run', lab, '--plain']);
    expect(exitCode).toBe(0);
    expect(stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(stdout).toContain('altscreen bell ok');
    expect(stdout).toContain('wred');
    const json = await nnlab(['run', lab, '--json']);
    // JSON lines escape them (\u001b): the stream keeps the lab's text as it was, and a pipe sees no ESC byte.
    expect(json.stdout).not.toContain('\x1b');
    expect(json.stdout).toContain('\\u001b[?1049h');
  });
});

describe('one line for one failure', () => {
  it("a lab's invalid event with --csv: exit 1 and one line on stderr (the csv file adds none)", async () => {
    const csv = join(tmp(), 'm.csv');
    const { stderr, exitCode } = await nnlab(['run', userLab("yield { kind: 'shout' };"), '--csv', csv, '--plain']);
    expect(exitCode).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^nnlab: lab 'user' failed: event 1: unknown kind "shout"/)]);
    expect(readFileSync(csv, 'utf8').trim()).toBe('lab,scope,step,total,elapsed_ms,extra');
  });
});

describe('lectures and signals, pipes', () => {
  it('a lecture into a named pipe that someone reads: every run reaches the reader, nothing hangs', async () => {
    const dir = tmp();
    const pipe = join(dir, 'p');
    await execa('mkfifo', [pipe]);
    const reader = execa('cat', [pipe], { reject: false, timeout: 60_000 });
    const { exitCode } = await nnlab(['play', join(ROOT, 'examples/lecture.json'), '--quiet', '--out', pipe]);
    const got = events(String((await reader).stdout));
    expect(exitCode).toBe(0);
    const steps = JSON.parse(readFileSync(join(ROOT, 'examples/lecture.json'), 'utf8')).steps.length;
    expect(got.filter((e) => e.kind === 'start')).toHaveLength(steps);
    expect(got.filter((e) => e.kind === 'end')).toHaveLength(steps);
  });

  it('SIGTERM in a lecture of many short runs ends it within a second, stdout and the file ending on whole runs', async () => {
    const dir = tmp();
    const lecture = join(dir, 'big.json');
    writeFileSync(lecture, JSON.stringify({ title: 'big', steps: Array.from({ length: 3000 }, (_, i) => ({ lab: 'sigmoid', title: `s${i}` })) }));
    const out = join(dir, 'big.ndjson');
    const child = nnlab(['play', lecture, '--json', '--out', out]);
    await seen(child, '"kind":"end"');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const signalled = performance.now();
    child.kill('SIGTERM');
    const { stdout, exitCode } = await child;
    expect(performance.now() - signalled).toBeLessThan(1000);
    expect(exitCode).toBe(143);
    for (const stream of [events(String(stdout)), events(readFileSync(out, 'utf8'))]) {
      const starts = stream.filter((e) => e.kind === 'start').length;
      expect(starts).toBeGreaterThan(0);
      expect(starts).toBeLessThan(3000);
      expect(stream.filter((e) => e.kind === 'end')).toHaveLength(starts);
      expect(stream.at(-1).kind).toBe('end');
    }
  });
});

describe("a lecture file's mistakes are refused, naming the step", () => {
  it.each([
    [
      'params as a string',
      { steps: [{ lab: 'sigmoid', params: 'w1=2' }] },
      /step 1: "params" must be an object of parameter values, like \{ "lr": 0\.5 \} \(got "w1=2"\)/,
    ],
    [
      'a misspelt key',
      { steps: [{ lab: 'sigmoid' }, { lab: 'sigmoid', parms: { fn: 'tanh' } }] },
      /step 2: unknown key "parms" \(the keys: title, lab, params, seed\)/,
    ],
    ['an unknown top-level key', { title: 'x', step: [], steps: [{ lab: 'sigmoid' }] }, /unknown key "step" \(the keys: title, steps\)/],
    ['a title that is not text', { steps: [{ lab: 'sigmoid', title: 3 }] }, /step 1: "title" must be text/],
  ])('%s: exit 2 before any run, one line', async (_what, lecture, message) => {
    const file = join(tmp(), 'lecture.json');
    writeFileSync(file, JSON.stringify(lecture));
    const { stdout, stderr, exitCode } = await nnlab(['play', file, '--quiet']);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('a lecture whose forced backend cannot load prints no step header for it', async () => {
    const { stdout, exitCode } = await nnlab(['play', join(ROOT, 'examples/lecture.json'), '--backend', 'tensorflow', '--quiet']);
    expect(exitCode).toBe(2);
    expect(stdout).not.toContain('===');
  });
});

describe("a user lab's field and image events are held to their sizes", () => {
  const field = (extra: string) =>
    `yield { kind: 'field', id: 'f', title: 'map', step: 0, x: [-1, 1], y: [-1, 1], range: [0, 1], points: { x: [0], y: [0], label: [1], test: [false] }, ${extra} };`;
  it.each([
    ['2 values for 40 × 40 cells', field('cols: 40, rows: 40, values: [0, 1]'), /field event: values has 2 numbers for 40 × 40 = 1600 cells/],
    ['10⁹ × 10⁹ cells', field('cols: 1e9, rows: 1e9, values: [0]'), /field event: cols × rows = 1000000000 × 1000000000 is more than 1,000,000 cells/],
    [
      'a network that does not fit its layers',
      field("cols: 1, rows: 1, values: [0.5], network: { inputs: ['a', 'b'], layers: [3, 1], weights: [[1, 2]], thumb: 2, neurons: [] }"),
      /field event: network\.weights has 1 layers, network\.layers 2/,
    ],
    [
      'a NaN pixel',
      "yield { kind: 'image', id: 'i', title: 'T', shape: [1, 1, 2], images: [{ pixels: [0.5, NaN], caption: 'c' }] };",
      /image event: images\.0\.pixels\.1 is NaN, which JSON cannot hold/,
    ],
    [
      'pixels that do not fill the shape',
      "yield { kind: 'image', id: 'i', title: 'T', shape: [1, 2, 2], images: [{ pixels: [0.5], caption: 'c' }] };",
      /image event: images\.0\.pixels has 1 values for shape 1 × 2 × 2/,
    ],
  ])('%s: the run fails (exit 1), naming the event and the sizes', async (_what, body, message) => {
    const { stdout, exitCode } = await nnlab(['run', userLab(body), '--json']);
    expect(exitCode).toBe(1);
    expect(events(stdout).at(-1)).toMatchObject({ kind: 'end', status: 'error' });
    expect(events(stdout).at(-1).error).toMatch(message);
  });
});

describe('doctor', () => {
  it('with a forced backend that cannot load: exit 2 and the reason on stderr in one nnlab line, the report on stdout', async () => {
    const { stdout, stderr, exitCode } = await nnlab(['doctor', '--backend', 'tensorflow']);
    expect(exitCode).toBe(2);
    expect(stdout).toContain("chosen: none — backend 'tensorflow' cannot be used");
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^nnlab: backend 'tensorflow' cannot be used: .*tfjs-node-gpu/)]);
  });

  it('VK_ICD_FILENAMES naming a file that does not exist is said, and no fix keeps it', async () => {
    const { stdout } = await nnlab(['doctor'], { env: { VK_ICD_FILENAMES: '/nonexistent' } });
    expect(stdout).toContain('VK_ICD_FILENAMES names /nonexistent, which does not exist');
    expect(stdout).not.toMatch(/export VK_ICD_FILENAMES=\/nonexistent/);
  });
});

describe('flags that do not go together, and one that every command takes', () => {
  it.each([
    [['run', 'sigmoid', '--json', '--plain'], '--json and --plain do not go together: --plain is for text output'],
    [['run', 'sigmoid', '--json', '--quiet'], '--json and --quiet do not go together: --quiet is for text output'],
    [['play', join(ROOT, 'examples/lecture.json'), '--json', '--plain'], '--json and --plain do not go together'],
  ])('%j: exit 2, one line', async (args, message) => {
    const { stdout, stderr, exitCode } = await nnlab(args);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toContain(message);
  });

  it("doctor takes --lang, so an alias nnlab='nnlab --lang zh-TW' works there too", async () => {
    expect((await nnlab(['doctor', '--lang', 'zh-TW'])).exitCode).toBe(0);
    expect((await nnlab(['--lang', 'zh-TW', 'doctor'])).exitCode).toBe(0);
    const bad = await nnlab(['doctor', '--lang', 'xx']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--lang must be en or zh-TW (got "xx")');
  });
});

describe("descent's CSV", () => {
  it('every step row has its elapsed_ms', async () => {
    const csv = join(tmp(), 'descent.csv');
    const { exitCode } = await nnlab(['run', 'descent', '--steps', '5', '--quiet', '--csv', csv]);
    expect(exitCode).toBe(0);
    const [header, ...rows] = readFileSync(csv, 'utf8').trim().split('\n');
    const at = header.split(',').indexOf('elapsed_ms');
    expect(at).toBeGreaterThan(0);
    expect(rows).toHaveLength(6); // step 0 (the start) and the 5 steps
    for (const row of rows) expect(row.split(',')[at]).toMatch(/^\d+$/);
  });
});
