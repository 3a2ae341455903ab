// A Dataset over uint8 images held in memory (MNIST, IDX, CIFAR): conversion to
// the model's shape happens per read, so memory holds only the compact source.

import { checkIndices, closedError, type Batch, type Dataset } from './dataset.ts';
import { createImageConverter, type SourceShape } from './image-convert.ts';
import { checkImageSpec, imageBytes, type ImageSpec } from './image-spec.ts';

export interface MemoryDatasetSource {
  /** count x height x width x channels uint8, HWC per image. */
  pixels: Uint8Array;
  /** One label per image, already checked to lie in [0, classNames.length). */
  labels: ArrayLike<number>;
  shape: SourceShape;
  classNames: string[];
  description: string;
}

export function createMemoryDataset(source: MemoryDatasetSource, spec: ImageSpec): Dataset {
  const image = checkImageSpec(spec);
  const size = source.labels.length;
  const srcBytes = source.shape.height * source.shape.width * source.shape.channels;
  const outLen = imageBytes(image);
  const convert = createImageConverter(source.shape, image);
  let closed = false;
  return {
    size,
    numClasses: source.classNames.length,
    classNames: source.classNames,
    spec: image,
    description: source.description,
    async read(indices: ArrayLike<number>): Promise<Batch> {
      if (closed) throw closedError(source.description);
      checkIndices(indices, size, source.description);
      const images = new Float32Array(indices.length * outLen);
      const labels = new Int32Array(indices.length);
      for (let i = 0; i < indices.length; i++) {
        const k = indices[i];
        convert(source.pixels, k * srcBytes, images, i * outLen);
        labels[i] = source.labels[k];
      }
      return { images, labels };
    },
    async close() {
      closed = true;
    },
  };
}
