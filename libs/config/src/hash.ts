/** Stable hashes of configs, used to check that every process runs the same model. */
import { createHash } from 'node:crypto';
import type { RunConfig } from './config.ts';

/** The config keys that define the model's shape: workers must agree on these. */
export const MODEL_KEYS = ['imageSize', 'channels', 'numClasses', 'latentDim', 'width', 'conditioning'] as const;

export function modelConfigHash(c: Pick<RunConfig, (typeof MODEL_KEYS)[number]>): string {
  const canonical = JSON.stringify(MODEL_KEYS.map((k) => [k, c[k]]));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
