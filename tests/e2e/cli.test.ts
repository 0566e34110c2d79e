// The built CLI end to end, as a script or a pipe sees it (execa: stdout is not a TTY).
import { execa } from 'execa';
import stringWidth from 'string-width';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const nnlab = (args: string[], env: Record<string, string> = {}) =>
  execa('node', [CLI, ...args], { reject: false, env: { NNLAB_BACKEND: 'cpu', ...env }, timeout: 60_000 });
const ESC = '\x1b';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: `npm test` builds it first (pretest)');
});

describe('nnlab (built CLI)', () => {
  it('list --json gives every lab with number, id, title, summary and parameters', async () => {
    const { stdout, exitCode } = await nnlab(['list', '--json']);
    expect(exitCode).toBe(0);
    const labs = JSON.parse(stdout);
    expect(labs[0]).toMatchObject({ number: 1, id: 'sigmoid', title: 'The sigmoid neuron' });
    expect(labs[0].params.map((p: { name: string }) => p.name)).toContain('w1');
  });

  it('run sigmoid --json writes only NDJSON: every line parses, one start and one end', async () => {
    const { stdout, stderr, exitCode } = await nnlab(['run', 'sigmoid', '--json', '--w1', '2']);
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.filter((e) => e.kind === 'start')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'end')).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'start', lab: 'sigmoid', backend: 'cpu', params: { w1: 2 } });
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
  });

  it('run 1 in a pipe prints readable text without a single escape byte', async () => {
    const { stdout, exitCode } = await nnlab(['run', '1']);
    expect(exitCode).toBe(0);
    expect(stdout).not.toContain(ESC);
    expect(stdout).toContain('Perceptron on a grid of inputs');
  });

  it('nnlab in a pipe lists the labs with a hint, no escape codes', async () => {
    const { stdout, exitCode } = await nnlab([]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('1  sigmoid');
    expect(stdout).toContain('nnlab run');
    expect(stdout).not.toContain(ESC);
  });

  // Small settings keep the suite fast; every lab's stream and text are checked.
  const LAB_ARGS: Record<string, string[]> = {
    sigmoid: ['--fn', 'relu'],
    losses: [],
    descent: ['--steps', '5'],
    batches: ['--epochs', '3', '--samples', '16'],
    backprop: [],
    mlp: ['--limit', '500', '--test-limit', '100', '--epochs', '1', '--images', '2'],
    gpu: ['--sizes', '8,16', '--backends', 'current'],
    errors: [],
    playground: ['--epochs', '5', '--points', '200', '--field-every', '2'],
  };

  it.each(Object.entries(LAB_ARGS))('run %s --json: every line parses, one start, one end, status ok', async (lab, args) => {
    const { stdout, exitCode } = await nnlab(['run', lab, '--json', ...args]);
    expect(exitCode).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.filter((e) => e.kind === 'start')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'end')).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'start', lab });
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
    expect(events.filter((e) => e.kind === 'result')).toHaveLength(1);
  });

  it.each(Object.entries(LAB_ARGS))('run %s in a pipe: text without an escape byte, within 80 columns', async (lab, args) => {
    const { stdout, exitCode } = await nnlab(['run', lab, ...args]);
    expect(exitCode).toBe(0);
    expect(stdout).not.toContain(ESC);
    expect(stdout).toMatch(/done in \d/);
    // Keras verbose=2 epoch lines stay whole, one per epoch, for logs; everything else fits 80 columns.
    for (const line of stdout.split('\n').filter((l) => !l.startsWith('epoch '))) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });

  it.each([
    [['run', 'mlp', '--data', 'csv:/nonexistent/train.csv'], /^nnlab: \/nonexistent\/train.csv: no such file$/],
    [
      ['run', 'mlp', '--model', 'Flatten, Linear(784,64), Linear(65,10)', '--limit', '10'],
      /^nnlab: layer \(2\) Linear\(65, 10\) expects 65 input features, but layer \(1\) Linear\(784, 64\) outputs 64$/,
    ],
  ])('%j: a bad data file or model exits 2 with one line on stderr, before any output', async (args, message) => {
    const { stdout, stderr, exitCode } = await nnlab(args);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it.each([
    [['run', 'losses', '--pred', '0.2,0.8', '--target', '0,1,0'], /--target has 3 values but there are 2 predictions/],
    [['run', 'losses', '--pred', '0.5,x'], /--pred must be 1–64 comma-separated numbers/],
    [['run', 'losses', '--loss', 'bce', '--pred', '1.5,0.2', '--target', '1,0'], /--pred value 1.5 .* not a probability/],
    [['run', 'losses', '--target', '7'], /--target 7 is not a class index/],
    [['run', 'descent', '--lr', '0'], /--lr must be a number from 1e-6 to 10 \(got "0"\)/],
    [['run', 'errors', '--model', 'Linear(1'], /--model: layer \(0\)/],
    [['run', 'gpu', '--sizes', '8,abc'], /--sizes must be/],
    [['summary', '--input', '3,x'], /--input must be/],
    [['run', 'nope'], /unknown lab 'nope' \(labs: 1 sigmoid/],
    [['run', 'sigmoid', '--w1', 'abc'], /--w1 must be a number from -100 to 100 \(got "abc"\)/],
    [['run', 'sigmoid', '--lr', '1'], /unknown option '--lr'/],
    [['run', 'sigmoid', '--backend', 'gpu'], /--backend must be one of auto, tensorflow, webgpu, wasm, cpu \(got "gpu"\)/],
    [['run', 'sigmoid', '--seed', '-1'], /--seed must be an integer/],
    [['run', 'sigmoid', '--backend', 'tensorflow'], /backend 'tensorflow' cannot be used: .*not installed/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j exits 2 with one clear message and no stack trace', async (args, message) => {
    const { stderr, stdout, exitCode } = await nnlab(args);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('NNLAB_BACKEND picks the backend; a bad value is a usage error', async () => {
    const ok = await nnlab(['run', 'sigmoid', '--json', '--fn', 'relu'], { NNLAB_BACKEND: 'wasm' });
    expect(JSON.parse(ok.stdout.split('\n')[0]).backend).toBe('wasm');
    const bad = await nnlab(['run', 'sigmoid'], { NNLAB_BACKEND: 'cuda' });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/NNLAB_BACKEND must be one of/);
  });

  it('summary --json gives the torchinfo numbers under the documented keys', async () => {
    const { stdout, exitCode } = await nnlab([
      'summary',
      '--json',
      '--model',
      'Flatten, Linear(3072,64), ReLU, Linear(64,10)',
      '--input',
      '3,32,32',
      '--batch-size',
      '128',
    ]);
    expect(exitCode).toBe(0);
    const result = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((e) => e.kind === 'result');
    expect(result.metrics.totalParams).toBe(3072 * 64 + 64 + 64 * 10 + 10);
    expect(Object.keys(result.metrics)).toEqual(['totalParams', 'trainableParams', 'multAddsM', 'inputMB', 'forwardBackwardMB', 'paramsMB', 'totalMB']);
  });

  it('nnlab config: shows where the file is, sets a setting that the next run takes, and a flag still wins', async () => {
    const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'nnlab-config-')) };
    const first = await nnlab(['config'], env);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain(`settings file: ${env.XDG_CONFIG_HOME}/nnlab/settings.json (not there yet`);
    const set = await nnlab(['config', 'set', 'lang', 'zh-TW'], env);
    expect(set.exitCode).toBe(0);
    expect(set.stdout).toMatch(/lang +zh-TW +from the file/);
    expect((await nnlab(['run', 'sigmoid'], env)).stdout).toContain('Sigmoid 神經元');
    expect((await nnlab(['run', 'sigmoid', '--lang', 'en'], env)).stdout).toContain('The sigmoid neuron');
    const json = JSON.parse((await nnlab(['config', '--json'], env)).stdout);
    expect(json).toMatchObject({ exists: true, values: expect.arrayContaining([{ key: 'lang', value: 'zh-TW', from: 'file' }]) });
    const bad = await nnlab(['config', 'set', 'theme', 'pink'], env);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('nnlab: config set theme: "theme" must be one of dark, light, contrast (got "pink")');
    // A file broken by hand is mended by config: other commands refuse it, config set writes over the bad value.
    writeFileSync(join(env.XDG_CONFIG_HOME, 'nnlab', 'settings.json'), '{ "theme": "pink", "lang": "zh-TW" }');
    expect((await nnlab(['list'], env)).exitCode).toBe(2);
    const mended = await nnlab(['config', 'set', 'theme', 'dark'], env);
    expect(mended.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(env.XDG_CONFIG_HOME, 'nnlab', 'settings.json'), 'utf8'))).toEqual({ theme: 'dark', lang: 'zh-TW' });
  });

  it("--plots DIR writes the run's pictures as SVG: lab 9's decision map and loss curves; a file in its place is refused before the run", async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'nnlab-plots-')), 'out');
    const run = await nnlab(['run', 'playground', '--epochs', '3', '--points', '200', '--plots', folder, '--quiet']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`wrote \\d+ SVG files to ${folder}: .*playground-output\\.svg`));
    const map = readFileSync(join(folder, 'playground-output.svg'), 'utf8');
    expect(map).toMatch(/^<svg /);
    expect(map.match(/aria-roledescription="rect mark"/g)!.length).toBeGreaterThan(100); // the map's cells
    const refused = await nnlab(['run', 'descent', '--plots', CLI]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('is a file, not a folder');
    expect(refused.stdout).toBe('');
    // A file further up the path is found before the run too, not when the pictures are written after it.
    const under = await nnlab(['run', 'descent', '--plots', join(CLI, 'plots')]);
    expect(under.exitCode).toBe(2);
    expect(under.stderr).toContain(`--plots ${join(CLI, 'plots')}: ${CLI} is a file, not a folder`);
    expect(under.stdout).toBe('');
  });

  it('doctor --json names the chosen backend and why tensorflow was not used', async () => {
    const { stdout, exitCode } = await nnlab(['doctor', '--json'], { NNLAB_BACKEND: 'auto', NNLAB_THREADS: '' });
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.chosen.backend).toBe('wasm');
    expect(report.backends.find((b: { backend: string }) => b.backend === 'tensorflow')).toMatchObject({ ok: false });
    expect(report.gpu).toHaveProperty('libs');
    expect(report.tfjs).toBe('4.22.0');
    // The cores this process may use, and wasm's default threads: one per idle core (fewer where the machine is busy), at most 8.
    const { cores, wasmThreads } = report.cpu;
    expect(cores.cores).toBeGreaterThanOrEqual(1);
    expect(wasmThreads.threads).toBeGreaterThanOrEqual(1);
    expect(wasmThreads.threads).toBeLessThanOrEqual(Math.min(8, cores.cores));
    expect(wasmThreads.why).toMatch(/^(one core|one per core: |one per idle core: \d+ of .* idle \(load average [\d.]+\))/);
  });

  it('--help on a lab lists its parameters with ranges; --version prints the version', async () => {
    const help = await nnlab(['run', 'sigmoid', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--alpha <value>');
    expect(help.stdout).toMatch(/from 0 to 10/);
    const version = await nnlab(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a closed pipe ends the output quietly', async () => {
    const { stderr, exitCode } = await execa('bash', ['-c', `node ${CLI} run sigmoid | head -1`], { reject: false, env: { NNLAB_BACKEND: 'cpu' } });
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
  });
});
