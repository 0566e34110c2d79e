// `--data <source>` to a dataset in memory, through one table of sources: a new
// data set is a loader and one entry here (the lab's help is made from the table).
import { shownValue } from '../describe.js';
import { loadCifar10 } from './cifar.js';
import { loadCsvTrain } from './csv.js';
import { DataError, imageSplit, rowWidth, type Dataset } from './dataset.js';
import { loadFashionMnist, loadMnist } from './mnist.js';

type Limits = { train?: number; test?: number };
type Words = { en: string; 'zh-TW': string };

export interface DataSource {
  /** What --data starts with: `mnist`, or `cifar10` in `cifar10:<folder>`. */
  prefix: string;
  /** What follows the colon, in words ("folder"); none: the prefix alone. */
  argument?: Words;
  /** One line on what it is. */
  help: Words;
  load(argument: string, limits: Limits): Dataset;
}

export const DATA_SOURCES: readonly DataSource[] = [
  {
    prefix: 'mnist',
    help: { en: 'handwritten digits, shipped with nnlab', 'zh-TW': '手寫數字，隨 nnlab 附帶' },
    load: (_, limits) => loadMnist(undefined, limits),
  },
  {
    prefix: 'fashion',
    argument: { en: 'folder', 'zh-TW': '資料夾' },
    help: {
      en: "Fashion-MNIST: clothing, MNIST's four IDX files (or .gz) in a folder",
      'zh-TW': 'Fashion-MNIST：衣物，資料夾內 MNIST 格式的四個 IDX 檔（或 .gz）',
    },
    load: (folder, limits) => loadFashionMnist(folder, limits),
  },
  {
    prefix: 'cifar10',
    argument: { en: 'folder', 'zh-TW': '資料夾' },
    help: { en: "CIFAR-10's binary version (data_batch_1.bin …)", 'zh-TW': 'CIFAR-10 二進位版（data_batch_1.bin …）' },
    load: (folder, limits) => limitDataset(loadCifar10(folder), limits),
  },
  {
    prefix: 'csv',
    argument: { en: 'train.csv', 'zh-TW': 'train.csv' },
    help: { en: 'Kaggle-style CSV: label, then pixels', 'zh-TW': 'Kaggle 格式 CSV：標籤，然後像素' },
    load: (path, limits) => limitDataset(loadCsvTrain(path), limits),
  },
];

/** The forms --data takes, e.g. "mnist, fashion:<folder>, cifar10:<folder>, csv:<train.csv>". */
export function dataForms(lang: keyof Words = 'en'): string {
  return DATA_SOURCES.map((s) => (s.argument ? `${s.prefix}:<${s.argument[lang]}>` : s.prefix)).join(', ');
}

/** The source a spec names and its argument; throws a DataError naming the forms. */
export function findDataSource(spec: string): { source: DataSource; argument: string } {
  const colon = spec.indexOf(':');
  const [prefix, argument] = colon < 0 ? [spec, ''] : [spec.slice(0, colon), spec.slice(colon + 1)];
  const source = DATA_SOURCES.find((s) => s.prefix === prefix);
  if (source && (source.argument ? argument.trim() !== '' : colon < 0)) return { source, argument };
  const why = source?.argument ? ` (${prefix} needs ${prefix}:<${source.argument.en}>)` : '';
  throw new DataError(`--data ${shownValue(spec)} is not a data source${why}: use ${dataForms()}`);
}

export function checkDataSpec(spec: string): void {
  findDataSource(spec);
}

export function loadDataset(spec: string, limits: Limits = {}): Dataset {
  const { source, argument } = findDataSource(spec);
  return source.load(argument, limits);
}

/** The first `train` and `test` images (loaders that read everything anyway). */
function limitDataset(dataset: Dataset, limits: Limits): Dataset {
  const width = rowWidth(dataset.train);
  const cut = (split: Dataset['train'], n = Infinity) => {
    const keep = Math.min(split.n, n);
    if (keep === split.n) return split;
    if (split.pixels) return imageSplit(split.pixels.slice(0, keep * width), split.y.slice(0, keep), keep);
    return { x: split.x.slice(0, keep * width), y: split.y.slice(0, keep), n: keep };
  };
  return { ...dataset, train: cut(dataset.train, limits.train), test: dataset.test && cut(dataset.test, limits.test) };
}
