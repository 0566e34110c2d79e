// Lab 9 through the built CLI: bad flags exit 2 with one clear line, the text
// output ends with the final map at the width, --csv has a row per epoch.
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const nnlab = (args: string[]) => execa('node', [CLI, ...args], { reject: false, env: { NNLAB_BACKEND: 'cpu' }, timeout: 60_000 });
const SMALL = ['--epochs', '4', '--points', '200'];

describe('nnlab run playground', () => {
  it.each([
    [['--hidden', '4,x'], /^nnlab: --hidden must be 0–6 comma-separated numbers, each from 1 to 8 \(got "4,x"\)$/],
    [['--features', 'x1,cos'], /^nnlab: --features: unknown feature 'cos' \(the features: x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2\)$/],
    [['--features', ''], /^nnlab: --features needs at least one input feature/],
    [['--activation', 'elu'], /^nnlab: --activation must be one of tanh, relu, sigmoid, linear, leaky-relu \(got "elu"\)$/],
  ])('%j exits 2 with one line on stderr and nothing on stdout', async (args, message) => {
    const { stdout, stderr, exitCode } = await nnlab(['run', 'playground', ...args]);
    expect(exitCode).toBe(2);
    expect(stderr.trim()).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout).toBe('');
  });

  it('--hidden "" is logistic regression: the network is features → 1', async () => {
    const { stdout, exitCode } = await nnlab(['run', 'playground', '--hidden', '', ...SMALL, '--json']);
    expect(exitCode).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events[0].params.hidden).toEqual([]);
    expect(events.filter((e) => e.kind === 'field').at(-1).network.layers).toEqual([1]);
  });

  it('in a pipe the final map comes last, 80 columns wide and square, in plain characters; --csv gets one row per epoch', async () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'nnlab-pg-')), 'm.csv');
    const { stdout, exitCode } = await nnlab(['run', 'playground', ...SMALL, '--csv', csv]);
    expect(exitCode).toBe(0);
    const lines = stdout.split('\n');
    const title = lines.findIndex((l) => l === 'Network output over the plane, epoch 4');
    expect(title).toBeGreaterThan(-1);
    const map = lines.slice(title + 1, title + 41);
    for (const line of map) expect(line).toMatch(/^[ ░▒▓█XxOo]{80}$/);
    expect(lines[title + 41]).toBe("X=1 O=0 train  x o test  0 ' ░▒▓█' 1");
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('lab,scope,step,total,elapsed_ms,loss,acc,test_loss,test_acc,lr,extra');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).toEqual([1, 2, 3, 4].map((e) => `playground,epoch,${e},4`));
  });
});
