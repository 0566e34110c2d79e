import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { labs } from '../../src/labs/registry.js';
import { sigmoidLab } from '../../src/labs/sigmoid.js';
import { App } from '../../src/ui/app/App.js';
import { frameLines, KEYS, renderAt, resize, waitFor } from './ink-harness.js';

afterEach(() => cleanup());

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('the full-screen app at 80×24', () => {
  it('shows the numbered menu with the version and backend in the header, within 80 columns and 23 rows', async () => {
    const { lastFrame } = renderAt(<App labs={labs} />);
    await waitFor(() => lastFrame()!.includes('cpu · CPU'), 'the backend in the header');
    const frame = lastFrame()!;
    expect(frame).toMatch(/nnlab \d+\.\d+\.\d+/);
    expect(frame).toContain('1  sigmoid');
    expect(frame).toContain('The sigmoid neuron');
    const lines = frameLines(frame);
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });

  it('opens lab 1 by its number, shows its events live, and q goes back to the menu', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} />);
    await settle();
    stdin.write('1');
    await waitFor(() => lastFrame()!.includes('done'), 'lab 1 to finish');
    const frame = lastFrame()!;
    expect(frame).toContain('1. The sigmoid neuron');
    expect(frame).toContain('Linear regression → logistic regression');
    stdin.write('G'); // to the bottom
    await waitFor(() => lastFrame()!.includes('result:'), 'the end of the lab');
    for (const line of frameLines(frame)) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    stdin.write('q');
    await waitFor(() => lastFrame()!.includes('1  sigmoid') && !lastFrame()!.includes('1. The sigmoid'), 'the menu again');
  });

  it('opens the selected lab with Enter and scrolls with the arrow keys', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} />);
    await settle();
    stdin.write(KEYS.enter);
    await waitFor(() => lastFrame()!.includes('done'), 'lab 1 to finish');
    expect(lastFrame()).toContain('Linear regression → logistic regression');
    stdin.write(KEYS.down);
    await waitFor(() => !lastFrame()!.includes('Linear regression → logistic regression'), 'one line scrolled');
  });

  it('opens straight into a lab with given parameters (nnlab run in a terminal)', async () => {
    const { lastFrame } = renderAt(<App labs={labs} initialLab={sigmoidLab} initialParams={{ fn: 'relu', w1: 3 }} />);
    await waitFor(() => lastFrame()!.includes('done'), 'the lab to finish');
    expect(lastFrame()).toContain('w₁ = 3');
  });

  it('asks for more room in a terminal that is too small, and redraws when resized', async () => {
    const { lastFrame, stdout } = renderAt(<App labs={labs} />, 50, 12);
    await settle();
    expect(lastFrame()).toContain('needs at least 60×16');
    resize(stdout, 80, 24);
    await waitFor(() => lastFrame()!.includes('1  sigmoid'), 'the menu after resize');
  });

  it('shows the menu in Traditional Chinese', async () => {
    const { lastFrame } = renderAt(<App labs={labs} />, 80, 24, { lang: 'zh-TW' });
    await settle();
    expect(lastFrame()).toContain('實驗列表');
    expect(lastFrame()).toContain('感知器');
  });
});
