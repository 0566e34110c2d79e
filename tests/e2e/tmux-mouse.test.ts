// The mouse wheel in a real terminal: tmux reports whether the app asked for
// mouse reporting (#{mouse_standard_flag}, #{mouse_sgr_flag}), and takes wheel
// reports as raw input (send-keys -H). Each way out must turn reporting off.
// tmux is a system tool: .ci/run installs it (tmux.test.ts checks it is there).
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { childOf, startSession, tmux, waitUntil } from './tmux-session.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
let session = '';

const screen = () => tmux('capture-pane', '-p', '-t', session);
/** The pane's mouse modes, as tmux keeps them from what the app wrote: "standard sgr". */
const mouseModes = () => tmux('display-message', '-p', '-t', session, '#{mouse_standard_flag} #{mouse_sgr_flag}').trim();
/** Bytes as the terminal would send them (send-keys -H: each byte in hex). */
const sendRaw = (bytes: string) => tmux('send-keys', '-t', session, '-H', ...[...Buffer.from(bytes)].map((b) => b.toString(16)));
const wheel = (button: 64 | 65) => `\x1b[<${button};10;8M`;

const waitFor = (check: (text: string) => boolean, what: string, read = screen, timeoutMs?: number) => waitUntil(read, check, what, timeoutMs);

function start(command: string): void {
  session = startSession('nnlab-mouse', `NNLAB_BACKEND=cpu ${command}`);
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
