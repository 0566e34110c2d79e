// Lab 9 in the full-screen app: the map panel at 80×24 and 200×50 in both
// languages, and the parameter panel's live changes (no restart) and restarts.
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { labs } from '../../../src/labs/registry.js';
import { playgroundLab } from '../../../src/labs/course/playground/lab.js';
import { App } from '../../../src/ui/app/components/App.js';
import { frameLines, KEYS, renderAt, waitFor } from './ink-harness.js';

afterEach(() => cleanup());

const epochOf = (frame: string) => Number(/epoch (\d+)\/\d+ ·/.exec(frame)?.[1] ?? -1);

describe('lab 9 in the app', () => {
  it.each([
    [80, 24, 'en'],
    [80, 24, 'zh-TW'],
    [200, 50, 'en'],
    [200, 50, 'zh-TW'],
  ] as const)(
    'at %i×%i (%s): the map, the losses and the network, within the terminal',
    async (columns, rows, lang) => {
      const { lastFrame } = renderAt(<App labs={labs} initialLab={playgroundLab} initialParams={{ epochs: 30, points: 200, hidden: [3] }} />, columns, rows, {
        lang,
      });
      await waitFor(() => /— (done|完成) ·/.test(lastFrame()!), 'the run to end', 15_000);
      const frame = lastFrame()!;
      const lines = frameLines(frame);
      expect(lines.length).toBeLessThanOrEqual(rows - 1);
      for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
      expect(frame).toContain(lang === 'en' ? 'epoch 30/30 · loss' : '第 30/30 回合 · 損失');
      expect(frame).toMatch(/in +h1 +out/);
      expect(frame).toContain('X=1 O=0 train  x o test'); // the legend (no colour in this harness)
      expect(frame).toContain(lang === 'en' ? 'Playground: the decision boundary' : 'Playground：決策邊界');
      // The map is square in cells of 1×2: as many rows as the panel, twice as many columns.
      const mapRows = lines.filter((l) => /^[ ░▒▓█XxOo]{16,}( {2}|$)/.test(l));
      expect(mapRows.length).toBeGreaterThanOrEqual(rows === 24 ? 10 : 35);
    },
    30_000,
  );

  it('p, a new learning rate and Enter: applied live from the next epoch, the run goes on; a new hidden layer restarts and says so', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={playgroundLab} initialParams={{ epochs: 100_000, points: 200 }} />, 80, 24, {
      delayMs: 5,
    });
    await waitFor(() => epochOf(lastFrame()!) >= 3, 'a few epochs');
    stdin.write('p');
    await waitFor(() => lastFrame()!.includes('Parameters (p to close)'), 'the panel');
    for (let i = 0; i < 4; i++) stdin.write(KEYS.down); // dataset, features, hidden, activation → lr
    await waitFor(() => /› lr +0\.1 +\(live\)/.test(lastFrame()!), 'lr selected');
    stdin.write('0.5');
    await waitFor(() => lastFrame()!.includes('0.5_'), 'the typed value');
    stdin.write(KEYS.enter);
    await waitFor(() => /› lr +0\.5 /.test(lastFrame()!), 'the value set');
    stdin.write(KEYS.enter);
    await waitFor(() => lastFrame()!.includes('live: --lr 0.1 → 0.5, from the next step'), 'the notice');
    const before = epochOf(lastFrame()!);
    await waitFor(() => lastFrame()!.includes('η 0.5'), 'the run using η 0.5');
    expect(epochOf(lastFrame()!)).toBeGreaterThanOrEqual(before); // not restarted

    stdin.write('p');
    await waitFor(() => lastFrame()!.includes('Parameters (p to close)'), 'the panel again');
    stdin.write(KEYS.up);
    stdin.write(KEYS.up); // lr → activation → hidden
    await waitFor(() => /› hidden +4 /.test(lastFrame()!), 'hidden selected');
    stdin.write('4,2');
    await waitFor(() => lastFrame()!.includes('4,2_'), 'the typed layers');
    stdin.write(KEYS.enter);
    await waitFor(() => /› hidden +4,2 /.test(lastFrame()!), 'the layers set');
    stdin.write(KEYS.enter);
    await waitFor(() => lastFrame()!.includes('restarted with --hidden 4 → 4,2'), 'the restart notice');
    await waitFor(() => /in +h1 +h2 +out/.test(lastFrame()!), 'the new network');
  }, 30_000);

  it('a live change said in the footer goes when the run ends: the keys are there again', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={playgroundLab} initialParams={{ epochs: 40, points: 200 }} />, 80, 24, { delayMs: 25 });
    await waitFor(() => epochOf(lastFrame()!) >= 2, 'a few epochs');
    stdin.write('p');
    await waitFor(() => lastFrame()!.includes('Parameters (p to close)'), 'the panel');
    for (let i = 0; i < 4; i++) stdin.write(KEYS.down);
    await waitFor(() => /› lr +0\.1 +\(live\)/.test(lastFrame()!), 'lr selected');
    stdin.write('0.2');
    stdin.write(KEYS.enter);
    await waitFor(() => /› lr +0\.2 /.test(lastFrame()!), 'the value set');
    stdin.write(KEYS.enter);
    await waitFor(() => lastFrame()!.includes('live: --lr 0.1 → 0.2'), 'the notice');
    await waitFor(() => lastFrame()!.includes('— done'), 'the run to end', 20_000);
    await waitFor(() => !lastFrame()!.includes('live: --lr') && lastFrame()!.includes('r rerun'), 'the keys again');
  }, 30_000);
  it('+ adds a neuron (the run starts over and says so), t hides the test points, d discretizes the map', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={playgroundLab} initialParams={{ epochs: 100_000, points: 200 }} />, 80, 24, {
      delayMs: 5,
    });
    await waitFor(() => epochOf(lastFrame()!) >= 2, 'a few epochs');
    stdin.write('+');
    await waitFor(() => lastFrame()!.includes('restarted with --hidden 4 → 5'), 'the restart');
    stdin.write(' '); // held, so that the map stays as it is while its view changes
    await waitFor(() => lastFrame()!.includes('paused') && /in +h1 +out/.test(lastFrame()!), 'paused, with the new network');
    // The map: the rows below the heading, as wide as the legend beside its last row is far in.
    const mapText = () => {
      const lines = frameLines(lastFrame());
      const legend = lines.findIndex((line) => line.includes('X=1 O=0'));
      if (legend < 0) return ''; // between runs: no map yet
      const columns = lines[legend].indexOf('X=1 O=0') - 2;
      return lines
        .slice(3, legend + 1)
        .map((line) => line.slice(0, columns))
        .join('');
    };
    await waitFor(() => /[xo]/.test(mapText()), 'test points on the map');
    stdin.write('t');
    await waitFor(() => !/[xo]/.test(mapText()), 'no test points');
    // Discretized: the map's shades are only the two ends of the scale.
    // Discretized: the map's cells are the two ends of the scale, the middle shade only where two cells blend.
    const middle = () => (mapText().match(/▒/g) ?? []).length / Math.max(1, mapText().length);
    await waitFor(() => middle() > 0.5, 'the map near 0.5 everywhere, untrained');
    stdin.write('d');
    await waitFor(() => middle() < 0.2, 'two classes');
  });
  it.each([
    [140, 40, true],
    [80, 24, false],
  ])('at %i×%i the parameter panel sits beside the map: %s', async (columns, rows, beside) => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={playgroundLab} initialParams={{ epochs: 100_000, points: 200 }} />, columns, rows, {
      delayMs: 5,
    });
    await waitFor(() => epochOf(lastFrame()!) >= 2, 'a few epochs');
    stdin.write('p');
    await waitFor(() => lastFrame()!.includes('Parameters (p to close)'), 'the panel');
    const lines = frameLines(lastFrame());
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
    expect(lines.length).toBeLessThanOrEqual(rows - 1);
    // The panel's title to the right of the map's rows, on one line.
    expect(lines.some((line) => /^[ ░▒▓█XOxo]{16,} {2}.*Parameters \(p to close\)/.test(line))).toBe(beside);
    expect(lastFrame()!.includes('X=1 O=0')).toBe(beside);
  });
});
