import { describe, expect, it } from 'vitest';
import { sigmoidLab } from '../../src/labs/sigmoid.js';
import { createTextReporter } from '../../src/ui/text/reporter.js';
import { collect } from '../helpers.js';

async function textOf(lang: 'en' | 'zh-TW'): Promise<string> {
  const lines: string[] = [];
  const report = createTextReporter((line) => lines.push(line), { style: { width: 80, color: false, ascii: false } });
  for (const event of await collect(sigmoidLab, { lang })) report(event);
  return lines.join('\n');
}

describe("nnlab's own words around a lab's output, in the run's language", () => {
  it('English', async () => {
    const text = await textOf('en');
    expect(text).toMatch(/^backend: cpu · .* · seed 42$/m);
    expect(text).toMatch(/^result:$/m);
    expect(text).toMatch(/^done in \d+ms$/m);
  });

  it('Traditional Chinese, with the English terms', async () => {
    const text = await textOf('zh-TW');
    expect(text).toMatch(/^後端 \(backend\): cpu · .* · 種子 \(seed\) 42$/m);
    expect(text).toMatch(/^結果 \(result\)：$/m);
    expect(text).toMatch(/^完成，用時 \d+ms$/m);
    expect(text).not.toMatch(/^(backend|result|done in)/m);
  });
});
