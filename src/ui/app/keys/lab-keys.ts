// The lab screen's keys as a pure function: a key and the little of the screen
// that decides what it means in, an action out. LabScreen carries actions out;
// the help overlay (strings.ts helpKeys) lists the keys, tests/ui/app/lab-keys.test.ts
// checks each one.
import type { Key } from 'ink';
import { lectureKey, type LectureState } from './lecture-keys.js';
import type { EditorAction } from './param-editor.js';

export type LabMode = 'view' | 'params' | 'help' | 'search';

export type ScrollMove = number | 'top' | 'bottom';

/** The scroll keys, as less and vim have them, in any view that scrolls (the output, the help). */
export function scrollKey(input: string, key: Key, pageLines: number): ScrollMove | undefined {
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.pageUp || input === 'b') return -pageLines;
  if (key.pageDown || input === 'f') return pageLines;
  if (input === 'g') return 'top';
  if (input === 'G') return 'bottom';
  return undefined;
}

export interface LabKeyScreen {
  mode: LabMode;
  running: boolean;
  /** The lab has parameters (p opens the panel only then). */
  hasParams: boolean;
  /** A value is being typed in the parameter panel: Esc drops it, Enter sets it, most keys type. */
  drafting: boolean;
  /** Lines a page key moves. */
  pageLines: number;
  /** A search was made (/): n and N go to its next and previous match. */
  searching?: boolean;
  /** The lab's own keys (Lab.keys): lab 9's + - > <. */
  labKeys?: readonly string[];
  /** A map is on screen: t and d change what it shows. */
  field?: boolean;
  /** `nnlab play`: in view mode the lecture sees each key first. */
  lecture?: { state: LectureState; step: number; count: number };
}

export type LabAction =
  | { kind: 'help' }
  | { kind: 'params' }
  /** Close the help or the parameter panel. */
  | { kind: 'view' }
  /** Leave the lab: the menu, or the end of `nnlab run`. */
  | { kind: 'back' }
  | { kind: 'scroll'; move: ScrollMove }
  /** Scroll the help. */
  | { kind: 'help-scroll'; move: ScrollMove }
  | { kind: 'pause' }
  | { kind: 'step' }
  | { kind: 'rerun' }
  /** The y axis of every line chart: linear or log scale. */
  | { kind: 'log-scale' }
  /** Unpin the chart or map above the text (it goes back into the text), or pin it again. */
  | { kind: 'pin' }
  /** Write the run's charts, matrices and maps as SVG files. */
  | { kind: 'save-plots' }
  /** One of the lab's own keys: it changes the parameters. */
  | { kind: 'lab-key'; key: string }
  /** R: the run again on new data (the next seed). */
  | { kind: 'new-data' }
  /** t: the map's test points shown or not; d: its output as it is or as two classes. */
  | { kind: 'field-view'; toggle: 'hideTest' | 'discrete' }
  /** Compare runs: the chart in view overlays the same chart of the lab's last runs (compare-runs.ts). */
  | { kind: 'compare' }
  /** / : type a text to find; then the typing (a character, or backspace), Enter to find it, Esc to stop. */
  | { kind: 'search' }
  | { kind: 'search-type'; text: string }
  | { kind: 'search-backspace' }
  | { kind: 'search-find' }
  | { kind: 'search-cancel' }
  /** n / N after a search: the next or previous line with the text. */
  | { kind: 'search-next'; direction: 1 | -1 }
  /** } and {: the next or previous section. */
  | { kind: 'section'; direction: 1 | -1 }
  /** A key of the parameter panel. */
  | { kind: 'edit'; edit: EditorAction }
  /** Enter in the panel: apply the values (live, or by a rerun). */
  | { kind: 'apply' }
  | { kind: 'go'; step: number }
  | { kind: 'end-lecture' }
  /** A step typed that the lecture has not: it has `count`. */
  | { kind: 'no-such-step'; typed: string; count: number };

export interface LabKeyOutcome {
  action?: LabAction;
  /** The lecture's state after the key, when the lecture saw it. */
  lecture?: LectureState;
}

