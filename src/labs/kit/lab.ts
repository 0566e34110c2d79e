// What a lab is: metadata, parameter declarations, and a run that yields
// LabEvents. Labs never print and never import Ink.
import type { BackendReport } from '../../engine/backend.js';
import type { Rng } from '../../engine/random.js';
import type { LabEvent, ParamValues } from './events.js';
import type { Lang, Localized } from './i18n.js';
import type { ParamSpec } from './params.js';

/** The events a lab itself yields; the runner adds start and end. */
export type LabBodyEvent = Exclude<LabEvent, { kind: 'start' } | { kind: 'end' }>;

export interface LabContext {
  /** The parameters' values; a live parameter's may change between steps (read it every step). */
  params: ParamValues;
  seed: number;
  rng: Rng;
  lang: Lang;
  /** Picks the run's language from a text given in both. */
  t(text: Localized): string;
  backend: BackendReport;
  signal: AbortSignal;
  /**
   * Called by stepping labs between steps: the front end decides the pace
   * (pause, single-step, a lecture delay). Also yields to the event loop so a
   * screen stays live while a lab computes.
   */
  pace(): Promise<void>;
  /**
   * Milliseconds on the run's own clock, for timings a lab reports (epoch
   * seconds, samples/s): time spent in pace() — paused, or a lecture delay — does not count.
   */
  now(): number;
  /**
   * Set when a screen watches the run (the app): a lab that draws a picture of
   * its state (a map) sends one at most about this often, by the clock.
   * Headless runs leave it undefined: pictures come at the epochs the lab's
   * parameters choose, so the same flags give the same stream.
   */
  frameMs?: number;
  /** What the lab's prepare returned. */
  prepared?: unknown;
}

/** A key a lab adds to its screen: "+" a neuron more, "<" a layer fewer. */
export interface LabKey {
  key: string;
  help: Localized;
  /** The parameters after the key, from the run's (by flag name); undefined where it cannot (a limit reached). */
  change(params: ParamValues): ParamValues | undefined;
  /** What the app says where change gives undefined (the lab's own limits); without it, that the key can go no further. */
  limit?: Localized;
}

export interface Lab {
  id: string;
  /** Its place in the course, from the registry (registry.ts); 0 for a tool (summary) or a user's lab without one. */
  number: number;
  title: Localized;
  summary: Localized;
  params: readonly ParamSpec[];
  /** True when the lab advances in steps that `pace` can hold (pause / single-step). */
  steps?: boolean;
  /** The app's pause between steps when --delay is not given: a lab meant to be watched step by step. */
  stepDelayMs?: number;
  /** Keys of its own in the app: each changes the run's parameters (applied live, or by a rerun, as the panel's Enter). */
  keys?: readonly LabKey[];
  /** Checks combinations of parameters a single declaration cannot (throws ParamError). */
  validate?(params: ParamValues): void;
  /**
   * Reads what the run needs from outside (data files, a saved model) before the
   * start event, so a bad file is an input error with no half-begun stream. The
   * result reaches run as ctx.prepared.
   */
  prepare?(params: ParamValues): Promise<unknown>;
  run(ctx: LabContext): AsyncIterable<LabBodyEvent>;
}
