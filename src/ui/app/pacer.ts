// Pacing of stepping labs in the app: run freely, pause, single-step, or wait
// a lecture delay between steps. The lab awaits pace() between steps.
export class Pacer {
  private paused = false;
  private stopped = false;
  /** Step presses not yet used: n pressed while the lab was busy still counts. */
  private steps = 0;
  private waiting: (() => void) | undefined;
  private listeners = new Set<() => void>();
  /** Time spent paused, and since when it is paused now: the run's clock leaves it out. */
  private pausedTotal = 0;
  private pausedAt: number | undefined;

  constructor(
    private delayMs = 0,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Milliseconds the run has been held so far (a pause under way counts up to now). */
  pausedMs(): number {
    return this.pausedTotal + (this.pausedAt === undefined ? 0 : this.now() - this.pausedAt);
  }

  /** The run's clock: now, less the time it was held. For elapsed time, rate and ETA. */
  runClock = (): number => this.now() - this.pausedMs();

  private setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    if (paused) this.pausedAt = this.now();
    else if (this.pausedAt !== undefined) {
      this.pausedTotal += this.now() - this.pausedAt;
      this.pausedAt = undefined;
    }
    this.paused = paused;
  }

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
    this.setPaused(!this.paused);
    this.steps = 0;
    if (!this.paused) this.release();
    this.changed();
  }

  /** One step while paused; pauses first if running. */
  step(): void {
    if (!this.paused) {
      this.setPaused(true);
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
    this.setPaused(false);
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
