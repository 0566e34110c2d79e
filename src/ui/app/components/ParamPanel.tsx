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
import { wrapLines } from '../../render/text.js';

/** Lines at most for the selected parameter's help and what it accepts, below the list. */
const DETAIL_LINES = 4;

/** Every parameter the lab declares, the selected one highlighted; below, its whole help and what it accepts. */
export function ParamPanel({ lab, state, width, height }: { lab: Lab; state: EditorState; width: number; height: number }) {
  const { lang, ascii } = useSettings();
  const look = useLook();
  const text = strings(lang);
  const nameWidth = Math.max(...lab.params.map((p) => p.name.length));
  const selectedSpec = lab.params[state.selected];
  // Words before layout, as every lab's text: under --ascii η is eta (the screen's filter maps one glyph for one).
  const words = (line: string) => (ascii ? asciiText(line) : line);
  // The row's help is cut at the width; here it is whole, wrapped, with what the value may be.
  const detail = selectedSpec
    ? [...wrapLines(words(pick(selectedSpec.help, lang)), width - 2), ...wrapLines(words(allowedValues(selectedSpec, lang)), width - 2)]
        .slice(0, Math.max(1, Math.min(DETAIL_LINES, height - 5)))
        .map((line) => `  ${line}`)
    : [];
  // Keep the selected row in view when there are more parameters than rows.
  const rows = Math.max(1, height - 3 - detail.length);
  const first = firstShown(state.selected, lab.params.length, rows);
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
      {detail.map((line, i) => (
        <Text key={`detail-${i}`} {...look('muted')} wrap="truncate-end">
          {line}
        </Text>
      ))}
      <Text {...(state.error ? look('bad') : {})} wrap="truncate-end">
        {state.error ? `  ${state.errorText?.en === state.error ? pick(state.errorText, lang) : state.error}` : `  ${text.paramsKeys}`}
      </Text>
    </Box>
  );
}
