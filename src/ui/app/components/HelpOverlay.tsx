import { Box, Text } from 'ink';
import { helpLines } from '../help-lines.js';
import { useSettings } from '../hooks/use-settings.js';
import { strings } from '../strings.js';

export interface HelpOverlayProps {
  /** The keys to list (the lab screen's, or the menu's). */
  keys: readonly (readonly [string, string])[];
  width: number;
  height: number;
  /** The first line shown (the help scrolls where it is taller than the window). */
  top: number;
}

/** A list of keys (? opens and closes it), wrapped to the width; where it does not fit, it scrolls and says so. */
export function HelpOverlay({ keys, width, height, top }: HelpOverlayProps) {
  const { lang } = useSettings();
  const text = strings(lang);
  const { lines } = helpLines(keys, width, height - 1, text.helpMore, top);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{text.helpTitle}</Text>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
