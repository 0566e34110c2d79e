import { Box, Text } from 'ink';
import { padEnd } from '../format.js';
import { useSettings } from './settings.js';
import { strings } from './strings.js';

/** Every key of the lab screen (? to open and close). */
export function HelpOverlay({ height }: { height: number }) {
  const { lang } = useSettings();
  const text = strings(lang);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{text.helpTitle}</Text>
      {text.helpKeys.map(([keys, what]) => (
        <Text key={keys} wrap="truncate-end">{`  ${padEnd(keys, 16)} ${what}`}</Text>
      ))}
    </Box>
  );
}
