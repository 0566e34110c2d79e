// Themes: which one is chosen (flag > NNLAB_THEME > COLORFGBG > dark), and what
// each role turns into: Ink props for the app's text, escape codes for charts.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/parse.js';
import { chooseTheme, paint, sgr, textProps, themeFromColorFgBg, THEME_NAMES, THEMES, type Look, type Theme } from '../../../src/ui/render/theme.js';
import { exitCode } from '../../../src/ui/session/exit-code.js';

async function themeOf(argv: string[], env: NodeJS.ProcessEnv) {
  const action = await parseCommandLine(argv, env);
  return action.kind === 'menu' || action.kind === 'run' ? action.app.theme : action;
}

describe('choosing a theme', () => {
  it('the flag wins over NNLAB_THEME, which wins over COLORFGBG; dark without any', async () => {
    const env = { NNLAB_THEME: 'light', COLORFGBG: '0;15' };
    expect(await themeOf(['--theme', 'contrast'], env)).toBe('contrast');
    expect(await themeOf(['run', 'sigmoid', '--theme=dark'], env)).toBe('dark');
    expect(await themeOf([], env)).toBe('light');
    expect(await themeOf([], { NNLAB_THEME: 'contrast', COLORFGBG: '0;15' })).toBe('contrast');
    expect(await themeOf([], { COLORFGBG: '0;15' })).toBe('light');
    expect(await themeOf([], { COLORFGBG: '15;0' })).toBe('dark');
    expect(await themeOf([], {})).toBe('dark');
    // An empty NNLAB_THEME is unset, as an empty NO_COLOR is.
    expect(await themeOf([], { NNLAB_THEME: '', COLORFGBG: '0;7' })).toBe('light');
  });

  it('a name that is not a theme is a usage error naming where it came from', async () => {
    for (const [argv, env, from] of [
      [['--theme', 'solarized'], {}, '--theme'],
      [['run', 'sigmoid'], { NNLAB_THEME: 'Dark' }, 'NNLAB_THEME'],
    ] as const) {
      const action = await parseCommandLine([...argv], env);
      expect(action.kind).toBe('print');
      if (action.kind === 'print') expect(exitCode(action.outcome)).toBe(2);
      if (action.kind === 'print') expect(action.stderr).toMatch(new RegExp(`^nnlab: ${from} must be one of dark, light, contrast \\(got "`));
    }
  });

  it('COLORFGBG: its last field is the background; 7 and 9–15 are light, the rest dark', () => {
    const cases: [string | undefined, string][] = [
      ['0;15', 'light'],
      ['0;7', 'light'],
      ['0;default;15', 'light'],
      ['0;12', 'light'],
      ['15;0', 'dark'],
      ['7;8', 'dark'],
      ['15;default;0', 'dark'],
      ['0;default', 'dark'],
      ['0;231', 'dark'],
      ['', 'dark'],
      [undefined, 'dark'],
      ['garbage', 'dark'],
    ];
    for (const [value, theme] of cases) expect([value, themeFromColorFgBg(value)]).toEqual([value, theme]);
  });

  it('the pure resolver reports an unknown name instead of guessing', () => {
    expect(chooseTheme(undefined, { NNLAB_THEME: 'blue' })).toEqual({ invalid: 'blue', from: 'NNLAB_THEME' });
    expect(chooseTheme('light', { NNLAB_THEME: 'blue' })).toEqual({ name: 'light' });
  });
});

/** Every look a theme defines (its text roles and its curves). */
const looks = (theme: Theme): Look[] =>
  Object.entries(theme).flatMap(([key, value]) => (key === 'series' ? (value as Look[]) : key === 'name' || key === 'data' ? [] : [value as Look]));

describe('what the themes hold', () => {
  it('contrast: nothing faint, and every curve and text role is bold or the default colour', () => {
    for (const look of looks(THEMES.contrast)) {
      expect(look.faint).toBeFalsy();
      expect(textProps(look, true).dimColor).toBeFalsy();
      expect(sgr(look, true).on).not.toMatch(/\x1b\[(?:[\d;]*;)?2(?:;[\d;]*)?m/);
    }
    for (const look of THEMES.contrast.series) expect(look.bold).toBe(true);
  });

  it('light: no faint text and no yellow or cyan, which vanish on white', () => {
    for (const look of looks(THEMES.light)) {
      expect(look.faint).toBeFalsy();
      expect(['yellow', 'cyan', 'yellowBright', 'cyanBright', 'white', 'whiteBright']).not.toContain(look.color);
    }
  });

  it('every theme has a look for every role, and several curves', () => {
    for (const name of THEME_NAMES) {
      expect(THEMES[name].name).toBe(name);
      expect(THEMES[name].series.length).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('looks as escape codes and Ink props', () => {
  it('turns each attribute on and off by itself, so text around it keeps its own', () => {
    expect(sgr({ color: 'red', bold: true }, true)).toEqual({ on: '\x1b[1;31m', off: '\x1b[22;39m' });
    expect(sgr({ faint: true }, true)).toEqual({ on: '\x1b[2m', off: '\x1b[22m' });
    expect(sgr({ inverse: true, color: 'gray' }, true)).toEqual({ on: '\x1b[7;90m', off: '\x1b[27;39m' });
    expect(paint({}, 'x', true)).toBe('x');
  });

  it('without colour: no escape codes, and only bold is left for Ink', () => {
    expect(paint({ color: 'red', bold: true, inverse: true }, 'x', false)).toBe('x');
    expect(textProps({ color: 'red', bold: true, inverse: true, faint: true }, false)).toEqual({ bold: true });
    expect(textProps(THEMES.dark.muted, false)).toEqual({});
    expect(textProps(THEMES.dark.muted, true)).toMatchObject({ dimColor: true });
  });
});
