import { describe, expect, it } from 'vitest';
import { descentLab } from '../../../src/labs/course/descent/lab.js';
import { sigmoidLab } from '../../../src/labs/course/sigmoid/lab.js';
import { checkForRun, editorReducer, initialEditor, stepValue, type EditorAction, type EditorState } from '../../../src/ui/app/keys/param-editor.js';

const run = (lab: typeof descentLab, actions: EditorAction[], start: EditorState = initialEditor(lab, {})) =>
  actions.reduce((state, action) => editorReducer(lab, state, action), start);

describe('the parameter editor', () => {
  it('starts from the given values over the defaults', () => {
    expect(initialEditor(descentLab, { lr: 0.5 }).values).toMatchObject({ lr: 0.5, steps: 20, w0: -3 });
  });

  it('steps numbers: doubling rates, ±1 for integers and wide ranges, within the range; cycles choices; toggles flags', () => {
    const [lr, steps, w0, , compare] = descentLab.params;
    expect(stepValue(lr, 0.1, 1)).toBe(0.2);
    expect(stepValue(lr, 8, 1)).toBe(10); // clamped to the maximum
    expect(stepValue(steps, 1, -1)).toBe(1);
    expect(stepValue(w0, -3, 1)).toBe(-2);
    expect(stepValue(compare, false, 1)).toBe(true);
    const fn = sigmoidLab.params.find((p) => p.name === 'fn')!;
    expect(stepValue(fn, 'all', 1)).toBe('sigmoid');
    expect(stepValue(fn, 'all', -1)).toBe('maxout');
  });

  it('takes a typed value through the same checks as the command line', () => {
    const typed = run(descentLab, [{ type: 'type', text: '0' }, { type: 'type', text: '.5' }, { type: 'commit' }]);
    expect(typed.values.lr).toBe(0.5);
    const bad = run(descentLab, [{ type: 'type', text: '11' }, { type: 'commit' }]);
    expect(bad.values.lr).toBe(0.1);
    expect(bad.error).toBe('--lr must be a number from 1e-6 to 10 (got "11")');
    expect(run(descentLab, [{ type: 'type', text: 'x' }, { type: 'backspace' }, { type: 'cancel' }]).draft).toBeUndefined();
  });

  it('moves the selection with wrap-around and refuses combinations the lab rejects', () => {
    expect(run(descentLab, [{ type: 'up' }]).selected).toBe(descentLab.params.length - 1);
    const xmin = sigmoidLab.params.findIndex((p) => p.name === 'xmin');
    let state = initialEditor(sigmoidLab, {});
    state = { ...state, selected: xmin };
    state = run(sigmoidLab, [{ type: 'type', text: '9' }, { type: 'commit' }], state);
    expect(checkForRun(sigmoidLab, state)).toEqual({ error: '--xmin must be less than --xmax (got 9 and 6)' });
  });
});
