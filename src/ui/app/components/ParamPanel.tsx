import { Box, Text } from 'ink';
import { pick } from '../../../labs/kit/i18n.js';
import type { Lab } from '../../../labs/kit/lab.js';
import { allowedValues } from '../../../labs/kit/params.js';
import { padEnd } from '../../format.js';
import { asciiText } from '../../render/ascii.js';
import { shownValue, type EditorState } from '../keys/param-editor.js';
import { useLook, useSettings } from '../hooks/use-settings.js';
import { firstShown } from '../list-window.js';
import { strings } from '../strings.js';

/** Every parameter the lab declares, the selected one highlighted, with what it accepts. */
export function ParamPanel({ lab, state, height }: { lab: Lab; state: EditorState; height: number }) {
  const { lang, ascii } = useSettings();
  const look = useLook();
  const text = strings(lang);
  const nameWidth = Math.max(...lab.params.map((p) => p.name.length));
  // Keep the selected row in view when there are more parameters than rows.
  const rows = Math.max(1, height - 4);
  const first = firstShown(state.selected, lab.params.length, rows);
  const selectedSpec = lab.params[state.selected];
  // Words before layout, as every lab's text: under --ascii η is eta (the screen's filter maps one glyph for one).
  const words = (line: string) => (ascii ? asciiText(line) : line);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{text.paramsTitle}</Text>
      {lab.params.slice(first, first + rows).map((spec, i) => {
        const index = first + i;
        const active = index === state.selected;
        const value = shownValue(state, spec, index) + (active && state.draft !== undefined ? '_' : '');
        return (
          <Text key={spec.name} {...(active ? look('selection') : {})} wrap="truncate-end">
            {`${active ? (ascii ? '>' : '›') : ' '} ${padEnd(spec.name, nameWidth)}  ${padEnd(value, 14)}  ${spec.live ? `(${text.live}) ` : ''}${words(pick(spec.help, lang))}`}
          </Text>
        );
      })}
      {selectedSpec && (
        <Text {...look('muted')} wrap="truncate-end">
          {`  ${words(allowedValues(selectedSpec, lang))}`}
        </Text>
      )}
      <Text {...(state.error ? look('bad') : {})} wrap="truncate-end">
        {state.error ? `  ${state.errorText?.en === state.error ? pick(state.errorText, lang) : state.error}` : `  ${text.paramsKeys}`}
      </Text>
    </Box>
  );
}
