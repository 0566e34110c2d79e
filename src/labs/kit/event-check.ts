// The runner's check of each event a lab yields, against the shipped JSON Schema
// (compiled ahead of time into generated/lab-event-schema.js). Built-in labs
// pass it by construction; a lab module of the user's is held to it at run time.
import { abbreviate } from '../../engine/describe.js';
import * as validators from './generated/lab-event-schema.js';
import type { KindValidator } from './generated/lab-event-schema.js';
import type { LabEventKind } from './events.js';

const byKind: Record<LabEventKind, KindValidator> = validators;
/** start and end describe the run, so only the runner writes them. */
const RUNNER_KINDS: readonly string[] = ['start', 'end'];
const LAB_KINDS = Object.keys(byKind).filter((kind) => !RUNNER_KINDS.includes(kind));

/** Why `value` is not an event a lab may yield, or undefined when it is one. */
export function labEventProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `an event must be an object with a "kind", got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
  }
  const kind = (value as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(kind in byKind)) {
    return `unknown kind ${abbreviate(JSON.stringify(kind) ?? String(kind), 40)} (the kinds: ${LAB_KINDS.join(', ')})`;
  }
  if (RUNNER_KINDS.includes(kind)) return `'${kind}' events are the runner's: a lab yields only ${LAB_KINDS.join(', ')}`;
  const validate = byKind[kind as LabEventKind];
  if (!validate(value)) {
    const error = validate.errors?.[0];
    const where = error?.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the event';
    const extra = error?.params && 'additionalProperty' in error.params ? ` "${String(error.params.additionalProperty)}"` : '';
    return `${kind} event: ${where} ${error?.message ?? 'does not match the schema'}${extra}`;
  }
  try {
    JSON.stringify(value);
  } catch (err) {
    // BigInt values and circular objects pass the schema's "object" but not JSON.
    return `${kind} event cannot be written as JSON: ${(err as Error).message.split('\n')[0]}`;
  }
  const bad = nonFinite(value);
  if (bad) return `${kind} event: ${bad.path} is ${bad.value}, which JSON cannot hold (it would read null): leave it out, or send a string`;
  return undefined;
}

/** The first NaN or ±Infinity in an event, and where: the schema's "number" lets them through. */
function nonFinite(value: unknown, path = ''): { path: string; value: number } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path: path || 'the event', value };
  if (!value || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = nonFinite(inner, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
