// The one mapping from how a run ended to the process's exit code (README, "Exit codes").
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../../src/engine/backend.js';
import { InputError } from '../../src/engine/input-error.js';
import { ShapeError } from '../../src/engine/nn/model-spec.js';
import { InterruptedError, LabFault, outcomeOfError, outcomeOfRun, STOP_SIGNALS, type Outcome } from '../../src/labs/kit/outcome.js';
import { ParamError } from '../../src/labs/kit/params.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { exitCode, sessionOutcome, worse } from '../../src/ui/session/exit-code.js';

describe('exitCode: every kind of outcome', () => {
  it.each<[Outcome, number]>([
    [{ kind: 'ok' }, 0],
    [{ kind: 'failure' }, 1],
    [{ kind: 'input' }, 2],
    [{ kind: 'interrupted', signal: 'SIGINT' }, 130],
    [{ kind: 'interrupted', signal: 'SIGTERM' }, 143],
    [{ kind: 'interrupted', signal: 'SIGHUP' }, 129],
    [{ kind: 'interrupted' }, 130], // Ctrl-C as a key, or a stop from inside: as the shell gives Ctrl-C
  ])('%j exits %i', (outcome, code) => {
    expect(exitCode(outcome)).toBe(code);
  });

  it('covers every signal that stops a run', () => {
    expect(STOP_SIGNALS.map((signal) => exitCode({ kind: 'interrupted', signal }))).toEqual([130, 143, 129]);
  });
});

describe('errors carry their kind', () => {
  it.each<[string, unknown, Outcome['kind']]>([
    ['an InputError', new InputError('bad'), 'input'],
    ['a forced backend that cannot load', new BackendUnavailableError('webgpu', 'no adapter'), 'input'],
    ['a bad parameter', new ParamError('--lr must be …'), 'input'],
    ['a usage error', new UsageError('unknown lab'), 'input'],
    ['a model whose shapes do not fit', new ShapeError('layer (1) expects 3 input features, but layer (0) outputs 2', 1, 3, 2), 'input'],
    ['a lab fault', new LabFault('event 2: …'), 'failure'],
    ['any other Error', new Error('boom'), 'failure'],
    ['a thrown string', 'boom', 'failure'],
    ['an interruption', new InterruptedError(), 'interrupted'],
    ['an AbortError', new DOMException('stopped', 'AbortError'), 'interrupted'],
  ])('%s: %s', (_what, err, kind) => {
    expect(outcomeOfError(err).kind).toBe(kind);
  });

  it('an interruption names the signal that caused it', () => {
    expect(outcomeOfError(new InterruptedError(), 'SIGTERM')).toEqual({ kind: 'interrupted', signal: 'SIGTERM' });
  });
});

describe('outcomeOfRun: from the end event', () => {
  it.each<[string, Parameters<typeof outcomeOfRun>, Outcome]>([
    ['ok', [{ kind: 'end', status: 'ok', elapsedMs: 1 }, undefined], { kind: 'ok' }],
    ['an input error', [{ kind: 'end', status: 'error', elapsedMs: 1, error: 'x', errorKind: 'input' }, undefined], { kind: 'input' }],
    ['a failure', [{ kind: 'end', status: 'error', elapsedMs: 1, error: 'x', errorKind: 'failure' }, undefined], { kind: 'failure' }],
    ['an error of no kind', [{ kind: 'end', status: 'error', elapsedMs: 1, error: 'x' }, undefined], { kind: 'failure' }],
    ['interrupted by SIGHUP', [{ kind: 'end', status: 'interrupted', elapsedMs: 1 }, undefined, 'SIGHUP'], { kind: 'interrupted', signal: 'SIGHUP' }],
    ['ok, but a file failed on its last line', [{ kind: 'end', status: 'ok', elapsedMs: 1 }, new LabFault('--out: cannot write it')], { kind: 'failure' }],
    ['no end event', [undefined, undefined], { kind: 'failure' }],
  ])('%s', (_what, args, outcome) => {
    expect(outcomeOfRun(...args)).toEqual(outcome);
  });
});

describe('several runs in one process', () => {
  it('the worse of two outcomes is the one with the higher code', () => {
    expect(worse({ kind: 'failure' }, { kind: 'input' })).toEqual({ kind: 'input' });
    expect(worse({ kind: 'input' }, { kind: 'ok' })).toEqual({ kind: 'input' });
  });

  it('a lecture ends with the worst of each step’s last run; a stop of the whole is final', () => {
    const session = sessionOutcome();
    expect(exitCode(session.outcome())).toBe(0);
    session.ended({ kind: 'failure' }, 0);
    session.ended({ kind: 'ok' }, 1);
    expect(exitCode(session.outcome())).toBe(1);
    session.ended({ kind: 'ok' }, 0); // step 1 again, and it worked
    expect(exitCode(session.outcome())).toBe(0);
    session.stop({ kind: 'interrupted', signal: 'SIGINT' });
    session.ended({ kind: 'input' }, 1); // a lab that ends while the app closes
    expect(exitCode(session.outcome())).toBe(130);
  });
});
