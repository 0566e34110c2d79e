// tmux for the terminal tests: a session running one command in a clean bash,
// the screen read back, waits on what the screen shows (never on sleeps alone),
// and the process tree under a pane. tmux is installed by .ci/run.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

/**
 * A new session named `prefix-…` at 80×24 running `command` with the cpu
 * backend, then `echo EXIT=$?`; returns the session's name.
 */
export function startSession(prefix: string, command: string): string {
  const session = `${prefix}-${process.pid}-${Date.now()}`;
  // The previous test's kill-session may leave the tmux server shutting down: a new session
  // started in that moment fails with "server exited unexpectedly"; the next try starts a new server.
  for (let attempt = 1; ; attempt++) {
    try {
      tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'bash', '--norc', '--noprofile');
      break;
    } catch (err) {
      if (attempt === 3 || !String(err).includes('server exited unexpectedly')) throw err;
    }
  }
  tmux('send-keys', '-t', session, `clear; ${command}; echo EXIT=$?`, 'Enter');
  return session;
}

/** Reads until `check` holds; throws naming `what` and the last text after `timeoutMs`. */
export async function waitUntil(read: () => string, check: (text: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const text = read();
    if (check(text)) return text;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; the screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first process whose parent is `pid` (read from /proc, no extra tools). */
export function childOf(pid: number): number {
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
