// The runner: resolves parameters, picks the backend, then wraps a lab's own
// events between a start event (what ran, where, with what) and an end event
// (how it ended). Every front end iterates this one stream.
import { initBackend, type BackendChoice } from '../engine/backend.js';
import { InputError } from '../engine/input-error.js';
import { createRng } from '../engine/random.js';
import { VERSION } from '../version.js';
import { SCHEMA_VERSION, type LabEvent, type ParamValues } from './events.js';
import { pick, type Lang } from './i18n.js';
import type { Lab, LabContext } from './lab.js';
import { resolveParams } from './params.js';

export interface RunOptions {
  /** Parameter values, typed or as text; unknown names are errors. */
  params?: Record<string, unknown>;
  seed?: number;
  backend?: BackendChoice;
  lang?: Lang;
  signal?: AbortSignal;
  /** Pacing between steps (pause, single-step, delay); defaults to yielding to the event loop. */
  pace?: () => Promise<void>;
}

export const DEFAULT_SEED = 42;

export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Validates the parameters now (throwing ParamError before any event), then
 * returns the run's event stream. Backend failures surface on the first next().
 */
export function runLab(lab: Lab, options: RunOptions = {}): AsyncGenerator<LabEvent> {
  const params = resolveParams(lab.params, options.params ?? {});
  lab.validate?.(params);
  return stream(lab, params, options);
}

async function* stream(lab: Lab, params: ParamValues, options: RunOptions): AsyncGenerator<LabEvent> {
  const seed = options.seed ?? DEFAULT_SEED;
  const lang = options.lang ?? 'en';
  const signal = options.signal ?? new AbortController().signal;
  const backend = await initBackend(options.backend ?? 'auto');
  // A bad data file or model folder throws here, before any event (an InputError: exit 2).
  const prepared = await lab.prepare?.(params);
  const started = performance.now();
  const pacer = options.pace ?? yieldToEventLoop;
  const ctx: LabContext = {
    params,
    seed,
    rng: createRng(seed),
    lang,
    t: (text) => pick(text, lang),
    backend,
    signal,
    prepared,
    async pace() {
      if (signal.aborted) throw new InterruptedError();
      await pacer();
      if (signal.aborted) throw new InterruptedError();
    },
  };
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
    version: VERSION,
    lang,
    time: new Date().toISOString(),
  };
  const elapsed = () => Math.round(performance.now() - started);
  try {
    for await (const event of lab.run(ctx)) {
      yield event;
      if (signal.aborted) throw new InterruptedError();
    }
    yield { kind: 'end', status: 'ok', elapsedMs: elapsed() };
  } catch (err) {
    if (err instanceof InterruptedError || signal.aborted) {
      yield { kind: 'end', status: 'interrupted', elapsedMs: elapsed() };
    } else {
      yield {
        kind: 'end',
        status: 'error',
        elapsedMs: elapsed(),
        error: err instanceof Error ? err.message : String(err),
        errorKind: err instanceof InputError ? 'input' : 'failure',
      };
    }
  }
}

// The front ends reach the engine only through the labs layer.
export { initBackend, isBackendChoice, BACKEND_CHOICES, BackendUnavailableError } from '../engine/backend.js';
export type { BackendChoice, BackendReport } from '../engine/backend.js';
export { InputError } from '../engine/input-error.js';
export type { DoctorReport } from '../engine/doctor.js';
/** `nnlab doctor`, loaded only when asked for. */
export const doctor = async (...args: Parameters<typeof import('../engine/doctor.js').doctor>) => (await import('../engine/doctor.js')).doctor(...args);
