// The runner's check of each event a lab yields, against the shipped JSON Schema
// (compiled ahead of time into generated/lab-event-schema.js). Built-in labs
// pass it by construction; a lab module of the user's is held to it at run time.
import { abbreviate } from '../../engine/describe.js';
import * as validators from './generated/lab-event-schema.js';
import type { KindValidator } from './generated/lab-event-schema.js';
import type { FieldEvent, ImageEvent, LabEventKind } from './events.js';

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
  // Before the schema: NaN fails its "≤ 1" too, but the reason to give is that JSON cannot hold it.
  const bad = nonFinite(value);
  if (bad) return `${kind} event: ${bad.path} is ${bad.value}, which JSON cannot hold (it would read null): leave it out, or send a string`;
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
  const sizes = kind === 'field' ? fieldProblem(value as FieldEvent) : kind === 'image' ? imageProblem(value as ImageEvent) : undefined;
  return sizes && `${kind} event: ${sizes}`;
}

/** The most cells a map, or pixels an image, may have: beyond, no terminal shows it and memory runs out. */
export const MAX_CELLS = 1_000_000;

/** Sizes the schema cannot relate: the values fill the grid, the points' lists match, the network's layers fit its weights and maps. */
function fieldProblem(event: FieldEvent): string | undefined {
  const cells = event.cols * event.rows;
  if (!(cells <= MAX_CELLS)) return `cols × rows = ${event.cols} × ${event.rows} is more than ${MAX_CELLS.toLocaleString('en-US')} cells`;
  if (event.values.length !== cells) return `values has ${event.values.length} numbers for ${event.cols} × ${event.rows} = ${cells} cells`;
  const { x, y, label, test } = event.points;
  const odd = Object.entries({ y, label, test }).find(([, list]) => list.length !== x.length);
  if (odd) return `points.${odd[0]} has ${odd[1].length} entries, points.x ${x.length}: one each per point`;
  const net = event.network;
  if (!net) return undefined;
  if (net.weights.length !== net.layers.length) return `network.weights has ${net.weights.length} layers, network.layers ${net.layers.length}`;
  for (const [l, out] of net.layers.entries()) {
    const inputs = l === 0 ? net.inputs.length : net.layers[l - 1];
    if (net.weights[l].length !== inputs * out) return `network.weights.${l} has ${net.weights[l].length} numbers for ${inputs} × ${out} connections`;
  }
  if (net.neurons.length !== net.layers.length + 1) return `network.neurons has ${net.neurons.length} layers: the inputs and ${net.layers.length} more`;
  const counts = [net.inputs.length, ...net.layers];
  for (const [l, maps] of net.neurons.entries()) {
    if (maps.length !== counts[l]) return `network.neurons.${l} has ${maps.length} maps for ${counts[l]} neurons`;
    const wrong = maps.findIndex((map) => map.length !== net.thumb * net.thumb);
    if (wrong >= 0) return `network.neurons.${l}.${wrong} has ${maps[wrong].length} values for a ${net.thumb} × ${net.thumb} map`;
  }
  return undefined;
}

function imageProblem(event: ImageEvent): string | undefined {
  const [c, h, w] = event.shape;
  const pixels = c * h * w;
  if (!(pixels <= MAX_CELLS)) return `shape ${c} × ${h} × ${w} is more than ${MAX_CELLS.toLocaleString('en-US')} pixels`;
  const wrong = event.images.findIndex((image) => image.pixels.length !== pixels);
  return wrong >= 0 ? `images.${wrong}.pixels has ${event.images[wrong].pixels.length} values for shape ${c} × ${h} × ${w}` : undefined;
}

/** The first NaN or ±Infinity in an event, and where: the schema's "number" lets them through. */
function nonFinite(value: unknown, path = '', seen = new WeakSet<object>()): { path: string; value: number } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path: path || 'the event', value };
  // A circular value is JSON's to refuse (below), not a reason to recurse forever here.
  if (!value || typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  for (const [key, inner] of Object.entries(value)) {
    const found = nonFinite(inner, path ? `${path}.${key}` : key, seen);
    if (found) return found;
  }
  return undefined;
}
