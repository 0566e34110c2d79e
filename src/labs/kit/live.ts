// Live parameters: values a front end changes while a lab runs (the app's
// parameter panel). The front end pushes a change; the runner applies it at
// the lab's next pace(), so it takes effect from the next step; the lab reads
// ctx.params afresh every step.
import { errorMessage } from '../../engine/describe.js';
import type { ParamValue, ParamValues } from './events.js';
import type { Lab } from './lab.js';
import { checkParam, ParamError } from './params.js';

export class LiveParams {
  private pending = new Map<string, unknown>();

  /** A new value for a parameter declared `live`; a later push of the same name wins. */
  push(name: string, value: unknown): void {
    this.pending.set(name, value);
  }

  /** The changes pushed since the last call, in the order they were first pushed. */
  take(): [string, unknown][] {
    const changes = [...this.pending];
    this.pending.clear();
    return changes;
  }
}

/** A change the runner applied: what the run's narration says. */
export interface AppliedChange {
  name: string;
  from: ParamValue;
  to: ParamValue;
}

/**
 * Checks one pushed change as the command line would (the declaration, then the
 * lab's own cross-checks) and applies it to `params`; a parameter that is not
 * live, or a bad value, changes nothing and says why.
 */
export function applyLiveChange(lab: Lab, params: ParamValues, name: string, value: unknown): { applied: AppliedChange } | { refused: string } {
  const spec = lab.params.find((p) => p.name === name);
  if (!spec?.live) return { refused: `--${name} cannot change while the lab runs: rerun it with the new value` };
  try {
    const to = checkParam(spec, value);
    lab.validate?.({ ...params, [name]: to });
    const from = params[name];
    params[name] = to;
    return { applied: { name, from, to } };
  } catch (err) {
    return { refused: err instanceof ParamError ? err.message : errorMessage(err) };
  }
}
