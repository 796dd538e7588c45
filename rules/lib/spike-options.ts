import { numberOption, type OptionSpecs } from '../../src/engine/options.js';
import { DEFAULT_CHANGE_OPTIONS } from '../../src/engine/changepoint.js';
import type { SpikeSpec } from '../../src/engine/spikes.js';

/** the change-detection options every spike rule declares (config `rules.<id>.options`) */
export const SPIKE_OPTIONS = {
  minExcess: { type: 'number', default: DEFAULT_CHANGE_OPTIONS.minExcess, min: 1, max: 1e9, description: 'least number of target statuses above what the baseline predicts' },
  minRatio: { type: 'number', default: DEFAULT_CHANGE_OPTIONS.minRatio, min: 1, max: 1e6, description: 'least raised / baseline share' },
  minIncrease: { type: 'number', default: DEFAULT_CHANGE_OPTIONS.minIncrease, min: 0, max: 1, description: 'least absolute rise of the share' },
  minBaselineWindows: { type: 'number', default: DEFAULT_CHANGE_OPTIONS.minBaselineWindows, min: 1, max: 1e6, description: 'windows with traffic the baseline needs before any change is claimed' },
  minBaselineRequests: { type: 'number', default: DEFAULT_CHANGE_OPTIONS.minBaselineRequests, min: 1, max: 1e9, description: 'requests the baseline needs before any change is claimed' },
  alpha: { type: 'number', default: 0.01, min: 1e-12, max: 0.5, description: 'family-wise error rate over all windows and routes' },
  broadRoutes: { type: 'number', default: 3, min: 1, max: 1e6, description: 'routes raised at once for a change to count as broad' },
} as const satisfies OptionSpecs;

/** a spike rule's resolved options as the detector takes them */
export function spikeSettings(options: Readonly<Record<string, unknown>>): Pick<SpikeSpec, 'options' | 'alpha' | 'broadRoutes'> {
  const n = (k: keyof typeof SPIKE_OPTIONS): number => numberOption(options, k);
  return {
    options: { minExcess: n('minExcess'), minRatio: n('minRatio'), minIncrease: n('minIncrease'), minBaselineWindows: n('minBaselineWindows'), minBaselineRequests: n('minBaselineRequests') },
    alpha: n('alpha'),
    broadRoutes: n('broadRoutes'),
  };
}
