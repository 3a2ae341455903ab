/** Stable hashes of configs, used to check that every process runs the same model. */
import { createHash } from 'node:crypto';
import { CONFIG_KEYS, specOf, type ModelKey, type RunConfig } from './config-spec.ts';

/**
 * The config keys that define the model's shape (`model: true` in CONFIG_SPEC, in
 * table order): workers must agree on these. Their order is part of the hash.
 */
export const MODEL_KEYS: readonly ModelKey[] = Object.freeze(CONFIG_KEYS.filter((k): k is ModelKey => specOf(k).model === true));

export function modelConfigHash(c: Pick<RunConfig, ModelKey>): string {
  const canonical = JSON.stringify(MODEL_KEYS.map((k) => [k, c[k]]));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** The model-defining part of a run config, in the shape the model library takes. */
export function modelConfigOf(c: RunConfig): {
  imageSize: number;
  channels: 1 | 3;
  numClasses: number;
  latentDim: number;
  width: number;
  conditioning: RunConfig['conditioning'];
} {
  return { imageSize: c.imageSize, channels: c.channels as 1 | 3, numClasses: c.numClasses, latentDim: c.latentDim, width: c.width, conditioning: c.conditioning };
}
