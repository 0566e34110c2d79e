// Measurements of the built CLI as a user meets it: time to the first menu
// frame in a pseudo-terminal, key-to-screen latency in tmux during training,
// and peak memory of a training run.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** The nearest-rank 95th percentile. */
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(0.95 * values.length) - 1];

/** Spawns the app under `script` (a pty) and times until the menu's text appears. */
export async function coldStartMs(cli: string, runs: number): Promise<{ medianMs: number; runsMs: number[] }> {
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    runsMs.push(
      await new Promise<number>((resolve, reject) => {
        const start = performance.now();
        const child = spawn('script', ['-qfc', `${process.execPath} ${cli}`, '/dev/null'], {
          env: { ...process.env, COLUMNS: '80', LINES: '24', TERM: 'xterm-256color' },
        });
        let seen = '';
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error('the menu did not appear within 10 s'));
        }, 10_000);
        child.stdout.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes('sigmoid')) {
            const ms = performance.now() - start;
            clearTimeout(timer);
            child.kill('SIGKILL');
            resolve(ms);
          }
        });
      }),
    );
  }
  return { medianMs: median(runsMs), runsMs };
}

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

/** In tmux at 80×24: the app trains the MLP; each space toggles pause; time until the screen says so. */
export async function keyLatencyMs(
  cli: string,
  presses: number,
): Promise<{ medianMs: number; p95Ms: number; maxMs: number; runsMs: number[] } | { skipped: string }> {
  try {
    execFileSync('tmux', ['-V']);
  } catch {
    return { skipped: 'tmux is not installed' };
  }
  const session = `nnlab-bench-${process.pid}`;
  tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', `NNLAB_BACKEND=wasm node ${cli} run mlp --limit 20000 --epochs 50`);
  const screen = () => tmux('capture-pane', '-p', '-t', session);
  const waitFor = async (word: string, timeoutMs: number) => {
    const start = performance.now();
    for (;;) {
      if (screen().includes(word)) return performance.now() - start;
      if (performance.now() - start > timeoutMs) throw new Error(`'${word}' did not appear`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  try {
    await waitFor('epoch 1/50 ', 20_000);
    const runsMs: number[] = [];
    for (let i = 0; i < presses; i++) {
      const start = performance.now();
      tmux('send-keys', '-t', session, ' ');
      await waitFor(i % 2 === 0 ? '— paused' : '— running', 5000);
      runsMs.push(performance.now() - start);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    return { medianMs: median(runsMs), p95Ms: p95(runsMs), maxMs: Math.max(...runsMs), runsMs };
  } finally {
    tmux('kill-session', '-t', session);
  }
}

/** Peak resident memory (VmHWM) of a headless training run of one epoch. */
export async function peakRssMB(cli: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {
        // the process has just ended
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code === 0) resolve(peak / 1024);
      else reject(new Error(`training run exited with ${code}`));
    });
  });
}

/** Screen updates a training run offers: progress events per second of training (the app redraws on each, at most every 50 ms). */
export async function progressEventsPerSec(cli: string): Promise<number> {
  const out = execFileSync(process.execPath, [cli, 'run', 'mlp', '--json', '--backend', 'wasm', '--epochs', '1', '--limit', '20000', '--images', '0'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const events = out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { kind: string; scope?: string; elapsedMs?: number });
  const epoch = events.find((e) => e.kind === 'metric' && e.scope === 'epoch');
  return events.filter((e) => e.kind === 'progress').length / ((epoch?.elapsedMs ?? 1) / 1000);
}

export interface Classroom {
  runs: number;
  /** Wall time until every run had ended, with nnlab's default threads and with --threads 1. */
  defaultThreadsMs: number;
  oneThreadMs: number;
  /** The threads each run chose by default (from its device line). */
  defaultThreads: number[];
}

/** `runs` students on one machine: as many headless MLP runs of one epoch started at once; wall time until the last one ends. */
async function together(cli: string, runs: number, extra: string[]): Promise<{ ms: number; threads: number[] }> {
  const start = performance.now();
  const threads = await Promise.all(
    Array.from(
      { length: runs },
      () =>
        new Promise<number>((resolve, reject) => {
          const child = spawn(process.execPath, [cli, 'run', 'mlp', '--json', '--epochs', '1', '--backend', 'wasm', '--images', '0', ...extra], {
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          let first = '';
          child.stdout.on('data', (chunk: Buffer) => {
            if (!first.includes('\n')) first += chunk.toString();
          });
          child.on('exit', (code) => {
            if (code !== 0) return reject(new Error(`a classroom run exited with ${code}`));
            const device = (JSON.parse(first.split('\n')[0]) as { deviceDetail?: string }).deviceDetail ?? '';
            resolve(Number(/(\d+) threads?/.exec(device)?.[1] ?? 1));
          });
        }),
    ),
  );
  return { ms: performance.now() - start, threads };
}

/** A class on one box: `runs` runs at once, on the default threads and on one thread each. */
export async function classroom(cli: string, runs: number): Promise<Classroom> {
  const byDefault = await together(cli, runs, []);
  const single = await together(cli, runs, ['--threads', '1']);
  return { runs, defaultThreadsMs: byDefault.ms, oneThreadMs: single.ms, defaultThreads: byDefault.threads };
}
