import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { labs } from '../../../src/labs/registry.js';
import { sigmoidLab } from '../../../src/labs/course/sigmoid/lab.js';
import { App } from '../../../src/ui/app/components/App.js';
import { SMALL_RUNS } from '../../helpers.js';
import { frameLines, inputReady, KEYS, renderAt, resize, waitFor } from './ink-harness.js';

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
    await inputReady(stdin);
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
    await inputReady(stdin);
    stdin.write(KEYS.enter);
    await waitFor(() => lastFrame()!.includes('done'), 'lab 1 to finish');
    expect(lastFrame()).toContain('Linear regression → logistic regression');
    stdin.write(KEYS.down);
    await waitFor(() => !lastFrame()!.includes('Linear regression → logistic regression'), 'one line scrolled');
  });

  it('an input error before the run (a bad CSV cell) is shown whole in the body, and handed on for the scrollback', async () => {
    const { mlpLab } = await import('../../../src/labs/course/mlp/lab.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const csv = join(mkdtempSync(join(tmpdir(), 'nnlab-app-')), 'train.csv');
    writeFileSync(csv, 'label,p0,p1,p2,p3\n3,0,abc,0,1\n');
    const failures: string[] = [];
    const { lastFrame } = renderAt(
      <App labs={labs} initialLab={mlpLab} initialParams={{ data: `csv:${csv}` }} onFailure={(lab, message) => failures.push(`${lab.id}: ${message}`)} />,
    );
    await waitFor(() => lastFrame()!.includes('failed'), 'the run to fail');
    // The header cuts it; the body has it whole (wrapped), as a lab's own error.
    const body = frameLines(lastFrame()).slice(1).join(' ');
    expect(body).toContain('error:');
    expect(body.replace(/\s+/g, ' ')).toContain('row 2, column 3 ("p1"): "abc" is not a number');
    expect(failures).toEqual([`mlp: ${csv}: row 2, column 3 ("p1"): "abc" is not a number`]);
  });

  it('opens straight into a lab with given parameters (nnlab run in a terminal)', async () => {
    const { lastFrame } = renderAt(<App labs={labs} initialLab={sigmoidLab} initialParams={{ fn: 'relu', w1: 3 }} />);
    await waitFor(() => lastFrame()!.includes('done'), 'the lab to finish');
    expect(lastFrame()).toContain('w₁ = 3');
  });

  it('asks for more room in a terminal that is too small, and redraws when resized', async () => {
    const { lastFrame, stdout } = renderAt(<App labs={labs} />, 50, 12);
    await waitFor(() => lastFrame()!.includes('nnlab needs 60×16'), 'the notice');
    resize(stdout, 80, 24);
    await waitFor(() => lastFrame()!.includes('1  sigmoid'), 'the menu after resize');
  });

  it('a lab goes on while the terminal is too small, and is there again after the resize', async () => {
    const { descentLab } = await import('../../../src/labs/course/descent/lab.js');
    const { lastFrame, stdout } = renderAt(<App labs={labs} initialLab={descentLab} />, 80, 24, { delayMs: 20 });
    await waitFor(() => /step [3-9]\/20/.test(lastFrame()!), 'a few steps');
    const before = Number(/step (\d+)\/20/.exec(lastFrame()!)![1]);
    resize(stdout, 50, 12);
    await waitFor(() => lastFrame()!.includes('nnlab needs 60×16'), 'the notice');
    await new Promise((resolve) => setTimeout(resolve, 150));
    resize(stdout, 80, 24);
    await waitFor(() => /step \d+\/20/.test(lastFrame()!) || lastFrame()!.includes('done'), 'the lab again');
    const after = /step (\d+)\/20/.exec(lastFrame()!);
    expect(after ? Number(after[1]) : 20).toBeGreaterThan(before); // not started over
  });

  it('shows the menu in Traditional Chinese', async () => {
    const { lastFrame } = renderAt(<App labs={labs} />, 80, 24, { lang: 'zh-TW' });
    await waitFor(() => lastFrame()!.includes('實驗列表'), 'the menu');
    expect(lastFrame()).toContain('感知器');
  });
});

