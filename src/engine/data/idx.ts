// The IDX format of MNIST: a big-endian header (magic, counts, sizes), then bytes.
import { existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError, imageSplit, readDataFile } from './dataset.js';

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

const hex = (n: number) => '0x' + n.toString(16).padStart(8, '0');

function checkMagic(path: string, buffer: Buffer, headerBytes: number, magic: number, what: string): void {
  if (buffer.length < headerBytes) {
    throw new DataError(`${path}: only ${buffer.length} bytes, shorter than the ${headerBytes}-byte IDX header of ${what}`);
  }
  const found = buffer.readUInt32BE(0);
  if (found !== magic) {
    throw new DataError(`${path}: wrong magic number ${hex(found)} at offset 0 (IDX ${what} start with ${hex(magic)})`);
  }
}

/** The file, or its gzipped form `path.gz` where only that exists (as Fashion-MNIST is distributed). */
function readIdxFile(path: string): Buffer {
  if (existsSync(path) || !existsSync(`${path}.gz`)) return readDataFile(path, 'no such file (nor a gzipped .gz beside it)');
  try {
    return gunzipSync(readDataFile(`${path}.gz`));
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(`${path}.gz: not a gzip file that can be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
}

/** Images as bytes: count × rows × cols. */
export function readIdxImages(path: string): { count: number; rows: number; cols: number; pixels: Uint8Array } {
  const buffer = readIdxFile(path);
  checkMagic(path, buffer, 16, IDX_IMAGES_MAGIC, 'image files');
  const count = buffer.readUInt32BE(4);
  const rows = buffer.readUInt32BE(8);
  const cols = buffer.readUInt32BE(12);
  const expected = count * rows * cols;
  if (buffer.length - 16 < expected) {
    throw new DataError(
      `${path}: truncated: the header promises ${count} images of ${rows}×${cols} (${expected} bytes after offset 16) but only ${buffer.length - 16} bytes follow`,
    );
  }
  return { count, rows, cols, pixels: new Uint8Array(buffer.buffer, buffer.byteOffset + 16, expected) };
}

/** Labels, each checked to be a class index below `classes`. */
export function readIdxLabels(path: string, classes: number): Uint8Array {
  const buffer = readIdxFile(path);
  checkMagic(path, buffer, 8, IDX_LABELS_MAGIC, 'label files');
  const count = buffer.readUInt32BE(4);
  if (buffer.length - 8 < count) {
    throw new DataError(`${path}: truncated: the header promises ${count} labels (bytes after offset 8) but only ${buffer.length - 8} follow`);
  }
  const labels = new Uint8Array(buffer.buffer, buffer.byteOffset + 8, count);
  const bad = labels.findIndex((label) => label >= classes);
  if (bad >= 0) throw new DataError(`${path}: label ${labels[bad]} at offset ${8 + bad} is out of range (classes 0–${classes - 1})`);
  return labels;
}

/** An images file and its labels file as scaled pixels and class indices. */
export function readIdxPair(imagesPath: string, labelsPath: string, classes: number, limit = Infinity) {
  const images = readIdxImages(imagesPath);
  const labels = readIdxLabels(labelsPath, classes);
  if (labels.length !== images.count) {
    throw new DataError(`${labelsPath}: ${labels.length} labels for ${images.count} images in ${imagesPath}`);
  }
  const n = Math.min(images.count, limit);
  const width = images.rows * images.cols;
  // A view of the file's bytes: no copy.
  const split = imageSplit(images.pixels.subarray(0, n * width), Int32Array.from(labels.subarray(0, n)), n);
  return { rows: images.rows, cols: images.cols, split };
}
