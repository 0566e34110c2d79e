// The built app in a real terminal: tmux at 80×24, keys sent, the screen read.
// tmux is a system tool: .ci/run installs it; without it this test fails, it never skips.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { childOf, startSession, tmux, waitUntil } from './tmux-session.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
let session = '';

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
}

const screen = () => tmux('capture-pane', '-p', '-t', session);
/** The screen with its attributes as SGR codes. */
const colouredScreen = () => tmux('capture-pane', '-p', '-e', '-t', session);

/** Whether an SGR sequence turns faint (2) on, reading past the arguments of 38/48 colours (5;n or 2;r;g;b). */
function hasFaint(text: string): boolean {
  for (const [, params] of text.matchAll(/\x1b\[([\d;]*)m/g)) {
    const codes = params.split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      if ([38, 48, 58].includes(codes[i])) i += codes[i + 1] === 5 ? 2 : 4;
      else if (codes[i] === 2) return true;
    }
  }
  return false;
}

const waitForScreen = (check: (text: string) => boolean, what: string, timeoutMs?: number) => waitUntil(screen, check, what, timeoutMs);

function start(command: string): void {
  session = startSession('nnlab-test', `echo MARKER-BEFORE; NNLAB_BACKEND=cpu ${command}`);
}

afterEach(() => {
  if (session) {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
  }
});

