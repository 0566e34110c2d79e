// Parameters several labs declare alike: one wording of their help, in both
// languages; each lab gives its own default and range.
import { number } from './define.js';

/** η, the step size of gradient descent. */
export const learningRate = (range: { default: number; min: number; max: number; live?: true }) =>
  number({ ...range, help: { en: 'learning rate η', 'zh-TW': '學習率 (learning rate) η' } });
