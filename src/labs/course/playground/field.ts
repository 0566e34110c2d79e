// Lab 9's maps: the network's output over the plane as a field event, with the
// data points and every neuron's own small map (computed on the backend).
import { DOMAIN, type SplitPoints, type Task } from '../../../engine/playground/datasets.js';
import { FEATURE_LABELS, featureRows, type FeatureName } from '../../../engine/playground/features.js';
import type { NetActivation, PlaygroundNet } from '../../../engine/playground/network.js';
import { planeGrid, type PlaygroundData } from '../../../engine/playground/training.js';
import { tf } from '../../../engine/tf.js';
import type { FieldEvent, FieldNetwork } from '../../kit/events.js';

/** Cells per side of a neuron's own map. */
const THUMB = 10;
/** Enough digits to draw; fewer bytes per line of --json. */
const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** The per-neuron columns of an activations array laid out [point · size + neuron]. */
function byNeuron(values: Float32Array, size: number, digits: number): number[][] {
  const points = values.length / size;
  return Array.from({ length: size }, (_, j) => Array.from({ length: points }, (_, p) => round(values[p * size + j], digits)));
}

export class FieldMaker {
  private readonly grid: ReturnType<typeof planeGrid>;
  private readonly thumbs = planeGrid(THUMB, THUMB);
  private readonly points: FieldEvent['points'];

  constructor(
    private readonly data: PlaygroundData,
    private readonly features: readonly FeatureName[],
    private readonly task: Task,
    resolution: number,
    split: SplitPoints,
  ) {
    this.grid = planeGrid(resolution, resolution);
    const all = [split.train, split.test];
    this.points = {
      x: all.flatMap((p) => p.x1.map((v) => round(v, 3))),
      y: all.flatMap((p) => p.x2.map((v) => round(v, 3))),
      label: all.flatMap((p) => p.label.map((v) => round(v, 3))),
      test: all.flatMap((p, i) => p.label.map(() => i === 1)),
    };
  }

  /** The input features' own maps: each feature's value over the plane. */
  private inputMaps(): number[][] {
    const rows = featureRows(this.thumbs.x1, this.thumbs.x2, this.features);
    return byNeuron(rows, this.features.length, 3);
  }

  private async network(net: PlaygroundNet, activation: NetActivation): Promise<FieldNetwork> {
    const x = this.data.inputs(this.thumbs.x1, this.thumbs.x2);
    try {
      const { layers } = await net.activations(x, activation);
      const sizes = net.sizes.slice(1);
      return {
        inputs: this.features.map((f) => FEATURE_LABELS[f]),
        layers: [...sizes],
        weights: (await net.weights()).map((layer) => layer.W.map((w) => round(w, 4))),
        thumb: THUMB,
        neurons: [this.inputMaps(), ...layers.map((values, l) => byNeuron(values, sizes[l], 3))],
      };
    } finally {
      tf().dispose(x);
    }
  }

  async field(net: PlaygroundNet, activation: NetActivation, step: number, title: string): Promise<FieldEvent> {
    const x = this.data.inputs(this.grid.x1, this.grid.x2);
    let output: Float32Array;
    try {
      output = (await net.activations(x, activation)).layers.at(-1)!;
    } finally {
      tf().dispose(x);
    }
    const side = Math.round(Math.sqrt(this.grid.x1.length));
    return {
      kind: 'field',
      id: 'output',
      title,
      step,
      x: [-DOMAIN, DOMAIN],
      y: [-DOMAIN, DOMAIN],
      cols: side,
      rows: side,
      values: Array.from(output, (v) => round(v, 4)),
      range: this.task === 'classification' ? [0, 1] : [-1, 1],
      points: this.points,
      network: await this.network(net, activation),
    };
  }
}
