// Public surface of @acgan/data: what the worker, the coordinator, the evaluation
// and the apps use of the dataset readers, the packed shards format, the
// distributed sampler and the prefetching batch stream. Knows nothing of the
// model, TensorFlow.js or ZeroMQ. Tests of this library import its files directly.
export type { Dataset } from './dataset.ts';
export type { ImageSpec } from './image-spec.ts';
export { openDataset, parseDatasetSpec } from './open-dataset.ts';
export { prepareShards } from './prepare-shards.ts';
export { manifestOrder } from './shard-format.ts';
export { DistributedSampler, resolveSampleOrder } from './distributed-sampler.ts';
export { randomPermutation, SeededRandom } from './seeded-random.ts';
export { createBatchStream, type BatchStream, type StreamBatch } from './batch-stream.ts';
export { runDataBench } from './bench/data-bench.ts';
