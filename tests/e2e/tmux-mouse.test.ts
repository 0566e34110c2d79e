// The mouse wheel in a real terminal: tmux reports whether the app asked for
// mouse reporting (#{mouse_standard_flag}, #{mouse_sgr_flag}), and takes wheel
// reports as raw input (send-keys -H). Each way out must turn reporting off.
// tmux is a system tool: .ci/run installs it (tmux.test.ts checks it is there).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
let session = '';

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
/** The pane's mouse modes, as tmux keeps them from what the app wrote: "standard sgr". */
const mouseModes = () => tmux('display-message', '-p', '-t', session, '#{mouse_standard_flag} #{mouse_sgr_flag}').trim();
/** Bytes as the terminal would send them (send-keys -H: each byte in hex). */
const sendRaw = (bytes: string) => tmux('send-keys', '-t', session, '-H', ...[...Buffer.from(bytes)].map((b) => b.toString(16)));
const wheel = (button: 64 | 65) => `\x1b[<${button};10;8M`;

async function waitFor(check: (text: string) => boolean, what: string, read = screen, timeoutMs = 10_000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const text = read();
    if (check(text)) return text;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; saw:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function start(command: string): void {
  session = `nnlab-mouse-${process.pid}-${Date.now()}`;
  for (let attempt = 1; ; attempt++) {
    try {
      tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'bash', '--norc', '--noprofile');
      break;
    } catch (err) {
      if (attempt === 3 || !String(err).includes('server exited unexpectedly')) throw err;
    }
  }
  tmux('send-keys', '-t', session, `clear; NNLAB_BACKEND=cpu ${command}; echo EXIT=$?`, 'Enter');
}

/** The first process whose parent is `pid` (read from /proc). */
function childOf(pid: number): number {
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  throw new Error(`no child process of ${pid}`);
}

const menuShown = (s: string) => s.includes('1  sigmoid') && s.includes('cpu · CPU');

afterEach(() => {
  try {
    if (session) tmux('kill-session', '-t', session);
  } catch {
    // already gone
  }
});

describe('the mouse wheel in tmux', () => {
  it('reporting is on while the app runs, the wheel moves the menu, clicks type nothing, and q turns it off', async () => {
    start(`node ${CLI}`);
    await waitFor(menuShown, 'the menu');
    expect(mouseModes()).toBe('1 1');
    sendRaw(wheel(65) + wheel(65));
    await waitFor((s) => s.includes('› 3  descent'), 'the wheel down twice: lab 3 selected');
    // A click and its release, and the wheel up in the same write: one move, no typed characters.
    sendRaw('\x1b[<0;5;5M\x1b[<0;5;5m' + wheel(64));
    await waitFor((s) => s.includes('› 2  losses'), 'the wheel up: lab 2 selected');
    tmux('send-keys', '-t', session, 'q');
    const after = await waitFor((s) => /EXIT=\d/.test(s), 'the shell');
    expect(after).toContain('EXIT=0');
    expect(mouseModes()).toBe('0 0');
  });

  it('the wheel scrolls a lab’s text', async () => {
    start(`node ${CLI} run batches`);
    await waitFor((s) => /— done/.test(s), 'the lab done');
    tmux('send-keys', '-t', session, 'g'); // a slow machine may have left the view following the end
    await waitFor((s) => /\n1–\d+\/\d+ /.test(s), 'its text at the top');
    sendRaw(wheel(65));
    await waitFor((s) => /\n4–\d+\/\d+ /.test(s), 'the text scrolled by three lines');
    tmux('send-keys', '-t', session, 'q');
    await waitFor((s) => /EXIT=\d/.test(s), 'the shell');
    expect(mouseModes()).toBe('0 0');
  });

  it('--no-mouse leaves reporting off', async () => {
    start(`node ${CLI} --no-mouse`);
    await waitFor(menuShown, 'the menu');
    expect(mouseModes()).toBe('0 0');
  });

  it('SIGTERM turns reporting off too', async () => {
    start(`node ${CLI}`);
    await waitFor(menuShown, 'the menu');
    expect(mouseModes()).toBe('1 1');
    process.kill(childOf(Number(tmux('display-message', '-p', '-t', session, '#{pane_pid}').trim())), 'SIGTERM');
    const after = await waitFor((s) => /EXIT=\d/.test(s), 'the shell');
    expect(after).toContain('EXIT=143');
    expect(mouseModes()).toBe('0 0');
  });
});
