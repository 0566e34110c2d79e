import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/labs/kit/events.js';
import { stderrProgress } from '../../src/ui/text/stderr-progress.js';

const progress = (done: number, total = 10, label = 'epoch 1/2', values?: Record<string, number>): LabEvent => ({
  kind: 'progress',
  id: 'batches',
  label,
  done,
  total,
  ...(values ? { values } : {}),
});

describe('progress on stderr (stdout redirected)', () => {
  it('draws one line in place with count, elapsed time, ETA and rate, and removes it at the end', () => {
    let clock = 0;
    let out = '';
    const bar = stderrProgress((text) => (out += text), { columns: 80, ascii: true, now: () => clock });
    bar.consume({ kind: 'start' } as LabEvent);
    bar.consume(progress(0));
    clock = 2000;
    bar.consume(progress(4)); // 4 batches in 2 s: 2 it/s, 6 to go: ETA 3 s
    const last = out.split('\r').at(-1)!;
    expect(last).toMatch(/epoch 1\/2 \[#+\.+\] 4\/10 · 2\.0s · ETA 3\.0s · 2\.0 it\/s\x1b\[K$/);
    // Room left for the terminal's "^C" echo: the line never wraps, so clearing it leaves nothing behind.
    expect(last.replace('\x1b[K', '').length).toBeLessThanOrEqual(80 - 3);
    bar.consume({ kind: 'end', status: 'ok', elapsedMs: 1 });
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });

  it('redraws at most every 100 ms, but always the last step', () => {
    let clock = 0;
    let draws = 0;
    const bar = stderrProgress((text) => (draws += text.startsWith('\r') && text.length > 4 ? 1 : 0), { columns: 80, ascii: false, now: () => clock });
    for (let done = 1; done <= 10; done++) {
      clock += 10;
      bar.consume(progress(done));
    }
    expect(draws).toBe(2); // the first, and the finished one
  });

  it("one run's batches across its epochs: the rate and the ETA are the whole run's, and its running loss and accuracy follow, as Keras", () => {
    let clock = 0;
    let out = '';
    const bar = stderrProgress((text) => (out += text), { columns: 120, ascii: true, now: () => clock });
    bar.consume(progress(0, 20));
    clock = 10_000;
    bar.consume(progress(10, 20)); // epoch 1 of 2 done in 10 s: 1 it/s
    clock = 12_000;
    bar.consume(progress(12, 20, 'epoch 2/2', { loss: 0.31234, acc: 0.9 }));
    // 12 batches in 12 s: 8 to go, ETA 8 s for the whole run, not the epoch's 10 − 2.
    expect(out.split('\r').at(-1)).toMatch(/epoch 2\/2 \[#+\.+\] 12\/20 · 12\.0s · ETA 8\.0s · 1\.0 it\/s · loss 0\.3123 · acc 0\.9000\x1b\[K$/);
  });

  it('starts the rate afresh where the count goes back (a run again)', () => {
    let clock = 0;
    let out = '';
    const bar = stderrProgress((text) => (out += text), { columns: 100, ascii: true, now: () => clock });
    bar.consume(progress(0));
    clock = 10_000;
    bar.consume(progress(10)); // done: 1 it/s
    bar.consume(progress(0));
    clock = 10_500;
    bar.consume(progress(5));
    expect(out.split('\r').at(-1)).toContain('· 10 it/s'); // not 1 it/s, the first run's rate
  });

  it('redraws the last line after a line of the run was written above it (--plain on a terminal), and not after the end', () => {
    let out = '';
    const bar = stderrProgress((text) => (out += text), { columns: 80, ascii: true, now: () => 0 });
    bar.consume(progress(3));
    const line = out;
    bar.clear();
    out = '';
    bar.redraw();
    expect(out).toBe(line);
    bar.consume({ kind: 'end', status: 'ok', elapsedMs: 1 });
    out = '';
    bar.redraw();
    expect(out).toBe('');
  });
});

describe('the progress line in Chinese', () => {
  it('fits the terminal by display width (wide characters count two)', async () => {
    const stringWidth = (await import('string-width')).default;
    let out = '';
    const bar = stderrProgress((text) => (out += text), { columns: 40, ascii: false, now: () => 1000 });
    bar.consume({ kind: 'start', lab: 'mlp' } as LabEvent);
    bar.consume(progress(3, 10, '第 1/10 回合'));
    const line = out.split('\r').at(-1)!.replace('\x1b[K', '');
    expect(stringWidth(line)).toBeLessThanOrEqual(37); // 3 columns spare for the terminal's ^C echo
  });
});