describe('nnlab in tmux at 80×24', () => {
  it('needs tmux (installed by .ci/run)', () => {
    expect(hasTmux(), 'tmux is not installed: apt-get install -y tmux').toBe(true);
  });

  it('zh-TW at 75 columns: a parameter help cut inside a wide character keeps its "…" on the line, the header stays', async () => {
    start(`node ${CLI} run losses --lang zh-TW`);
    tmux('resize-window', '-t', session, '-x', '75', '-y', '20');
    await waitForScreen((text) => text.includes('完成'), 'lab 2 done');
    tmux('send-keys', '-t', session, 'p');
    const text = await waitForScreen((t) => t.includes('原始分數 (logits)'), 'the parameter panel');
    const lines = text.split('\n');
    expect(lines.find((line) => line.includes('原始分數 (logits)'))).toMatch(/…$/);
    expect(lines.some((line) => line.trim() === '…')).toBe(false);
    expect(lines[0]).toMatch(/^nnlab \d+\.\d+\.\d+ · lab 2 losses/);
  });

  it('menu → lab 1 → back → quit, and the terminal is restored', async () => {
    start(`node ${CLI}`);
    await waitForScreen((s) => s.includes('1  sigmoid') && s.includes('cpu · CPU'), 'the menu');
    tmux('send-keys', '-t', session, '1');
    await waitForScreen((s) => s.includes('1. The sigmoid neuron — done'), 'lab 1 done');
    tmux('send-keys', '-t', session, 'q');
    await waitForScreen((s) => s.includes('Labs') && !s.includes('1. The sigmoid neuron'), 'the menu again');
    tmux('send-keys', '-t', session, 'q');
    const after = await waitForScreen((s) => /EXIT=\d/.test(s), 'the shell');
    expect(after).toContain('EXIT=0');
    // The alternate screen is gone: the shell's own lines are back, the menu is not.
    expect(after).toContain('MARKER-BEFORE');
    expect(after).not.toContain('Labs');
    // What ran stays in the scrollback: the lab, how it ended, its result.
    expect(after).toMatch(/nnlab run sigmoid\n {4}cpu · seed 42 · done in \d+/);
  });

  it('Ctrl-C quits from inside a lab and restores the terminal', async () => {
    start(`node ${CLI} run sigmoid --fn relu`);
    // Its stream has begun and ended: there is a run to sum up.
    await waitForScreen((s) => s.includes('1. The sigmoid neuron — done'), 'the lab done');
    tmux('send-keys', '-t', session, 'C-c');
    const after = await waitForScreen((s) => /EXIT=\d/.test(s), 'the shell');
    expect(after).toContain('EXIT=130'); // like any program stopped by Ctrl-C
    expect(after).toContain('MARKER-BEFORE');
    expect(after).not.toContain('The sigmoid neuron');
    expect(after).toMatch(/nnlab run sigmoid --fn relu\n {4}cpu/); // the run, summed up in the scrollback
    // The cursor is visible again and the terminal echoes typed text (raw mode is off).
    tmux('send-keys', '-t', session, 'echo typed-$((40+2))', 'Enter');
    await waitForScreen((s) => s.includes('typed-42'), 'the shell to echo input');
  });

  it('a lab that fails on bad input in the app exits 2 after q', async () => {
    start(`node ${CLI} run mlp --data csv:/nonexistent/train.csv`);
    await waitForScreen((s) => s.includes('/nonexistent/train.csv: no such file'), 'the error on screen');
    tmux('send-keys', '-t', session, 'q');
    const after = await waitForScreen((s) => /EXIT=\d/.test(s), 'the shell');
    expect(after).toContain('EXIT=2');
  });

  it('lab 9: a new learning rate from the parameter panel takes effect mid-training, without a restart', async () => {
    start(`node ${CLI} run playground --epochs 100000 --points 200`);
    const epoch = (text: string) => Number(/epoch (\d+)\/100000 ·/.exec(text)?.[1] ?? -1);
    await waitForScreen((s) => epoch(s) >= 3 && s.includes('η 0.1'), 'training with η 0.1');
    tmux('send-keys', '-t', session, 'p');
    await waitForScreen((s) => s.includes('Parameters (p to close)'), 'the parameter panel');
    tmux('send-keys', '-t', session, 'Down', 'Down', 'Down', 'Down');
    await waitForScreen((s) => /› lr +0\.1 /.test(s), 'lr selected');
    tmux('send-keys', '-t', session, '0.5');
    await waitForScreen((s) => s.includes('0.5_'), 'the typed value');
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen((s) => /› lr +0\.5 /.test(s), 'the value set');
    tmux('send-keys', '-t', session, 'Enter');
    const applied = await waitForScreen((s) => s.includes('live: --lr 0.1 → 0.5'), 'the live change said');
    const at = epoch(applied);
    const after = await waitForScreen((s) => s.includes('η 0.5') && epoch(s) > at, 'training on with η 0.5');
    expect(epoch(after)).toBeGreaterThan(at); // the same run went on: no restart from epoch 1
    tmux('send-keys', '-t', session, 'q');
    const shell = await waitForScreen((s) => /EXIT=\d/.test(s), 'the shell');
    expect(shell).toContain('MARKER-BEFORE');
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s sent to the app restores the terminal, and --out still gets its end event', async (signal, code) => {
    const out = join(mkdtempSync(join(tmpdir(), 'nnlab-signal-')), 'run.ndjson');
    start(`node ${CLI} run descent --steps 200 --out ${out}`);
    await waitForScreen((s) => /step \d+\/200/.test(s), 'the lab stepping (its stream begun)');
    const shell = tmux('display-message', '-p', '-t', session, '#{pane_pid}').trim();
    process.kill(childOf(Number(shell)), signal);
    const after = await waitForScreen((s) => /EXIT=\d/.test(s), 'the shell');
    expect(after).toContain(`EXIT=${code}`);
    expect(after).toContain('MARKER-BEFORE');
    expect(after).not.toContain('Gradient descent');
    const last = JSON.parse(readFileSync(out, 'utf8').trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ kind: 'end', status: 'interrupted' });
  });

  it("a lab's uncaught error fails its run, not the app; q then exits 1 with the terminal restored", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-crash-'));
    const lab = join(dir, 'crash-lab.js');
    writeFileSync(
      lab,
      `export default { id: 'crash', title: 'Crash', params: [], async *run(ctx) {
        yield { kind: 'text', text: 'about to fail' };
        setTimeout(() => { throw new Error('boom from a timer'); }, 300);
        for (;;) await ctx.pace();
      } };\n`,
    );
    // wasm: its Emscripten glue adds a handler that would rethrow (exit 7); nnlab removes it.
    start(`NNLAB_BACKEND=wasm node ${CLI} run ${lab}`);
    const failed = await waitForScreen((s) => s.includes('boom from a timer'), 'the failed run');
    expect(failed).toContain('uncaught error during the run: boom from a timer');
    expect(failed).toContain('failed');
    tmux('send-keys', '-t', session, 'q');
    const after = await waitForScreen((s) => /EXIT=\d/.test(s), 'the shell');
    expect(after).toContain('EXIT=1');
    expect(after).toContain('MARKER-BEFORE');
    expect(after).not.toContain('about to fail'); // the alternate screen is gone
  });

  it('--theme contrast: no faint text (SGR 2) on the menu, the lab screen, its help or its parameters', async () => {
    start(`node ${CLI} --theme contrast`);
    await waitForScreen((s) => s.includes('1  sigmoid') && s.includes('cpu · CPU'), 'the menu');
    const seen = [colouredScreen()];
    expect(seen[0]).toMatch(/\x1b\[[\d;]*1[;m]/); // bold there: the capture has attributes
    tmux('send-keys', '-t', session, '3');
    await waitForScreen((s) => /step \d+\/20/.test(s) && /[\u2801-\u28ff]/.test(s), 'descent stepping, its chart in braille');
    seen.push(colouredScreen());
    for (const [key, shown] of [
      ['?', 'Keys (? to close)'],
      ['?', 'space pause'],
      ['p', 'Parameters (p to close)'],
    ]) {
      tmux('send-keys', '-t', session, key);
      await waitForScreen((s) => s.includes(shown), shown);
      seen.push(colouredScreen());
    }
    for (const text of seen) expect(hasFaint(text), text).toBe(false);
  });

  it('the dark theme does use faint text: the check above can see it', async () => {
    start(`node ${CLI} --theme dark`);
    await waitForScreen((s) => s.includes('1  sigmoid') && s.includes('cpu · CPU'), 'the menu');
    expect(hasFaint(colouredScreen())).toBe(true);
  });

  it('TERM=dumb: text lines, no full-screen app', async () => {
    start(`TERM=dumb node ${CLI}`);
    const after = await waitForScreen((s) => /EXIT=\d/.test(s), 'the shell');
    expect(after).toContain('EXIT=0');
    // The list a pipe gets, left in the scrollback: no menu in an alternate screen.
    expect(after).toContain('nnlab labs:');
    expect(after).toContain("Run one with 'nnlab run <number|id>'");
    expect(after).not.toContain('a number or Enter opens');
  });

  it('stdout to a file: progress on stderr while it runs, a clean log, nothing left on the screen', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'nnlab-progress-')), 'log.txt');
    start(`NNLAB_BACKEND=wasm node ${CLI} run mlp --limit 20000 --test-limit 100 --epochs 2 --images 0 > ${log}`);
    const during = await waitForScreen((s) => /mlp epoch \d\/2 .*\d+\/\d+ · .* it\/s/.test(s), 'the progress line');
    expect(during).toMatch(/ETA /);
    const after = await waitForScreen((s) => /EXIT=\d/.test(s), 'the shell', 60_000);
    expect(after).toContain('EXIT=0');
    expect(after).not.toMatch(/it\/s/); // the line is gone
    const text = readFileSync(log, 'utf8');
    expect(text).toMatch(/epoch 2\/2 - /);
    expect(text).not.toContain('\r');
    expect(text).not.toContain('it/s');
  });
});
