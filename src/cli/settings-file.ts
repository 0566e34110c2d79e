// Settings that stay between sessions: the look of the app (theme, language,
// --ascii, the mouse) in a JSON file under the XDG config folder
// ($XDG_CONFIG_HOME/nnlab/settings.json, else ~/.config/nnlab/settings.json).
// A flag wins over an environment variable, which wins over the file, which wins
// over nnlab's default. `nnlab config` shows them and where each comes from.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shownValue, writeFileWhole } from '../labs/engine-api.js';
import { isLang, LANGS, type Lang } from '../labs/kit/i18n.js';
import { isThemeName, THEME_NAMES, type ThemeName } from '../ui/render/theme.js';
import { readJsonFile } from './read-json.js';
import { UsageError } from './usage-error.js';

export interface FileSettings {
  theme?: ThemeName;
  lang?: Lang;
  ascii?: boolean;
  mouse?: boolean;
}

export const SETTING_KEYS = ['theme', 'lang', 'ascii', 'mouse'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** What each key takes, in words, for messages and `nnlab config`. */
export const SETTING_VALUES: Record<SettingKey, string> = {
  theme: THEME_NAMES.join(', '),
  lang: LANGS.join(', '),
  ascii: 'true, false',
  mouse: 'true, false',
};

/** Where the file is: under $XDG_CONFIG_HOME, else ~/.config; undefined where there is no home to put it in. */
export function settingsPath(env: NodeJS.ProcessEnv): string | undefined {
  const home = env.HOME;
  const base = env.XDG_CONFIG_HOME || (home ? join(home, '.config') : undefined);
  return base ? join(base, 'nnlab', 'settings.json') : undefined;
}

/** One value checked: a theme's or language's name, or true/false. */
export function settingValue(key: SettingKey, value: unknown, label: string): FileSettings[SettingKey] {
  const ok =
    key === 'theme'
      ? typeof value === 'string' && isThemeName(value)
      : key === 'lang'
        ? typeof value === 'string' && isLang(value)
        : typeof value === 'boolean';
  if (!ok) throw new UsageError(`${label}: "${key}" must be one of ${SETTING_VALUES[key]} (got ${shownValue(value)})`);
  return value as FileSettings[SettingKey];
}

/** The file's settings; none where it does not exist. A file that is not valid is an error that names it and the key. */
export function readSettingsFile(path: string | undefined): FileSettings {
  if (!path || !existsSync(path)) return {};
  try {
    return checkedSettings(path, readJsonFile(path, path));
  } catch (err) {
    // Every command reads the file: say how to get past it.
    if (err instanceof UsageError) throw new UsageError(`${err.message}; edit the file, or delete it to go back to the defaults`);
    throw err;
  }
}

function checkedSettings(path: string, json: unknown): FileSettings {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`${path}: must hold one JSON object, such as {"theme": "light"}`);
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (!(SETTING_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(`${path}: unknown setting ${shownValue(key)} (settings: ${SETTING_KEYS.join(', ')}; fix it, or run 'nnlab config' to see them)`);
    }
    settings[key] = settingValue(key as SettingKey, value, path);
  }
  return settings as FileSettings;
}

/** Sets one key (or removes it: undefined) and writes the file whole, beside and renamed into place. */
export function writeSetting(path: string, key: SettingKey, value: FileSettings[SettingKey] | undefined): FileSettings {
  // Read as it is, not checked: setting or unsetting a key is how a wrong value is mended.
  const json = existsSync(path) ? readJsonFile(path, path) : {};
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`${path}: must hold one JSON object; delete it, then set the key again`);
  const settings: Record<string, unknown> = { ...(json as Record<string, unknown>) };
  if (value === undefined) delete settings[key];
  else settings[key] = value;
  mkdirSync(dirname(path), { recursive: true });
  writeFileWhole(path, JSON.stringify(settings, null, 2) + '\n');
  return settings as FileSettings;
}

export interface SettingsReport {
  /** The file, and whether it is there. */
  path?: string;
  exists: boolean;
  /** Each setting as a run without flags gets it, and where from. */
  values: { key: SettingKey; value: string | boolean; from: 'file' | 'environment' | 'default'; variable?: string }[];
}

/** What `nnlab config` shows: the file's place, and each setting as a run would take it without flags. */
export function settingsReport(env: NodeJS.ProcessEnv, effective: { theme: ThemeName; lang: Lang; ascii: boolean; mouse: boolean }): SettingsReport {
  const path = settingsPath(env);
  const saved = readSettingsFile(path);
  const envOf: Partial<Record<SettingKey, string>> = { theme: env.NNLAB_THEME ? 'NNLAB_THEME' : undefined };
  if (saved.lang === undefined && effective.lang !== 'en') envOf.lang = env.LC_ALL ? 'LC_ALL' : env.LC_MESSAGES ? 'LC_MESSAGES' : 'LANG';
  if (saved.theme === undefined && !env.NNLAB_THEME && effective.theme !== 'dark') envOf.theme = 'COLORFGBG';
  return {
    path,
    exists: path !== undefined && existsSync(path),
    values: SETTING_KEYS.map((key) => {
      const variable = envOf[key];
      const from = variable ? 'environment' : saved[key] !== undefined ? 'file' : 'default';
      return { key, value: effective[key], from, ...(variable ? { variable } : {}) };
    }),
  };
}
