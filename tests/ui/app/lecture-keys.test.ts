import { describe, expect, it } from 'vitest';
import { LECTURE_START, lectureKey, type LectureState } from '../../../src/ui/app/keys/lecture-keys.js';

const press = (input: string, extra: { return?: boolean; escape?: boolean } = {}) => ({ input, return: false, escape: false, ...extra });
const ENTER = press('', { return: true });

/** Feeds keys from the start; returns the last action and state. */
function feed(keys: ReturnType<typeof press>[], step: number, count = 9) {
  let state: LectureState = LECTURE_START;
  let action;
  for (const key of keys) ({ state, action } = lectureKey(state, key, step, count));
  return { state, action };
}

describe('lecture keys', () => {
  it('Enter and ] go to the next lab, [ to the previous one; not past either end', () => {
    expect(feed([ENTER], 2).action).toEqual({ kind: 'go', step: 3 });
    expect(feed([press(']')], 2).action).toEqual({ kind: 'go', step: 3 });
    expect(feed([press('[')], 2).action).toEqual({ kind: 'go', step: 1 });
    expect(feed([press('[')], 0).action).toEqual({ kind: 'held' });
    expect(feed([ENTER], 8).action).toEqual({ kind: 'held' });
  });

  it('a number and Enter jump to that step (1-based); one not in the lecture says so', () => {
    expect(feed([press('7'), ENTER], 0).action).toEqual({ kind: 'go', step: 6 });
    expect(feed([press('1'), press('2'), ENTER], 0, 12).action).toEqual({ kind: 'go', step: 11 });
    expect(feed([press('1'), press('2'), ENTER], 0, 9).action).toEqual({ kind: 'no-such-step', typed: '12' });
    expect(feed([press('3')], 0).state.typed).toBe('3');
  });

  it('q asks once: the second q ends the lecture, any other key stays', () => {
    const once = feed([press('q')], 4);
    expect(once.action).toEqual({ kind: 'held' });
    expect(once.state.confirmingEnd).toBe(true);
    expect(feed([press('q'), press('q')], 4).action).toEqual({ kind: 'end' });
    expect(feed([press('', { escape: true }), press('q')], 4).action).toEqual({ kind: 'end' });
    const stayed = feed([press('q'), press('j')], 4);
    expect(stayed.action).toEqual({ kind: 'pass' });
    expect(stayed.state.confirmingEnd).toBe(false);
    expect(feed([press('q'), press('j'), press('q')], 4).action).toEqual({ kind: 'held' });
  });

  it('other keys pass to the lab screen and drop a half-typed jump', () => {
    const r = feed([press('3'), press('j')], 0);
    expect(r.action).toEqual({ kind: 'pass' });
    expect(r.state.typed).toBe('');
  });
});
