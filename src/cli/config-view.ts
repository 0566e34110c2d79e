import type { SettingsReport } from './settings-file.js';

/** `nnlab config` as lines: the file, then each setting, where it comes from, and how to change it. */
export function renderConfig(report: SettingsReport): string[] {
  const file = report.path
    ? `${report.path}${report.exists ? '' : ' (not there yet: nnlab config set writes it)'}`
    : 'none: HOME and XDG_CONFIG_HOME are not set';
  const width = Math.max(...report.values.map((v) => v.key.length));
  return [
    `settings file: ${file}`,
    '',
    ...report.values.map(
      ({ key, value, from, variable }) =>
        `  ${key.padEnd(width)}  ${String(value).padEnd(8)}  ${from === 'environment' ? `from ${variable}` : from === 'file' ? 'from the file' : 'default'}`,
    ),
    '',
    "A flag wins over an environment variable, which wins over the file (the file's lang wins over LANG). Change the file with",
    'nnlab config set <key> <value> (theme: dark|light|contrast, lang: en|zh-TW, ascii and mouse: true|false)',
    'or nnlab config unset <key>.',
  ];
}
