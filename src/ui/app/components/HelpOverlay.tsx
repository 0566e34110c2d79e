import { Box, Text } from 'ink';
import { helpLines } from '../help-lines.js';
import { useSettings } from '../hooks/use-settings.js';
import { strings } from '../strings.js';

/** Every key of the lab screen (? to open and close), wrapped to the width; what does not fit says so. */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const { lang } = useSettings();
  const text = strings(lang);
  const lines = helpLines(text.helpKeys, width, height - 1, text.helpMore);
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
