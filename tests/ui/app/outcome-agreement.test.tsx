// The same endings run both ways, headless (as `nnlab run --json` does) and in the
// full-screen app (as `nnlab run` in a terminal does): both come to the same outcome,
// and so to the same exit code.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/engine/input-error.js';
import type { LabEvent } from '../../../src/labs/kit/events.js';
import type { Lab } from '../../../src/labs/kit/lab.js';
import type { Outcome } from '../../../src/labs/kit/outcome.js';
import type { Lecture } from '../../../src/labs/kit/lecture.js';
import { App } from '../../../src/ui/app/components/App.js';
import { exitCode, sessionOutcome } from '../../../src/ui/session/exit-code.js';
import { reportError, runHeadless, runLectureSteps } from '../../../src/ui/session/headless.js';
import { PLAIN } from '../../../src/ui/render/style.js';
import { KEYS, renderAt, waitFor } from './ink-harness.js';

afterEach(() => cleanup());

const lab = (id: string, extra: Partial<Lab> = {}): Lab => ({
  id,
  number: 0,
  title: { en: id, 'zh-TW': id },
  summary: { en: id, 'zh-TW': id },
  params: [],
  async *run() {
    yield { kind: 'text', text: 'hi' };
  },
  ...extra,
});
const failing = lab('fails', {
  async *run() {
    yield { kind: 'text', text: 'hi' };
    throw new Error('boom');
  },
});

interface Case {
  lab: Lab;
  backend?: 'cpu' | 'tensorflow';
  /** The --out file: this one throws where a full disk would. */
  sink?: (event: LabEvent) => void;
}
const fileFailsOn = (kind: LabEvent['kind']) => (event: LabEvent) => {
  if (event.kind === kind) throw new Error('--out run.ndjson: cannot write it (no space left on the device)');
};

const CASES: [string, number, Case][] = [
  ['a lab that finishes', 0, { lab: lab('ok') }],
  ['a lab that throws mid-run', 1, { lab: failing }],
  [
    'an input error mid-run (a bad row of a data file)',
    2,
    {
      lab: lab('row', {
        async *run() {
          yield { kind: 'text', text: 'hi' };
          throw new InputError('row 3: not a number');
        },
      }),
    },
  ],
  [
    'parameters the lab refuses (before the start event)',
    2,
    {
      lab: lab('refuses', {
        validate() {
          throw new Error('--xmin must be less than --xmax');
        },
      }),
    },
  ],
  [
    'a prepare that throws (before the start event)',
    2,
    {
      lab: lab('prepares', {
        async prepare() {
          throw new Error('no such file');
        },
      }),
    },
  ],
  [
    'process.exit in prepare (a fault before the start event)',
    1,
    {
      lab: lab('exits-early', {
        async prepare() {
          process.exit(3);
        },
      }),
    },
  ],
  ['a forced backend that cannot load (before the start event)', 2, { lab: lab('forced'), backend: 'tensorflow' }],
  // A lab that cannot run is refused before its start event, as a lab module that cannot load (exit 2).
  ['a run that is not a generator', 2, { lab: lab('no-generator', { run: (() => 5) as unknown as Lab['run'] }) }],
  [
    'an invalid event',
    1,
    {
      lab: lab('invalid', {
        async *run() {
          yield { kind: 'shout' } as never;
        },
      }),
    },
  ],
  [
    // The app drew such a network and died with a TypeError; the runner now refuses the event, so the run fails and the app stays.
    'a field event whose network does not fit its layers',
    1,
    {
      lab: lab('bad-field', {
        async *run() {
          const grid = {
            x: [-1, 1] as [number, number],
            y: [-1, 1] as [number, number],
            cols: 2,
            rows: 2,
            values: [0, 0.5, 1, 0.5],
            range: [0, 1] as [number, number],
          };
          const points = { x: [0], y: [0], label: [1], test: [false] };
          const network = { inputs: ['x₁', 'x₂'], layers: [3, 1], weights: [[1, 2]], thumb: 2, neurons: [] };
          yield { kind: 'field', id: 'f', title: 'map', step: 0, ...grid, points, network };
        },
      }),
    },
  ],
  [
    'process.exit mid-run',
    1,
    {
      lab: lab('exits', {
        async *run() {
          yield { kind: 'text', text: 'hi' };
          process.exit(0);
        },
      }),
    },
  ],
  [
    'a lab that stops itself (an AbortError)',
    130,
    {
      lab: lab('aborts', {
        async *run() {
          yield { kind: 'text', text: 'hi' };
          throw new DOMException('stopped', 'AbortError');
        },
      }),
    },
  ],
  [
    'the --out file fails mid-run',
    1,
    {
      lab: lab('steps', {
        async *run(ctx) {
          for (let i = 0; i < 5; i++) {
            yield { kind: 'text', text: `${i}` };
            await ctx.pace();
          }
        },
      }),
      sink: fileFailsOn('text'),
    },
  ],
  ['the --out file fails on the end event', 1, { lab: lab('last-line'), sink: fileFailsOn('end') }],
];

