// A Dataset of generated images (no files), for benchmarks: record i's byte j
// is (i * 31 + j * 7) mod 256 and its label i mod numClasses, so content is
// cheap to make yet differs per record.

import { checkIndices, type Batch, type Dataset } from '../dataset.ts';
import { SCALE_TABLE } from '../image-convert.ts';
import { imageBytes, type ImageSpec } from '../image-spec.ts';

export function createSyntheticDataset(count: number, spec: ImageSpec, numClasses = 10): Dataset {
  const n = imageBytes(spec);
  const description = `synthetic (${count} images ${spec.size}x${spec.size}x${spec.channels}, ${numClasses} classes)`;
  return {
    size: count,
    numClasses,
    classNames: Array.from({ length: numClasses }, (_, k) => `class-${k}`),
    spec,
    description,
    async read(indices: ArrayLike<number>): Promise<Batch> {
      checkIndices(indices, count, description);
      const images = new Float32Array(indices.length * n);
      const labels = new Int32Array(indices.length);
      for (let i = 0; i < indices.length; i++) {
        const k = indices[i];
        const o = i * n;
        for (let j = 0; j < n; j++) images[o + j] = SCALE_TABLE[(k * 31 + j * 7) & 255];
        labels[i] = k % numClasses;
      }
      return { images, labels };
    },
    async close() {},
  };
}
