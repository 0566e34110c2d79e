import type { FieldEvent, LabEvent, StartEvent } from '../src/labs/kit/events.js';
import type { Lab } from '../src/labs/kit/lab.js';
import { streamLab, type RunOptions } from '../src/labs/kit/run.js';

/** Every event of one run, on the cpu backend unless told otherwise. */
export async function collect(lab: Lab, options: RunOptions = {}): Promise<LabEvent[]> {
  const events: LabEvent[] = [];
  // One wasm thread where a lab loads wasm beside cpu, as tests/setup.ts sets for the CLIs.
  for await (const event of streamLab(lab, { backend: 'cpu', threads: 1, ...options })) events.push(event);
  return events;
}

export function only<K extends LabEvent['kind']>(events: LabEvent[], kind: K): Extract<LabEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<LabEvent, { kind: K }> => e.kind === kind);
}

/** Central-difference derivative: the independent check on autodiff. */
export function numericDerivative(f: (x: number) => number, x: number, h = 1e-5): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** Parameters that keep a run of each lab short in tests; every kind of event still appears. */
export const SMALL_RUNS: Record<string, Record<string, unknown>> = {
  descent: { steps: 3 },
  batches: { epochs: 2, samples: 16 },
  mlp: { limit: 300, 'test-limit': 50, epochs: 1, images: 1 },
  gpu: { sizes: [8], backends: 'current' },
  playground: { epochs: 5, points: 200 },
};

/** A start event as the runner writes one, with the fields a test cares about given. */
export function startEvent(given: Partial<StartEvent> = {}): StartEvent {
  return {
    kind: 'start',
    schema: 1,
    lab: 'x',
    number: 0,
    title: 'X',
    params: {},
    seed: 42,
    backend: 'wasm',
    device: 'CPU',
    deviceDetail: '',
    version: '0',
    lang: 'en',
    time: '',
    ...given,
  };
}

/** A map (lab 9's field) over [−6, 6]², with the cells, range and points a test gives. */
export function fieldEvent(given: Partial<FieldEvent> = {}): FieldEvent {
  return {
    kind: 'field',
    id: 'output',
    title: 'map',
    step: 1,
    x: [-6, 6],
    y: [-6, 6],
    cols: 2,
    rows: 1,
    values: [0, 1],
    range: [0, 1],
    points: { x: [], y: [], label: [], test: [] },
    ...given,
  };
}
