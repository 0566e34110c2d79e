// Lab 6's context as its lab and its report both see it: the parameters typed, and
// what prepare read (its own file, so that neither imports the other).
import type { loadCsvTest } from '../../../engine/data/csv.js';
import type { Dataset } from '../../../engine/data/dataset.js';
import type { loadModelFiles } from '../../../engine/nn/model-io.js';
import type { LayerSpec } from '../../../engine/nn/model-spec.js';
import type { ParamsOf, TypedContext } from '../../kit/define.js';
import type { MLP_PARAMS } from './params.js';

export type MlpContext = TypedContext<ParamsOf<typeof MLP_PARAMS>, Prepared>;

export interface Prepared {
  dataset: Dataset;
  loaded?: ReturnType<typeof loadModelFiles>;
  spec: string;
  layers: LayerSpec[];
  unlabelled?: ReturnType<typeof loadCsvTest>;
}
