// The command line parsed into an action: options may come before the lab's name.
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type Action } from '../src/cli/parse.js';
import { listLines } from '../src/cli/list.js';
import { exitCode } from '../src/ui/session/exit-code.js';

/** The exit code of a 'print' action (help, a usage error); undefined for any other. */
const printed = (action: Action) => (action.kind === 'print' ? exitCode(action.outcome) : undefined);

describe('run: options in any order', () => {
  it.each([
    [['run', '--seed', '3', 'descent', '--lr', '0.5']],
    [['run', 'descent', '--seed', '3', '--lr', '0.5']],
    [['run', '--lr', '0.5', 'descent', '--seed=3']],
    [['run', '--json', '--backend', 'cpu', '--seed', '3', 'descent', '--lr', '0.5']],
    [['run', '--out', '/tmp/nnlab-parse-test.ndjson', '--seed', '3', '3', '--lr', '0.5']],
  ])('%j runs descent with η 0.5 and seed 3', async (argv) => {
    const action = await parseCommandLine(argv, {});
    expect(action.kind).toBe('run');
    if (action.kind !== 'run') return;
    expect(action.lab.id).toBe('descent');
    expect(action.run.params).toMatchObject({ lr: 0.5 });
    expect(action.run.seed).toBe(3);
  });

  it('a value of an option is never taken for the lab: `--lang en` then the lab', async () => {
    const action = await parseCommandLine(['run', '--lang', 'zh-TW', 'sigmoid'], {});
    expect(action).toMatchObject({ kind: 'run', lab: { id: 'sigmoid' } });
  });

  it('without a lab it is still a usage error', async () => {
    const action = await parseCommandLine(['run', '--seed', '3'], {});
    expect(printed(action)).toBe(2);
  });
});

describe('options before the command', () => {
  it('are the command’s: nnlab --backend cpu --seed 3 --ascii --no-color run descent', async () => {
    const action = await parseCommandLine(['--backend', 'cpu', '--seed', '3', '--ascii', '--no-color', 'run', 'descent'], {});
    expect(action).toMatchObject({ kind: 'run', run: { backend: 'cpu', seed: 3 }, app: { ascii: true, color: false } });
  });

  it('the command’s own, given after it, win', async () => {
    const action = await parseCommandLine(['--seed', '3', '--lang', 'zh-TW', 'run', 'descent', '--seed', '5'], {});
    expect(action).toMatchObject({ kind: 'run', run: { seed: 5, lang: 'zh-TW' } });
  });

  it('reach list, play and doctor too', async () => {
    expect(await parseCommandLine(['--lang', 'zh-TW', 'list'], {})).toMatchObject({ kind: 'list', lang: 'zh-TW' });
    expect(await parseCommandLine(['--backend', 'cpu', '--threads', '2', 'doctor'], {})).toMatchObject({ kind: 'doctor', backend: 'cpu', threads: 2 });
  });

  it('one the command does not have is refused, naming it', async () => {
    const action = await parseCommandLine(['--theme', 'dark', 'list'], {});
    expect(printed(action)).toBe(2);
    expect(action).toMatchObject({ stderr: expect.stringContaining("--theme does not apply to 'nnlab list'") });
  });
});

describe('boolean parameters: --flag, --flag true|false, --flag=false, --no-flag', () => {
  it.each([
    [['run', 'descent', '--compare'], true],
    [['run', 'descent', '--compare', 'true'], true],
    [['run', 'descent', '--compare', 'false'], false],
    [['run', 'descent', '--compare=false'], false],
    [['run', 'descent', '--compare=yes'], true],
    [['run', 'descent', '--no-compare'], false],
    [['run', 'descent', '--compare', '--seed', '3'], true],
    [['run', '--compare', 'false', 'descent'], false],
  ])('%j gives compare = %s', async (argv, compare) => {
    const action = await parseCommandLine(argv, {});
    expect(action).toMatchObject({ kind: 'run', lab: { id: 'descent' }, run: { params: { compare } } });
  });

  it('anything else is a usage error naming what it takes', async () => {
    const action = await parseCommandLine(['run', 'descent', '--compare=maybe'], {});
    expect(printed(action)).toBe(2);
    if (action.kind === 'print') expect(action.stderr).toContain('--compare must be true or false (got "maybe")');
  });
});

it('nnlab list: the titles in one column, two spaces after the longest id', () => {
  const lines = listLines('en');
  const column = lines.map((line) => line.indexOf(line.split(/\s{2,}/)[2]));
  expect(new Set(column).size).toBe(1);
  expect(lines.find((line) => line.includes('playground'))).toMatch(/ 9 {2}playground {2}Playground/);
});

describe('parameter errors in the run language', () => {
  it("zh-TW: a value out of range, and a lab's own check, said in Chinese; English by default", async () => {
    const zh = await parseCommandLine(['run', 'descent', '--lr', 'abc', '--lang', 'zh-TW'], {});
    expect(zh).toMatchObject({ kind: 'print', stderr: 'nnlab: --lr 必須是 1e-6 到 10 的數（收到 "abc"）\n' });
    const en = await parseCommandLine(['run', 'descent', '--lr', 'abc'], {});
    expect(en).toMatchObject({ kind: 'print', stderr: 'nnlab: --lr must be a number from 1e-6 to 10 (got "abc")\n' });
    const { reportError } = await import('../src/ui/session/headless.js');
    const { ParamError } = await import('../src/labs/kit/params.js');
    let said = '';
    reportError(
      new ParamError('--xmin must be less than --xmax', { en: '--xmin must be less than --xmax', 'zh-TW': '--xmin 必須小於 --xmax' }),
      (text) => (said += text),
      'zh-TW',
    );
    expect(said).toBe('nnlab: --xmin 必須小於 --xmax\n');
  });
});

describe('--gpu', () => {
  it('a GPU by its number, for run, play, the app and doctor; not a number is refused', async () => {
    expect(await parseCommandLine(['run', 'sigmoid', '--gpu', '2'], {})).toMatchObject({ app: { gpu: 2 } });
    expect(await parseCommandLine(['doctor', '--gpu', '1'], {})).toMatchObject({ kind: 'doctor', gpu: 1 });
    expect(await parseCommandLine(['run', 'sigmoid', '--gpu', '64'], {})).toMatchObject({
      kind: 'print',
      stderr: 'nnlab: --gpu must be an integer from 0 to 63 (got "64")\n',
    });
  });
});
