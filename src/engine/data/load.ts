// `--data mnist | cifar10:<dir> | csv:<train.csv>` to a dataset in memory.
import { shownValue } from '../describe.js';
import { loadCifar10 } from './cifar.js';
import { loadCsvTrain } from './csv.js';
import { DataError, type Dataset } from './dataset.js';
import { loadMnist } from './mnist.js';

export const DATA_FORMS = 'mnist, cifar10:<folder>, csv:<train.csv>';

export function checkDataSpec(spec: string): void {
  if (spec === 'mnist') return;
  const [kind, ...rest] = spec.split(':');
  if ((kind === 'cifar10' || kind === 'csv') && rest.join(':').trim() !== '') return;
  throw new DataError(`--data ${shownValue(spec)} is not a data source: use ${DATA_FORMS}`);
}

export function loadDataset(spec: string, limits: { train?: number; test?: number } = {}): Dataset {
  checkDataSpec(spec);
  if (spec === 'mnist') return loadMnist(undefined, limits);
  const [kind, ...rest] = spec.split(':');
  const path = rest.join(':');
  const dataset = kind === 'cifar10' ? loadCifar10(path) : loadCsvTrain(path);
  return limitDataset(dataset, limits);
}

/** The first `train` and `test` images (loaders that read everything anyway). */
function limitDataset(dataset: Dataset, limits: { train?: number; test?: number }): Dataset {
  const width = dataset.train.x.length / dataset.train.n;
  const cut = (split: Dataset['train'], n = Infinity) => {
    const keep = Math.min(split.n, n);
    return keep === split.n ? split : { x: split.x.slice(0, keep * width), y: split.y.slice(0, keep), n: keep };
  };
  return { ...dataset, train: cut(dataset.train, limits.train), test: dataset.test && cut(dataset.test, limits.test) };
}
