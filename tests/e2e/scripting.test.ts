// Scripting and logs through the built CLI: config files, --out, --csv,
// --quiet, lab modules, lectures, SIGINT and the exit codes.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');
const nnlab = (args: string[]) => execa('node', [CLI, ...args], { reject: false, cwd: ROOT, env: { NNLAB_BACKEND: 'cpu' }, timeout: 60_000 });
const tmp = () => mkdtempSync(join(tmpdir(), 'nnlab-script-'));
const events = (ndjson: string) =>
  ndjson
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('nnlab for scripts and logs', () => {
  it('--config supplies parameters and the seed; flags win', async () => {
    const d = tmp();
    writeFileSync(join(d, 'c.json'), JSON.stringify({ lr: 0.5, steps: 7, seed: 3 }));
    const { stdout, exitCode } = await nnlab(['run', 'descent', '--json', '--config', join(d, 'c.json'), '--steps', '2']);
    expect(exitCode).toBe(0);
    expect(events(stdout)[0]).toMatchObject({ kind: 'start', seed: 3, params: { lr: 0.5, steps: 2 } });
  });

  it.each([
    [{ lrr: 1 }, /unknown key "lrr" \(lab 'descent' takes: lr, steps, w0, samples, compare, seed, backend, lang\)/],
    [{ lr: 'fast' }, /--lr must be a number/],
    [[1, 2], /must hold one JSON object/],
  ])('--config with %j exits 2 naming the problem', async (config, message) => {
    const d = tmp();
    writeFileSync(join(d, 'c.json'), JSON.stringify(config));
    const { stderr, exitCode } = await nnlab(['run', 'descent', '--config', join(d, 'c.json')]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('--out writes the NDJSON stream while text goes to stdout; --csv writes the metrics', async () => {
    const d = tmp();
    const out = join(d, 'run.ndjson');
    const csv = join(d, 'steps.csv');
    const { stdout, exitCode } = await nnlab(['run', 'descent', '--steps', '3', '--out', out, '--csv', csv]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Steps with η = 0.1');
    const logged = events(readFileSync(out, 'utf8'));
    expect(logged[0].kind).toBe('start');
    expect(logged.at(-1)).toMatchObject({ kind: 'end', status: 'ok' });
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('lab,scope,step,total,elapsed_ms,w,grad,loss,extra');
    expect(rows).toHaveLength(5); // header + steps 0..3
    expect(rows[1]).toMatch(/^descent,step,0,3,\d+,-3,-?\d/);
  });

  it('--csv of the mlp lab has one row per epoch with the Keras metrics', async () => {
    const d = tmp();
    const csv = join(d, 'epochs.csv');
    const { exitCode } = await nnlab(['run', 'mlp', '--limit', '300', '--test-limit', '50', '--epochs', '2', '--images', '0', '--csv', csv]);
    expect(exitCode).toBe(0);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('lab,scope,step,total,elapsed_ms,loss,acc,val_loss,val_acc,extra');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).toEqual(['mlp,epoch,1,2', 'mlp,epoch,2,2']);
  });

  it('--quiet prints only the result', async () => {
    const { stdout, exitCode } = await nnlab(['run', 'losses', '--quiet']);
    expect(exitCode).toBe(0);
    // BCE on its binary example: −(ln 0.8 + ln 0.7 + ln 0.9) / 3 = 0.2284
    expect(stdout.trim().split('\n')).toEqual(['mse: 0.1745', 'mae: 0.3933', 'bce: 0.2284', 'ce: 0.8916']);
  });

  it('runs a lab module written against the public API, with its own flags and help', async () => {
    const json = await nnlab(['run', 'examples/my-lab.js', '--json', '--epochs', '200', '--lr', '2']);
    expect(json.exitCode).toBe(0);
    const all = events(json.stdout);
    expect(all[0]).toMatchObject({ kind: 'start', lab: 'and-neuron', params: { epochs: 200, lr: 2 } });
    expect(all.find((e) => e.kind === 'result').metrics.accuracy).toBe(1);
    const help = await nnlab(['run', 'examples/my-lab.js', '--help']);
    expect(help.stdout).toMatch(/--epochs <value>\s+full-batch updates/);
  });

  it('a broken lab module is a clear error naming the file', async () => {
    const d = tmp();
    writeFileSync(join(d, 'bad.js'), 'export default { id: "x" };\n');
    writeFileSync(join(d, 'syntax.js'), "export default {\n  id: 'x',\n  title: 'x' params: [],\n};\n");
    const bad = await nnlab(['run', join(d, 'bad.js')]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/bad.js: not a lab: "run" must be an async generator function/);
    const syntax = await nnlab(['run', join(d, 'syntax.js')]);
    expect(syntax.exitCode).toBe(2);
    // Where it is: line 3, column 14 (Node's own import error does not say).
    expect(syntax.stderr).toMatch(/syntax.js:3:14: cannot load the lab module: Unexpected identifier 'params'/);
    const missing = await nnlab(['run', './nope-lab.js']);
    expect(missing.stderr).toMatch(/nope-lab.js: no such lab file/);
  });

  it('plays a lecture one lab after another in a pipe', async () => {
    const d = tmp();
    writeFileSync(
      join(d, 'talk.json'),
      JSON.stringify({
        title: 'Talk',
        steps: [
          { title: 'Loss', lab: 'losses', params: { loss: 'ce' } },
          { lab: 'descent', params: { steps: 2 }, seed: 5 },
        ],
      }),
    );
    const text = await nnlab(['play', join(d, 'talk.json')]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/=== 1\/2 Loss ===[\s\S]*ce: 0.8916[\s\S]*=== 2\/2 descent ===[\s\S]*seed 5/);
    const json = await nnlab(['play', join(d, 'talk.json'), '--json']);
    // Each start event says which step of the lecture it is.
    expect(
      events(json.stdout)
        .filter((e) => e.kind === 'start')
        .map((e) => [e.lab, e.lecture]),
    ).toEqual([
      ['losses', { step: 1, count: 2, title: 'Loss' }],
      ['descent', { step: 2, count: 2 }],
    ]);
  });

  it('the example lecture is valid', async () => {
    const { stdout, exitCode } = await nnlab(['play', 'examples/lecture.json', '--json', '--backend', 'cpu', '--help']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('play');
    const { parseCommandLine } = await import('../../src/cli/parse.js');
    const action = await parseCommandLine(['play', join(ROOT, 'examples/lecture.json')], {});
    expect(action.kind).toBe('play');
  });

  it.each([
    [{ steps: [] }, /a non-empty "steps" array/],
    [{ steps: [{ lab: 'nope' }] }, /step 1: unknown lab 'nope'/],
    [{ steps: [{ lab: 'descent', params: { lr: -1 } }] }, /step 1 \(lab 'descent'\): --lr must be/],
  ])('a bad script %j exits 2 naming the step', async (script, message) => {
    const d = tmp();
    writeFileSync(join(d, 's.json'), JSON.stringify(script));
    const { stderr, exitCode } = await nnlab(['play', join(d, 's.json')]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('SIGINT during a headless run stops cleanly: an interrupted end event and exit code 130', async () => {
    const child = execa('node', [CLI, 'run', 'mlp', '--json', '--limit', '20000', '--epochs', '50', '--images', '0'], {
      reject: false,
      cwd: ROOT,
      env: { NNLAB_BACKEND: 'wasm' },
    });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('"kind":"progress"')) resolve();
      });
    });
    child.kill('SIGINT');
    const { exitCode, stdout } = await child;
    expect(exitCode).toBe(130);
    expect(events(stdout).at(-1)).toMatchObject({ kind: 'end', status: 'interrupted' });
  });

  it('data on stdout, messages on stderr', async () => {
    const { stdout, stderr, exitCode } = await nnlab(['run', 'losses', '--json', '--loss', 'bce', '--pred', '2', '--target', '1']);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^nnlab: --pred value 2 .* not a probability/);
  });
});
