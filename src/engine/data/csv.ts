// Kaggle-style CSV (the course's homework): a header row, then a label column
// and pixel columns (0–255) for training, pixel columns only for the test file.
import { DataError, imageSplit, readDataFile, shapeForPixels, type Dataset, type Split } from './dataset.js';
import { DIGITS } from './mnist.js';

function readLines(path: string): string[] {
  const lines = readDataFile(path).toString('utf8').split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  if (lines.length < 2) throw new DataError(`${path}: needs a header row and at least one data row`);
  return lines;
}

interface ParsedCsv {
  header: string[];
  labels?: Int32Array;
  /** The pixel values as written (0–255). */
  values: Float32Array;
  width: number;
  n: number;
}

/** A number as a person writes one in a CSV: decimal, maybe with a fraction or an exponent; not 0x10, 0b1, Infinity. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses every row; `withLabels` expects a column named "label". */
function parseCsv(path: string, withLabels: boolean, classes: number): ParsedCsv {
  const lines = readLines(path);
  const header = lines[0].split(',').map((h) => h.trim());
  const labelColumn = header.findIndex((h) => h.toLowerCase() === 'label');
  if (withLabels && labelColumn < 0) throw new DataError(`${path}: row 1 (the header) has no "label" column`);
  if (header.some((h) => h !== '' && /^-?\d+(\.\d+)?$/.test(h))) {
    throw new DataError(`${path}: row 1 should be a header (column names) but holds numbers: add a header row`);
  }
  const pixelColumns = header.length - (labelColumn >= 0 ? 1 : 0);
  if (pixelColumns === 0) throw new DataError(`${path}: no pixel columns: the header has only a "label" column (a training file is label, pixel0, pixel1, …)`);
  const n = lines.length - 1;
  const values = new Float32Array(n * pixelColumns);
  const labels = labelColumn >= 0 ? new Int32Array(n) : undefined;
  for (let r = 0; r < n; r++) {
    const rowNumber = r + 2; // 1-based, after the header
    const cells = lines[r + 1].split(',');
    if (cells.length !== header.length) {
      throw new DataError(`${path}: row ${rowNumber} has ${cells.length} columns, the header has ${header.length}`);
    }
    let p = 0;
    for (let c = 0; c < cells.length; c++) {
      const text = cells[c].trim();
      const value = Number(text);
      if (!DECIMAL.test(text) || !Number.isFinite(value)) {
        throw new DataError(`${path}: row ${rowNumber}, column ${c + 1} ("${header[c]}"): ${JSON.stringify(cells[c])} is not a number`);
      }
      if (c === labelColumn) {
        if (!Number.isInteger(value) || value < 0 || value >= classes) {
          throw new DataError(`${path}: row ${rowNumber}: label ${text} is out of range (classes 0–${classes - 1})`);
        }
        labels![r] = value;
      } else {
        if (value < 0 || value > 255) throw new DataError(`${path}: row ${rowNumber}, column ${c + 1} ("${header[c]}"): pixel ${text} is outside 0–255`);
        values[r * pixelColumns + p++] = value;
      }
    }
  }
  return { header, labels, values, width: pixelColumns, n };
}

/** The pixels as a split's inputs: bytes where every value is a whole number (images), else floats; scaled to [0, 1]. */
function pixelsOf(parsed: ParsedCsv, labels: Int32Array): Split {
  const { values, n } = parsed;
  if (values.every(Number.isInteger)) return imageSplit(Uint8Array.from(values), labels, n);
  return { x: values.map((v) => v / 255), y: labels, n };
}

/** A warning where the file looks scaled to 0–1 already: nnlab would divide by 255 again. */
function scaledWarning(path: string, values: Float32Array): string[] {
  return values.length > 0 && values.every((v) => v <= 1)
    ? [`${path}: pixel values are all ≤ 1: the file looks scaled already; nnlab expects 0–255 and divides by 255`]
    : [];
}

export function loadCsvTrain(path: string): Dataset {
  const parsed = parseCsv(path, true, DIGITS.length);
  return {
    name: `CSV ${path}`,
    inputShape: shapeForPixels(parsed.width),
    classNames: DIGITS,
    train: pixelsOf(parsed, parsed.labels!),
    warnings: scaledWarning(path, parsed.values),
  };
}

/** The unlabelled images of a Kaggle test.csv; their pixel count must match training. */
export function loadCsvTest(path: string, width: number): { x: Float32Array; n: number } {
  const parsed = parseCsv(path, false, DIGITS.length);
  if (parsed.labels) throw new DataError(`${path}: a test file has no "label" column (this looks like a training file)`);
  if (parsed.width !== width) throw new DataError(`${path}: ${parsed.width} pixel columns, but the model was trained on ${width}`);
  return { x: parsed.values.map((v) => v / 255), n: parsed.n };
}
