import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { SettingsContext } from '../../../src/ui/app/hooks/use-settings.js';
import { DEFAULT_SETTINGS, type AppSettings } from '../../../src/ui/session/settings.js';

export const KEYS = { enter: '\r', up: '\x1B[A', down: '\x1B[B', escape: '\x1B', ctrlC: '\x03' };

/** ink-testing-library at a chosen terminal size (its stdout is 100 columns and has no rows). */
export function renderAt(element: ReactElement, columns = 80, rows = 24, settings: Partial<AppSettings> = {}) {
  const app = render(<SettingsContext.Provider value={{ ...DEFAULT_SETTINGS, backend: 'cpu', color: false, ...settings }}>{element}</SettingsContext.Provider>);
  resize(app.stdout, columns, rows);
  return app;
}

export function resize(stdout: NodeJS.EventEmitter, columns: number, rows: number): void {
  Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
  stdout.emit('resize');
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Until the app reads keys: Ink listens on stdin once the first useInput's effect has run (a key written before is lost). */
export function inputReady(stdin: NodeJS.EventEmitter): Promise<void> {
  return waitFor(() => stdin.listenerCount('readable') > 0, 'the app to read keys');
}

/** Lines of a frame, checked against the terminal's width. */
export function frameLines(frame: string | undefined): string[] {
  return (frame ?? '').split('\n');
}
