// What the front ends (src/ui, src/cli) use of the engine, chosen on purpose: they
// import engine names from here and from nowhere else, so the engine's inside can
// change without them (tests/layers.test.ts holds them to it).
export { BACKEND_CHOICES, initBackend, isBackendChoice, type BackendChoice, type BackendReport } from '../engine/backend.js';
export { deviceWords, type DeviceFacts } from '../engine/backends/device-words.js';
export { InputError } from '../engine/input-error.js';
export { abbreviate, errorMessage, plural, shortenLongWords, shownValue } from '../engine/describe.js';
export { canonicalPath, checkOutputFile, checkOutputFolder, sameFile, takeHeldPipe, writeFileWhole } from '../engine/output-path.js';
export type { DoctorReport } from '../engine/machine/doctor.js';

/** `nnlab doctor`, loaded only when asked for. */
export const doctor = async (...args: Parameters<typeof import('../engine/machine/doctor.js').doctor>) =>
  (await import('../engine/machine/doctor.js')).doctor(...args);
