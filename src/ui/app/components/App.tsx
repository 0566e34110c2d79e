import { Box, Text, useApp } from 'ink';
import { useState } from 'react';
import type { LabEvent } from '../../../labs/kit/events.js';
import { pick } from '../../../labs/kit/i18n.js';
import type { Lab } from '../../../labs/kit/lab.js';
import type { Lecture } from '../../../labs/kit/lecture.js';
import type { SessionOutcome } from '../../session/exit-code.js';
import { Header } from './Header.js';
import { LabScreen } from './LabScreen.js';
import { Menu } from './Menu.js';
import { useSettings } from '../hooks/use-settings.js';
import { useKeys } from '../hooks/use-keys.js';
import { strings } from '../strings.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { RunHistory } from '../compare-runs.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

export interface AppProps {
  labs: readonly Lab[];
  /** Open this lab at once (`nnlab run <lab>` in a terminal); q then quits. */
  initialLab?: Lab;
  initialParams?: Record<string, unknown>;
  /** A lecture (`nnlab play`): its steps one after another, Enter for the next. */
  lecture?: Lecture;
  /** Every event of every run (the --out and --csv files). */
  sink?: (event: LabEvent) => void;
  /** Told why a lab's run could not start (the scrollback summary keeps it). */
  onFailure?: (lab: Lab, message: string, lang: string) => void;
  /** A live change of the run under way, in words. */
  onLive?: (changes: string) => void;
  /**
   * What the process's outcome is made of: how a lab opened by `nnlab run` or a lecture's
   * step ended (its number: 0 for `nnlab run`), each time it does; Ctrl-C stops the whole app.
   */
  session?: Pick<SessionOutcome, 'ended' | 'stop'>;
}

type Screen = { name: 'menu' } | { name: 'lab'; lab: Lab; params: Record<string, unknown>; seed?: number; step?: number };

function firstScreen({ initialLab, initialParams = {}, lecture }: AppProps): Screen {
  if (lecture) return { name: 'lab', ...lecture.steps[0], step: 0 };
  return initialLab ? { name: 'lab', lab: initialLab, params: initialParams } : { name: 'menu' };
}

export function App(props: AppProps) {
  const { labs, initialLab, lecture, sink, session, onFailure, onLive } = props;
  const { exit } = useApp();
  const settings = useSettings();
  const { columns, rows } = useTerminalSize();
  const [screen, setScreen] = useState<Screen>(() => firstScreen(props));
  // The finished runs of this session, for compare (c): kept while labs are left and opened again.
  const [history] = useState(() => new RunHistory());
  // Back in the menu, the cursor is on the lab just left.
  const [lastOpened, setLastOpened] = useState(0);
  const openLab = (lab: Lab) => {
    setLastOpened(Math.max(0, labs.indexOf(lab)));
    setScreen({ name: 'lab', lab, params: {} });
  };

  useKeys((input, key) => {
    if (key.ctrl && input === 'c') {
      session?.stop({ kind: 'interrupted', signal: 'SIGINT' });
      exit();
    }
  });

  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  // A lab stays mounted (and keeps running) while the terminal is too small; only its view is replaced.
  if (tooSmall && screen.name === 'menu') return <TooSmall columns={columns} rows={rows} onQuit={exit} />;
  // Ink redraws the whole screen when its output reaches the terminal's height: stay one row short.
  const height = rows - 1;
  const step = screen.name === 'lab' ? screen.step : undefined;
  const place =
    lecture && step !== undefined
      ? { step, count: lecture.steps.length, title: lecture.steps[step].title, go: (to: number) => setScreen({ name: 'lab', ...lecture.steps[to], step: to }) }
      : undefined;
  const title =
    screen.name !== 'lab'
      ? pick({ en: 'deep-learning basics', 'zh-TW': '深度學習基礎' }, settings.lang)
      : step !== undefined
        ? // The step first: where the row is short, the lecture's own title is what is cut.
          `${step + 1}/${lecture!.steps.length} ${lecture!.steps[step].title ?? screen.lab.id} · ${lecture!.title ?? 'play'}`
        : `lab ${screen.lab.number} ${screen.lab.id}`;
  return (
    <Box flexDirection="column" height={height} width={columns}>
      <Header title={title} />
      {screen.name === 'menu' ? (
        <Menu labs={labs} height={height - 2} initial={lastOpened} onOpen={openLab} onQuit={exit} />
      ) : (
        <LabScreen
          key={`${screen.lab.id}-${step ?? ''}`}
          lab={screen.lab}
          params={screen.params}
          seed={screen.seed}
          width={columns}
          height={height - 3}
          sink={sink}
          onFailure={onFailure}
          onLive={onLive}
          history={history}
          onEnd={initialLab || lecture ? (outcome) => session?.ended(outcome, step) : undefined}
          tooSmall={tooSmall ? strings(settings.lang).tooSmall(columns, rows) : undefined}
          lecture={place}
          onBack={() => (initialLab || lecture ? exit() : setScreen({ name: 'menu' }))}
        />
      )}
    </Box>
  );
}

function TooSmall({ columns, rows, onQuit }: { columns: number; rows: number; onQuit(): void }) {
  const { lang } = useSettings();
  useKeys((input, key) => {
    if (input === 'q' || key.escape) onQuit();
  });
  return <Text>{strings(lang).tooSmall(columns, rows)}</Text>;
}
