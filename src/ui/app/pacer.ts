// Pacing of stepping labs in the app: run freely, pause, single-step, or wait
// a lecture delay between steps. The lab awaits pace() between steps.
export class Pacer {
  private paused = false;
  private stopped = false;
  /** Step presses not yet used: n pressed while the lab was busy still counts. */
  private steps = 0;
  private waiting: (() => void) | undefined;
  private listeners = new Set<() => void>();

  constructor(private delayMs = 0) {}

  get isPaused(): boolean {
    return this.paused;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.listeners.forEach((listener) => listener());
  }

  togglePause(): void {
    this.paused = !this.paused;
    this.steps = 0;
    if (!this.paused) this.release();
    this.changed();
  }

  /** One step while paused; pauses first if running. */
  step(): void {
    if (!this.paused) {
      this.paused = true;
      this.changed();
      return;
    }
    if (this.waiting) this.release();
    else this.steps++;
  }

  /** Lets a waiting lab go on (used on stop, so a paused lab can see the abort). */
  release(): void {
    const resume = this.waiting;
    this.waiting = undefined;
    resume?.();
  }

  /** The run is over (rerun, back, quit): never hold it again, so it reaches its abort check and cleans up. */
  stop(): void {
    this.stopped = true;
    this.paused = false;
    this.release();
  }

  pace = async (): Promise<void> => {
    if (this.stopped) return;
    // Paused, a step press is the pace: no lecture delay before it.
    if (!this.paused) await new Promise((resolve) => (this.delayMs > 0 ? setTimeout(resolve, this.delayMs) : setImmediate(resolve)));
    else await new Promise((resolve) => setImmediate(resolve));
    if (!this.paused || this.stopped) return;
    if (this.steps > 0) this.steps--;
    else await new Promise<void>((resolve) => (this.waiting = resolve));
  };
}
