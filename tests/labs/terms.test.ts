// Terms as the course's slides write them in Traditional Chinese.
import { expect, it } from 'vitest';
import { batchesLab } from '../../src/labs/course/batches/lab.js';
import { errorsLab } from '../../src/labs/course/errors/lab.js';
import { lossesLab } from '../../src/labs/course/losses/lab.js';
import { sigmoidLab } from '../../src/labs/course/sigmoid/lab.js';
import { collect } from '../helpers.js';

const allText = async (lab: Parameters<typeof collect>[0]) => JSON.stringify(await collect(lab, { lang: 'zh-TW' }));

it('zh-TW: 多元分類 for more than two classes, 啟動函數 only for the activation function, no 坪 for 100 m²', async () => {
  const texts = await Promise.all([sigmoidLab, lossesLab, batchesLab, errorsLab].map(allText));
  for (const text of texts) {
    expect(text).not.toContain('多類別分類');
    expect(text).not.toContain('啟動值');
    expect(text).not.toContain('坪');
  }
  expect(texts[1]).toContain('多元分類');
  expect(texts[0]).toContain('啟動函數');
});
