// What a lab is: metadata, parameter declarations, and a run that yields
// LabEvents. Labs never print and never import Ink.
import type { BackendReport } from '../engine/backend.js';
import type { Rng } from '../engine/random.js';
import type { LabEvent, ParamValues } from './events.js';
import type { Lang, Localized } from './i18n.js';
import type { ParamSpec } from './params.js';

/** The events a lab itself yields; the runner adds start and end. */
export type LabBodyEvent = Exclude<LabEvent, { kind: 'start' } | { kind: 'end' }>;

export interface LabContext {
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
}

export interface Lab {
  id: string;
  number: number;
  title: Localized;
  summary: Localized;
  params: readonly ParamSpec[];
  /** True when the lab advances in steps that `pace` can hold (pause / single-step). */
  steps?: boolean;
  /** The app's pause between steps when --delay is not given: a lab meant to be watched step by step. */
  stepDelayMs?: number;
  /** Checks combinations of parameters a single declaration cannot (throws ParamError). */
  validate?(params: ParamValues): void;
  run(ctx: LabContext): AsyncIterable<LabBodyEvent>;
}
