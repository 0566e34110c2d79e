// The pacer on vitest's fake timers: a held lab, a step, a lecture delay are judged by
// the timers advanced here, never by how fast the machine is.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pacer } from '../../../src/ui/app/pacer.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Whether the promise has settled once the microtasks (and timers due within `ms`) have run. */
const settled = async (promise: Promise<unknown>, ms = 0) => {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(ms);
  return done;
};

describe('the pacer', () => {
  it('holds a paused lab, lets one step through, and lets go on resume', async () => {
    const pacer = new Pacer();
    pacer.togglePause();
    const held = pacer.pace();
    expect(await settled(held, 10_000)).toBe(false);
    pacer.step();
    expect(await settled(held)).toBe(true);
    const again = pacer.pace();
    expect(await settled(again, 10_000)).toBe(false);
    pacer.togglePause();
    expect(await settled(again)).toBe(true);
  });

  it('once stopped never holds again, even if it was paused mid-delay (a rerun or back)', async () => {
    const pacer = new Pacer(300);
    const waiting = pacer.pace(); // still in its delay
    pacer.togglePause(); // paused while the delay runs
    pacer.stop();
    expect(await settled(waiting, 299)).toBe(false); // the delay is not over yet …
    expect(await settled(waiting, 1)).toBe(true); // … and then it is not held
    expect(await settled(pacer.pace())).toBe(true);
  });

  it('counts step presses made while the lab was busy, and steps at once with no lecture delay', async () => {
    const pacer = new Pacer(200);
    pacer.togglePause();
    pacer.step();
    pacer.step(); // two presses before the lab reaches pace()
    expect(await settled(pacer.pace())).toBe(true); // no time passes: not held for the 200 ms delay
    expect(await settled(pacer.pace())).toBe(true);
    expect(await settled(pacer.pace(), 10_000)).toBe(false); // the third waits for a press
  });

  it('waits the lecture delay between steps when running', async () => {
    const pacer = new Pacer(200);
    const step = pacer.pace();
    expect(await settled(step, 199)).toBe(false);
    expect(await settled(step, 1)).toBe(true);
  });

  it('resuming forgets unused step presses', async () => {
    const pacer = new Pacer();
    pacer.togglePause();
    pacer.step();
    pacer.togglePause(); // running again
    pacer.togglePause(); // paused again: the old press does not count
    expect(await settled(pacer.pace(), 10_000)).toBe(false);
  });
});

describe("the run's clock", () => {
  it('stands still while paused (also a pause by n), and runs on after: elapsed time and ETA leave the pause out', () => {
    let now = 1000;
    const pacer = new Pacer(0, () => now);
    const start = pacer.runClock();
    now += 2000;
    expect(pacer.runClock() - start).toBe(2000);
    pacer.togglePause();
    now += 60_000; // a minute paused
    expect(pacer.runClock() - start).toBe(2000);
    pacer.togglePause();
    now += 500;
    expect(pacer.runClock() - start).toBe(2500);
    pacer.step(); // n while running pauses first
    now += 10_000;
    expect(pacer.pausedMs()).toBe(70_000);
    pacer.stop();
    now += 1000;
    expect(pacer.runClock() - start).toBe(3500);
  });
});