/** As cli.tsx runs a lab headless: what fails before the start event is thrown, and reported as nnlab does. */
function headless({ lab, backend = 'cpu', sink }: Case): Promise<Outcome> {
  const quiet = () => {};
  return runHeadless(lab, { backend }, { json: true, quiet: true, style: PLAIN, write: quiet, writeError: quiet, sink }).catch((err) =>
    reportError(err, quiet),
  );
}

/** The app's session (run-app.tsx), counting the ends it is told of. */
function watchedSession() {
  const session = sessionOutcome();
  let ends = 0;
  return {
    ended: (outcome: Outcome, step?: number) => {
      ends++;
      session.ended(outcome, step);
    },
    stop: session.stop,
    outcome: session.outcome,
    ends: () => ends,
  };
}

async function inApp({ lab, backend = 'cpu', sink }: Case): Promise<Outcome> {
  const session = watchedSession();
  renderAt(<App labs={[]} initialLab={lab} sink={sink} session={session} />, 80, 24, { backend });
  await waitFor(() => session.ends() > 0, `the end of '${lab.id}' in the app`, 10_000);
  return session.outcome();
}

describe('the app and headless agree on how a run ended', () => {
  it.each(CASES)('%s: exit %i both ways', async (_what, code, run) => {
    const [byHeadless, byApp] = [await headless(run), await inApp(run)];
    expect(byApp).toEqual(byHeadless);
    expect(exitCode(byHeadless)).toBe(code);
  });

  it('a lecture whose first lab fails and second finishes: exit 1 both ways', async () => {
    const lecture: Lecture = { steps: [failing, lab('ok')].map((lab) => ({ lab, params: {} })) };
    const quiet = () => {};
    const byHeadless = await runLectureSteps(lecture.steps, (step) =>
      runHeadless(step.lab, { backend: 'cpu' }, { json: true, quiet: true, style: PLAIN, write: quiet, writeError: quiet }),
    );

    const session = watchedSession();
    const { stdin } = renderAt(<App labs={[]} lecture={lecture} session={session} />);
    await waitFor(() => session.ends() === 1, 'the first lab to fail');
    stdin.write(']');
    await waitFor(() => session.ends() === 2, 'the second lab to finish');
    expect(session.outcome()).toEqual(byHeadless);
    expect(exitCode(byHeadless)).toBe(1);
  });

  it('Ctrl-C in the app is 130, whatever the lab did before', async () => {
    const session = watchedSession();
    const { stdin } = renderAt(<App labs={[]} initialLab={failing} session={session} />);
    await waitFor(() => session.ends() === 1, 'the lab to fail');
    stdin.write(KEYS.ctrlC);
    await waitFor(() => exitCode(session.outcome()) === 130, 'Ctrl-C');
  });
});
