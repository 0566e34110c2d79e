// Kaggle submissions: ImageId (from 1), Label — written whole or not at all.
import { writeFileWhole } from '../output-path.js';

export function writeSubmission(path: string, predictions: ArrayLike<number>): void {
  const lines = ['ImageId,Label'];
  for (let i = 0; i < predictions.length; i++) lines.push(`${i + 1},${predictions[i]}`);
  writeFileWhole(path, lines.join('\n') + '\n');
}
