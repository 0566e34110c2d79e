// Charts on the lab screen: braille where the app draws Unicode, l for a log
// y axis, and a bigger pinned chart in a taller window.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { labs } from '../../../src/labs/registry.js';
import { App } from '../../../src/ui/app/components/App.js';
import { frameLines, renderAt, waitFor } from './ink-harness.js';

afterEach(() => cleanup());

const BRAILLE = /[\u2801-\u28ff]/;

async function descentDone(columns: number, rows: number) {
  const { descentLab } = await import('../../../src/labs/course/descent/lab.js');
  const app = renderAt(<App labs={labs} initialLab={descentLab} initialParams={{ steps: 3 }} />, columns, rows, { delayMs: 1 });
  await waitFor(() => app.lastFrame()!.includes('— done'), 'descent to finish');
  return app;
}

describe('charts on the lab screen', () => {
  it('draws line charts in braille', async () => {
    const { lastFrame } = await descentDone(80, 24);
    expect(lastFrame()).toMatch(BRAILLE);
  });

  it('l puts the y axis on a log scale, says so, and l again goes back', async () => {
    const { lastFrame, stdin } = await descentDone(80, 24);
    // The charts, without the footer (whose keys name l log y).
    const charts = () => frameLines(lastFrame()).slice(0, -1).join('\n');
    expect(charts()).not.toContain('log y');
    stdin.write('l');
    await waitFor(() => lastFrame()!.includes('y axis: log scale (l: linear)'), 'the notice');
    expect(charts()).toContain('log y'); // the pinned chart's legend
    stdin.write('l');
    await waitFor(() => lastFrame()!.includes('y axis: linear (l: log scale)'), 'linear again');
    expect(charts()).not.toContain('log y');
  });

  it('at 60×16, h unpins the chart: the text gets its rows back, and h pins it again', async () => {
    const { lastFrame, stdin } = await descentDone(60, 16);
    // The position in the footer: "a–b/N", the lines in view.
    const inView = () => {
      const [, a, b] = /(\d+)–(\d+)\/\d+/.exec(frameLines(lastFrame()).at(-1)!) ?? [];
      return a === undefined ? 0 : Number(b) - Number(a) + 1;
    };
    await waitFor(() => inView() > 0, 'the footer position');
    const pinnedView = inView();
    expect(lastFrame()).toContain('h unpin');
    stdin.write('h');
    await waitFor(() => lastFrame()!.includes('chart unpinned'), 'the notice');
    stdin.write('g'); // any key: the notice goes, the position shows
    await waitFor(() => inView() > pinnedView + 5, 'more lines of text');
    expect(lastFrame()).toContain('h pin');
    stdin.write('h');
    await waitFor(() => lastFrame()!.includes('chart pinned above the text'), 'pinned again');
    stdin.write('g');
    await waitFor(() => inView() === pinnedView, 'the pinned view again');
  });

  it("s writes the run's charts as SVG files into the --plots folder, and says so", async () => {
    const { descentLab } = await import('../../../src/labs/course/descent/lab.js');
    const folder = join(mkdtempSync(join(tmpdir(), 'nnlab-app-plots-')), 'pictures');
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={descentLab} initialParams={{ steps: 3 }} />, 100, 24, { delayMs: 1, plots: folder });
    await waitFor(() => lastFrame()!.includes('— done'), 'descent to finish');
    stdin.write('s');
    await waitFor(() => lastFrame()!.includes(`wrote 2 SVG files to ${folder}`), 'the files written', 15_000);
    expect(readdirSync(folder).sort()).toEqual(['descent-curve.svg', 'descent-loss.svg']);
  });

  it('a taller window gives the pinned chart more rows', async () => {
    const plotRows = (frame: string) => frameLines(frame).filter((line) => /[┤│]/.test(line)).length;
    const small = await descentDone(80, 24);
    const at24 = plotRows(small.lastFrame()!);
    small.unmount();
    const tall = await descentDone(80, 50);
    // The pinned chart, and the text's charts below it, both grow.
    expect(plotRows(tall.lastFrame()!)).toBeGreaterThan(at24 + 10);
  });

  it('l is listed in the help, in both languages', async () => {
    const { lastFrame, stdin } = await descentDone(80, 24);
    stdin.write('?');
    await waitFor(() => lastFrame()!.includes('Keys (? to close)'), 'the help');
    expect(lastFrame()).toMatch(/ {2}l {16}log or linear y axis on line charts/);
  });
});
