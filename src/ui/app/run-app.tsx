// Starts the full-screen app: alternate screen, Ink, and a restored terminal
// however it ends.
import { render } from 'ink';
import type { PlayScript } from '../../labs/script.js';
import type { LabEvent } from '../../labs/events.js';
import type { Lab } from '../../labs/lab.js';
import { App } from './App.js';
import { enterFullScreen } from './fullscreen.js';
import type { AppSettings } from '../settings.js';
import { SettingsContext } from './settings.js';
import { defaults } from '../../labs/params.js';
import { exitProcess, SIGNAL_EXIT } from '../run-guard.js';
import { asciiGlyphs } from '../render/ascii.js';
import { runSummary } from '../run-summary.js';

export interface AppStart {
  /** Open this lab at once (`nnlab run <lab>` in a terminal). */
  lab?: Lab;
  params?: Record<string, unknown>;
  /** A lecture script (`nnlab play`). */
  script?: PlayScript;
  /** Every event of every run, for the --out and --csv files. */
  tap?: (event: LabEvent) => void;
}

/** Makes every write to stdout ASCII, glyph for glyph; returns the undo. */
function asciiStdout(): () => void {
  const write = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    (write as (...args: unknown[]) => boolean).call(process.stdout, typeof chunk === 'string' ? asciiGlyphs(chunk) : chunk, ...rest)) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
  };
}

export async function runApp(labs: readonly Lab[], settings: AppSettings, start: AppStart = {}): Promise<number> {
  const screen = enterFullScreen();
  // --ascii: the frames Ink writes, glyph for glyph (the layout is kept); the labs' words were made ASCII before layout.
  const restoreWrite = settings.ascii ? asciiStdout() : () => {};
  // 130 (Ctrl-C) is final: a lab that ends while the app closes does not overwrite it.
  let exitCode = 0;
  const summary = runSummary();
  const tap = (event: LabEvent) => {
    summary.record(event);
    start.tap?.(event);
  };
  const instance = render(
    <SettingsContext.Provider value={settings}>
      <App labs={labs} initialLab={start.lab} initialParams={start.params} script={start.script} tap={tap} setExitCode={(code) => (exitCode = exitCode === 130 ? 130 : code)} />
    </SettingsContext.Provider>,
    { exitOnCtrlC: false, patchConsole: true },
  );
  /** Leaves the alternate screen, then sums up the runs in the scrollback (it took them with it); once. */
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    screen.restore();
    const lines = summary.lines((id) => defaults([...labs, ...(start.lab ? [start.lab] : [])].find((lab) => lab.id === id)?.params ?? []), process.stdout.columns || 80);
    if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
  };
  // The output files get their end events from their exit handler (ui/sinks.ts).
  const quit = (code: number) => () => {
    instance.unmount();
    leave();
    exitProcess(code);
  };
  // Ctrl-C as a key is the app's (raw mode); SIGINT sent as a signal (kill -INT) ends it like SIGTERM.
  const onSigint = quit(SIGNAL_EXIT.SIGINT);
  const onSigterm = quit(SIGNAL_EXIT.SIGTERM);
  const onSighup = quit(SIGNAL_EXIT.SIGHUP);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.on('SIGHUP', onSighup);
  try {
    await instance.waitUntilExit();
    leave();
    return exitCode;
  } finally {
    restoreWrite();
    screen.restore();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    process.off('SIGHUP', onSighup);
  }
}
