// The keys of a lecture (`nnlab play`), as a pure state machine: Enter the next
// lab, [ the previous one, a number and Enter a jump, and q asking once before
// it ends the whole lecture. The lab screen feeds it keys in view mode.

export interface LectureState {
  /** Digits typed so far: the step to jump to on Enter. */
  typed: string;
  /** q was pressed once: a second q ends the lecture. */
  confirmingEnd: boolean;
}

export type LectureAction =
  | { kind: 'go'; step: number }
  | { kind: 'end' }
  /** The step typed is not in the lecture. */
  | { kind: 'no-such-step'; typed: string }
  /** Not a lecture key: the lab screen handles it. */
  | { kind: 'pass' }
  /** Taken by the lecture (a digit, the first q): nothing more to do. */
  | { kind: 'held' };

export const LECTURE_START: LectureState = { typed: '', confirmingEnd: false };

interface KeyIn {
  input: string;
  return: boolean;
  escape: boolean;
}

/** `step` is 0-based; steps are typed and shown 1-based. */
export function lectureKey(state: LectureState, key: KeyIn, step: number, count: number): { state: LectureState; action: LectureAction } {
  const quit = key.input === 'q' || key.escape;
  if (quit) {
    return state.confirmingEnd ? { state: LECTURE_START, action: { kind: 'end' } } : { state: { typed: '', confirmingEnd: true }, action: { kind: 'held' } };
  }
  if (/^\d$/.test(key.input)) return { state: { typed: (state.typed + key.input).slice(-4), confirmingEnd: false }, action: { kind: 'held' } };
  if (key.return && state.typed) {
    const wanted = Number(state.typed);
    const action: LectureAction = wanted >= 1 && wanted <= count ? { kind: 'go', step: wanted - 1 } : { kind: 'no-such-step', typed: state.typed };
    return { state: LECTURE_START, action };
  }
  if (key.return) return { state: LECTURE_START, action: step + 1 < count ? { kind: 'go', step: step + 1 } : { kind: 'held' } };
  if (key.input === '[') return { state: LECTURE_START, action: step > 0 ? { kind: 'go', step: step - 1 } : { kind: 'held' } };
  if (key.input === ']') return { state: LECTURE_START, action: step + 1 < count ? { kind: 'go', step: step + 1 } : { kind: 'held' } };
  // Any other key: a pending jump or end question is dropped, and the lab screen acts on it.
  return { state: LECTURE_START, action: { kind: 'pass' } };
}
