import type { Lab } from './lab.js';

/** One lab run of a lecture script (`nnlab play`). */
export interface PlayStep {
  title?: string;
  lab: Lab;
  params: Record<string, unknown>;
  seed?: number;
}

export interface PlayScript {
  title?: string;
  steps: PlayStep[];
}
