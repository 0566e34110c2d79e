import { Box, Text, useApp, useInput } from 'ink';
import { useState } from 'react';
import { pick } from '../../labs/i18n.js';
import type { Lab } from '../../labs/lab.js';
import { Header } from './Header.js';
import { LabScreen } from './LabScreen.js';
import { Menu } from './Menu.js';
import { useSettings } from './settings.js';
import { strings } from './strings.js';
import { useTerminalSize } from './use-terminal-size.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

export interface AppProps {
  labs: readonly Lab[];
  /** Open this lab at once (`nnlab run <lab>` in a terminal); q then quits. */
  initialLab?: Lab;
  initialParams?: Record<string, unknown>;
}

type Screen = { name: 'menu' } | { name: 'lab'; lab: Lab; params: Record<string, unknown> };

export function App({ labs, initialLab, initialParams = {} }: AppProps) {
  const { exit } = useApp();
  const settings = useSettings();
  const { columns, rows } = useTerminalSize();
  const [screen, setScreen] = useState<Screen>(initialLab ? { name: 'lab', lab: initialLab, params: initialParams } : { name: 'menu' });

  useInput((input, key) => {
    if (key.ctrl && input === 'c') exit();
  });

  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return <TooSmall columns={columns} rows={rows} onQuit={exit} />;
  }
  // Ink redraws the whole screen when its output reaches the terminal's height: stay one row short.
  const height = rows - 1;
  const title = screen.name === 'lab' ? `lab ${screen.lab.number} ${screen.lab.id}` : pick({ en: 'deep-learning basics', 'zh-TW': '深度學習基礎' }, settings.lang);
  return (
    <Box flexDirection="column" height={height} width={columns}>
      <Header title={title} />
      {screen.name === 'menu' ? (
        <Menu labs={labs} onOpen={(lab) => setScreen({ name: 'lab', lab, params: {} })} onQuit={exit} />
      ) : (
        <LabScreen
          key={screen.lab.id}
          lab={screen.lab}
          params={screen.params}
          width={columns}
          height={height - 3}
          onBack={() => (initialLab ? exit() : setScreen({ name: 'menu' }))}
        />
      )}
    </Box>
  );
}

function TooSmall({ columns, rows, onQuit }: { columns: number; rows: number; onQuit(): void }) {
  const { lang } = useSettings();
  useInput((input, key) => {
    if (input === 'q' || key.escape) onQuit();
  });
  return <Text wrap="wrap">{strings(lang).tooSmall(columns, rows)}</Text>;
}
