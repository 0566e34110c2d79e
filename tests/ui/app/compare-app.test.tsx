// Compare runs on the lab screen: c overlays the chart in view from the lab's last runs,
// each curve named by what differed in its parameters.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { labs } from '../../../src/labs/registry.js';
import { App } from '../../../src/ui/app/components/App.js';
import { KEYS, renderAt, waitFor } from './ink-harness.js';

afterEach(() => cleanup());

const done = (frame: string | undefined, times = 1) => (frame ?? '').split('— done').length - 1 >= times;

describe('compare runs in the app', () => {
  it('after a rerun with another η, c pins one chart with both runs named by lr; c again turns it off', async () => {
    const { batchesLab } = await import('../../../src/labs/course/batches/lab.js');
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={batchesLab} initialParams={{ epochs: 4 }} />, 100, 30, { delayMs: 0 });
    await waitFor(() => done(lastFrame()), 'the first run');
    stdin.write('p');
    await waitFor(() => lastFrame()!.includes('Parameters (p to close)'), 'the panel');
    stdin.write(KEYS.down);
    await waitFor(() => /› lr/.test(lastFrame()!), 'lr selected');
    stdin.write('+');
    await waitFor(() => /› lr +0\.1 /.test(lastFrame()!), 'lr 0.1');
    stdin.write(KEYS.enter);
    await waitFor(() => !lastFrame()!.includes('Parameters'), 'the rerun');
    // On while the rerun runs: it is the newest of the runs compared, named by its lr as soon as it has the chart.
    stdin.write('c');
    // (Pressed before the rerun has started, c finds one run so far; the chart comes with the rerun all the same.)
    await waitFor(() => /compare: (the last runs on one chart|one run so far)/.test(lastFrame()!), 'compare on');
    await waitFor(() => done(lastFrame()) && /lr=0\.05 [^]*lr=0\.1 /.test(lastFrame()!), 'both runs, named by lr, the rerun done');
    expect(lastFrame()).toContain('· compare runs');
    expect(lastFrame()).not.toContain('run 1');
    stdin.write('c');
    await waitFor(() => lastFrame()!.includes('compare off'), 'compare off');
    expect(lastFrame()).not.toContain('· compare runs');
  });

  it('with one run so far, c says so and pins nothing; the rerun is then compared', async () => {
    const { batchesLab } = await import('../../../src/labs/course/batches/lab.js');
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={batchesLab} initialParams={{ epochs: 4 }} />, 100, 30, { delayMs: 0 });
    await waitFor(() => done(lastFrame()), 'the first run');
    stdin.write('c');
    await waitFor(() => lastFrame()!.includes('compare: one run so far'), 'the notice');
    expect(lastFrame()).not.toContain('· compare runs');
    stdin.write('r');
    await waitFor(() => lastFrame()!.includes('· compare runs') && /run 1[^]*run 2/.test(lastFrame()!), 'both runs on one chart');
  });
  it('in a lab with no chart, c says there is nothing to compare, however many runs', async () => {
    const { backpropLab } = await import('../../../src/labs/course/backprop/lab.js');
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={backpropLab} />, 100, 30, { delayMs: 0 });
    await waitFor(() => done(lastFrame()), 'the first run');
    stdin.write('r');
    await waitFor(() => done(lastFrame()), 'the second run');
    stdin.write('c');
    await waitFor(() => lastFrame()!.includes('compare: this lab draws no chart to compare runs on'), 'the notice');
  });
});
