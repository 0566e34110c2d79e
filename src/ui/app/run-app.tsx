// Starts the full-screen app: alternate screen, Ink, and a restored terminal
// however it ends.
import { render } from 'ink';
import type { Lab } from '../../labs/lab.js';
import { App } from './App.js';
import { enterFullScreen } from './fullscreen.js';
import { SettingsContext, type AppSettings } from './settings.js';

export async function runApp(labs: readonly Lab[], settings: AppSettings, initialLab?: Lab, initialParams?: Record<string, unknown>): Promise<number> {
  const screen = enterFullScreen();
  const instance = render(
    <SettingsContext.Provider value={settings}>
      <App labs={labs} initialLab={initialLab} initialParams={initialParams} />
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
    return 0;
  } finally {
    screen.restore();
    process.off('SIGTERM', onSigterm);
    process.off('SIGHUP', onSighup);
  }
}
