// The programmatic API, from the sources and as the built package.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labs, runLab, SCHEMA_VERSION } from '../src/index.js';

describe("import { labs, runLab } from 'nnlab'", () => {
  it('lists the labs and runs one by id as an async iterable of events', async () => {
    expect(labs.map((l) => l.id)).toEqual(['sigmoid', 'losses', 'descent', 'batches', 'backprop', 'mlp', 'gpu', 'errors', 'playground']);
    const kinds: string[] = [];
    let ce: number | undefined;
    for await (const event of runLab('losses', { backend: 'cpu', params: { pred: [0.1, 0.9], target: '1', loss: 'ce' } })) {
      kinds.push(event.kind);
      if (event.kind === 'result') ce = event.metrics.ce;
      if (event.kind === 'start') expect(event.schema).toBe(SCHEMA_VERSION);
    }
    expect(kinds[0]).toBe('start');
    expect(kinds.at(-1)).toBe('end');
    expect(ce).toBeCloseTo(-Math.log(0.9), 5);
  });

  it('throws at once for a bad parameter', () => {
    expect(() => runLab(3, { params: { lr: 'x' } })).toThrow(/--lr must be a number/);
  });

  it('works as the built package, imported by its name', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const script =
      "const { labs, runLab } = await import('nnlab'); let n = 0; for await (const e of runLab('sigmoid', { backend: 'cpu' })) n++; console.log(labs.length, n > 5);";
    const { stdout } = await execa('node', ['--input-type=module', '-e', script], { cwd: root });
    expect(stdout.trim()).toBe('9 true');
  });
});
