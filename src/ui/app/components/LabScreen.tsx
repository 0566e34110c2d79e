import { Box, Text } from 'ink';
import { useEffect, useEffectEvent, useMemo, useReducer, useState } from 'react';
import { pick } from '../../../labs/kit/i18n.js';
import type { LabEvent, ParamValues } from '../../../labs/kit/events.js';
import { DEFAULT_SEED } from '../../../labs/kit/run.js';
import type { Lab } from '../../../labs/kit/lab.js';
import type { Outcome } from '../../../labs/kit/outcome.js';
import { displayWidth } from '../../format.js';
import { labStatus } from '../lab-status.js';
import { progressBar, progressClock, progressHeading } from '../../render/progress.js';
import { HelpOverlay } from './HelpOverlay.js';
import { useHelpScroll } from '../hooks/use-help-scroll.js';
import { sectionJump } from '../search.js';
import { useSearch } from '../hooks/use-search.js';
import { DEFAULT_PLOTS_FOLDER, savePlots, savedPlotsWords } from '../../plots/write-plots.js';
import { LiveParams } from '../../../labs/kit/live.js';
import { resolveParams } from '../../../labs/kit/params.js';
import { usePinned } from '../hooks/use-pinned.js';
import { checkForRun, describeChanges, editorReducer, initialEditor, planApply, type EditorAction, type EditorState } from '../keys/param-editor.js';
import { useImmediateState } from '../hooks/use-immediate-state.js';
import { ParamPanel } from './ParamPanel.js';
import { labSections } from '../lab-lines.js';
import { Pacer } from '../pacer.js';
import { useLook, useSettings } from '../hooks/use-settings.js';
import { runOptionsOf } from '../../session/settings.js';
import { useKeys } from '../hooks/use-keys.js';
import { lectureKeys, strings } from '../strings.js';
import { FRAME_MS, useLabRun } from '../hooks/use-lab-run.js';
import { useScroll } from '../hooks/use-scroll.js';
import { fitFooter, labFooterKeys } from '../footer.js';
import { LECTURE_START } from '../keys/lecture-keys.js';
import { labKey, type LabAction, type LabMode } from '../keys/lab-keys.js';
import { textChartRows } from '../lab-layout.js';
import { THEMES } from '../../render/theme.js';
import type { RunHistory } from '../compare-runs.js';
import { useCompare } from '../hooks/use-compare.js';

export interface LabScreenProps {
  lab: Lab;
  params: Record<string, unknown>;
  /** A seed for this run (a lecture step's); else the command line's. */
  seed?: number;
  width: number;
  /** Rows available below the header and above the footer. */
  height: number;
  sink?: (event: LabEvent) => void;
  /** A message shown instead of the lab (a terminal too small), while the lab goes on. */
  tooSmall?: string;
  /** A lecture (`nnlab play`): where this lab is in it, and how to go to another step. */
  lecture?: { step: number; count: number; title?: string; go(step: number): void };
  onBack(): void;
  /** How the run ended. */
  onEnd?(outcome: Outcome): void;
  /** Why a run of this lab could not start (for the scrollback: the screen goes, the reason stays). */
  onFailure?(lab: Lab, message: string, lang: string): void;
  /** Parameters of the run under way changed live, in words ("--lr 0.1 → 0.8"): for the scrollback's recap. */
  onLive?(changes: string): void;
  /** The session's finished runs, for compare (c); else the screen keeps its own. */
  history?: RunHistory;
}

/** Columns of the parameter panel beside a map: at least this many, and what the map and its side panel (80) leave, up to 90. */
const PANEL_BESIDE = 58;
const MAP_BESIDE = 80;
const panelBeside = (width: number) => Math.min(90, width - MAP_BESIDE);

