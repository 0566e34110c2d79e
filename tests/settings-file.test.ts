// Settings that stay: the file under the XDG config folder, what wins over what,
// `nnlab config` to show and change them, and a broken file named with its fix.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/cli/parse.js';
import { readSettingsFile, settingsPath, settingsReport, writeSetting } from '../src/cli/settings-file.js';

const home = () => mkdtempSync(join(tmpdir(), 'nnlab-home-'));
const withFile = (settings: unknown) => {
  const dir = home();
  mkdirSync(join(dir, '.config', 'nnlab'), { recursive: true });
  writeFileSync(join(dir, '.config', 'nnlab', 'settings.json'), typeof settings === 'string' ? settings : JSON.stringify(settings));
  return { HOME: dir };
};

describe('the settings file', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config; none without a home', () => {
    expect(settingsPath({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/h' })).toBe('/x/cfg/nnlab/settings.json');
    expect(settingsPath({ HOME: '/h' })).toBe('/h/.config/nnlab/settings.json');
    expect(settingsPath({})).toBeUndefined();
    expect(readSettingsFile(settingsPath({ HOME: home() }))).toEqual({}); // not there: no settings
  });

  it('gives every command its theme, language, ascii and mouse; a flag or a variable wins over it', async () => {
    const env = withFile({ theme: 'light', lang: 'zh-TW', ascii: true, mouse: false });
    expect(await parseCommandLine(['run', 'sigmoid'], env)).toMatchObject({
      app: { theme: 'light', lang: 'zh-TW', ascii: true, mouse: false },
      run: { lang: 'zh-TW' },
    });
    expect(await parseCommandLine(['run', 'sigmoid', '--theme', 'contrast', '--lang', 'en'], env)).toMatchObject({ app: { theme: 'contrast', lang: 'en' } });
    expect(await parseCommandLine([], { ...env, NNLAB_THEME: 'dark' })).toMatchObject({ kind: 'menu', app: { theme: 'dark', lang: 'zh-TW' } });
    // The file wins over LANG (a choice made for nnlab against the whole system's).
    expect(await parseCommandLine([], { ...env, LANG: 'en_US.UTF-8' })).toMatchObject({ app: { lang: 'zh-TW' } });
  });

  it('a broken file is one message naming the file, the key and the fix, exit 2', async () => {
    for (const [content, said] of [
      [{ theme: 'pink' }, /settings\.json: "theme" must be one of dark, light, contrast \(got "pink"\); edit the file, or delete it/],
      [{ colour: true }, /settings\.json: unknown setting "colour"/],
      ['{ "theme": ', /settings\.json: not valid JSON/],
      [[1], /settings\.json: must hold one JSON object/],
    ] as const) {
      const action = await parseCommandLine(['run', 'sigmoid'], withFile(content));
      expect(action).toMatchObject({ kind: 'print', outcome: { kind: 'input' } });
      expect(action.kind === 'print' && action.stderr).toMatch(said);
    }
  });

  it('nnlab config set and unset: checked values, written whole', async () => {
    expect(await parseCommandLine(['config', 'set', 'theme', 'light'], {})).toEqual({ kind: 'config', json: false, change: { key: 'theme', value: 'light' } });
    expect(await parseCommandLine(['config', 'set', 'ascii', 'true'], {})).toMatchObject({ change: { key: 'ascii', value: true } });
    expect(await parseCommandLine(['config', 'unset', 'lang'], {})).toMatchObject({ change: { key: 'lang' } });
    for (const [argv, said] of [
      [['config', 'set', 'ascii', 'maybe'], /"ascii" must be one of true, false \(got "maybe"\)/],
      [['config', 'set', 'colour', 'x'], /the key must be one of theme, lang, ascii, mouse/],
      [['config', 'set', 'theme'], /give a value: dark, light, contrast/],
      [['config', 'wipe'], /the actions are set and unset/],
    ] as const) {
      const action = await parseCommandLine([...argv], {});
      expect(action.kind === 'print' && action.stderr).toMatch(said);
    }
    const path = join(home(), 'nnlab', 'settings.json');
    writeSetting(path, 'theme', 'light');
    writeSetting(path, 'mouse', false);
    writeSetting(path, 'theme', undefined);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ mouse: false });
  });

  it('the report says where each value comes from', () => {
    const env = withFile({ theme: 'light' });
    const report = settingsReport({ ...env, LANG: 'zh_TW.UTF-8' }, { theme: 'light', lang: 'zh-TW', ascii: false, mouse: true });
    expect(report.exists).toBe(true);
    expect(report.values).toEqual([
      { key: 'theme', value: 'light', from: 'file' },
      { key: 'lang', value: 'zh-TW', from: 'environment', variable: 'LANG' },
      { key: 'ascii', value: false, from: 'default' },
      { key: 'mouse', value: true, from: 'default' },
    ]);
  });
});
