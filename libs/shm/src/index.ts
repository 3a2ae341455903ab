// Public surface of @acgan/shm: shared-memory segments for the ranks on the
// coordinator's host, and the rank-order mean of a bucket (native when built).
export { createSegment, openSegment, removeSegment, removeStaleSegments, SHM_DIR, ShmUnavailable, type Segment } from './segment.ts';
export { meanInto, meanIntoJs } from './mean.ts';
export { native, nativeUnavailable, NATIVE_PATH, type NativeShm } from './native.ts';
export { MIN_PARALLEL_ELEMENTS, ReducePool, type ReducePoolOptions } from './reduce-pool.ts';
