// Public surface of @acgan/data: dataset readers, the packed shards format,
// the distributed sampler and the prefetching batch stream. Knows nothing of
// the model, TensorFlow.js or ZeroMQ.

export { DataError, type DataErrorCode } from './errors.ts';
export { type ImageSpec, checkImageSpec, formatImageSpec, imageBytes } from './image-spec.ts';
export type { Batch, Dataset, Split } from './dataset.ts';
export { openDataset, parseDatasetSpec, type OpenDatasetOptions, type ParsedSpec } from './open-dataset.ts';
export { createMemoryDataset, type MemoryDatasetSource } from './memory-dataset.ts';
export { createImageConverter, type SourceShape } from './image-convert.ts';
export { openShards, type ShardDataset, type ShardOptions } from './shard-dataset.ts';
export { prepareShards, type PrepareShardsOptions } from './prepare-shards.ts';
export {
  DEFAULT_SHARD_BYTES,
  LABEL_BYTES,
  MANIFEST_FILE,
  SHARD_FORMAT,
  SHARD_FORMAT_VERSION,
  recordBytesOf,
  type ShardEntry,
  type ShardManifest,
} from './shard-format.ts';
export { DistributedSampler, type SamplerOptions } from './distributed-sampler.ts';
export { randomPermutation, SeededRandom } from './seeded-random.ts';
export { createBatchStream, type BatchStream, type BatchStreamOptions, type StreamBatch } from './batch-stream.ts';
export { runDataBench, type DataBenchOptions, type DataBenchResult } from './bench/data-bench.ts';