export function labKey(input: string, key: Key, screen: LabKeyScreen): LabKeyOutcome {
  if (screen.mode === 'params') return { action: paramsKey(input, key, screen.drafting) };
  if (screen.mode === 'search') return { action: searchKey(input, key) };
  if (screen.mode === 'help') {
    if (input === '?' || input === 'q' || key.escape) return { action: { kind: 'view' } };
    const move = scrollKey(input, key, screen.pageLines);
    return { action: move === undefined ? undefined : { kind: 'help-scroll', move } };
  }
  if (!screen.lecture) return { action: viewKey(input, key, screen) };
  const { state, step, count } = screen.lecture;
  const { state: lecture, action } = lectureKey(state, { input, return: key.return, escape: key.escape }, step, count);
  if (action.kind === 'pass') return { lecture, action: viewKey(input, key, screen) };
  if (action.kind === 'held') return { lecture };
  if (action.kind === 'no-such-step') return { lecture, action: { ...action, count } };
  return { lecture, action: action.kind === 'end' ? { kind: 'end-lecture' } : action };
}

function searchKey(input: string, key: Key): LabAction | undefined {
  if (key.escape || key.meta) return { kind: 'search-cancel' };
  if (key.return) return { kind: 'search-find' };
  if (key.backspace || key.delete) return { kind: 'search-backspace' };
  if (input && !key.ctrl && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow) return { kind: 'search-type', text: input };
  return undefined;
}

function viewKey(input: string, key: Key, screen: LabKeyScreen): LabAction | undefined {
  if (input === '?') return { kind: 'help' };
  if (input === '/') return { kind: 'search' };
  // After a search n and N go through its matches (→ still steps a running lab).
  if (screen.searching && (input === 'n' || input === 'N')) return { kind: 'search-next', direction: input === 'n' ? 1 : -1 };
  if (input === '}' || input === '{') return { kind: 'section', direction: input === '}' ? 1 : -1 };
  if (input === 'p' && screen.hasParams) return { kind: 'params' };
  if (input === 'q' || key.escape) return { kind: 'back' };
  const move = scrollKey(input, key, screen.pageLines);
  if (move !== undefined) return { kind: 'scroll', move };
  if (input === ' ' && screen.running) return { kind: 'pause' };
  if ((input === 'n' || key.rightArrow) && screen.running) return { kind: 'step' };
  if (input === 'r') return { kind: 'rerun' };
  if (input === 'l') return { kind: 'log-scale' };
  if (input === 'h') return { kind: 'pin' };
  if (input === 's') return { kind: 'save-plots' };
  if (input === 'R') return { kind: 'new-data' };
  if (screen.labKeys?.includes(input)) return { kind: 'lab-key', key: input };
  if (screen.field && (input === 't' || input === 'd')) return { kind: 'field-view', toggle: input === 't' ? 'hideTest' : 'discrete' };
  if (input === 'c' && !key.ctrl) return { kind: 'compare' };
  return undefined;
}

function paramsKey(input: string, key: Key, drafting: boolean): LabAction | undefined {
  const edit = (edit: EditorAction): LabAction => ({ kind: 'edit', edit });
  // Esc followed quickly by a key arrives as one Alt-key (meta): it still means Esc here.
  if (key.escape || key.meta) return drafting ? edit({ type: 'cancel' }) : { kind: 'view' };
  if (key.upArrow) return edit({ type: 'up' });
  if (key.downArrow) return edit({ type: 'down' });
  if (key.backspace || key.delete) return edit({ type: 'backspace' });
  if (key.return) return drafting ? edit({ type: 'commit' }) : { kind: 'apply' };
  if (!drafting && (key.leftArrow || input === '-' || input === '−')) return edit({ type: 'step', direction: -1 });
  if (!drafting && (key.rightArrow || input === '+' || input === '=')) return edit({ type: 'step', direction: 1 });
  if (input === 'p' && !drafting) return { kind: 'view' };
  if (input && !key.ctrl && !key.meta) return edit({ type: 'type', text: input });
  return undefined;
}
