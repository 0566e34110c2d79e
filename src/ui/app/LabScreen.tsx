import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { pick } from '../../labs/i18n.js';
import type { Lab } from '../../labs/lab.js';
import { formatDuration } from '../format.js';
import { labLines } from './lab-lines.js';
import { Pacer } from './pacer.js';
import { useSettings } from './settings.js';
import { strings } from './strings.js';
import { useLabRun } from './use-lab-run.js';

export interface LabScreenProps {
  lab: Lab;
  params: Record<string, unknown>;
  width: number;
  /** Rows available for the scrolling content. */
  height: number;
  onBack(): void;
}

export function LabScreen({ lab, params, width, height, onBack }: LabScreenProps) {
  const settings = useSettings();
  const text = strings(settings.lang);
  const [runId, setRunId] = useState(0);
  const pacer = useMemo(() => new Pacer(settings.delayMs), [settings.delayMs]);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => pacer.subscribe(redraw), [pacer]);
  const options = { params, seed: settings.seed, backend: settings.backend, lang: settings.lang };
  const { state, running, failure } = useLabRun(lab, options, pacer, runId);

  const style = { width: width - 1, color: settings.color, ascii: settings.ascii };
  const lines = useMemo(() => labLines(state, style, Math.max(6, Math.min(14, height - 6))), [state, width, height, settings.color, settings.ascii]);
  const maxTop = Math.max(0, lines.length - height);
  // Start at the top; at the bottom (G, or scrolling there) the view follows new output.
  const [scroll, setScroll] = useState<number | 'follow'>(0);
  const top = scroll === 'follow' ? maxTop : Math.min(scroll, maxTop);
  // Ink may keep the first input handler: read the current view through a ref.
  const view = useRef({ top, maxTop });
  view.current = { top, maxTop };
  const scrollBy = (delta: number | 'top' | 'bottom') =>
    setScroll(() => {
      const { top, maxTop } = view.current;
      const next = delta === 'top' ? 0 : delta === 'bottom' ? maxTop : top + delta;
      return next >= maxTop ? 'follow' : Math.max(0, next);
    });

  useInput((input, key) => {
    if (input === 'q' || key.escape) onBack();
    else if (key.upArrow || input === 'k') scrollBy(-1);
    else if (key.downArrow || input === 'j') scrollBy(1);
    else if (key.pageUp || input === 'b') scrollBy(-(height - 1));
    else if (key.pageDown || input === 'f') scrollBy(height - 1);
    else if (input === 'g') scrollBy('top');
    else if (input === 'G') scrollBy('bottom');
    else if (input === ' ') pacer.togglePause();
    else if (input === 'n' || key.rightArrow) pacer.step();
    else if (input === 'r') {
      setScroll(0);
      setRunId((id) => id + 1);
    }
  });

  const status = failure
    ? `${text.failed}: ${failure}`
    : running
      ? pacer.isPaused
        ? text.paused
        : text.running
      : state.end
        ? `${state.end.status === 'ok' ? text.done : state.end.status === 'error' ? text.failed : text.interrupted} · ${formatDuration(state.end.elapsedMs)}`
        : text.done;
  const progress = Object.values(state.progress).at(-1);
  const visible = lines.slice(top, top + height);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {`${lab.number}. ${pick(lab.title, settings.lang)} — ${status}${progress ? ` · ${progress.label} ${progress.done}/${progress.total}` : ''}`}
      </Text>
      <Box flexDirection="column" height={height}>
        {visible.map((line, i) => (
          <Text key={top + i} wrap="truncate-end">
            {line || ' '}
          </Text>
        ))}
      </Box>
      <Text dimColor={settings.color} wrap="truncate-end">
        {`${text.labKeys}${lines.length > height ? ` · ${top + 1}–${Math.min(lines.length, top + height)}/${lines.length}` : ''}`}
      </Text>
    </Box>
  );
}
