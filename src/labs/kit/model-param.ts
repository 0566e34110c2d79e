import { parseModelSpec, SpecError, type LayerSpec } from '../../engine/nn/model-spec.js';
import { ParamError } from './params.js';

/** A `--model` value as layers, or a ParamError that names the flag. */
export function parseModelParam(text: string): LayerSpec[] {
  try {
    return parseModelSpec(text);
  } catch (err) {
    if (err instanceof SpecError) throw new ParamError(`--model: ${err.message}`);
    throw err;
  }
}
