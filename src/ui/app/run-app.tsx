// Starts the full-screen app: alternate screen, Ink, and a restored terminal
// however it ends.
import { render } from 'ink';
import type { Lecture } from '../../labs/kit/lecture.js';
import type { LabEvent } from '../../labs/kit/events.js';
import type { Lab } from '../../labs/kit/lab.js';
import { App } from './components/App.js';
import { enterFullScreen } from './fullscreen.js';
import type { AppSettings } from '../session/settings.js';
import { SettingsContext } from './hooks/use-settings.js';
import { defaults } from '../../labs/kit/params.js';
import type { Outcome, StopSignal } from '../../labs/kit/outcome.js';
import { exitCode, sessionOutcome } from '../session/exit-code.js';
import { exitProcess } from '../session/run-guard.js';
import { asciiGlyphs } from '../render/ascii.js';
import { scrollbackRecap } from '../session/scrollback-recap.js';
import { asciiTruncation } from '../fit-truncate.js';

export interface AppStart {
  /** Open this lab at once (`nnlab run <lab>` in a terminal). */
  lab?: Lab;
  params?: Record<string, unknown>;
  /** A lecture (`nnlab play`). */
  lecture?: Lecture;
  /** Every event of every run, for the --out and --csv files. */
  sink?: (event: LabEvent) => void;
}

/** Makes every write to stdout ASCII, glyph for glyph; returns the undo. */
function asciiStdout(): () => void {
  const write = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    (write as (...args: unknown[]) => boolean).call(
      process.stdout,
      typeof chunk === 'string' ? asciiGlyphs(chunk) : chunk,
      ...rest,
    )) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
  };
}

/** Runs the app until it is left; how its labs ended (ui/session/exit-code.ts, sessionOutcome). */
export async function runApp(labs: readonly Lab[], settings: AppSettings, start: AppStart = {}): Promise<Outcome> {
  const screen = enterFullScreen(process.stdout, process.stdin, { mouse: settings.mouse });
  // --ascii: the frames Ink writes, glyph for glyph (the layout is kept); the labs' words were made ASCII before layout.
  const restoreWrite = settings.ascii ? asciiStdout() : () => {};
  asciiTruncation(settings.ascii);
  // Ctrl-C is final: a lab that ends while the app closes does not overwrite it.
  const session = sessionOutcome();
  const recap = scrollbackRecap();
  const sink = (event: LabEvent) => {
    recap.record(event);
    start.sink?.(event);
  };
  const instance = render(
    <SettingsContext.Provider value={settings}>
      <App
        labs={labs}
        initialLab={start.lab}
        initialParams={start.params}
        lecture={start.lecture}
        sink={sink}
        session={session}
        onFailure={(lab, message, lang) => recap.failed(lab, message, lang)}
        onLive={(changes) => recap.live(changes)}
      />
    </SettingsContext.Provider>,
    { exitOnCtrlC: false, patchConsole: true },
  );
  /** Leaves the alternate screen, then sums up the runs in the scrollback (it took them with it); once. */
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    screen.restore();
    const lines = recap.lines(
      (id) => defaults([...labs, ...(start.lab ? [start.lab] : [])].find((lab) => lab.id === id)?.params ?? []),
      process.stdout.columns || 80,
    );
    if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
  };
  // The output files get their end events from their exit handler (ui/session/sinks.ts).
  const quit = (signal: StopSignal) => () => {
    instance.unmount();
    leave();
    exitProcess(exitCode({ kind: 'interrupted', signal }));
  };
  // Ctrl-C as a key is the app's (raw mode); SIGINT sent as a signal (kill -INT) ends it like SIGTERM.
  const onSigint = quit('SIGINT');
  const onSigterm = quit('SIGTERM');
  const onSighup = quit('SIGHUP');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.on('SIGHUP', onSighup);
  try {
    await instance.waitUntilExit();
    leave();
    return session.outcome();
  } finally {
    restoreWrite();
    screen.restore();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    process.off('SIGHUP', onSighup);
  }
}
