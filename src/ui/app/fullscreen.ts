// The alternate screen: entered once, and left on every way out (q, Ctrl-C,
// SIGTERM, SIGHUP, an uncaught error), leaving the user's terminal as it was.
const ENTER = '\x1b[?1049h\x1b[H';
const LEAVE = '\x1b[?25h\x1b[?1049l';

export interface FullScreen {
  /** Leaves the alternate screen (idempotent) and restores the cursor and raw mode. */
  restore(): void;
}

export function enterFullScreen(stdout: NodeJS.WriteStream = process.stdout, stdin: NodeJS.ReadStream = process.stdin): FullScreen {
  let active = true;
  stdout.write(ENTER);
  const restore = () => {
    if (!active) return;
    active = false;
    if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    stdout.write(LEAVE);
    process.off('exit', restore);
  };
  process.on('exit', restore);
  return { restore };
}
