import { formatDuration } from '../format.js';

/** A progress bar of `width` cells: [█████░░░░░] or, in ASCII, [#####.....]. */
export function progressBar(done: number, total: number, width: number, ascii: boolean): string {
  const inner = Math.max(1, width - 2);
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * inner) : 0;
  const [full, empty] = ascii ? ['#', '.'] : ['█', '░'];
  return `[${full.repeat(filled)}${empty.repeat(inner - filled)}]`;
}

/** tqdm's figures, each on its own: the count, the time so far, the ETA (none once done) and the rate (none before time has passed). */
function figureParts(done: number, total: number, elapsedMs: number): { count: string; elapsed: string; eta: string; rate: string } {
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  return {
    count: `${done}/${total}`,
    elapsed: formatDuration(elapsedMs),
    eta: rate > 0 && done < total ? `ETA ${formatDuration(((total - done) / rate) * 1000)}` : '',
    rate: rate > 0 ? `${rate.toFixed(rate < 10 ? 1 : 0)} it/s` : '',
  };
}

/** As tqdm: `4/10 · 2.0s · ETA 3.0s · 2.0 it/s` (no ETA once done, no rate before time has passed). */
export function progressFigures(done: number, total: number, elapsedMs: number): string {
  const { count, elapsed, eta, rate } = figureParts(done, total, elapsedMs);
  return [count, elapsed, eta, rate].filter(Boolean).join(' · ');
}

/** The running metrics beside a progress, as Keras prints them: `loss 0.3121 · acc 0.9112`. */
export function progressValues(values: Record<string, number> | undefined): string {
  return Object.entries(values ?? {})
    .map(([name, value]) => `${name} ${Number.isFinite(value) ? value.toFixed(4) : String(value)}`)
    .join(' · ');
}

/**
 * Milliseconds since the progress `key` began, for its rate and ETA. The same key
 * goes on (a whole run's batches across its epochs, whatever the label says);
 * another key, another total or a count that went back (a rerun) starts again.
 */
export function progressClock(now: () => number = () => performance.now()): (key: string, done: number, total: number) => number {
  let current: { key: string; total: number; done: number; startedAt: number } | undefined;
  return (key, done, total) => {
    if (current?.key !== key || current.total !== total || done < current.done) current = { key, total, done, startedAt: now() };
    current.done = done;
    return now() - current.startedAt;
  };
}

/**
 * A progress for a heading of `room` columns: the label and count, elapsed, ETA,
 * rate and running values (progressFigures' order) where they fit; where they do
 * not, the rate goes first, then the elapsed time, then the count, so the epoch,
 * the ETA and the loss stay longest. Not running: the label, the count and the values.
 */
export function progressHeading(
  progress: { label: string; done: number; total: number; values?: Record<string, number> },
  running: boolean,
  elapsedMs: number,
  room: number,
  width: (text: string) => number,
): string {
  const values = progressValues(progress.values);
  const { count, elapsed, eta, rate } = figureParts(progress.done, progress.total, elapsedMs);
  if (!running) return [`${progress.label} ${count}`, values].filter(Boolean).join(' · ');
  const variants = [
    [`${progress.label} ${count}`, elapsed, eta, rate, values],
    [`${progress.label} ${count}`, elapsed, eta, values],
    [`${progress.label} ${count}`, eta, values],
    [progress.label, eta, values],
  ].map((parts) => parts.filter(Boolean).join(' · '));
  return variants.find((text) => width(text) <= room) ?? variants.at(-1)!;
}
