// The parameter panel's state machine, without any rendering: select a
// parameter, step it (arrows, +/−), or type a value; every value passes the
// same checks as the command line (parseParam, the lab's validate).
import type { ParamValue, ParamValues } from '../../../labs/kit/events.js';
import type { Localized } from '../../../labs/kit/i18n.js';
import type { Lab } from '../../../labs/kit/lab.js';
import { checkParam, formatParam, ParamError, parseParam, resolveParams, type ParamSpec } from '../../../labs/kit/params.js';

export interface EditorState {
  values: ParamValues;
  selected: number;
  /** The text being typed for the selected parameter, if typing. */
  draft?: string;
  error?: string;
  /** The error in both languages, for the panel (shown while `error` is its English text). */
  errorText?: Localized;
}

export type EditorAction =
  | { type: 'up' }
  | { type: 'down' }
  | { type: 'step'; direction: 1 | -1 }
  | { type: 'type'; text: string }
  | { type: 'backspace' }
  | { type: 'commit' }
  | { type: 'cancel' };

export function initialEditor(lab: Lab, given: Record<string, unknown>): EditorState {
  return { values: resolveParams(lab.params, given), selected: 0 };
}

const round = (x: number) => Number(x.toPrecision(6));

/** The next value one step up or down: doubling/halving for positive-only ranges (rates), else ±1 or ±0.1. */
export function stepValue(spec: ParamSpec, value: ParamValue, direction: 1 | -1): ParamValue {
  switch (spec.type) {
    case 'int':
      return Math.min(spec.max, Math.max(spec.min, (value as number) + direction));
    case 'number': {
      const v = value as number;
      const next = spec.min > 0 ? (direction > 0 ? v * 2 : v / 2) : v + direction * (spec.max - spec.min >= 20 ? 1 : 0.1);
      return round(Math.min(spec.max, Math.max(spec.min, next)));
    }
    case 'choice': {
      const i = spec.choices.indexOf(value as string);
      return spec.choices[(i + direction + spec.choices.length) % spec.choices.length];
    }
    case 'boolean':
      return !value;
    default:
      return value; // text and lists: typed only
  }
}

export function editorReducer(lab: Lab, state: EditorState, action: EditorAction): EditorState {
  const spec = lab.params[state.selected];
  const count = lab.params.length;
  switch (action.type) {
    case 'up':
      return { ...state, selected: (state.selected + count - 1) % count, draft: undefined, error: undefined };
    case 'down':
      return { ...state, selected: (state.selected + 1) % count, draft: undefined, error: undefined };
    case 'step':
      if (!spec || state.draft !== undefined) return state;
      return {
        ...state,
        values: { ...state.values, [spec.name]: checkParam(spec, stepValue(spec, state.values[spec.name], action.direction)) },
        error: undefined,
      };
    case 'type':
      return { ...state, draft: (state.draft ?? '') + action.text, error: undefined };
    case 'backspace':
      return state.draft === undefined ? state : { ...state, draft: state.draft.slice(0, -1) };
    case 'cancel':
      return { ...state, draft: undefined, error: undefined };
    case 'commit': {
      if (!spec || state.draft === undefined) return state;
      try {
        return { ...state, values: { ...state.values, [spec.name]: parseParam(spec, state.draft) }, draft: undefined, error: undefined };
      } catch (err) {
        return { ...state, error: err instanceof ParamError ? err.message : String(err), errorText: err instanceof ParamError ? err.localized : undefined };
      }
    }
  }
}

/** The values ready for a rerun, or the reason they are not (the lab's own cross-checks). */
export function checkForRun(lab: Lab, state: EditorState): { values: ParamValues } | { error: string } {
  try {
    lab.validate?.(state.values);
    return { values: state.values };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export const shownValue = (state: EditorState, spec: ParamSpec, index: number): string =>
  index === state.selected && state.draft !== undefined ? state.draft : formatParam(state.values[spec.name]);

/**
 * What Enter in the panel does with the edited values: while the lab runs and
 * every changed parameter is live, hand the changes to the run (no restart);
 * otherwise rerun with them.
 */
export function planApply(
  lab: Lab,
  current: ParamValues,
  next: ParamValues,
  running: boolean,
): { kind: 'live' | 'rerun'; changed: [string, ParamValue, ParamValue][] } {
  const changed = lab.params
    .filter((spec) => formatParam(current[spec.name]) !== formatParam(next[spec.name]))
    .map((spec): [string, ParamValue, ParamValue] => [spec.name, current[spec.name], next[spec.name]]);
  const live = running && changed.length > 0 && changed.every(([name]) => lab.params.find((p) => p.name === name)?.live);
  return { kind: live ? 'live' : 'rerun', changed };
}

/** "--lr 0.1 → 0.3, --hidden 4 → 4,2" */
export const describeChanges = (changed: readonly [string, ParamValue, ParamValue][]): string =>
  changed.map(([name, from, to]) => `--${name} ${formatParam(from)} → ${formatParam(to)}`).join(', ');