describe('the lab screen keys', () => {
  it.each([
    [80, 22],
    [60, 20],
    [80, 16],
    [60, 16],
  ])('at %i×%i the menu keeps its header and scrolls to keep the selected lab in view', async (columns, rows) => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} />, columns, rows);
    await waitFor(() => lastFrame()!.includes('cpu · CPU'), 'the backend in the header');
    const fits = () => {
      const lines = frameLines(lastFrame());
      expect(lines.length).toBeLessThanOrEqual(rows - 1);
      for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
      expect(lastFrame()).toMatch(/nnlab \d+\.\d+\.\d+/);
    };
    fits();
    expect(lastFrame()).toContain('1  sigmoid');
    for (const lab of labs.slice(1)) {
      stdin.write('j');
      await waitFor(() => new RegExp(`› ${lab.number}  ${lab.id}`).test(lastFrame()!), `lab ${lab.number} selected and shown`);
      fits();
    }
    stdin.write('\r');
    await waitFor(() => lastFrame()!.includes(`${labs.at(-1)!.number}. `), 'the last lab open');
  });

  it("at 64 columns a lecture step's title is whole: the lecture's own title is what gets cut", async () => {
    const lecture = {
      title: 'Deep learning basics, week 3: from one neuron to a trained network',
      steps: [{ lab: sigmoidLab, params: {}, title: 'The neuron and its weights' }],
    };
    const { lastFrame } = renderAt(<App labs={labs} lecture={lecture} />, 64, 20);
    await waitFor(() => lastFrame()!.includes('1/1 The neuron and its weights · Deep'), 'the header');
  });

  it('a lecture: Enter next, [ previous, a number and Enter jump, q asks before it ends', async () => {
    const script = { title: 'Talk', steps: [sigmoidLab, labs[1], labs[2]].map((lab, i) => ({ lab, params: {}, title: `part ${i + 1}` })) };
    const { lastFrame, stdin } = renderAt(<App labs={labs} lecture={script} />);
    // The step's own footer is drawn, and its keys are live (Ink registers them just after the frame).
    const at = async (n: number) => {
      await waitFor(() => lastFrame()!.includes(`${n}/3 part ${n} · Talk`) && /\d\/3( last lab)? · /.test(lastFrame()!.split('\n').at(-1)!), `step ${n}`);
      await settle();
    };
    await at(1);
    await waitFor(() => lastFrame()!.includes('1/3 · Enter next · N Enter: go to N'), 'the lecture keys');
    expect(lastFrame()).toMatch(/\? help · q back\n?$/); // the footer fits 80 columns and keeps help and back
    stdin.write(KEYS.enter);
    await at(2);
    stdin.write('[');
    await at(1);
    stdin.write('3');
    await waitFor(() => lastFrame()!.includes('Enter: go to step 3'), 'the typed step');
    stdin.write(KEYS.enter);
    await at(3);
    await waitFor(() => lastFrame()!.includes('3/3 last lab · [ previous'), 'the last step');
    stdin.write('9\r');
    await waitFor(() => lastFrame()!.includes('no step 9: the lecture has 3'), 'a step not in the lecture');
    stdin.write('q');
    await waitFor(() => lastFrame()!.includes('End the lecture? q again ends it'), 'the question');
    stdin.write('j'); // stays
    await waitFor(() => !lastFrame()!.includes('End the lecture?'), 'the question gone');
    expect(lastFrame()).toContain('3/3 part 3 · Talk');
  });

  it("a key typed just after q leaves a running lab, before the menu listens, is the menu's: none is lost", async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} />, 80, 24, { delayMs: 5 });
    await inputReady(stdin);
    stdin.write('9');
    await waitFor(() => /epoch \d+\/\d+ ·/.test(lastFrame()!), 'lab 9 running');
    stdin.write('q');
    stdin.write('k'); // a second chunk, read while the lab screen still listens
    await waitFor(() => /› 8 {2}errors/.test(lastFrame()!), 'the menu, its cursor moved up from lab 9 by the k');
  });

  it('keys that arrive in one chunk each act: "jj" then Enter opens lab 3', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} />);
    await inputReady(stdin);
    stdin.write('jj\r');
    await waitFor(() => lastFrame()!.includes('3. Gradient descent'), 'lab 3');
  });

  it('keys typed after one that changes screens go to the new screen: "2q" opens lab 2 and comes back, "q3" in a lab goes back and opens lab 3', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} />);
    await inputReady(stdin);
    stdin.write('2q');
    await waitFor(() => /› 2 {2}losses/.test(lastFrame()!), 'back in the menu on lab 2');
    await settle();
    stdin.write('1');
    await waitFor(() => lastFrame()!.includes('1. The sigmoid neuron — done'), 'lab 1 done');
    stdin.write('q3');
    await waitFor(() => lastFrame()!.includes('3. Gradient descent'), 'lab 3');
  });

  it('back in the menu, the cursor is on the lab just left', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} />);
    await inputReady(stdin);
    stdin.write('2');
    await waitFor(() => lastFrame()!.includes('2. Loss functions — done'), 'lab 2');
    stdin.write('q');
    await waitFor(() => /› 2 {2}losses/.test(lastFrame()!), 'the cursor on lab 2');
    await settle();
    stdin.write(KEYS.enter); // and Enter opens it again
    await waitFor(() => lastFrame()!.includes('2. Loss functions'), 'lab 2 again');
  });

  it('a number typed with Enter after it, in one chunk, opens that lab, not the one under the cursor', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} />);
    await inputReady(stdin);
    stdin.write('4\r');
    await waitFor(() => lastFrame()!.includes('4. Batches'), 'lab 4');
    await settle();
    expect(lastFrame()).not.toMatch(/^1\. /m);
  });

  it('a burst of scroll keys scrolls once per key', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} />);
    await inputReady(stdin);
    stdin.write(KEYS.enter);
    await waitFor(() => lastFrame()!.includes('done'), 'lab 1 to finish');
    const top = (frame: string) => frameLines(frame).slice(3, 6).join('\n');
    // Each burst waits for the view to move; a burst that scrolled more or less than once per key ends elsewhere.
    const scroll = async (keys: string) => {
      const before = top(lastFrame()!);
      stdin.write(keys);
      await waitFor(() => top(lastFrame()!) !== before, `the view to scroll (${keys})`);
    };
    await scroll('j');
    const afterOne = top(lastFrame()!);
    await scroll('jjj');
    await scroll('kk'); // back two: one line below where a single j left it
    await scroll('k');
    expect(top(lastFrame()!)).toBe(afterOne);
  });

  it("the panel shows the selected parameter's whole help, wrapped, and what it accepts in words (not just 'text')", async () => {
    const { lossesLab } = await import('../../../src/labs/course/losses/lab.js');
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={lossesLab} />, 60, 20);
    await waitFor(() => lastFrame()!.includes('done'), 'the first run');
    stdin.write('p');
    await waitFor(() => lastFrame()!.includes('Parameters (p to close)'), 'the panel');
    stdin.write(KEYS.down);
    await waitFor(() => /› target/.test(lastFrame()!), 'target selected');
    const text = frameLines(lastFrame())
      .map((line) => line.trim())
      .join(' ');
    expect(text).toContain('answer ŷ: a class index (2) or one value per prediction (0,0,1)');
    expect(text).toContain('a class index from 0 (2), or comma-separated numbers, one per prediction');
  });

  it('p opens the parameters; a typed value and Enter rerun the lab with it', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={sigmoidLab} />);
    await waitFor(() => lastFrame()!.includes('done'), 'the first run');
    stdin.write('p');
    await waitFor(() => lastFrame()!.includes('Parameters (p to close)'), 'the panel');
    expect(lastFrame()).toMatch(/› w1 +1 +weight w₁/);
    stdin.write('4');
    await waitFor(() => lastFrame()!.includes('4_'), 'the typed value');
    stdin.write(KEYS.enter); // set the value
    await waitFor(() => /› w1 +4 /.test(lastFrame()!), 'the value set');
    stdin.write(KEYS.enter); // rerun
    await waitFor(() => lastFrame()!.includes('w₁ = 4') && lastFrame()!.includes('done'), 'the rerun with w1 = 4');
  });

  it('keys typed in one chunk see each other: "p" then "4", Enter (set), Enter (rerun) at once', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={sigmoidLab} />);
    await waitFor(() => lastFrame()!.includes('done'), 'the first run');
    stdin.write('p4\r\r');
    await waitFor(() => lastFrame()!.includes('w₁ = 4') && lastFrame()!.includes('done'), 'the rerun with w1 = 4');
    stdin.write('p?'); // the panel, then ? there (not the help over the text)
    await waitFor(() => lastFrame()!.includes('Parameters (p to close)'), 'the panel');
    expect(lastFrame()).not.toContain('Keys (? to close)');
  });

  it('a value the CLI would refuse is refused in the panel too', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={sigmoidLab} />);
    await waitFor(() => lastFrame()!.includes('done'), 'the first run');
    stdin.write('p');
    await settle();
    stdin.write('999');
    await settle();
    stdin.write(KEYS.enter);
    await waitFor(() => lastFrame()!.includes('--w1 must be a number from -100 to 100 (got "999")'), 'the error');
  });

  it('Esc closes the panel even when the next key follows at once (read as Alt-key)', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={sigmoidLab} />);
    await waitFor(() => lastFrame()!.includes('done'), 'the run');
    stdin.write('p');
    await waitFor(() => lastFrame()!.includes('Parameters (p to close)'), 'the panel');
    stdin.write('\x1bq');
    await waitFor(() => !lastFrame()!.includes('Parameters (p to close)'), 'the panel to close');
    expect(lastFrame()).not.toContain('q_');
  });

  it('? shows every key, and closes again', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={sigmoidLab} />);
    await waitFor(() => lastFrame()!.includes('done'), 'the run');
    stdin.write('?');
    await waitFor(() => lastFrame()!.includes('Keys (? to close)'), 'the help');
    for (const key of ['space', 'Ctrl-C', 'PgUp/PgDn']) expect(lastFrame()).toContain(key);
    stdin.write('?');
    await waitFor(() => !lastFrame()!.includes('Keys (? to close)'), 'the help to close');
  });

  it('at 60×16 the help scrolls with j and G to its last key, and says what is below and above', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={sigmoidLab} />, 60, 16);
    await waitFor(() => lastFrame()!.includes('done'), 'the run');
    stdin.write('?');
    await waitFor(() => /more lines: j\/↓ scrolls/.test(lastFrame()!), 'the help, cut');
    expect(lastFrame()).not.toContain('Ctrl-C');
    const firstKeys = frameLines(lastFrame()).find((line) => line.includes('scroll one line'));
    stdin.write('j');
    await waitFor(() => !lastFrame()!.includes('scroll one line'), 'one line down');
    expect(firstKeys).toBeDefined();
    stdin.write('G');
    await waitFor(() => lastFrame()!.includes('Ctrl-C'), 'the last key');
    expect(lastFrame()).toMatch(/lines above: k\/↑ scrolls back/);
    stdin.write('q');
    await waitFor(() => !lastFrame()!.includes('Keys (? to close)'), 'the help to close');
  });

  it('? in the menu lists its keys, and closes again', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} />);
    await inputReady(stdin);
    stdin.write('?');
    await waitFor(() => lastFrame()!.includes('Keys (? to close)') && lastFrame()!.includes('open the lab under the cursor'), 'the menu help');
    stdin.write('j'); // scrolls the help (it fits: nothing moves), does not move the cursor
    stdin.write('?');
    await waitFor(() => lastFrame()!.includes('1  sigmoid'), 'the menu again');
    expect(lastFrame()).toMatch(/› 1 {2}sigmoid/);
  });

  it('/ finds a text in the output, n and N go through its lines, } jumps to the next section', async () => {
    const { lossesLab } = await import('../../../src/labs/course/losses/lab.js');
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={lossesLab} />, 80, 24);
    await waitFor(() => lastFrame()!.includes('done'), 'the run');
    const footer = () => frameLines(lastFrame()).at(-1)!;
    const topLine = () => frameLines(lastFrame())[3];
    stdin.write('/');
    await waitFor(() => footer().startsWith('/_'), 'the search line');
    stdin.write('entropy');
    await waitFor(() => footer().startsWith('/entropy_'), 'the typed text');
    stdin.write(KEYS.enter);
    await waitFor(() => /\/entropy 1\/\d+ \(n\/N\)/.test(footer()), 'the first match');
    expect(topLine().toLowerCase()).toContain('entropy');
    const count = Number(/\/entropy 1\/(\d+)/.exec(footer())![1]);
    expect(count).toBeGreaterThan(1);
    stdin.write('n');
    await waitFor(() => footer().includes('/entropy 2/'), 'the second match');
    expect(topLine().toLowerCase()).toContain('entropy');
    stdin.write('N');
    await waitFor(() => footer().includes('/entropy 1/'), 'back to the first');
    stdin.write('/zzzz');
    stdin.write(KEYS.enter);
    await waitFor(() => footer().includes('not found: "zzzz"'), 'no match said');
    stdin.write('g');
    const before = topLine();
    stdin.write('}');
    await waitFor(() => topLine() !== before, 'the next section');
  });

  it('n goes round every match, also those on the last screen the view cannot scroll to its top; the current one is marked', async () => {
    const { descentLab } = await import('../../../src/labs/course/descent/lab.js');
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={descentLab} initialParams={{ steps: 3 }} />, 80, 24, { delayMs: 1 });
    await waitFor(() => lastFrame()!.includes('— done'), 'the run');
    const footer = () => frameLines(lastFrame()).at(-1)!;
    stdin.write('G');
    stdin.write('/loss');
    stdin.write(KEYS.enter);
    await waitFor(() => /\/loss \d+\/\d+ \(n\/N\)/.test(footer()), 'a current match');
    const count = Number(/\/loss \d+\/(\d+)/.exec(footer())![1]);
    const seen = new Set<number>();
    for (let i = 0; i < count; i++) {
      const at = Number(/\/loss (\d+)\//.exec(footer())![1]);
      seen.add(at);
      stdin.write('n');
      await waitFor(() => Number(/\/loss (\d+)\//.exec(footer())?.[1]) === (at % count) + 1, `match ${(at % count) + 1}`);
    }
    expect(seen.size).toBe(count);
  });

  it('space pauses a stepping lab and n steps it', async () => {
    const { descentLab } = await import('../../../src/labs/course/descent/lab.js');
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={descentLab} />, 80, 24, { delayMs: 30 });
    await waitFor(() => /step \d+\/20/.test(lastFrame()!), 'stepping');
    stdin.write(' ');
    await waitFor(() => lastFrame()!.includes('paused'), 'paused');
    const stepOf = () => Number(/step (\d+)\/20/.exec(lastFrame()!)![1]);
    // A step under way when space was pressed still lands, and a frame shows it up to FRAME_MS later.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const before = stepOf();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stepOf()).toBe(before); // held
    stdin.write('n');
    await waitFor(() => stepOf() === before + 1, 'one step');
  });
});

