// Starts the full-screen app: alternate screen, Ink, and a restored terminal
// however it ends.
import { render } from 'ink';
import type { PlayScript } from '../../labs/script.js';
import type { LabEvent } from '../../labs/events.js';
import type { Lab } from '../../labs/lab.js';
import { App } from './App.js';
import { enterFullScreen } from './fullscreen.js';
import { SettingsContext, type AppSettings } from './settings.js';

export interface AppStart {
  /** Open this lab at once (`nnlab run <lab>` in a terminal). */
  lab?: Lab;
  params?: Record<string, unknown>;
  /** A lecture script (`nnlab play`). */
  script?: PlayScript;
  /** Every event of every run, for the --out and --csv files. */
  tap?: (event: LabEvent) => void;
}

export async function runApp(labs: readonly Lab[], settings: AppSettings, start: AppStart = {}): Promise<number> {
  const screen = enterFullScreen();
  // 130 (Ctrl-C) is final: a lab that ends while the app closes does not overwrite it.
  let exitCode = 0;
  const instance = render(
    <SettingsContext.Provider value={settings}>
      <App labs={labs} initialLab={start.lab} initialParams={start.params} script={start.script} tap={start.tap} setExitCode={(code) => (exitCode = exitCode === 130 ? 130 : code)} />
    </SettingsContext.Provider>,
    { exitOnCtrlC: false, patchConsole: true },
  );
  const quit = (code: number) => () => {
    instance.unmount();
    screen.restore();
    process.exit(code);
  };
  const onSigterm = quit(143);
  const onSighup = quit(129);
  const onCrash = (err: unknown) => {
    instance.unmount();
    screen.restore();
    process.stderr.write(`nnlab: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  };
  process.on('SIGTERM', onSigterm);
  process.on('SIGHUP', onSighup);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    await instance.waitUntilExit();
    return exitCode;
  } finally {
    screen.restore();
    process.off('SIGTERM', onSigterm);
    process.off('SIGHUP', onSighup);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
}
