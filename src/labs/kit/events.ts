// The LabEvent protocol: every lab run is a stream of these JSON-serialisable
// events, and every front end (full-screen app, text, NDJSON) consumes the same
// stream. Bump SCHEMA_VERSION on any incompatible change; tests pin the shapes.

export const SCHEMA_VERSION = 1;

export type Cell = string | number | null;
export type ParamValue = number | string | boolean | number[];
export type ParamValues = Record<string, ParamValue>;

export interface StartEvent {
  kind: 'start';
  schema: typeof SCHEMA_VERSION;
  lab: string;
  number: number;
  title: string;
  params: ParamValues;
  seed: number;
  backend: string;
  device: string;
  deviceDetail: string;
  version: string;
  lang: string;
  time: string;
}

/** Narration. style 'heading' starts a section; 'formula' is maths to show verbatim. */
export interface TextEvent {
  kind: 'text';
  text: string;
  style?: 'heading' | 'body' | 'formula';
}

/** A table; a later table with the same id replaces it. */
export interface TableEvent {
  kind: 'table';
  id: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** A whole curve of a chart; curves with the same chart id are drawn together. */
export interface SeriesEvent {
  kind: 'series';
  chart: string;
  title: string;
  name: string;
  x: number[];
  y: number[];
  /** Optional marker drawn on the chart, e.g. the current w on L(w). */
  mark?: { x: number; y: number };
}

/** One streaming point of a named curve, e.g. the loss per step. */
export interface PointEvent {
  kind: 'point';
  chart: string;
  title: string;
  name: string;
  x: number;
  y: number;
}

export interface ProgressEvent {
  kind: 'progress';
  id: string;
  label: string;
  done: number;
  total: number;
}

/** A confusion matrix: counts[true][predicted]. */
export interface MatrixEvent {
  kind: 'matrix';
  id: string;
  title: string;
  labels: string[];
  counts: number[][];
}

/**
 * Pictures, such as a lab's test images with their predicted class: the
 * screen draws them at its own width. Pixels are levels in [0, 1], C×H×W.
 */
export interface ImageEvent {
  kind: 'image';
  id: string;
  title: string;
  /** [C, H, W]: channels, height, width. */
  shape: [number, number, number];
  images: { pixels: number[]; caption: string }[];
}

/** Metrics of one step or epoch (text mode prints epochs as Keras verbose=2 lines). */
export interface MetricEvent {
  kind: 'metric';
  scope: 'step' | 'epoch';
  step: number;
  total?: number;
  values: Record<string, number>;
  elapsedMs?: number;
}

export interface WarningEvent {
  kind: 'warning';
  message: string;
}

/**
 * A function of the plane drawn as a map (lab 9's decision boundary): values on
 * a grid of cells, the data points on top, and optionally the network that
 * computed it. Cell (r, c) is values[r · cols + c], at its centre
 * x = x[0] + (c + ½)(x[1] − x[0]) / cols and y = y[1] − (r + ½)(y[1] − y[0]) / rows:
 * row 0 is the top of the map (the largest y).
 */
export interface FieldEvent {
  kind: 'field';
  id: string;
  title: string;
  /** The epoch it shows (0: before training). */
  step: number;
  x: [number, number];
  y: [number, number];
  cols: number;
  rows: number;
  values: number[];
  /** What the values span: [0, 1] a class-1 probability (0.5 is the boundary), [−1, 1] a regression value. */
  range: [number, number];
  /** The data: position, label (or target value), and whether the point is held out for testing. */
  points: { x: number[]; y: number[]; label: number[]; test: boolean[] };
  network?: FieldNetwork;
}

/** A small network drawn neuron by neuron, as Playground's thumbnails. */
export interface FieldNetwork {
  /** The input features' names, e.g. x₁, x₁². */
  inputs: string[];
  /** Neurons per layer after the inputs: hidden layers, then the output. */
  layers: number[];
  /** Per layer after the inputs, its incoming weights row-major [in × out]: weights[l][i · out + j] from neuron i to neuron j. */
  weights: number[][];
  /** Each neuron's own map over the same plane, thumb × thumb values laid out as the field's: [layer][neuron], layer 0 the inputs. */
  thumb: number;
  neurons: number[][][];
}

/** The final numbers of a run, for scripts. */
export interface ResultEvent {
  kind: 'result';
  metrics: Record<string, number>;
  values?: Record<string, unknown>;
}

export interface EndEvent {
  kind: 'end';
  status: 'ok' | 'error' | 'interrupted';
  elapsedMs: number;
  error?: string;
  /** With status 'error': 'input' when what the user gave was wrong (a file, a value), else 'failure'. */
  errorKind?: 'input' | 'failure';
}

export type LabEvent =
  | StartEvent
  | TextEvent
  | TableEvent
  | SeriesEvent
  | PointEvent
  | ProgressEvent
  | MatrixEvent
  | ImageEvent
  | MetricEvent
  | WarningEvent
  | FieldEvent
  | ResultEvent
  | EndEvent;

export type LabEventKind = LabEvent['kind'];
