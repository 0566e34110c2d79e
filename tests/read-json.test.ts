// Numbers a 64-bit float cannot hold are named as they were written, with their
// key, wherever they are in the file; every other number passes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonFile } from '../src/cli/read-json.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-read-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const read = (text: string) => {
  const path = join(dir, 'f.json');
  writeFileSync(path, text);
  return () => readJsonFile(path, 'f.json');
};

it('a file that is not JSON is one line naming it, newlines in its text and all', () => {
  expect(read('nope\n\n')).toThrow(/^f\.json: not valid JSON \([^\n]*\)$/);
});

describe('numbers out of a 64-bit float’s range in a JSON file', () => {
  it('are named as written, with their key, too large or too small', () => {
    expect(read('{ "lr": 1e400 }')).toThrow('f.json: "lr" is 1e400, too large for a 64-bit number');
    expect(read('{ "a": { "lr": 0.5 }, "b": { "lr": -2e-400 } }')).toThrow('f.json: "lr" is -2e-400, too small for a 64-bit number (it would read as 0)');
    expect(read('{ "w": [1, 1e-400] }')).toThrow('f.json: 1e-400, too small for a 64-bit number (it would read as 0)');
  });

  it('zeros as written, repeated keys and digits inside strings are fine', () => {
    // A lecture repeats parameter names across its steps, with 0 among their values.
    const lecture =
      '{ "steps": [ { "lab": "descent", "params": { "w0": 3 } }, { "lab": "descent", "params": { "w0": 0, "lr": 0.0e5, "x": -0 } } ], "title": "1e400 and 1e-400 in words" }';
    expect(read(lecture)()).toMatchObject({ steps: [{ params: { w0: 3 } }, { params: { w0: 0, lr: 0 } }] });
    expect(read('{ "a\\"1e400": 5e-324 }')()).toEqual({ 'a"1e400': 5e-324 });
  });
});