describe('the view while a lab runs and after', () => {
  it('following the newest output at 80×24, a chart below the pinned one shows whole, title included', async () => {
    const { descentLab } = await import('../../../src/labs/course/descent/lab.js');
    const { lastFrame } = renderAt(<App labs={labs} initialLab={descentLab} />, 80, 24, { delayMs: 20 });
    await waitFor(() => /step 1\d\/20/.test(lastFrame()!), 'ten steps');
    const lines = frameLines(lastFrame());
    const title = lines.findIndex((line) => line.startsWith('Loss per step'));
    expect(title).toBeGreaterThan(3); // below the pinned L(w) chart, and not scrolled off
    expect(lines.slice(title).some((line) => line.includes('η = 0.1'))).toBe(true); // its legend too
  });

  it('a rerun while a lab runs: the files get the old run’s end before the new run’s start', async () => {
    const { descentLab } = await import('../../../src/labs/course/descent/lab.js');
    const tapped: string[] = [];
    const { lastFrame, stdin } = renderAt(
      <App labs={labs} initialLab={descentLab} initialParams={{ steps: 50 }} sink={(event) => tapped.push(event.kind)} />,
      80,
      24,
      { delayMs: 20 },
    );
    await waitFor(() => /step \d+\/50/.test(lastFrame()!), 'stepping');
    stdin.write('r');
    await waitFor(() => tapped.filter((kind) => kind === 'start').length === 2, 'the second run');
    const stream = tapped.filter((kind) => kind === 'start' || kind === 'end');
    expect(stream.slice(0, 3)).toEqual(['start', 'end', 'start']);
  });

  it("the heading shows the whole run's progress as Keras and tqdm do: epoch, count, elapsed, ETA, rate, running loss and accuracy", async () => {
    const { mlpLab } = await import('../../../src/labs/course/mlp/lab.js');
    // Paced (2 ms a batch, as a lecture's --delay): the run lasts long enough for frames to show it running,
    // however fast or busy the machine; unpaced, 338 batches can pass between two frames.
    const { lastFrame } = renderAt(<App labs={labs} initialLab={mlpLab} initialParams={{ limit: 6000, 'test-limit': 50, epochs: 2, images: 0 }} />, 130, 24, {
      backend: 'wasm',
      delayMs: 2,
    });
    await waitFor(
      () => /epoch [12]\/2 \d+\/338 · [\d.]+m?s · ETA [\d.]+m?s · [\d.]+ it\/s · loss \d\.\d{4}/.test(lastFrame()!),
      'the progress figures',
      20_000,
    );
  });

  it("a stepping lab's chart stays pinned when the lab ends, and is not repeated in the text", async () => {
    const { descentLab } = await import('../../../src/labs/course/descent/lab.js');
    const { lastFrame } = renderAt(<App labs={labs} initialLab={descentLab} initialParams={{ steps: 3 }} />, 80, 30, { delayMs: 1 });
    await waitFor(() => /step \d+\/3/.test(lastFrame()!), 'stepping');
    const pinnedTitle = frameLines(lastFrame())[3];
    expect(pinnedTitle.trim().length).toBeGreaterThan(0);
    await waitFor(() => lastFrame()!.includes('— done'), 'the end');
    const lines = frameLines(lastFrame());
    expect(lines[3]).toBe(pinnedTitle);
    expect(lines.filter((line) => line === pinnedTitle)).toHaveLength(1);
  });
});

