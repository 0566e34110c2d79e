import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { NO_KEY } from './no-key.js';
import { labKey, type LabKeyScreen } from '../../../src/ui/app/keys/lab-keys.js';
import { LECTURE_START } from '../../../src/ui/app/keys/lecture-keys.js';
import { strings } from '../../../src/ui/app/strings.js';

const SCREEN: LabKeyScreen = { mode: 'view', running: true, hasParams: true, drafting: false, pageLines: 9 };

/** A key press as Ink gives it: a character, or a named key ('upArrow', 'escape', …) with no character. */
type Press = string | { key: keyof Key; input?: string };
const pressOf = (press: Press): [string, Key] => (typeof press === 'string' ? [press, NO_KEY] : [press.input ?? '', { ...NO_KEY, [press.key]: true }]);
const named = (key: keyof Key, input?: string): Press => ({ key, input });

/** The action of one key on a screen. */
const act = (press: Press, screen: Partial<LabKeyScreen> = {}) => labKey(...pressOf(press), { ...SCREEN, ...screen }).action;
const lecture = (step: number, count = 5) => ({ state: LECTURE_START, step, count });

/** Keys pressed one after another in a lecture, its state carried over as LabScreen does; the last action. */
function inLecture(presses: Press[], step = 1, count = 5) {
  let state = LECTURE_START;
  let action;
  for (const press of presses) {
    const outcome = labKey(...pressOf(press), { ...SCREEN, lecture: { state, step, count } });
    state = outcome.lecture ?? state;
    action = outcome.action;
  }
  return action;
}

/** Each row of the help overlay (strings.ts helpKeys, by its keys column), and the tests that press its keys. */
const HELP_ROWS = [
  '↑/↓  j/k',
  'PgUp/PgDn  b/f',
  'g / G',
  'space',
  'n  →',
  'r  R',
  'l',
  'h',
  'c',
  'p',
  'Enter  [ ]',
  'N Enter',
  '/  n N',
  '{ }',
  's',
  'q  Esc  Ctrl-C',
];

