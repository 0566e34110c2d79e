import { formatDuration } from '../format.js';

/** A progress bar of `width` cells: [█████░░░░░] or, in ASCII, [#####.....]. */
export function progressBar(done: number, total: number, width: number, ascii: boolean): string {
  const inner = Math.max(1, width - 2);
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * inner) : 0;
  const [full, empty] = ascii ? ['#', '.'] : ['█', '░'];
  return `[${full.repeat(filled)}${empty.repeat(inner - filled)}]`;
}

/** As tqdm: `4/10 · 2.0s · ETA 3.0s · 2.0 it/s` (no ETA once done, no rate before time has passed). */
export function progressFigures(done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const eta = rate > 0 && done < total ? ` · ETA ${formatDuration(((total - done) / rate) * 1000)}` : '';
  return `${done}/${total} · ${formatDuration(elapsedMs)}${eta}${rate > 0 ? ` · ${rate.toFixed(rate < 10 ? 1 : 0)} it/s` : ''}`;
}

/**
 * Milliseconds since the progress named `key` began: a new key (another
 * epoch's batches, another run) starts the clock again. For rate and ETA.
 */
export function progressClock(now: () => number = () => performance.now()): (key: string) => number {
  let current: { key: string; startedAt: number } | undefined;
  return (key) => {
    if (current?.key !== key) current = { key, startedAt: now() };
    return now() - current.startedAt;
  };
}
