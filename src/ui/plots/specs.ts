// A run's pictures to keep, as Vega-Lite specs: each line chart (loss curves,
// L(w), the activation functions), each confusion matrix and each decision map,
// from the same view state the screen draws. Pure data: write-plots.ts renders them.
import type { FieldEvent, MatrixEvent } from '../../labs/kit/events.js';
import type { ChartState, LabViewState } from '../state.js';

/** A Vega-Lite spec (top level); typed loosely, as Vega-Lite checks it when it compiles. */
export type PlotSpec = Record<string, unknown>;

export interface Plot {
  /** For the file name: the chart's, matrix's or map's id. */
  id: string;
  spec: PlotSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 480;
const HEIGHT = 300;
/** Playground's colours: orange for class 0 (or −1), blue for class 1. */
const CLASS_COLOURS = ['#f59322', '#e8eaeb', '#0877bd'];

/** Curves on one pair of axes, each its own colour, the marked point (the current w on L(w)) drawn on top. */
export function lineChartSpec(chart: ChartState): PlotSpec {
  const values = chart.curves.flatMap((curve) => curve.x.map((x, i) => ({ x, y: curve.y[i], curve: curve.name })).filter((p) => Number.isFinite(p.y)));
  const line = {
    mark: { type: 'line', point: chart.curves.every((c) => c.x.length <= 40) },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: null },
      y: { field: 'y', type: 'quantitative', title: null, scale: { zero: false } },
      color: { field: 'curve', type: 'nominal', title: null, legend: chart.curves.length > 1 ? {} : null },
    },
  };
  const mark = chart.mark && {
    data: { values: [chart.mark] },
    mark: { type: 'point', filled: true, size: 80, color: 'black' },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  };
  return { $schema: SCHEMA, title: chart.title, width: WIDTH, height: HEIGHT, data: { values }, layer: mark ? [line, mark] : [line] };
}

/** counts[true][predicted] as a heatmap with the count in each cell. */
export function matrixSpec(matrix: MatrixEvent): PlotSpec {
  const values = matrix.counts.flatMap((row, t) => row.map((count, p) => ({ truth: matrix.labels[t], predicted: matrix.labels[p], count })));
  const side = Math.max(200, Math.min(480, 40 * matrix.labels.length));
  const axis = (field: string, title: string) => ({ field, type: 'ordinal', sort: matrix.labels, title });
  const largest = Math.max(1, ...matrix.counts.flat());
  return {
    $schema: SCHEMA,
    title: matrix.title,
    width: side,
    height: side,
    data: { values },
    encoding: { x: axis('predicted', 'predicted'), y: axis('truth', 'true') },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, title: 'count' } } },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: `datum.count > ${largest / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}

/** The map's cells coloured from class 0 through the boundary to class 1, the data on top (test points hollow). */
export function fieldSpec(field: FieldEvent): PlotSpec {
  const { cols, rows } = field;
  const [x0, x1] = field.x;
  const [y0, y1] = field.y;
  const dx = (x1 - x0) / cols;
  const dy = (y1 - y0) / rows;
  // Cell (r, c) covers x0 + c·dx … x0 + (c + 1)·dx and, row 0 at the top, y1 − (r + 1)·dy … y1 − r·dy.
  const cells = field.values.map((value, i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    return { x: x0 + c * dx, x2: x0 + (c + 1) * dx, y: y1 - (r + 1) * dy, y2: y1 - r * dy, value };
  });
  const points = field.points.x.map((x, i) => ({ x, y: field.points.y[i], label: field.points.label[i], test: field.points.test[i] ? 'test' : 'train' }));
  const [lo, hi] = field.range;
  const scale = { domain: [lo, (lo + hi) / 2, hi], range: CLASS_COLOURS };
  const quantitative = (name: string, domain: [number, number]) => ({ field: name, type: 'quantitative', scale: { domain, nice: false }, title: null });
  return {
    $schema: SCHEMA,
    title: field.title,
    width: 400,
    height: Math.round((400 * (y1 - y0)) / (x1 - x0)),
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', opacity: 0.8 },
        encoding: {
          x: quantitative('x', [x0, x1]),
          x2: { field: 'x2' },
          y: quantitative('y', [y0, y1]),
          y2: { field: 'y2' },
          color: { field: 'value', type: 'quantitative', scale, title: lo < 0 ? 'output' : 'P(class 1)' },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', size: 30, strokeWidth: 1.5 },
        encoding: {
          x: quantitative('x', [x0, x1]),
          y: quantitative('y', [y0, y1]),
          fill: { field: 'label', type: 'quantitative', scale, legend: null },
          stroke: { value: 'white' },
          shape: { field: 'test', type: 'nominal', title: null },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

/** Every picture of the run worth keeping, in the order the screen shows them. */
export function runPlots(state: LabViewState): Plot[] {
  return state.blocks.flatMap((block): Plot[] => {
    if (block.type === 'chart' && state.charts[block.id]?.curves.length) return [{ id: block.id, spec: lineChartSpec(state.charts[block.id]) }];
    if (block.type === 'matrix' && state.matrices[block.id]) return [{ id: block.id, spec: matrixSpec(state.matrices[block.id]) }];
    if (block.type === 'field' && state.fields[block.id]) return [{ id: block.id, spec: fieldSpec(state.fields[block.id]) }];
    return [];
  });
}
