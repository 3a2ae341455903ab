// Public surface of @acgan/data: dataset readers, the packed shards format,
// the distributed sampler and the prefetching batch stream. Knows nothing of
// the model, TensorFlow.js or ZeroMQ.

export { DataError, type DataErrorCode } from './errors.ts';
export { type ImageSpec, checkImageSpec, formatImageSpec, imageBytes } from './image-spec.ts';
export type { Batch, Dataset, ReadOptions, Split } from './dataset.ts';
export { openDataset, parseDatasetSpec, type OpenDatasetOptions, type ParsedSpec } from './open-dataset.ts';
export { createMemoryDataset, type MemoryDatasetSource } from './memory-dataset.ts';
export { createImageConverter, type SourceShape } from './image-convert.ts';
export { openShards, DEFAULT_BLOCK_BYTES, DEFAULT_CACHE_BLOCKS, type ShardDataset, type ShardOptions, type ShardReaderStats } from './shard-dataset.ts';
export { prepareShards, type PrepareShardsOptions, type ShardOrder } from './prepare-shards.ts';
export {
  DEFAULT_SHARD_BYTES,
  LABEL_BYTES,
  MANIFEST_FILE,
  PREPARE_SHUFFLE_STREAM,
  SHARD_FORMAT,
  SHARD_FORMAT_VERSION,
  manifestOrder,
  recordBytesOf,
  type ShardEntry,
  type ShardManifest,
  type ShardManifestOrder,
} from './shard-format.ts';
export { AUTO_BLOCK_ORDER_BYTES, DistributedSampler, DEFAULT_WINDOW_BLOCKS, resolveSampleOrder, type SampleOrder, type SamplerOptions } from './distributed-sampler.ts';
export { randomPermutation, SeededRandom } from './seeded-random.ts';
export { createBatchStream, type BatchStream, type BatchStreamOptions, type StreamBatch } from './batch-stream.ts';
export { runDataBench, type DataBenchOptions, type DataBenchResult } from './bench/data-bench.ts';