describe('lab screen keys', () => {
  it('the tests below cover every row of the help overlay', () => {
    expect(strings('en').helpKeys.map(([keys]) => keys)).toEqual(HELP_ROWS);
    expect(strings('zh-TW').helpKeys).toHaveLength(HELP_ROWS.length);
  });

  it('↑/↓ and j/k scroll one line', () => {
    for (const press of [named('upArrow'), 'k']) expect(act(press)).toEqual({ kind: 'scroll', move: -1 });
    for (const press of [named('downArrow'), 'j']) expect(act(press)).toEqual({ kind: 'scroll', move: 1 });
  });

  it('PgUp/PgDn and b/f scroll one page', () => {
    for (const press of [named('pageUp'), 'b']) expect(act(press)).toEqual({ kind: 'scroll', move: -9 });
    for (const press of [named('pageDown'), 'f']) expect(act(press, { pageLines: 20 })).toEqual({ kind: 'scroll', move: 20 });
  });

  it('g and G go to the top and the bottom', () => {
    expect(act('g')).toEqual({ kind: 'scroll', move: 'top' });
    expect(act('G')).toEqual({ kind: 'scroll', move: 'bottom' });
  });

  it('space pauses or resumes, n and → take one step: while the lab runs only', () => {
    expect(act(' ')).toEqual({ kind: 'pause' });
    expect(act('n')).toEqual({ kind: 'step' });
    expect(act(named('rightArrow'))).toEqual({ kind: 'step' });
    for (const press of [' ', 'n', named('rightArrow')]) expect(act(press, { running: false })).toBeUndefined();
  });

  it('r runs the lab again, running or done', () => {
    expect(act('r')).toEqual({ kind: 'rerun' });
    expect(act('r', { running: false })).toEqual({ kind: 'rerun' });
  });

  it('l switches the y axis of line charts between linear and log scale, running or done, in a lecture too', () => {
    expect(act('l')).toEqual({ kind: 'log-scale' });
    expect(act('l', { running: false })).toEqual({ kind: 'log-scale' });
    expect(inLecture(['l'])).toEqual({ kind: 'log-scale' });
    expect(act('l', { mode: 'help' })).toBeUndefined();
    expect(act('l', { mode: 'params' })).toEqual({ kind: 'edit', edit: { type: 'type', text: 'l' } });
  });

  it('c turns compare runs on or off, running or done, in a lecture too; Ctrl-C is not c', () => {
    expect(act('c')).toEqual({ kind: 'compare' });
    expect(act('c', { running: false })).toEqual({ kind: 'compare' });
    expect(inLecture(['c'])).toEqual({ kind: 'compare' });
    expect(act('c', { mode: 'help' })).toBeUndefined();
    expect(act('c', { mode: 'params' })).toEqual({ kind: 'edit', edit: { type: 'type', text: 'c' } });
    expect(labKey('c', { ...NO_KEY, ctrl: true }, SCREEN).action).toBeUndefined();
  });

  it('? opens the help; ?, q or Esc closes it; the scroll keys scroll it; other keys do nothing there', () => {
    expect(act('?')).toEqual({ kind: 'help' });
    for (const press of ['?', 'q', named('escape')]) expect(act(press, { mode: 'help' })).toEqual({ kind: 'view' });
    expect(act('j', { mode: 'help' })).toEqual({ kind: 'help-scroll', move: 1 });
    expect(act(named('upArrow'), { mode: 'help' })).toEqual({ kind: 'help-scroll', move: -1 });
    expect(act('G', { mode: 'help' })).toEqual({ kind: 'help-scroll', move: 'bottom' });
    for (const press of ['r', ' ', named('return')]) expect(act(press, { mode: 'help' })).toBeUndefined();
  });

  it("/ starts a search; typing, backspace, Enter and Esc are the search's; after it n and N go through the matches", () => {
    expect(act('/')).toEqual({ kind: 'search' });
    expect(act('l', { mode: 'search' })).toEqual({ kind: 'search-type', text: 'l' });
    expect(act('q', { mode: 'search' })).toEqual({ kind: 'search-type', text: 'q' }); // typed, not back
    expect(act(named('backspace'), { mode: 'search' })).toEqual({ kind: 'search-backspace' });
    expect(act(named('return'), { mode: 'search' })).toEqual({ kind: 'search-find' });
    expect(act(named('escape'), { mode: 'search' })).toEqual({ kind: 'search-cancel' });
    expect(act('n', { searching: true, running: true })).toEqual({ kind: 'search-next', direction: 1 });
    expect(act('N', { searching: true })).toEqual({ kind: 'search-next', direction: -1 });
    expect(act('n', { running: true })).toEqual({ kind: 'step' }); // no search: n steps
    expect(act(named('rightArrow'), { searching: true, running: true })).toEqual({ kind: 'step' });
    expect(act('}')).toEqual({ kind: 'section', direction: 1 });
    expect(act('{')).toEqual({ kind: 'section', direction: -1 });
  });

  it('s saves the pictures', () => {
    expect(act('s')).toEqual({ kind: 'save-plots' });
  });

  it('h unpins (or pins) the chart above the text', () => {
    expect(act('h')).toEqual({ kind: 'pin' });
    expect(act('h', { mode: 'help' })).toBeUndefined();
  });

  it('q and Esc go back to the menu', () => {
    expect(act('q')).toEqual({ kind: 'back' });
    expect(act(named('escape'))).toEqual({ kind: 'back' });
  });

  it("Ctrl-C is not the lab screen's (the app quits on it), nor are other keys", () => {
    expect(act(named('ctrl', 'c'))).toBeUndefined();
    for (const press of ['x', '[', ']', '3', named('return'), named('leftArrow'), named('tab')]) expect(act(press)).toBeUndefined();
  });

  describe('the parameter panel (p)', () => {
    const inPanel = (press: Press, drafting = false) => act(press, { mode: 'params', drafting });
    const edit = (edit: object) => ({ kind: 'edit', edit });

    it('p opens it when the lab has parameters, and closes it', () => {
      expect(act('p')).toEqual({ kind: 'params' });
      expect(act('p', { hasParams: false })).toBeUndefined();
      expect(inPanel('p')).toEqual({ kind: 'view' });
    });

    it('↑/↓ choose a parameter; ←/→, −/+ (and - and =) change it', () => {
      expect(inPanel(named('upArrow'))).toEqual(edit({ type: 'up' }));
      expect(inPanel(named('downArrow'))).toEqual(edit({ type: 'down' }));
      for (const press of [named('leftArrow'), '-', '−']) expect(inPanel(press)).toEqual(edit({ type: 'step', direction: -1 }));
      for (const press of [named('rightArrow'), '+', '=']) expect(inPanel(press)).toEqual(edit({ type: 'step', direction: 1 }));
    });

    it('typing makes a value: Enter sets it, Esc drops it, Backspace deletes; -, + and p are typed too', () => {
      expect(inPanel('0')).toEqual(edit({ type: 'type', text: '0' }));
      expect(inPanel(named('return'), true)).toEqual(edit({ type: 'commit' }));
      expect(inPanel(named('escape'), true)).toEqual(edit({ type: 'cancel' }));
      expect(inPanel(named('backspace'), true)).toEqual(edit({ type: 'backspace' }));
      expect(inPanel(named('delete'), true)).toEqual(edit({ type: 'backspace' }));
      for (const text of ['-', '+', 'p', 'e']) expect(inPanel(text, true)).toEqual(edit({ type: 'type', text }));
      expect(inPanel(named('leftArrow'), true)).toBeUndefined();
    });

    it('Enter with nothing typed applies the values; Esc (or an Alt-key: Esc then a key) closes the panel', () => {
      expect(inPanel(named('return'))).toEqual({ kind: 'apply' });
      expect(inPanel(named('escape'))).toEqual({ kind: 'view' });
      expect(inPanel(named('meta', 'j'))).toEqual({ kind: 'view' });
      expect(inPanel(named('meta', 'j'), true)).toEqual(edit({ type: 'cancel' }));
      expect(inPanel(named('ctrl', 'c'))).toBeUndefined();
    });
  });

  describe('in a lecture (nnlab play)', () => {
    it('Enter and ] go to the next lab, [ to the previous one', () => {
      expect(act(named('return'), { lecture: lecture(1) })).toEqual({ kind: 'go', step: 2 });
      expect(act(']', { lecture: lecture(1) })).toEqual({ kind: 'go', step: 2 });
      expect(act('[', { lecture: lecture(1) })).toEqual({ kind: 'go', step: 0 });
      expect(act('[', { lecture: lecture(0) })).toBeUndefined();
    });

    it('N Enter goes to step N; a step the lecture has not says how many it has', () => {
      expect(inLecture(['4', named('return')])).toEqual({ kind: 'go', step: 3 });
      expect(inLecture(['1', '2', named('return')], 1, 5)).toEqual({ kind: 'no-such-step', typed: '12', count: 5 });
    });

    it('q or Esc asks first; the second ends the lecture, another key stays and acts', () => {
      expect(inLecture(['q'])).toBeUndefined();
      expect(inLecture(['q', 'q'])).toEqual({ kind: 'end-lecture' });
      expect(inLecture([named('escape'), named('escape')])).toEqual({ kind: 'end-lecture' });
      expect(inLecture(['q', 'j'])).toEqual({ kind: 'scroll', move: 1 });
    });

    it('the lab keys still work, and the lecture forgets a half-typed step', () => {
      for (const press of ['j', 'g', ' ', 'r', '?', 'p']) expect(act(press, { lecture: lecture(1) })).toEqual(act(press));
      const outcome = labKey('j', NO_KEY, { ...SCREEN, lecture: { state: { typed: '3', confirmingEnd: false }, step: 1, count: 5 } });
      expect(outcome.lecture).toEqual(LECTURE_START);
    });

    it('its keys are not taken in the help or the panel', () => {
      expect(act('q', { mode: 'help', lecture: lecture(1) })).toEqual({ kind: 'view' });
      expect(labKey('q', NO_KEY, { ...SCREEN, mode: 'help', lecture: lecture(1) }).lecture).toBeUndefined();
      expect(act(named('return'), { mode: 'params', lecture: lecture(1) })).toEqual({ kind: 'apply' });
      expect(act('3', { mode: 'params', lecture: lecture(1) })).toEqual({ kind: 'edit', edit: { type: 'type', text: '3' } });
    });
  });
});
