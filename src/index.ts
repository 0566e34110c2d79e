// nnlab's programmatic API: the labs, a run as an async iterable of LabEvents,
// and what a lab module of your own needs (nnlab run ./my-lab.js).
import type { LabEvent } from './labs/kit/events.js';
import type { Lab } from './labs/kit/lab.js';
import { getLab } from './labs/registry.js';
import { streamLab, type RunOptions } from './labs/kit/run.js';

export { labs, findLab, getLab } from './labs/registry.js';
export { DEFAULT_SEED, type RunOptions } from './labs/kit/run.js';
export { SCHEMA_VERSION } from './labs/kit/events.js';
export type * from './labs/kit/events.js';
export type { Lab, LabContext, LabBodyEvent } from './labs/kit/lab.js';
/** A lab declared with typed parameters: defineLab({ id, title, params: { lr: number({…}) }, run }). */
export { defineLab, number, int, numbers, choice, boolean, string, type ParamsOf, type TypedContext } from './labs/kit/define.js';
export type { ParamSpec } from './labs/kit/params.js';
export type { Localized, Lang } from './labs/kit/i18n.js';
/** TensorFlow.js on the backend nnlab chose (call inside a lab's run). */
export { tf } from './engine/tf.js';
export { createRng, type Rng } from './engine/random.js';

/**
 * Runs a lab (by number, id or object) and yields its events: start, the lab's
 * own, then end. Throws a ParamError at once for a bad parameter.
 *
 *   for await (const event of runLab('losses', { params: { pred: [0.1, 0.9], target: '1' } })) …
 */
export function runLab(lab: Lab | string | number, options: RunOptions = {}): AsyncGenerator<LabEvent> {
  return streamLab(typeof lab === 'object' ? lab : getLab(String(lab)), options);
}
