// The settings (ui/session/settings.ts) as a React context, for every screen of the app.
import { createContext, useContext } from 'react';
import { DEFAULT_SETTINGS, type AppSettings } from '../../session/settings.js';
import { textProps, THEMES, type Theme } from '../../render/theme.js';

export const SettingsContext = createContext<AppSettings>(DEFAULT_SETTINGS);

export const useSettings = (): AppSettings => useContext(SettingsContext);

/** Text roles that are Ink props: `<Text {...look('muted')}>`; what each looks like is the theme's business. */
export function useLook(): (role: Exclude<keyof Theme, 'name' | 'series' | 'data'>) => ReturnType<typeof textProps> {
  const { theme, color } = useSettings();
  return (role) => textProps(THEMES[theme][role], color);
}
