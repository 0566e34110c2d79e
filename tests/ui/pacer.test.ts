import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/ui/app/pacer.js';

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 30));
  return done;
};

describe('the pacer', () => {
  it('holds a paused lab, lets one step through, and lets go on resume', async () => {
    const pacer = new Pacer();
    pacer.togglePause();
    const held = pacer.pace();
    expect(await settled(held)).toBe(false);
    pacer.step();
    expect(await settled(held)).toBe(true);
    const again = pacer.pace();
    expect(await settled(again)).toBe(false);
    pacer.togglePause();
    expect(await settled(again)).toBe(true);
  });

  it('once stopped never holds again, even if it was paused mid-delay (a rerun or back)', async () => {
    const pacer = new Pacer(300);
    const waiting = pacer.pace(); // still in its delay
    pacer.togglePause(); // paused while the delay runs
    pacer.stop();
    expect(await settled(waiting)).toBe(false); // the delay is not over yet …
    await new Promise((resolve) => setTimeout(resolve, 320));
    expect(await settled(waiting)).toBe(true); // … and then it is not held
    expect(await settled(pacer.pace())).toBe(true);
  });

  it('counts step presses made while the lab was busy, and steps at once with no lecture delay', async () => {
    const pacer = new Pacer(200);
    pacer.togglePause();
    pacer.step();
    pacer.step(); // two presses before the lab reaches pace()
    const started = performance.now();
    expect(await settled(pacer.pace())).toBe(true);
    expect(await settled(pacer.pace())).toBe(true);
    expect(performance.now() - started).toBeLessThan(150); // not held for the 200 ms delay
    expect(await settled(pacer.pace())).toBe(false); // the third waits for a press
  });

  it('resuming forgets unused step presses', async () => {
    const pacer = new Pacer();
    pacer.togglePause();
    pacer.step();
    pacer.togglePause(); // running again
    pacer.togglePause(); // paused again: the old press does not count
    expect(await settled(pacer.pace())).toBe(false);
  });
});
