// 1,000 seeded random argument vectors through the command-line parser: never
// an uncaught exception, only an action or a usage message with exit code 0 or 2.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/cli/parse.js';
import { createRng } from '../src/engine/random.js';
import { exitCode } from '../src/ui/session/exit-code.js';

const WORDS = [
  'run',
  'list',
  'doctor',
  'summary',
  'play',
  'help',
  'sigmoid',
  'losses',
  'descent',
  'mlp',
  'gpu',
  '1',
  '6',
  '9',
  '0',
  'nope',
  '--json',
  '--plain',
  '--quiet',
  '--help',
  '-h',
  '--version',
  '-V',
  '--backend',
  'wasm',
  'gpu',
  'auto',
  '--seed',
  '-1',
  '42',
  '1e3',
  '--lang',
  'zh-TW',
  'fr',
  '--no-color',
  '--ascii',
  '--delay',
  '--lr',
  '0.5',
  'abc',
  '--steps',
  '--pred',
  '0.2,0.8',
  '0.2,,x',
  '--target',
  '--loss',
  'ce',
  '--epochs',
  '--limit',
  '--data',
  'imagenet',
  'csv:',
  'cifar10:/nonexistent',
  '--model',
  'Linear(1',
  'Flatten, Linear(784,10)',
  '--input',
  '3,32,32',
  '--config',
  '/nonexistent.json',
  '--out',
  '--csv',
  '--',
  '-',
  '',
  ' ',
  '--fn',
  'relu',
  '--compare',
  '--sizes',
  'x',
  './nope.js',
  '/nonexistent/lab.js',
  '--w1',
  'NaN',
  'Infinity',
  '--batch-size',
  '999999999999',
  '🙂',
  'run run',
  '--=',
  '--lr=2',
];

const PREFIXES = [['run', 'sigmoid'], ['run', 'losses'], ['run', '3'], ['run', 'mlp'], ['run', 'gpu'], ['summary'], ['list'], ['doctor'], ['play']];

describe('the command-line parser under fuzzing', () => {
  it('turns 1,000 random argument vectors into actions or usage errors, never an exception', async () => {
    const rng = createRng(2024);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      // Half the vectors start like real commands, so the parser goes deep, not only into "unknown command".
      const prefix = rng.next() < 0.5 ? PREFIXES[rng.int(PREFIXES.length)] : [];
      const argv = [...prefix, ...Array.from({ length: rng.int(6) }, () => WORDS[rng.int(WORDS.length)])];
      let action;
      try {
        action = await parseCommandLine(argv, { NO_COLOR: '1' });
      } catch (err) {
        throw new Error(`argv ${JSON.stringify(argv)} threw: ${(err as Error).stack}`, { cause: err });
      }
      seen.add(action.kind);
      if (action.kind === 'print') {
        const code = exitCode(action.outcome);
        expect([0, 2], JSON.stringify(argv)).toContain(code);
        if (code === 2) expect(action.stderr.trim().length, JSON.stringify(argv)).toBeGreaterThan(0);
        else expect(action.stdout.length + action.stderr.length, JSON.stringify(argv)).toBeGreaterThan(0);
      }
    }
    // the vocabulary reaches real actions, not only errors
    expect([...seen]).toEqual(expect.arrayContaining(['print', 'run', 'list', 'menu']));
  }, 60_000);
});
