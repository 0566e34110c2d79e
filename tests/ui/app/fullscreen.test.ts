// Leaving the full screen gives the terminal back: raw mode off, the screen and
// cursor restored, and stdin no longer read, so keys typed next are the shell's.
import { describe, expect, it, vi } from 'vitest';
import { enterFullScreen } from '../../../src/ui/app/fullscreen.js';

describe('the full screen', () => {
  it('restore: raw mode off, stdin paused (typed-ahead keys stay with the shell), the alternate screen left; once', () => {
    const written: string[] = [];
    const stdout = { write: (text: string) => (written.push(text), true) } as unknown as NodeJS.WriteStream;
    const stdin = { isTTY: true, isRaw: true, setRawMode: vi.fn(), pause: vi.fn() } as unknown as NodeJS.ReadStream;
    const screen = enterFullScreen(stdout, stdin, { mouse: true });
    screen.restore();
    screen.restore();
    expect(stdin.setRawMode).toHaveBeenCalledExactlyOnceWith(false);
    expect(stdin.pause).toHaveBeenCalledTimes(1);
    expect(written.at(-1)).toContain('\x1b[?1049l');
  });
});
