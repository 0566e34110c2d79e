import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { pick } from '../../labs/i18n.js';
import type { Lab } from '../../labs/lab.js';
import { padEnd } from '../format.js';
import { useSettings } from './settings.js';
import { useKeys } from './use-keys.js';
import { strings } from './strings.js';

export interface MenuProps {
  labs: readonly Lab[];
  onOpen(lab: Lab): void;
  onQuit(): void;
  /** Rows it may use: where two lines per lab do not fit, one line each and the selected lab's summary below. */
  height?: number;
}

export function Menu({ labs, onOpen, onQuit, height = Infinity }: MenuProps) {
  const { lang, color, ascii } = useSettings();
  const [selected, setSelected] = useState(0);
  // Keys in one chunk ("jj\r") act before a render: Enter must see the moves before it.
  const current = useRef(0);
  const select = (index: number) => setSelected((current.current = index));
  useKeys((input, key) => {
    if (key.upArrow || input === 'k') select((current.current + labs.length - 1) % labs.length);
    else if (key.downArrow || input === 'j') select((current.current + 1) % labs.length);
    else if (key.return) onOpen(labs[current.current]);
    else if (input === 'q' || key.escape) onQuit();
    else {
      const lab = labs.find((l) => String(l.number) === input);
      if (lab) onOpen(lab);
    }
  });
  const idWidth = Math.max(...labs.map((lab) => lab.id.length));
  // Margin, title, the labs, a blank line and the keys.
  const compact = 2 * labs.length + 4 > height;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{strings(lang).menuTitle}</Text>
      {labs.map((lab, i) => {
        const active = i === selected;
        const marker = active ? (ascii ? '>' : '›') : ' ';
        return (
          <Box key={lab.id} flexDirection="column">
            <Text inverse={active && color} bold={active} wrap="truncate-end">
              {`${marker} ${lab.number}  ${padEnd(lab.id, idWidth)}  ${pick(lab.title, lang)}`}
            </Text>
            {!compact && (
              <Text dimColor={color} wrap="truncate-end">
                {`      ${pick(lab.summary, lang)}`}
              </Text>
            )}
          </Box>
        );
      })}
      {compact && (
        <Text dimColor={color} wrap="truncate-end">
          {`\n${pick(labs[selected].summary, lang)}`}
        </Text>
      )}
      <Text dimColor={color} wrap="truncate-end">
        {`\n${strings(lang).menuKeys}`}
      </Text>
    </Box>
  );
}
