// What the lab screen keeps above its scrolling text: a lab's map with its loss
// chart (running or done), else the compared runs' chart, else the live chart
// while the lab runs (and after, for a lab watched step by step). h unpins it
// (it goes back into the text); t and d change only what the map shows.
import { useCallback, useMemo, useState } from 'react';
import type { Lab } from '../../../labs/kit/lab.js';
import { renderChartWithin } from '../../render/chart.js';
import { renderFieldPanel } from '../../render/field-panel.js';
import { fieldAsShown, type FieldView } from '../../render/field.js';
import type { DrawStyle } from '../../render/style.js';
import type { ChartState, LabViewState } from '../../state.js';
import { fieldPanelRows, pinnedChartHeight, pinnedRoom } from '../lab-layout.js';

export interface Pinned {
  /** The pinned block's lines (none: nothing pinned). */
  lines: string[];
  /** Charts and maps the text leaves out: they are pinned. */
  leaveOut: string[];
  /** The map on screen, if the lab draws one. */
  field?: LabViewState['fields'][string];
  fieldView: FieldView;
  /** Something could be pinned: h means something. */
  canPin: boolean;
  unpinned: boolean;
  /** h: unpin, or pin again; false where nothing can be pinned. */
  togglePin(): boolean;
  toggleFieldView(toggle: keyof FieldView): void;
  /** The map with its panel at another width (beside the parameter panel); none without a map. */
  mapAt(width: number): string[] | undefined;
}

export function usePinned(
  lab: Lab,
  { state, running, compared }: { state: LabViewState; running: boolean; compared?: ChartState },
  style: DrawStyle,
  height: number,
  lang: string,
): Pinned {
  const [unpinned, setUnpinned] = useState(false);
  const [fieldView, setFieldView] = useState<FieldView>({ hideTest: false, discrete: false });
  const field = Object.values(state.fields)[0];
  const live = running || lab.steps ? (state.markedChart ?? state.liveChart) : undefined;
  const pinnedId = unpinned ? undefined : field ? state.liveChart : live;
  const canPin = Boolean(field ?? compared ?? live);
  const { epochs, charts, liveChart } = state;
  const mapAt = useCallback(
    (width: number) =>
      field && renderFieldPanel({ epochs, charts, liveChart }, fieldAsShown(field, fieldView), width, fieldPanelRows(height), { ...style, width }, lang),
    [field, fieldView, epochs, charts, liveChart, height, style, lang],
  );
  const lines = useMemo(
    () =>
      unpinned
        ? []
        : compared
          ? renderChartWithin(compared, style, pinnedChartHeight(height), pinnedRoom(height))
          : field
            ? mapAt(style.width)!
            : pinnedId && charts[pinnedId]
              ? renderChartWithin(charts[pinnedId], style, pinnedChartHeight(height), pinnedRoom(height))
              : [],
    [unpinned, compared, field, mapAt, pinnedId, charts, style, height],
  );
  // The pinned chart is not repeated in the scrolling text.
  const [fieldId, comparedId] = unpinned ? [undefined, undefined] : [field?.id, compared?.id];
  const leaveOut = useMemo(
    () => (comparedId ? [comparedId] : [...(pinnedId ? [pinnedId] : []), ...(fieldId ? [fieldId] : [])]),
    [comparedId, pinnedId, fieldId],
  );
  return {
    lines,
    leaveOut,
    ...(field ? { field } : {}),
    fieldView,
    canPin,
    unpinned,
    togglePin: () => {
      if (!canPin) return false;
      setUnpinned(!unpinned);
      return true;
    },
    toggleFieldView: (toggle) => setFieldView((view) => ({ ...view, [toggle]: !view[toggle] })),
    mapAt,
  };
}
