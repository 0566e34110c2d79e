// The lab screen's status word in its heading: starting, running, paused, or how the run ended.
import type { StartupPhase } from '../../labs/kit/run.js';
import { formatDuration } from '../format.js';
import type { LabViewState } from '../state.js';
import type { Strings } from './strings.js';

export interface StatusOf {
  failure?: string;
  running: boolean;
  phase?: StartupPhase;
  paused: boolean;
  state: Pick<LabViewState, 'start' | 'end'>;
}

export function labStatus(text: Strings, { failure, running, phase, paused, state }: StatusOf): string {
  if (failure) return `${text.failed}: ${failure}`;
  if (running) return !state.start && phase ? text.phase[phase] : paused ? text.paused : text.running;
  if (!state.end) return text.done;
  return `${state.end.status === 'ok' ? text.done : state.end.status === 'error' ? text.failed : text.interrupted} · ${formatDuration(state.end.elapsedMs)}`;
}
