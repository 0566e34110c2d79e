// The one reducer: LabEvents in, view state out. The Ink app, the text
// reporter and tests all read this state; none recomputes any maths.
import type {
  EndEvent,
  FieldEvent,
  ImageEvent,
  LabEvent,
  MatrixEvent,
  MetricEvent,
  ProgressEvent,
  ResultEvent,
  StartEvent,
  TableEvent,
  TextEvent,
} from '../labs/kit/events.js';

export interface Curve {
  name: string;
  x: number[];
  y: number[];
}

export interface ChartState {
  id: string;
  title: string;
  curves: Curve[];
  mark?: { x: number; y: number };
}

/** What the screen shows, in the order it first appeared. */
export type Block =
  | { type: 'text'; text: TextEvent }
  | { type: 'table'; id: string }
  | { type: 'chart'; id: string }
  | { type: 'matrix'; id: string }
  | { type: 'field'; id: string }
  | { type: 'image'; id: string }
  /** Where it was said: lab 8's out-of-memory warning belongs in its section. */
  | { type: 'warning'; message: string };

export interface LabViewState {
  start?: StartEvent;
  blocks: Block[];
  tables: Record<string, TableEvent>;
  charts: Record<string, ChartState>;
  matrices: Record<string, MatrixEvent>;
  images: Record<string, ImageEvent>;
  /** The latest map of each field id. */
  fields: Record<string, FieldEvent>;
  progress: Record<string, ProgressEvent>;
  epochs: MetricEvent[];
  lastStep?: MetricEvent;
  result?: ResultEvent;
  end?: EndEvent;
  /** The chart to keep in view while the lab runs: one with a moving mark, else the last updated. */
  liveChart?: string;
  markedChart?: string;
}

export const initialState = (): LabViewState => ({
  blocks: [],
  tables: {},
  charts: {},
  matrices: {},
  images: {},
  fields: {},
  progress: {},
  epochs: [],
});

function withBlock(state: LabViewState, block: Block, known: boolean): Block[] {
  return known ? state.blocks : [...state.blocks, block];
}

function upsertCurve(chart: ChartState | undefined, id: string, title: string, curve: Curve): ChartState {
  const curves = chart?.curves ?? [];
  const index = curves.findIndex((c) => c.name === curve.name);
  const next = index < 0 ? [...curves, curve] : curves.map((c, i) => (i === index ? curve : c));
  return { id, title, curves: next, mark: chart?.mark };
}

export function reduce(state: LabViewState, event: LabEvent): LabViewState {
  switch (event.kind) {
    case 'start':
      return { ...initialState(), start: event };
    case 'text':
      return { ...state, blocks: [...state.blocks, { type: 'text', text: event }] };
    case 'table':
      return {
        ...state,
        blocks: withBlock(state, { type: 'table', id: event.id }, event.id in state.tables),
        tables: { ...state.tables, [event.id]: event },
      };
    case 'series': {
      const chart = upsertCurve(state.charts[event.chart], event.chart, event.title, {
        name: event.name,
        x: event.x,
        y: event.y,
      });
      if (event.mark) chart.mark = event.mark;
      return {
        ...state,
        liveChart: event.chart,
        markedChart: event.mark ? event.chart : state.markedChart,
        blocks: withBlock(state, { type: 'chart', id: event.chart }, event.chart in state.charts),
        charts: { ...state.charts, [event.chart]: chart },
      };
    }
    case 'point': {
      const previous = state.charts[event.chart]?.curves.find((c) => c.name === event.name);
      const curve = { name: event.name, x: [...(previous?.x ?? []), event.x], y: [...(previous?.y ?? []), event.y] };
      return {
        ...state,
        liveChart: event.chart,
        blocks: withBlock(state, { type: 'chart', id: event.chart }, event.chart in state.charts),
        charts: { ...state.charts, [event.chart]: upsertCurve(state.charts[event.chart], event.chart, event.title, curve) },
      };
    }
    case 'matrix':
      return {
        ...state,
        blocks: withBlock(state, { type: 'matrix', id: event.id }, event.id in state.matrices),
        matrices: { ...state.matrices, [event.id]: event },
      };
    case 'image':
      return {
        ...state,
        blocks: withBlock(state, { type: 'image', id: event.id }, event.id in state.images),
        images: { ...state.images, [event.id]: event },
      };
    case 'field':
      return {
        ...state,
        blocks: withBlock(state, { type: 'field', id: event.id }, event.id in state.fields),
        fields: { ...state.fields, [event.id]: event },
      };
    case 'progress':
      return { ...state, progress: { ...state.progress, [event.id]: event } };
    case 'metric':
      return event.scope === 'epoch' ? { ...state, epochs: [...state.epochs, event] } : { ...state, lastStep: event };
    case 'warning':
      return { ...state, blocks: [...state.blocks, { type: 'warning', message: event.message }] };
    case 'result':
      return { ...state, result: event };
    case 'end':
      return { ...state, end: event };
  }
}

export function reduceAll(events: Iterable<LabEvent>): LabViewState {
  let state = initialState();
  for (const event of events) state = reduce(state, event);
  return state;
}
