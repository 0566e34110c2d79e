// The settings (ui/settings.ts) as a React context, for every screen of the app.
import { createContext, useContext } from 'react';
import { DEFAULT_SETTINGS, type AppSettings } from '../settings.js';

export const SettingsContext = createContext<AppSettings>(DEFAULT_SETTINGS);

export const useSettings = (): AppSettings => useContext(SettingsContext);
