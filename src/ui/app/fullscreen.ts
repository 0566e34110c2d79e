// The alternate screen: entered once, and left on every way out (q, Ctrl-C,
// SIGTERM, SIGHUP, an uncaught error), leaving the user's terminal as it was.
// With the mouse on, the terminal reports the wheel (mouse.ts) until then.
import { MOUSE_OFF, MOUSE_ON } from './keys/mouse.js';

const ENTER = '\x1b[?1049h\x1b[H';
const LEAVE = '\x1b[?25h\x1b[?1049l';

export interface FullScreen {
  /** Leaves the alternate screen (idempotent) and restores the cursor and raw mode. */
  restore(): void;
}

export interface FullScreenOptions {
  /** Mouse reporting on while the app runs (the wheel scrolls); off on leaving, always. */
  mouse?: boolean;
}

export function enterFullScreen(
  stdout: NodeJS.WriteStream = process.stdout,
  stdin: NodeJS.ReadStream = process.stdin,
  options: FullScreenOptions = {},
): FullScreen {
  let active = true;
  stdout.write(ENTER + (options.mouse ? MOUSE_ON : ''));
  const restore = () => {
    if (!active) return;
    active = false;
    if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    // Stop reading the terminal (Node stops its tty handle on 'pause'): what is typed from now on is the
    // shell's, even while the process winds down (a lab's last step, the sinks, the exit timer).
    stdin.pause();
    // Mouse reporting off even where it was never turned on: harmless, and never left behind.
    stdout.write(MOUSE_OFF + LEAVE);
    process.off('exit', restore);
  };
  process.on('exit', restore);
  return { restore };
}
