// The programmatic API: the lab list and a run as an async iterable of LabEvents.
export { labs, findLab, getLab } from './labs/registry.js';
export { runLab, DEFAULT_SEED, type RunOptions } from './labs/run.js';
export type { Lab, LabContext, LabBodyEvent } from './labs/lab.js';
export type * from './labs/events.js';
export { SCHEMA_VERSION } from './labs/events.js';
export type { ParamSpec } from './labs/params.js';
