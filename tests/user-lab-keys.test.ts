// A user's lab may bring keys of its own for the app, as lab 9 does: their words,
// given as one string or per language, become the app's Localized text.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadUserLab } from '../src/cli/user-lab.js';

it("a user's lab keys: help and the words at their limit localized (a string serves both languages), change kept", async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'nnlab-user-lab-')), 'lab.mjs');
  writeFileSync(
    file,
    `export default {
      id: 'counter', title: 'Counter', params: [],
      keys: [{ key: '+', help: 'one more', limit: 'at most 3', change: (p) => p }, { key: '-', help: 'one fewer', change: () => undefined }],
      async *run() {},
    };`,
  );
  const lab = await loadUserLab(file);
  expect(lab.keys?.map((k) => [k.key, k.help, k.limit])).toEqual([
    ['+', { en: 'one more', 'zh-TW': 'one more' }, { en: 'at most 3', 'zh-TW': 'at most 3' }],
    ['-', { en: 'one fewer', 'zh-TW': 'one fewer' }, undefined],
  ]);
  expect(lab.keys?.[0].change({ n: 1 })).toEqual({ n: 1 });
});
