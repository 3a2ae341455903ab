/** Stable hashes of configs, used to check that every process runs the same model. */
import { createHash } from 'node:crypto';
import type { RunConfig } from './config.ts';

/** The config keys that define the model's shape: workers must agree on these. */
export const MODEL_KEYS = ['imageSize', 'channels', 'numClasses', 'latentDim', 'width', 'conditioning'] as const;

export function modelConfigHash(c: Pick<RunConfig, (typeof MODEL_KEYS)[number]>): string {
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
