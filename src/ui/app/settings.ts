import { createContext, useContext } from 'react';
import type { BackendChoice } from '../../labs/run.js';
import type { Lang } from '../../labs/i18n.js';
import type { RunOutput } from '../../labs/outputs.js';
import { textProps, THEMES, type Theme, type ThemeName } from '../render/theme.js';

/** What the user chose on the command line, for every screen. */
export interface AppSettings {
  lang: Lang;
  color: boolean;
  /** Which colours mean what: --theme, NNLAB_THEME, COLORFGBG (render/theme.ts). */
  theme: ThemeName;
  ascii: boolean;
  backend: BackendChoice;
  /** CPU threads for the wasm backend; undefined: one per usable core. */
  threads?: number;
  seed?: number;
  /** Pause between steps of stepping labs; undefined: each lab's own default. */
  delayMs?: number;
  /** The --out and --csv files: a lab's own output path may not be one of them. */
  outputs?: readonly RunOutput[];
}

export const DEFAULT_SETTINGS: AppSettings = { lang: 'en', color: true, theme: 'dark', ascii: false, backend: 'auto' };

export const SettingsContext = createContext<AppSettings>(DEFAULT_SETTINGS);

export const useSettings = (): AppSettings => useContext(SettingsContext);

/** Text roles that are Ink props: `<Text {...look('muted')}>`; what each looks like is the theme's business. */
export function useLook(): (role: Exclude<keyof Theme, 'name' | 'series' | 'data'>) => ReturnType<typeof textProps> {
  const { theme, color } = useSettings();
  return (role) => textProps(THEMES[theme][role], color);
}
