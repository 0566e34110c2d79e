// Saving and loading in TensorFlow.js's Layers format (model.json + weights.bin),
// which tf.loadLayersModel reads too. nnlab's own description of the model
// (spec, input shape, class names) travels in userDefinedMetadata.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, readDataFile } from '../data/dataset.js';
import { readWeights, type Mlp } from './model.js';
import { checkShapes, parseModelSpec, type LayerSpec } from './model-spec.js';
import { tf } from '../tf.js';

export interface SavedModelInfo {
  spec: string;
  inputShape: [number, number, number];
  classNames: string[];
}

const KERAS_ACTIVATION: Partial<Record<LayerSpec['type'], string>> = {
  ReLU: 'relu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  ELU: 'elu',
  Softmax: 'softmax',
};

/** The same network as a tf.Sequential, carrying the trained weights. */
function asLayersModel(model: Mlp, inputFeatures: number, weights: { W: Float32Array; b: Float32Array }[]) {
  const tfjs = tf();
  const seq = tfjs.sequential();
  seq.add(tfjs.layers.inputLayer({ inputShape: [inputFeatures] }));
  for (const layer of model.layers) {
    if (layer.type === 'Linear') seq.add(tfjs.layers.dense({ units: layer.out }));
    else if (layer.type === 'LeakyReLU') seq.add(tfjs.layers.leakyReLU({ alpha: 0.01 }));
    else if (layer.type !== 'Flatten') seq.add(tfjs.layers.activation({ activation: KERAS_ACTIVATION[layer.type] as 'relu' }));
  }
  const values = tfjs.tidy(() =>
    weights.flatMap(({ W, b }, i) => {
      const linear = model.params[i];
      return [tfjs.tensor2d(W, linear.W.shape as [number, number]), tfjs.tensor1d(b)];
    }),
  );
  seq.setWeights(values);
  tfjs.dispose(values);
  return seq;
}

/** Writes model.json and weights.bin into `dir`; each file appears only when complete. */
export async function saveModel(model: Mlp, dir: string, info: SavedModelInfo): Promise<void> {
  const tfjs = tf();
  const features = info.inputShape.reduce((a, b) => a * b, 1);
  const seq = asLayersModel(model, features, await readWeights(model));
  seq.setUserDefinedMetadata({ nnlab: info as unknown as Record<string, unknown> });
  mkdirSync(dir, { recursive: true });
  const writeAtomic = (name: string, data: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path + '.partial', data);
    renameSync(path + '.partial', path);
  };
  await seq.save(
    tfjs.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData as ArrayBuffer;
      writeAtomic('weights.bin', new Uint8Array(weightData));
      writeAtomic(
        'model.json',
        JSON.stringify({
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tfjs.version.tfjs}`,
          convertedBy: 'nnlab',
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs }],
          userDefinedMetadata: artifacts.userDefinedMetadata,
        }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength } };
    }),
  );
  seq.dispose();
}

/** Reads a model saved by saveModel: its description and its weights per Linear. */
export function loadModelFiles(dir: string): { info: SavedModelInfo; weights: { W: Float32Array; b: Float32Array }[] } {
  const tfjs = tf();
  const jsonPath = join(dir, 'model.json');
  const text = readDataFile(jsonPath, 'no such file (--load takes a folder written by --save)').toString('utf8');
  let json: {
    weightsManifest?: { paths: string[]; weights: Parameters<typeof tfjs.io.decodeWeights>[1] }[];
    userDefinedMetadata?: { nnlab?: SavedModelInfo };
  };
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${jsonPath}: not valid JSON (${(err as Error).message})`);
  }
  const info = json.userDefinedMetadata?.nnlab;
  const manifest = json.weightsManifest?.[0];
  if (!info || !manifest) throw new DataError(`${jsonPath}: not a model saved by nnlab (no nnlab metadata or weights manifest)`);
  const binPath = join(dir, manifest.paths[0]);
  const bin = readDataFile(binPath, 'missing (model.json names it as the weights file)');
  const layers = parseModelSpec(info.spec);
  checkShapes(layers, info.inputShape);
  // The manifest must describe W [in, out] and b [out] for each Linear, in order.
  const expected = layers.flatMap((l) => (l.type === 'Linear' ? [[l.in, l.out], [l.out]] : []));
  const shapes = manifest.weights.map((w) => w.shape);
  if (shapes.length !== expected.length || shapes.some((shape, i) => shape.join('×') !== expected[i].join('×'))) {
    throw new DataError(`${jsonPath}: its weights (${shapes.map((s) => s.join('×')).join(', ')}) do not fit the model ${info.spec}`);
  }
  const expectedBytes = manifest.weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (bin.length !== expectedBytes) throw new DataError(`${binPath}: ${bin.length} bytes, the manifest describes ${expectedBytes}`);
  const tensors = tfjs.io.decodeWeights(new Uint8Array(bin).buffer, manifest.weights);
  const ordered = manifest.weights.map((w) => tensors[w.name]);
  const weights: { W: Float32Array; b: Float32Array }[] = [];
  for (let i = 0; i < ordered.length; i += 2) {
    weights.push({ W: ordered[i].dataSync() as Float32Array, b: ordered[i + 1].dataSync() as Float32Array });
  }
  tfjs.dispose(ordered);
  return { info, weights };
}
