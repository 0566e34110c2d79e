// Lab 9's keys in the app, as TensorFlow Playground's buttons: a neuron more or
// fewer in the last hidden layer, a hidden layer more or fewer. The network
// changes, so the run starts over (as Playground's does) and the footer says so.
import type { LabKey } from '../../kit/lab.js';
import type { ParamValues } from '../../kit/events.js';
import { MAX_NEURONS, MAX_HIDDEN_LAYERS } from './params.js';

/** What each key says at the network's limits (Playground's own: MAX_NEURONS, MAX_HIDDEN_LAYERS). */
const limit = {
  en: `the network is already at that limit (1–${MAX_NEURONS} neurons a layer, at most ${MAX_HIDDEN_LAYERS} layers)`,
  'zh-TW': `網路已到上限（每層 1–${MAX_NEURONS} 個神經元，最多 ${MAX_HIDDEN_LAYERS} 層）`,
};

const hiddenOf = (params: ParamValues): number[] => (Array.isArray(params.hidden) ? [...params.hidden] : []);
const withHidden = (params: ParamValues, hidden: number[] | undefined) => (hidden ? { ...params, hidden } : undefined);

const KEYS: readonly Omit<LabKey, 'limit'>[] = [
  {
    key: '+',
    help: { en: 'a neuron more in the last hidden layer', 'zh-TW': '最後一個 Hidden Layer 多一個神經元' },
    change: (params) => {
      const hidden = hiddenOf(params);
      if (hidden.length === 0) return withHidden(params, [1]);
      return withHidden(params, hidden.at(-1)! < MAX_NEURONS ? [...hidden.slice(0, -1), hidden.at(-1)! + 1] : undefined);
    },
  },
  {
    key: '-',
    help: { en: 'a neuron fewer in the last hidden layer (its last one: the layer goes)', 'zh-TW': '最後一個 Hidden Layer 少一個神經元（只剩一個時去掉該層）' },
    change: (params) => {
      const hidden = hiddenOf(params);
      if (hidden.length === 0) return undefined;
      return withHidden(params, hidden.at(-1)! > 1 ? [...hidden.slice(0, -1), hidden.at(-1)! - 1] : hidden.slice(0, -1));
    },
  },
  {
    key: '>',
    help: { en: 'a hidden layer more (2 neurons)', 'zh-TW': '多一個 Hidden Layer（2 個神經元）' },
    change: (params) => {
      const hidden = hiddenOf(params);
      return withHidden(params, hidden.length < MAX_HIDDEN_LAYERS ? [...hidden, 2] : undefined);
    },
  },
  {
    key: '<',
    help: { en: 'a hidden layer fewer (the last)', 'zh-TW': '少一個 Hidden Layer（最後一個）' },
    change: (params) => {
      const hidden = hiddenOf(params);
      return withHidden(params, hidden.length > 0 ? hidden.slice(0, -1) : undefined);
    },
  },
];

export const PLAYGROUND_KEYS: readonly LabKey[] = KEYS.map((key) => ({ ...key, limit }));
