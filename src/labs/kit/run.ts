// The runner: resolves parameters, picks the backend, then wraps a lab's own
// events between a start event (what ran, where, with what) and an end event
// (how it ended). Every front end iterates this one stream.
import { initBackend, type BackendChoice } from '../../engine/backend.js';
import { errorMessage } from '../../engine/describe.js';
import { errorKind, InputError } from '../../engine/input-error.js';
import { createRng } from '../../engine/random.js';
import { VERSION } from '../../version.js';
import { labEventProblem } from './event-check.js';
import { SCHEMA_VERSION, type EndEvent, type LabEvent, type ParamValues, type StartEvent } from './events.js';
import { pick, type Lang } from './i18n.js';
import type { Lab, LabBodyEvent, LabContext } from './lab.js';
import { applyLiveChange, type LiveParams } from './live.js';
import { InterruptedError, isInterruption, LabFault } from './outcome.js';
import { checkOutputs, type RunOutput } from './outputs.js';
import { formatParam, resolveParams } from './params.js';

export interface RunOptions {
  /** Parameter values, typed or as text; unknown names are errors. */
  params?: Record<string, unknown>;
  seed?: number;
  backend?: BackendChoice;
  /** CPU threads for the wasm backend (its pool starts once per process) and the CPU step; undefined: one per idle core. */
  threads?: number;
  /** The GPU webgpu computes on, by its number in doctor's list (--gpu); undefined: NNLAB_GPU, else Dawn's choice. */
  gpu?: number;
  lang?: Lang;
  /**
   * Ends the run: aborted with no reason (or an InterruptedError) it ends
   * 'interrupted'; aborted with another Error as its reason, it ends 'error' with it.
   */
  signal?: AbortSignal;
  /** Pacing between steps (pause, single-step, delay); defaults to yielding to the event loop. */
  pace?: () => Promise<void>;
  /** Changes to live parameters while the lab runs, applied at its next pace(). */
  live?: LiveParams;
  /** A screen watches the run: redraw pictures at most this often (see LabContext.frameMs). */
  frameMs?: number;
  /** Files the front end writes beside the run (--out, --csv): a lab's output path may not be one of them. */
  outputs?: readonly RunOutput[];
  /** Told what the run does before its start event, so a screen can say it (loading a backend, reading data). */
  onPhase?: (phase: StartupPhase) => void;
  /** In a lecture: which step this run is (from 1), of how many; said in the start event. */
  lecture?: NonNullable<StartEvent['lecture']>;
}

export const DEFAULT_SEED = 42;

/** Before the start event: the backend loads, then the lab reads what it needs (prepare). */
export type StartupPhase = 'backend' | 'prepare';

/**
 * After an abort, how long a lab has to reach its next pace() or yield and clean
 * up (dispose its tensors) before the runner ends the run without it: a lab
 * stuck in an await never holds Ctrl-C up for more than this.
 */
export const ABORT_GRACE_MS = 500;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Validates the parameters now (throwing ParamError before any event), then
 * returns the run's event stream. Backend failures surface on the first next().
 */
/** A value in a few words, for a message: undefined, null, a Promise, an array, a number … */
function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (value instanceof Promise) return 'a Promise';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

export function streamLab(lab: Lab, options: RunOptions = {}): AsyncGenerator<LabEvent> {
  const params = resolveParams(lab.params, options.params ?? {});
  try {
    lab.validate?.(params);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`lab '${lab.id}' refused its parameters: ${errorMessage(err)}`);
  }
  // Before any training: a wrong output path would otherwise throw the run's work away.
  checkOutputs(lab.params, params, options.outputs);
  return stream(lab, params, options);
}

