// The image shape the model wants; every reader delivers exactly this shape.

import { DataError } from './errors.ts';

/** The model's image side (a multiple of 16) and channel count. */
export interface ImageSpec {
  size: number;
  channels: 1 | 3;
}

/** Bytes of one image at `spec` stored as uint8 HWC. */
export function imageBytes(spec: ImageSpec): number {
  return spec.size * spec.size * spec.channels;
}

export function checkImageSpec(spec: ImageSpec): ImageSpec {
  const ok = spec !== null && typeof spec === 'object' && Number.isInteger(spec.size) && spec.size >= 16 && spec.size % 16 === 0 && (spec.channels === 1 || spec.channels === 3);
  if (!ok) {
    throw new DataError('BAD_ARGUMENT', `image spec ${JSON.stringify(spec)} is invalid: expected { size: a positive multiple of 16, channels: 1 or 3 }`);
  }
  return { size: spec.size, channels: spec.channels };
}

export function formatImageSpec(spec: ImageSpec): string {
  return `${spec.size}x${spec.size}x${spec.channels}`;
}