describe('short terminals', () => {
  it.each([
    [60, 16],
    [70, 17],
    [80, 18],
  ])('at %i×%i a running lab with a pinned chart stays within the screen, header first', async (columns, rows) => {
    const { descentLab } = await import('../../../src/labs/course/descent/lab.js');
    const { lastFrame } = renderAt(<App labs={labs} initialLab={descentLab} initialParams={{ steps: 200 }} />, columns, rows, { delayMs: 40 });
    await waitFor(() => lastFrame()!.includes('L(w) with the current w marked') && lastFrame()!.includes('running'), 'the pinned chart while it runs');
    const lines = frameLines(lastFrame());
    expect(lines.length).toBeLessThanOrEqual(rows - 1);
    expect(lines[0]).toMatch(/^nnlab /);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
  });
});

describe('colour and ASCII modes', () => {
  it('without colour, frames carry no escape codes', async () => {
    const { lastFrame } = renderAt(<App labs={labs} initialLab={sigmoidLab} />, 80, 24, { color: false });
    await waitFor(() => lastFrame()!.includes('done'), 'the run');
    expect(lastFrame()).not.toContain('\x1b[');
  });

  it('--ascii draws tables, charts and markers without box-drawing characters', async () => {
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={sigmoidLab} initialParams={{ fn: 'relu' }} />, 80, 24, { ascii: true });
    await waitFor(() => lastFrame()!.includes('done'), 'the run');
    const frames: string[] = [];
    for (let i = 0; i < 8; i++) {
      frames.push(lastFrame()!);
      stdin.write('f');
      await settle();
    }
    const all = frames.join('\n');
    expect(all).toContain('-+-'); // a table rule in ASCII
    expect(all).not.toMatch(/[─│┼╭╮╰╯═├└┤]/);
  });

  it('--ascii: the parameter panel writes its Greek letters as words', async () => {
    const { descentLab } = await import('../../../src/labs/course/descent/lab.js');
    const { lastFrame, stdin } = renderAt(<App labs={labs} initialLab={descentLab} initialParams={{ steps: 2 }} />, 80, 24, { ascii: true });
    await waitFor(() => lastFrame()!.includes('done'), 'the run');
    stdin.write('p');
    await waitFor(() => lastFrame()!.includes('learning rate eta'), 'η as eta in the panel');
    expect(lastFrame()).not.toContain('η');
  });
});

describe('every lab in the app', () => {
  it.each(labs.map((lab) => [lab.number, lab.id, lab] as const))(
    'lab %i %s runs to the end within 80×24, in both languages',
    async (_n, id, lab) => {
      for (const lang of ['en', 'zh-TW'] as const) {
        const { lastFrame, unmount } = renderAt(<App labs={labs} initialLab={lab} initialParams={SMALL_RUNS[id] ?? {}} />, 80, 24, { lang, delayMs: 0 });
        await waitFor(() => /— (done|完成) ·/.test(lastFrame()!), `${id} to finish (${lang})`, 15_000);
        const lines = frameLines(lastFrame());
        expect(lines.length).toBeLessThanOrEqual(23);
        for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
        unmount();
      }
    },
    40_000,
  );
});