async function* stream(lab: Lab, params: ParamValues, options: RunOptions): AsyncGenerator<LabEvent> {
  const seed = options.seed ?? DEFAULT_SEED;
  const lang = options.lang ?? 'en';
  const signal = options.signal ?? new AbortController().signal;
  // Before the start event an abort (a signal, a stall) ends the run at once: there is no stream to finish.
  options.onPhase?.('backend');
  const backend = await untilAborted(initBackend(options.backend ?? 'auto', { threads: options.threads, gpu: options.gpu }), signal);
  if (lab.prepare) {
    options.onPhase?.('prepare');
    // A turn of the event loop, so a screen draws the phase before a synchronous read holds it.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const prepared = await untilAborted(prepare(lab, params), signal);
  if (signal.aborted) throw abortReason(signal);
  const started = performance.now();
  const pacer = options.pace ?? yieldToEventLoop;
  // What the runner says about live changes, yielded before the lab's next event.
  const notes: LabBodyEvent[] = [];
  const applyLive = () => {
    for (const [name, value] of options.live?.take() ?? []) {
      const outcome = applyLiveChange(lab, ctx.params, name, value);
      if ('refused' in outcome) notes.push({ kind: 'warning', message: outcome.refused });
      else notes.push({ kind: 'text', text: pick(liveNote(outcome.applied), lang) });
    }
  };
  let held = 0;
  const ctx: LabContext = {
    now: () => performance.now() - held,
    // The lab's own copy: live changes replace its values; the start event keeps the given ones.
    params: { ...params },
    seed,
    rng: createRng(seed),
    lang,
    t: (text) => pick(text, lang),
    backend,
    signal,
    prepared,
    frameMs: options.frameMs,
    async pace() {
      if (signal.aborted) throw new InterruptedError();
      const before = performance.now();
      await pacer();
      held += performance.now() - before;
      applyLive();
      if (signal.aborted) throw new InterruptedError();
    },
  };
  // A run that is not an async generator is a lab that cannot be loaded: refused before its start event.
  const iterable: unknown = lab.run(ctx);
  if (typeof (iterable as AsyncIterable<LabBodyEvent> | undefined)?.[Symbol.asyncIterator] !== 'function') {
    throw new InputError(
      `lab '${lab.id}' cannot run: run(ctx) must be an async generator function, async *run(ctx) { yield … } (it returned ${describeValue(iterable)})`,
    );
  }
  yield {
    kind: 'start',
    schema: SCHEMA_VERSION,
    lab: lab.id,
    number: lab.number,
    title: pick(lab.title, lang),
    params,
    seed,
    backend: backend.backend,
    device: backend.device,
    deviceDetail: backend.deviceDetail,
    deviceFacts: backend.facts,
    version: VERSION,
    lang,
    time: new Date().toISOString(),
    ...(options.lecture ? { lecture: options.lecture } : {}),
  };
  const elapsed = () => Math.round(performance.now() - started);
  const cutOff = abortedAfterGrace(signal);
  let events: AsyncIterator<LabBodyEvent> | undefined;
  let finished = false;
  let count = 0;
  // Stopped early: let the lab's finally blocks run, as for-await would (they dispose
  // tensors), before the end event where possible; a stuck lab is not awaited.
  const stopLab = () => {
    if (finished) return;
    finished = true;
    events?.return?.(undefined).catch(() => {});
  };
  try {
    events = (iterable as AsyncIterable<LabBodyEvent>)[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([events.next(), cutOff.promise]);
      if (next.done) {
        finished = true;
        break;
      }
      count++;
      const problem = labEventProblem(next.value);
      if (problem) throw new LabFault(`event ${count}: ${problem}`);
      yield* notes.splice(0);
      yield next.value;
      if (signal.aborted) throw new InterruptedError();
    }
    // Aborted while the lab finished its last step (a signal, an uncaught error): not 'ok'.
    if (signal.aborted) throw new InterruptedError();
    yield* notes.splice(0);
    yield { kind: 'end', status: 'ok', elapsedMs: elapsed() };
  } catch (err) {
    stopLab();
    yield endEvent(signal.aborted ? signal.reason : err, elapsed());
  } finally {
    cutOff.cancel();
    stopLab(); // the consumer left the loop early
  }
}

/** The end event for however the lab stopped. */
function endEvent(cause: unknown, elapsedMs: number): EndEvent {
  if (isInterruption(cause)) return { kind: 'end', status: 'interrupted', elapsedMs };
  return { kind: 'end', status: 'error', elapsedMs, error: errorMessage(cause), errorKind: errorKind(cause) };
}

/**
 * Reads what the run needs before the start event. Whatever it throws is the
 * user's input being wrong (a file, a folder, a value): an InputError, before any event.
 */
async function prepare(lab: Lab, params: ParamValues): Promise<unknown> {
  try {
    return await lab.prepare?.(params);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`lab '${lab.id}' could not prepare its run: ${errorMessage(err)}`);
  }
}

/** Why a run was aborted, as an error: an Error reason as itself (a fault), a plain abort as an interruption. */
const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof Error && !(signal.reason instanceof DOMException && signal.reason.name === 'AbortError') ? signal.reason : new InterruptedError();

/** The promise's result, or the abort's reason as soon as the signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {}); // aborted while it was being made (a lab's process.exit in prepare): its own error is not the news
    return Promise.reject(abortReason(signal));
  }
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/** Rejects ABORT_GRACE_MS after the signal aborts; never settles otherwise. */
function abortedAfterGrace(signal: AbortSignal): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    timer = setTimeout(() => reject(signal.reason), ABORT_GRACE_MS);
  };
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<never>((_, rej) => (reject = rej));
  promise.catch(() => {}); // nobody may be racing it when it fires
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    promise,
    cancel() {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/** The note a live change leaves in the stream, in both languages. */
function liveNote({ name, from, to }: { name: string; from: ParamValues[string]; to: ParamValues[string] }) {
  const change = `--${name} ${formatParam(from)} → ${formatParam(to)}`;
  return { en: `Changed while running: ${change} (from the next step).`, 'zh-TW': `執行中更改：${change}（從下一步起生效）。` };
}
