// Saving and loading in TensorFlow.js's Layers format (model.json + weights.bin),
// which tf.loadLayersModel reads too. nnlab's own description of the model
// (spec, input shape, class names) travels in userDefinedMetadata.
import { mkdirSync } from 'node:fs';
import { writeFileWhole } from '../output-path.js';
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
  const writeAtomic = (name: string, data: string | Uint8Array) => writeFileWhole(join(dir, name), data);
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

type WeightSpec = Parameters<ReturnType<typeof tf>['io']['decodeWeights']>[1][number];

/** A value's kind in words, for a message: null, a string, an array, a number … */
const kindOf = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;

/**
 * model.json's fields that loading reads, checked one by one: the first that is
 * missing or of the wrong kind is named with its path, so that a hand-edited or
 * truncated file says what is wrong with it (not a JavaScript TypeError).
 */
function readSavedModel(json: unknown, jsonPath: string): { info: SavedModelInfo; paths: string[]; weights: WeightSpec[] } {
  const fail = (field: string, problem: string): never => {
    throw new DataError(`${jsonPath}: not a model saved by nnlab: ${field} ${problem}`);
  };
  const object = (value: unknown, field: string) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : fail(field, `is ${kindOf(value)}, not an object`);
  const root = object(json, 'the file');
  const info = object(object(root.userDefinedMetadata, 'userDefinedMetadata').nnlab, 'userDefinedMetadata.nnlab');
  const at = 'userDefinedMetadata.nnlab';
  if (typeof info.spec !== 'string' || info.spec.trim() === '') fail(`${at}.spec`, `is ${kindOf(info.spec)}, not a model spec`);
  const shape = info.inputShape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    fail(`${at}.inputShape`, `is ${JSON.stringify(shape) ?? 'missing'}, not [C, H, W] of positive whole numbers`);
  }
  if (!Array.isArray(info.classNames) || !info.classNames.every((c) => typeof c === 'string')) fail(`${at}.classNames`, 'is not a list of class names');
  if (!Array.isArray(root.weightsManifest) || root.weightsManifest.length === 0) fail('weightsManifest', 'is missing or empty');
  const manifest = object((root.weightsManifest as unknown[])[0], 'weightsManifest[0]');
  const paths = manifest.paths;
  if (!Array.isArray(paths) || paths.length === 0) fail('weightsManifest[0].paths', 'is empty');
  if (!(paths as unknown[]).every((p) => typeof p === 'string' && p !== '')) fail('weightsManifest[0].paths', 'holds something other than file names');
  if (!Array.isArray(manifest.weights) || manifest.weights.length === 0) fail('weightsManifest[0].weights', 'is missing or empty');
  (manifest.weights as unknown[]).forEach((w, i) => {
    const weight = object(w, `weightsManifest[0].weights[${i}]`);
    const field = `weightsManifest[0].weights[${i}]`;
    if (typeof weight.name !== 'string') fail(`${field}.name`, `is ${kindOf(weight.name)}, not a name`);
    if (!Array.isArray(weight.shape) || !weight.shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`${field}.shape`, 'is not a list of sizes');
    if (weight.dtype !== 'float32') fail(`${field}.dtype`, `is ${JSON.stringify(weight.dtype)}; nnlab saves float32`);
  });
  return { info: info as unknown as SavedModelInfo, paths: paths as string[], weights: manifest.weights as WeightSpec[] };
}

/** Reads a model saved by saveModel: its description and its weights per Linear. */
export function loadModelFiles(dir: string): { info: SavedModelInfo; weights: { W: Float32Array; b: Float32Array }[] } {
  const tfjs = tf();
  const jsonPath = join(dir, 'model.json');
  const text = readDataFile(jsonPath, 'no such file (--load takes a folder written by --save)').toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${jsonPath}: not valid JSON (${(err as Error).message})`);
  }
  const { info, paths, weights: specs } = readSavedModel(json, jsonPath);
  const binPath = join(dir, paths[0]);
  const bin = readDataFile(binPath, 'missing (model.json names it as the weights file)');
  let layers: LayerSpec[];
  try {
    layers = parseModelSpec(info.spec);
    checkShapes(layers, info.inputShape);
  } catch (err) {
    throw new DataError(`${jsonPath}: userDefinedMetadata.nnlab.spec: ${(err as Error).message}`, { cause: err });
  }
  // The manifest must describe W [in, out] and b [out] for each Linear, in order.
  const expected = layers.flatMap((l) => (l.type === 'Linear' ? [[l.in, l.out], [l.out]] : []));
  const shapes = specs.map((w) => w.shape);
  if (shapes.length !== expected.length || shapes.some((shape, i) => shape.join('×') !== expected[i].join('×'))) {
    throw new DataError(`${jsonPath}: its weights (${shapes.map((s) => s.join('×')).join(', ')}) do not fit the model ${info.spec}`);
  }
  const expectedBytes = specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (bin.length !== expectedBytes) throw new DataError(`${binPath}: ${bin.length} bytes, the manifest describes ${expectedBytes}`);
  const tensors = tfjs.io.decodeWeights(new Uint8Array(bin).buffer, specs);
  const ordered = specs.map((w) => tensors[w.name]);
  const weights: { W: Float32Array; b: Float32Array }[] = [];
  for (let i = 0; i < ordered.length; i += 2) {
    weights.push({ W: ordered[i].dataSync() as Float32Array, b: ordered[i + 1].dataSync() as Float32Array });
  }
  tfjs.dispose(ordered);
  return { info, weights };
}
