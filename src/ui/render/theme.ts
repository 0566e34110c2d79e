// Colours by what they mean. Views ask for a role (muted text, a curve, the
// selection); one table per theme says how that role looks. Colours are the 16
// ANSI ones, so they follow the user's own palette. With colour off (--no-color,
// NO_COLOR) no role adds colour, faint or inverse; bold stays, as before themes.

export const THEME_NAMES = ['dark', 'light', 'contrast'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

export const isThemeName = (value: string): value is ThemeName => (THEME_NAMES as readonly string[]).includes(value);

/** The 16 ANSI colours, by chalk's names (Ink's `color` takes them as they are). */
export type AnsiColor =
  | 'black'
  | 'red'
  | 'green'
  | 'yellow'
  | 'blue'
  | 'magenta'
  | 'cyan'
  | 'white'
  | 'gray'
  | 'redBright'
  | 'greenBright'
  | 'yellowBright'
  | 'blueBright'
  | 'magentaBright'
  | 'cyanBright'
  | 'whiteBright';

/** How one role looks; no colour is the terminal's default foreground. */
export interface Look {
  color?: AnsiColor;
  bold?: boolean;
  /** SGR 2: washed out on light backgrounds and projectors, so only the dark theme uses it. */
  faint?: boolean;
  inverse?: boolean;
}

export interface Theme {
  name: ThemeName;
  /** The app's name in the header. */
  accent: Look;
  /** Secondary text: the backend line, lab summaries, the footer, hints. */
  muted: Look;
  /** The selected menu row or parameter. */
  selection: Look;
  /** A run that finished. */
  good: Look;
  /** A run that failed, an error message. */
  bad: Look;
  /** Chart axes and their labels. */
  axis: Look;
  /** The marked point on a chart (the ball rolling down L(w)). */
  mark: Look;
  /** Curves in order; more curves than looks start over. */
  series: readonly Look[];
  /** Data, not text (xterm-256 backgrounds): Playground's orange-to-blue, the same in every theme. */
  data: { ramp: readonly number[]; points: { positive: number; negative: number }; weights: { positive: number; negative: number } };
}

const DATA: Theme['data'] = {
  ramp: [208, 215, 216, 223, 255, 153, 117, 75, 33],
  points: { positive: 17, negative: 88 },
  weights: { positive: 33, negative: 208 },
};
const SELECTION: Look = { inverse: true, bold: true };

export const THEMES: Record<ThemeName, Theme> = {
  dark: {
    name: 'dark',
    accent: { color: 'cyan', bold: true },
    muted: { faint: true },
    selection: SELECTION,
    good: { color: 'green' },
    bad: { color: 'red' },
    axis: {},
    mark: { color: 'redBright', bold: true },
    series: [{ color: 'cyan' }, { color: 'yellow' }, { color: 'magenta' }, { color: 'green' }, { color: 'red' }, { color: 'blue' }],
    data: DATA,
  },
  // On white: no yellow or cyan (too pale), grey instead of faint.
  light: {
    name: 'light',
    accent: { color: 'blue', bold: true },
    muted: { color: 'gray' },
    selection: SELECTION,
    good: { color: 'green' },
    bad: { color: 'red' },
    axis: {},
    mark: { color: 'red', bold: true },
    series: [{ color: 'blue' }, { color: 'red' }, { color: 'magenta' }, { color: 'green' }, { color: 'black' }],
    data: DATA,
  },
  // A projector: the default foreground and a few strong colours, all bold; nothing faint.
  contrast: {
    name: 'contrast',
    accent: { bold: true },
    muted: {},
    selection: SELECTION,
    good: { bold: true },
    bad: { color: 'red', bold: true },
    axis: { bold: true },
    mark: { color: 'red', bold: true },
    series: [{ bold: true }, { color: 'red', bold: true }, { color: 'blue', bold: true }, { color: 'magenta', bold: true }],
    data: DATA,
  },
};

export const DEFAULT_THEME = THEMES.dark;

/**
 * The theme to use: the flag, else NNLAB_THEME, else the background COLORFGBG
 * reports ("fg;bg", its last field the background's colour index), else dark.
 * A name that is not a theme comes back as `invalid`, for the caller to refuse.
 */
export function chooseTheme(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  /** The settings file's theme: below the flag and NNLAB_THEME, above the terminal's guess. */
  saved?: ThemeName,
): { name: ThemeName } | { invalid: string; from: '--theme' | 'NNLAB_THEME' } {
  if (flag !== undefined) return isThemeName(flag) ? { name: flag } : { invalid: flag, from: '--theme' };
  const named = env.NNLAB_THEME;
  if (named) return isThemeName(named) ? { name: named } : { invalid: named, from: 'NNLAB_THEME' };
  return { name: saved ?? themeFromColorFgBg(env.COLORFGBG) };
}

/** rxvt's and Konsole's COLORFGBG ("15;0", "0;default;15"): a background of 7 (white) or 9–15 (bright) is light. */
export function themeFromColorFgBg(value: string | undefined): ThemeName {
  const last = value?.split(';').at(-1)?.trim() ?? '';
  if (!/^\d+$/.test(last)) return 'dark';
  const bg = Number(last);
  // 8 is bright black (grey): dark. Indices past 15 say nothing reliable about brightness.
  return bg === 7 || (bg >= 9 && bg <= 15) ? 'light' : 'dark';
}

const FG: Record<AnsiColor, number> = {
  black: 30,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  gray: 90,
  redBright: 91,
  greenBright: 92,
  yellowBright: 93,
  blueBright: 94,
  magentaBright: 95,
  cyanBright: 96,
  whiteBright: 97,
};

/** The escape codes that turn a look on and off, for text drawn as strings (charts); none without colour. */
export function sgr(look: Look, color: boolean): { on: string; off: string } {
  if (!color) return { on: '', off: '' };
  const on: number[] = [];
  const off: number[] = [];
  if (look.bold || look.faint) {
    on.push(...(look.bold ? [1] : []), ...(look.faint ? [2] : []));
    off.push(22);
  }
  if (look.inverse) [on, off].forEach((codes, i) => codes.push(i === 0 ? 7 : 27));
  if (look.color) [on, off].forEach((codes, i) => codes.push(i === 0 ? FG[look.color!] : 39));
  return on.length === 0 ? { on: '', off: '' } : { on: `\x1b[${on.join(';')}m`, off: `\x1b[${off.join(';')}m` };
}

/** Text in a look, as a string. */
export function paint(look: Look, text: string, color: boolean): string {
  const { on, off } = sgr(look, color);
  return on ? on + text + off : text;
}

/** A look as Ink's <Text> props; without colour only bold is left. */
export function textProps(look: Look, color: boolean): { color?: string; bold?: boolean; dimColor?: boolean; inverse?: boolean } {
  if (!color) return look.bold ? { bold: true } : {};
  return { color: look.color, bold: look.bold, dimColor: look.faint, inverse: look.inverse };
}