export function LabScreen({ lab, params, seed, width, height, sink, tooSmall, lecture, onBack, onEnd, onFailure, onLive, history }: LabScreenProps) {
  const settings = useSettings();
  const look = useLook();
  const text = strings(settings.lang);
  // What one run owns: its pacer and its channel for live parameter changes; a rerun gets fresh ones.
  const newRun = (id: number) => ({ id, pacer: new Pacer(settings.delayMs ?? lab.stepDelayMs ?? 0), live: new LiveParams() });
  const [{ id: runId, pacer, live }, setRun] = useState(() => newRun(0));
  // Read through modeNow and editorNow by the key handler: keys in one chunk ("p?", "3\r") see each other.
  const [mode, setMode, modeNow] = useImmediateState<LabMode>('view');
  const [logY, setLogY] = useState(false);
  const [editor, setEditor, editorNow] = useImmediateState<EditorState>(() => initialEditor(lab, params));
  const [runParams, setRunParams] = useState<Record<string, unknown>>(params);
  /** Why the edited values cannot run (a check across parameters, e.g. xmin < xmax). */
  const [runError, setRunError] = useState<string | undefined>();
  const edit = (action: EditorAction) => {
    setRunError(undefined);
    setEditor(editorReducer(lab, editorNow.current, action));
  };
  /** What the last Enter in the panel did (applied live, or restarted): shown in the footer until the next key. */
  const [notice, setNotice] = useState<string | undefined>();
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => pacer.subscribe(redraw), [pacer]);
  // R: new data, as Playground's regenerate: the next seed, the same parameters.
  const [seedShift, setSeedShift] = useState(0);
  const options = {
    ...runOptionsOf(settings, { params: runParams, seed: seedShift === 0 ? seed : (seed ?? settings.seed ?? DEFAULT_SEED) + seedShift }),
    live,
    frameMs: FRAME_MS,
    outputs: settings.outputs,
    // The start event says which step of the lecture this is (--out files of a whole lecture).
    ...(lecture ? { lecture: { step: lecture.step + 1, count: lecture.count, ...(lecture.title ? { title: lecture.title } : {}) } } : {}),
  };
  const { state, running, failure, outcome, phase, stop } = useLabRun(lab, options, pacer, runId, sink, settings.ascii, (message) =>
    onFailure?.(lab, message, settings.lang),
  );
  // Told once per end: App passes a new onEnd on each of its renders.
  const reportEnd = useEffectEvent((outcome: Outcome) => onEnd?.(outcome));
  useEffect(() => {
    if (outcome) reportEnd(outcome);
  }, [outcome]);
  const compare = useCompare(lab, history, { state, running, params: runParams, outcome }, text.compareTitle);
  // What was said about the run (a live change, a restart) goes when it ends, or at the next key: the keys show again.
  const [runNotice, setRunNotice] = useState<string | undefined>();
  useEffect(() => {
    if (!running) setRunNotice(undefined);
  }, [running]);
  const compared = compare.chart;

  // The app runs only where the terminal draws Unicode (not TERM=dumb): braille charts unless --ascii.
  const style = useMemo(
    () => ({ width: width - 1, color: settings.color, ascii: settings.ascii, theme: THEMES[settings.theme], braille: !settings.ascii, logY }),
    [width, settings.color, settings.ascii, settings.theme, logY],
  );
  const pin = usePinned(lab, { state, running, compared }, style, height, settings.lang);
  const { field } = pin;
  const pinned = pin.lines;
  const scrollHeight = Math.max(3, height - 1 - (pinned.length > 0 ? pinned.length + 1 : 0));
  const { leaveOut } = pin;
  // A chart in the text fits the rows below the pinned one (title, axis and legend included),
  // so following the newest output never shows one cut in half.
  const chartRows = textChartRows(height, scrollHeight);
  const { lines, starts, sections } = useMemo(() => labSections(state, style, chartRows, leaveOut, failure), [state, style, chartRows, leaveOut, failure]);
  // A lab that finished at once opens at its top; one the user watched stays at its end.
  const watched = (state.end?.elapsedMs ?? 0) > 1500;
  const { top, move, reset } = useScroll(lines.length, scrollHeight, running || watched, starts);
  const search = useSearch(lines);
  // The help: every screen's keys, then the lab's own and the map's.
  const helpKeys = useMemo(
    () => [...text.helpKeys, ...(lab.keys ?? []).map((k): [string, string] => [k.key, pick(k.help, settings.lang)]), ...(field ? text.fieldKeys : [])],
    [text, lab.keys, field, settings.lang],
  );
  const helpScroll = useHelpScroll(helpKeys, width - 1, height, text.helpMore);

  const rerun = () => {
    reset();
    setRun((run) => newRun(run.id + 1));
  };
  /** Enter in the parameter panel: the values go live into this run, or the lab runs again with them. */
  const apply = () => {
    const checked = checkForRun(lab, editorNow.current);
    if ('error' in checked) return setRunError(checked.error);
    setMode('view');
    applyValues(checked.values);
  };
  /** New parameter values (the panel's, or a lab key's): live into this run where they all may be, else a rerun. */
  const applyValues = (values: ParamValues) => {
    const plan = planApply(lab, resolveParams(lab.params, runParams), values, running);
    setRunParams(values);
    if (plan.kind === 'live') {
      plan.changed.forEach(([name, , value]) => live.push(name, value));
      onLive?.(describeChanges(plan.changed));
      return setRunNotice(text.liveApplied(describeChanges(plan.changed)));
    }
    setRunNotice(plan.changed.length > 0 ? (running ? text.restarted : text.rerunWith)(describeChanges(plan.changed)) : undefined);
    rerun();
  };
  const act = (action: LabAction) => {
    switch (action.kind) {
      case 'help':
        helpScroll.reset();
        return setMode('help');
      case 'view':
        return setMode('view');
      case 'help-scroll':
        return helpScroll.scroll(action.move);
      case 'params':
        setRunError(undefined);
        return setMode('params');
      case 'back':
      case 'end-lecture':
        // The lab stops at once: its next steps would hold the event loop, and the next screen's keys with it.
        stop();
        return onBack();
      case 'scroll':
        return move(action.move);
      case 'pause':
        return pacer.togglePause();
      case 'step':
        return pacer.step();
      case 'rerun':
        return rerun();
      case 'compare':
        return setNotice({ on: text.compareOn, off: text.compareOff, waiting: text.compareWaiting, 'no-chart': text.compareNoChart }[compare.toggle()]);
      case 'pin':
        if (pin.togglePin()) setNotice(pin.unpinned ? text.pinned : text.unpinned);
        return;
      case 'lab-key': {
        const key = lab.keys?.find((k) => k.key === action.key);
        const next = key?.change(resolveParams(lab.params, runParams));
        if (!key || !next) return setNotice(key?.limit ? pick(key.limit, settings.lang) : text.labKeyLimit);
        const checked = checkForRun(lab, { ...editorNow.current, values: next });
        if ('error' in checked) return setNotice(checked.error);
        // The panel shows the values the run has.
        setEditor({ ...editorNow.current, values: checked.values });
        return applyValues(checked.values);
      }
      case 'new-data':
        setSeedShift((shift) => shift + 1);
        setRunNotice(text.newData);
        return rerun();
      case 'field-view':
        return pin.toggleFieldView(action.toggle);
      case 'save-plots': {
        const folder = settings.plots ?? DEFAULT_PLOTS_FOLDER;
        setNotice(text.savingPlots(folder));
        void savePlots(state, folder).then((saved) => setNotice(savedPlotsWords(saved, settings.lang)));
        return;
      }
      case 'log-scale':
        setLogY(!logY);
        return setNotice(text.logScale(!logY));
      case 'edit':
        return edit(action.edit);
      case 'apply':
        return apply();
      case 'go':
        if (lecture && action.step !== lecture.step) stop();
        return lecture?.go(action.step);
      case 'search':
        search.begin();
        return setMode('search');
      case 'search-type':
        return search.type(action.text);
      case 'search-backspace':
        return search.backspace();
      case 'search-cancel':
        return setMode('view');
      case 'search-find': {
        setMode('view');
        const found = search.find(top);
        // An empty search ends the searching (n steps again).
        if (found.line === undefined) return setNotice(found.query ? text.noMatch(found.query) : undefined);
        return move(found.line - top);
      }
      case 'search-next': {
        const line = search.next(top, action.direction);
        return line === undefined ? setNotice(text.noMatch(search.query ?? '')) : move(line - top);
      }
      case 'section': {
        const line = sectionJump(sections.length > 0 ? sections : starts, top, action.direction);
        return line === undefined ? move(action.direction > 0 ? 'bottom' : 'top') : move(line - top);
      }
      case 'no-such-step':
        return setNotice(text.noSuchStep(action.typed, action.count));
    }
  };
  // Keys in one chunk ("12\r") act before a render, each after the one before.
  const [lectureState, setLectureState, lectureNow] = useImmediateState(LECTURE_START);
  useKeys(
    (input, key) => {
      if (modeNow.current === 'view') {
        setNotice(undefined);
        setRunNotice(undefined);
      }
      const screen = {
        mode: modeNow.current,
        running,
        hasParams: lab.params.length > 0,
        drafting: editorNow.current.draft !== undefined,
        pageLines: scrollHeight - 1,
        searching: search.query !== undefined,
        labKeys: lab.keys?.map((k) => k.key),
        field: field !== undefined,
      };
      const outcome = labKey(input, key, { ...screen, lecture: lecture && { state: lectureNow.current, step: lecture.step, count: lecture.count } });
      if (outcome.lecture) setLectureState(outcome.lecture);
      if (outcome.action) act(outcome.action);
      // Back to the menu, or to another step of a lecture: the keys typed after it are that screen's.
      if (outcome.action?.kind === 'back' || outcome.action?.kind === 'go') return 'next-screen';
    },
    true,
    (direction) => (modeNow.current === 'view' ? move(3 * direction) : modeNow.current === 'params' && edit({ type: direction < 0 ? 'up' : 'down' })),
  );

  const status = labStatus(text, { failure, running, phase, paused: pacer.isPaused, state });
  const progress = Object.values(state.progress).at(-1);
  // Elapsed, rate and ETA on the run's clock: they stand still while it is paused.
  const elapsed = useMemo(() => progressClock(pacer.runClock), [pacer]);
  const lectureParts = lecture ? lectureKeys(text, lecture.step, lecture.count, lectureState) : [];
  const visible = lines.slice(top, top + scrollHeight);
  // While it runs, as tqdm: elapsed, ETA and rate of the current progress (an epoch's batches).
  const sinceStart = progress ? elapsed(`${runId}\0${progress.id}`, progress.done, progress.total) : 0;
  const prefix = `${lab.number}. ${pick(lab.title, settings.lang)} — `;
  // The progress within the row: where it does not fit whole, the epoch, the ETA and the loss stay longest.
  const room = width - 1 - displayWidth(prefix + status) - 3;
  const suffix = progress ? ` · ${progressHeading(progress, running, sinceStart, room, displayWidth)}` : '';
  const heading = prefix + status + suffix;
  // How the run ended, in the theme's good or bad look (the rest of the heading stays plain bold).
  const ended = failure || state.end?.status === 'error' ? look('bad') : state.end?.status === 'ok' ? look('good') : {};
  const bar = progress && running ? ' ' + progressBar(progress.done, progress.total, Math.min(30, width - displayWidth(heading) - 2), settings.ascii) : '';
  if (tooSmall) {
    return <Text>{tooSmall}</Text>;
  }
  // The map beside the parameter panel where both fit.
  const panelWidth = panelBeside(width);
  const beside = mode === 'params' && panelWidth >= PANEL_BESIDE ? pin.mapAt(width - panelWidth - 3) : undefined;
  if (mode === 'help' || mode === 'params') {
    return (
      <Box flexDirection="column">
        <Text bold wrap="truncate-end">
          {heading}
        </Text>
        {mode === 'help' ? (
          <HelpOverlay keys={helpKeys} width={width - 1} height={height} top={helpScroll.top} />
        ) : beside ? (
          // Wide enough: the panel beside the map, as Playground's controls, so a change is seen as it is made.
          <Box flexDirection="row">
            <Box flexDirection="column" width={width - panelWidth - 2} flexShrink={0}>
              {beside.map((line, i) => (
                <Text key={`map-${i}`} wrap="truncate-end">
                  {line || ' '}
                </Text>
              ))}
            </Box>
            <Box width={2} flexShrink={0} />
            <Box width={panelWidth - 1} flexShrink={0}>
              <ParamPanel lab={lab} state={runError ? { ...editor, error: runError } : editor} width={panelWidth - 1} height={height} />
            </Box>
          </Box>
        ) : (
          <ParamPanel lab={lab} state={runError ? { ...editor, error: runError } : editor} width={width - 1} height={height} />
        )}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {prefix}
        <Text {...ended}>{status}</Text>
        {suffix}
        {bar.length > 3 ? bar : ''}
      </Text>
      {pinned.length > 0 && (
        <Box flexDirection="column" height={pinned.length + 1}>
          {pinned.map((line, i) => (
            <Text key={`pin-${i}`} wrap="truncate-end">
              {line || ' '}
            </Text>
          ))}
        </Box>
      )}
      <Box flexDirection="column" height={scrollHeight}>
        {visible.map((line, i) => (
          // The search's current match is marked (inverse), wherever the view could put it.
          <Text key={top + i} wrap="truncate-end" inverse={search.current?.line === top + i}>
            {line || ' '}
          </Text>
        ))}
      </Box>
      <Text {...look('muted')} wrap="truncate-end">
        {mode === 'search'
          ? `/${search.draft}_   ${text.searchKeys}`
          : (notice ??
            runNotice ??
            fitFooter(
              [
                ...(lines.length > scrollHeight ? [`${top + 1}–${Math.min(lines.length, top + scrollHeight)}/${lines.length}`] : []),
                ...(search.query !== undefined ? [text.matchAt(search.query, (search.current?.index ?? -1) + 1, search.matches.length)] : []),
                ...lectureParts.slice(0, 1),
              ],
              [
                ...lectureParts.slice(1),
                ...labFooterKeys(text.labKeys, {
                  steps: Boolean(lab.steps),
                  running,
                  paused: pacer.isPaused,
                  charts: Object.keys(state.charts).length > 0,
                  pinned: pin.canPin ? !pin.unpinned : undefined,
                  searching: search.query !== undefined,
                }),
              ],
              text.labKeysLast,
              width - 1,
            ))}
      </Text>
    </Box>
  );
}
