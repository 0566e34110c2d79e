import { Box, Text } from 'ink';
import { useRef } from 'react';
import { pick } from '../../../labs/kit/i18n.js';
import type { Lab } from '../../../labs/kit/lab.js';
import { padEnd } from '../../format.js';
import { useLook, useSettings } from '../hooks/use-settings.js';
import { useImmediateState } from '../hooks/use-immediate-state.js';
import { useKeys, type KeyOutcome } from '../hooks/use-keys.js';
import { firstShown } from '../list-window.js';
import { strings } from '../strings.js';
import { useHelpScroll } from '../hooks/use-help-scroll.js';
import { scrollKey } from '../keys/lab-keys.js';
import { HelpOverlay } from './HelpOverlay.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';

export interface MenuProps {
  labs: readonly Lab[];
  onOpen(lab: Lab): void;
  onQuit(): void;
  /** The lab under the cursor at first: the one the user last came back from. */
  initial?: number;
  /**
   * Rows it may use: where two lines per lab do not fit, one line each and the
   * selected lab's summary below; where even that does not fit, the list scrolls.
   */
  height?: number;
}

export function Menu({ labs, onOpen, onQuit, initial = 0, height = Infinity }: MenuProps) {
  const { lang, ascii } = useSettings();
  const { columns } = useTerminalSize();
  const look = useLook();
  // Keys in one chunk ("jj\r") act before a render: Enter must see the moves before it,
  // and once a lab opens, the rest of the chunk is the lab's ("2q": open, then back).
  const [selected, select, current] = useImmediateState(initial);
  const opened = useRef(false);
  // ? shows the menu's keys in place of the list (scrolling where the window is short).
  const [help, setHelp, helpNow] = useImmediateState(false);
  const helpRows = Number.isFinite(height) ? Math.max(2, height - 1) : 30;
  const helpScroll = useHelpScroll(strings(lang).menuHelpKeys, columns - 1, helpRows, strings(lang).helpMore);
  const open = (index: number): KeyOutcome => {
    select(index);
    opened.current = true;
    onOpen(labs[index]);
    return 'next-screen';
  };
  useKeys(
    (input, key) => {
      if (opened.current) return;
      if (helpNow.current) {
        if (input === '?' || input === 'q' || key.escape) return void setHelp(false);
        const move = scrollKey(input, key, helpRows - 2);
        if (move !== undefined) helpScroll.scroll(move);
        return;
      }
      if (input === '?') {
        helpScroll.reset();
        return void setHelp(true);
      }
      if (key.upArrow || input === 'k') select((current.current + labs.length - 1) % labs.length);
      else if (key.downArrow || input === 'j') select((current.current + 1) % labs.length);
      else if (key.return) return open(current.current);
      else if (input === 'q' || key.escape) {
        // Keys typed after it in the same chunk (a shell command typed ahead) are nobody's: Enter must not open a lab.
        onQuit();
        return 'next-screen';
      } else {
        const index = labs.findIndex((l) => String(l.number) === input);
        if (index >= 0) return open(index);
      }
    },
    true,
    (direction) => select(Math.max(0, Math.min(labs.length - 1, current.current + direction))),
  );
  if (help) {
    return (
      <Box flexDirection="column" marginTop={1}>
        <HelpOverlay keys={strings(lang).menuHelpKeys} width={columns - 1} height={helpRows} top={helpScroll.top} />
      </Box>
    );
  }
  const idWidth = Math.max(...labs.map((lab) => lab.id.length));
  // Margin, title, the labs, a blank line and the keys; compact: also a blank line and the summary.
  const compact = 2 * labs.length + 4 > height;
  const rows = compact ? Math.max(1, height - 6) : labs.length;
  const first = firstShown(selected, labs.length, rows);
  const more = (count: number, arrow: string) => (count > 0 ? ` (${arrow} ${count})` : '');
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold wrap="truncate-end">
        {strings(lang).menuTitle + more(first, ascii ? '^' : '↑') + more(labs.length - first - rows, ascii ? 'v' : '↓')}
      </Text>
      {labs.slice(first, first + rows).map((lab, shown) => {
        const active = first + shown === selected;
        const marker = active ? (ascii ? '>' : '›') : ' ';
        return (
          <Box key={lab.id} flexDirection="column">
            <Text {...(active ? look('selection') : {})} wrap="truncate-end">
              {`${marker} ${lab.number}  ${padEnd(lab.id, idWidth)}  ${pick(lab.title, lang)}`}
            </Text>
            {!compact && (
              <Text {...look('muted')} wrap="truncate-end">
                {`      ${pick(lab.summary, lang)}`}
              </Text>
            )}
          </Box>
        );
      })}
      {compact && (
        <Text {...look('muted')} wrap="truncate-end">
          {`\n${pick(labs[selected].summary, lang)}`}
        </Text>
      )}
      <Text {...look('muted')} wrap="truncate-end">
        {`\n${strings(lang).menuKeys}`}
      </Text>
    </Box>
  );
}
