// The runner itself, in-process: start-up phases, the event check, prepare's
// errors, and ending a run that will not stop by itself.
import { describe, expect, it, vi } from 'vitest';
import type { Lab } from '../../src/labs/kit/lab.js';
import { InputError } from '../../src/engine/input-error.js';
import { LabFault } from '../../src/labs/kit/outcome.js';
import { ABORT_GRACE_MS, streamLab, type StartupPhase } from '../../src/labs/kit/run.js';
import { mlpLab } from '../../src/labs/course/mlp/lab.js';
import { sigmoidLab } from '../../src/labs/course/sigmoid/lab.js';
import { collect } from '../helpers.js';

const userLab = (run: Lab['run'], extra: Partial<Lab> = {}): Lab => ({
  id: 'user',
  number: 0,
  title: { en: 'U', 'zh-TW': 'U' },
  summary: { en: '', 'zh-TW': '' },
  params: [],
  run,
  ...extra,
});

describe('the runner', () => {
  it('says what it does before the start event: the backend, then the lab reading its data', async () => {
    const seen: (StartupPhase | 'start')[] = [];
    const record = (phase: StartupPhase) => seen.push(phase);
    for await (const event of streamLab(mlpLab, { backend: 'cpu', params: { limit: 50, 'test-limit': 10, epochs: 1, images: 0 }, onPhase: record })) {
      if (event.kind === 'start') seen.push('start');
      if (event.kind === 'text') break;
    }
    expect(seen).toEqual(['backend', 'prepare', 'start']);
    const noPrepare: StartupPhase[] = [];
    await collect(sigmoidLab, { onPhase: (phase) => noPrepare.push(phase) });
    expect(noPrepare).toEqual(['backend']);
  });

  it('ends a lab stuck in an await ABORT_GRACE_MS after the abort, as interrupted', async () => {
    const controller = new AbortController();
    const stuck = userLab(async function* () {
      yield { kind: 'text', text: 'waiting' };
      await new Promise(() => {});
    });
    const stream = streamLab(stuck, { backend: 'cpu', signal: controller.signal });
    const events = [];
    for (let next = await stream.next(); !next.done; next = await stream.next()) {
      events.push(next.value);
      if (next.value.kind === 'text') break;
    }
    // Ctrl-C while the lab is stuck in its await; the grace is timed on fake timers.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let ended = false;
      const rest = (async () => {
        for await (const event of stream) events.push(event);
        ended = true;
      })();
      await new Promise((resolve) => setImmediate(resolve)); // the runner waits on the stuck lab now
      controller.abort();
      await vi.advanceTimersByTimeAsync(ABORT_GRACE_MS - 1);
      expect(ended).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await rest;
      expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'interrupted' });
    } finally {
      vi.useRealTimers();
    }
  });

  it("a consumer that leaves the loop early still runs the lab's finally (its tensors disposed)", async () => {
    let cleaned = false;
    const lab = userLab(async function* () {
      try {
        yield { kind: 'text', text: 'one' };
        yield { kind: 'text', text: 'two' };
      } finally {
        cleaned = true;
      }
    });
    for await (const event of streamLab(lab, { backend: 'cpu' })) if (event.kind === 'text') break;
    await new Promise((resolve) => setImmediate(resolve));
    expect(cleaned).toBe(true);
  });

  it('a lab that reaches pace() after an abort ends at once, its finally run', async () => {
    const controller = new AbortController();
    let cleaned = false;
    const stepping = userLab(async function* (ctx) {
      try {
        for (let i = 0; ; i++) {
          yield { kind: 'text', text: `step ${i}` };
          await ctx.pace();
        }
      } finally {
        cleaned = true;
      }
    });
    const events = await collect(stepping, { signal: controller.signal, pace: async () => controller.abort() });
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'interrupted' });
    expect(cleaned).toBe(true);
  });

  it('an abort whose reason is a LabFault ends the run as an error with its message', async () => {
    const controller = new AbortController();
    const lab = userLab(async function* (ctx) {
      yield { kind: 'text', text: 'hi' };
      controller.abort(new LabFault('the lab called process.exit(0)'));
      await ctx.pace();
    });
    const events = await collect(lab, { signal: controller.signal });
    expect(events.at(-1)).toMatchObject({ kind: 'end', status: 'error', errorKind: 'failure', error: 'the lab called process.exit(0)' });
  });

  it('an error in prepare is an InputError thrown before any event; one already an InputError keeps its message', async () => {
    const broken = userLab(async function* () {}, { prepare: async () => Promise.reject(new TypeError('x is undefined')) });
    await expect(collect(broken)).rejects.toThrow(new InputError("lab 'user' could not prepare its run: x is undefined"));
    const bad = userLab(async function* () {}, { prepare: async () => Promise.reject(new InputError('data.csv: line 3 has 2 columns')) });
    await expect(collect(bad)).rejects.toThrow(/^data\.csv: line 3 has 2 columns$/);
  });
});
