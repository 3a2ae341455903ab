// Worker thread of the shards reader (shard-dataset.ts). Plain JavaScript
// because a worker thread starts without the TypeScript loader of its parent
// (tsx or vitest). Record layout: see shard-format.ts.
//
// A batch's records are gathered in WebAssembly memory, their labels checked,
// and one call of the SIMD converter (pixel-converter.mjs) turns all their
// pixels into float32 in [-1, 1]; the result is copied out once into a buffer
// from the pool that the parent hands back (ShardDataset.recycle) and is
// transferred, not copied, to the parent.
//
// Two ways to get a record:
// - one synchronous pread of the record (the default, right for a fully
//   shuffled order, where a batch touches as many places as it has records);
// - whole blocks (`wholeBlocks` in the request, sent for the sampler's block
//   order): the block of `blockRecords` consecutive records holding it is read
//   with one large read into a slot of an LRU cache of `cacheBlocks` slots.
//   Block reads are asynchronous (libuv's thread pool, READS_IN_FLIGHT at a
//   time) and use O_DIRECT where the file system allows it, so that a large
//   dataset streams from the disk without the page cache's copy and memory;
//   `willNeed` messages (the batch stream's read-ahead) start them a window
//   before the batches that need them arrive.
// When a batch touches more blocks than the cache can give it, or needs only a
// few records of a block it does not have (MIN_RECORDS_FOR_LOAD), those records
// are read one by one. Batches are processed one at
// a time, in the order they arrive.

import { closeSync, constants, openSync, read, readSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createPixelConverter } from './pixel-converter.mjs';

/** Open shard files kept at once (per kind); beyond it the least recently used idle one is closed. */
const MAX_OPEN_FILES = 64;
/** Block reads in flight at once. */
const READS_IN_FLIGHT = 4;
/** O_DIRECT wants file offsets, lengths and memory addresses aligned to the logical block size; 4 KiB covers every common disk. */
const ALIGN = 4096;
/** Buffers handed back by the parent, kept for reuse. */
const MAX_POOLED = 8;

const { dir, files, count, recordsPerShard, recordBytes, imageBytes, numClasses, blockRecords, cacheBlocks, direct: directWanted } = workerData;
const blockBytes = blockRecords * recordBytes;
/**
 * A batch that needs fewer records than this of a block it does not have reads
 * them one by one instead of loading the block: a slice that runs into the
 * next window, whose blocks another thread was told to load, or the first
 * batches of a stream, before any read-ahead.
 */
const MIN_RECORDS_FOR_LOAD = Math.max(1, Math.floor(blockRecords / 8));
/** What this thread did, for ShardDataset.stats(). */
const stats = { batches: 0, recordReads: 0, blockLoads: 0, blockLoadsAhead: 0, directReads: 0, bufferedBlockReads: 0, cacheHits: 0, directRefused: false };
const slotBytes = roundUp(blockBytes, ALIGN) + ALIGN;
const wasm = createPixelConverter();

class ReadError extends Error {
  constructor(code, message, file, record) {
    super(message);
    this.code = code;
    this.file = file;
    this.record = record;
  }
}

function roundUp(n, to) {
  return Math.ceil(n / to) * to;
}

function fileOf(shard) {
  return path.join(dir, files[shard]);
}

// ---- files ------------------------------------------------------------------

const bufferedFds = new Map();
const directFds = new Map();
let useDirect = directWanted !== false && constants.O_DIRECT !== undefined;

/** Reads in flight per file descriptor: a file is never closed under a read. */
const busy = new Map();

function fdOf(shard, direct) {
  const fds = direct ? directFds : bufferedFds;
  let fd = fds.get(shard);
  if (fd !== undefined) {
    fds.delete(shard); // re-insert: Map order is the LRU order
    fds.set(shard, fd);
    return fd;
  }
  if (fds.size >= MAX_OPEN_FILES) {
    for (const [old, oldFd] of fds) {
      if (busy.get(oldFd)) continue;
      fds.delete(old);
      closeSync(oldFd);
      break;
    }
  }
  fd = openSync(fileOf(shard), direct ? constants.O_RDONLY | constants.O_DIRECT : 'r');
  fds.set(shard, fd);
  return fd;
}

function truncated(shard, local, got) {
  const bad = local + Math.floor(got / recordBytes);
  return new ReadError(
    'TRUNCATED',
    `${fileOf(shard)}: record ${bad} (dataset record ${shard * recordsPerShard + bad}) ends after ${got % recordBytes} of ${recordBytes} bytes: expected the shard to hold whole records as its manifest says`,
    fileOf(shard),
    bad,
  );
}

function ioError(shard, local, err) {
  return new ReadError('IO_ERROR', `${fileOf(shard)}: record ${local} (dataset record ${shard * recordsPerShard + local}): read failed: ${err.message}`, fileOf(shard), local);
}

/** One record, synchronously, through the page cache, to wasm address `at`. */
function readRecord(k, at) {
  stats.recordReads++;
  const shard = Math.floor(k / recordsPerShard);
  const local = k - shard * recordsPerShard;
  let got;
  try {
    got = readSync(fdOf(shard, false), new Uint8Array(wasm.memory.buffer), at, recordBytes, local * recordBytes);
  } catch (err) {
    throw ioError(shard, local, err);
  }
  if (got !== recordBytes) throw truncated(shard, local, got);
}

function readAsync(fd, at, length, position) {
  busy.set(fd, (busy.get(fd) ?? 0) + 1);
  return new Promise((resolve, reject) => {
    // The view is made at call time: memory.grow detaches older views.
    read(fd, new Uint8Array(wasm.memory.buffer), at, length, position, (err, got) => {
      const left = busy.get(fd) - 1;
      if (left === 0) busy.delete(fd);
      else busy.set(fd, left);
      if (err) reject(err);
      else resolve(got);
    });
  });
}

/**
 * Reads records [first, first + n) of one shard to wasm address `dest`. With
 * O_DIRECT the read covers the aligned range around them, which works when
 * `dest` and the file offset agree modulo ALIGN (the first part of every block,
 * see startLoad); other parts (a block's continuation in the next shard) go
 * through the page cache. Throws ReadError.
 */
async function readRange(shard, local, n, dest) {
  const offset = local * recordBytes;
  const length = n * recordBytes;
  const pad = offset % ALIGN;
  if (useDirect && (dest - pad) % ALIGN === 0) {
    let got;
    try {
      got = await readAsync(fdOf(shard, true), dest - pad, roundUp(pad + length, ALIGN), offset - pad);
    } catch (err) {
      if (err.code !== 'EINVAL') throw ioError(shard, local, err);
      // The file system refuses O_DIRECT (tmpfs, some network file systems): read through the page cache from now on.
      useDirect = false;
      stats.directRefused = true;
      return readRange(shard, local, n, dest);
    }
    if (got < pad + length) throw truncated(shard, local, Math.max(0, got - pad));
    stats.directReads++;
    return;
  }
  stats.bufferedBlockReads++;
  let got;
  try {
    got = await readAsync(fdOf(shard, false), dest, length, offset);
  } catch (err) {
    throw ioError(shard, local, err);
  }
  if (got !== length) throw truncated(shard, local, got);
}

// ---- block cache ------------------------------------------------------------

/**
 * block id -> { slot, base, pins, loaded: Promise<void> }, in LRU order (Map
 * order, oldest first). `base` is the wasm address of the block's first record.
 */
const cache = new Map();
const freeSlots = [];
let slotsMade = 0;
let readsInFlight = 0;
const readQueue = [];

function runLimited(job) {
  return new Promise((resolve, reject) => {
    const start = () => {
      readsInFlight++;
      job()
        .then(resolve, reject)
        .finally(() => {
          readsInFlight--;
          readQueue.shift()?.();
        });
    };
    if (readsInFlight < READS_IN_FLIGHT) start();
    else readQueue.push(start);
  });
}

/**
 * A slot for a new block: a free one, a new one, or the slot of the least
 * recently used idle block that a batch has already read from. Blocks loaded
 * ahead and not read yet are given up only for a batch that needs a slot now
 * (`forBatch`), never for more read-ahead. -1 if none.
 */
function takeSlot(keep, forBatch) {
  if (freeSlots.length > 0) return freeSlots.pop();
  if (slotsMade < cacheBlocks) {
    slotsMade++;
    return allocAligned(slotBytes);
  }
  for (const usedOnly of forBatch ? [true, false] : [true]) {
    for (const [block, entry] of cache) {
      if (entry.pins > 0 || !entry.settled || keep.has(block) || (usedOnly && !entry.used)) continue;
      cache.delete(block);
      return entry.slot;
    }
  }
  return -1;
}

function allocAligned(bytes) {
  const at = wasm.alloc(bytes + ALIGN);
  return roundUp(at, ALIGN);
}

/** Starts loading `block` into a slot; undefined when no slot can be had. */
function startLoad(block, keep, forBatch) {
  const slot = takeSlot(keep, forBatch);
  if (slot < 0) return undefined;
  stats.blockLoads++;
  if (!forBatch) stats.blockLoadsAhead++;
  const first = block * blockRecords;
  const n = Math.min(blockRecords, count - first);
  const shard = Math.floor(first / recordsPerShard);
  const local = first - shard * recordsPerShard;
  // With O_DIRECT the block is placed so that its file offset and its address agree modulo ALIGN.
  const base = slot + ((local * recordBytes) % ALIGN);
  const entry = { slot, base, pins: 0, settled: false, used: false, loaded: undefined };
  entry.loaded = runLimited(async () => {
    let k = first;
    while (k < first + n) {
      const sh = Math.floor(k / recordsPerShard);
      const lo = k - sh * recordsPerShard;
      const take = Math.min(first + n - k, recordsPerShard - lo);
      await readRange(sh, lo, take, base + (k - first) * recordBytes);
      k += take;
    }
  }).finally(() => {
    entry.settled = true;
  });
  entry.loaded.catch(() => {
    // A failed block is forgotten (its slot freed) so that the next read retries and reports it.
    if (cache.get(block) === entry) {
      cache.delete(block);
      freeSlots.push(slot);
    }
  });
  cache.set(block, entry);
  return entry;
}

function willNeed(blocks) {
  const keep = new Set(blocks);
  for (const block of blocks) {
    if (block >= Math.ceil(count / blockRecords) || cache.has(block)) continue;
    if (!startLoad(block, keep, false)) return; // the cache is full of blocks still to be read: the read itself will load it
  }
}

// ---- batches ----------------------------------------------------------------

let capacity = 0;
let stagingAt = 0; // capacity records read one by one
let offsetsAt = 0; // capacity uint32 source addresses
let outAt = 0; // capacity * imageBytes float32

function ensureCapacity(n) {
  if (n <= capacity) return;
  capacity = Math.max(n, capacity * 2);
  stagingAt = wasm.alloc(capacity * recordBytes);
  offsetsAt = wasm.alloc(capacity * 4);
  outAt = wasm.alloc(capacity * imageBytes * 4);
}

const pool = [];

function takeImageBuffer(length) {
  const i = pool.findIndex((b) => b.byteLength === length * 4);
  // A fresh buffer costs a page fault per 4 KiB page; a reused one is warm.
  if (i < 0) return new Float32Array(length);
  const [buffer] = pool.splice(i, 1);
  return new Float32Array(buffer);
}

async function readBatch(indices, wholeBlocks) {
  const n = indices.length;
  stats.batches++;
  ensureCapacity(n);
  const pinned = new Map();
  try {
    if (wholeBlocks && cacheBlocks > 0) {
      const wanted = new Map(); // block -> records of this batch in it
      for (let i = 0; i < n; i++) {
        const block = Math.floor(indices[i] / blockRecords);
        wanted.set(block, (wanted.get(block) ?? 0) + 1);
      }
      const keep = new Set(wanted.keys());
      for (const [block, records] of wanted) {
        let entry = cache.get(block);
        if (entry) {
          stats.cacheHits++;
          cache.delete(block); // re-insert: most recently used
          cache.set(block, entry);
        } else if (records >= MIN_RECORDS_FOR_LOAD) {
          entry = startLoad(block, keep, true);
        }
        if (!entry) continue;
        entry.used = true;
        entry.pins++;
        pinned.set(block, entry);
      }
      for (const entry of pinned.values()) await entry.loaded;
    }
    const offsets = new Uint32Array(wasm.memory.buffer, offsetsAt, n);
    for (let i = 0; i < n; i++) {
      const k = indices[i];
      const block = Math.floor(k / blockRecords);
      const entry = pinned.get(block);
      if (entry) {
        offsets[i] = entry.base + (k - block * blockRecords) * recordBytes;
      } else {
        readRecord(k, stagingAt + i * recordBytes);
        offsets[i] = stagingAt + i * recordBytes;
      }
    }
    const mem = new Uint8Array(wasm.memory.buffer);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const at = offsets[i] + imageBytes;
      const label = mem[at] | (mem[at + 1] << 8);
      if (label >= numClasses) {
        const k = indices[i];
        const shard = Math.floor(k / recordsPerShard);
        const local = k - shard * recordsPerShard;
        throw new ReadError('LABEL_OUT_OF_RANGE', `${fileOf(shard)}: record ${local} (dataset record ${k}) has label ${label}, expected [0, ${numClasses})`, fileOf(shard), local);
      }
      labels[i] = label;
    }
    wasm.convert(offsetsAt, n, imageBytes, outAt);
    const images = takeImageBuffer(n * imageBytes);
    images.set(new Float32Array(wasm.memory.buffer, outAt, n * imageBytes));
    return { images, labels };
  } finally {
    for (const entry of pinned.values()) entry.pins--;
  }
}

let queue = Promise.resolve();

parentPort.on('message', (msg) => {
  if (msg.recycle) {
    pool.push(msg.recycle);
    if (pool.length > MAX_POOLED) pool.shift();
    return;
  }
  if (msg.willNeed) {
    willNeed(msg.willNeed);
    return;
  }
  if (msg.stats) {
    // After the batches before it, so that their work is counted.
    queue = queue.then(() => parentPort.postMessage({ id: msg.id, stats: { ...stats } }));
    return;
  }
  queue = queue.then(async () => {
    try {
      const { images, labels } = await readBatch(msg.indices, msg.wholeBlocks === true);
      parentPort.postMessage({ id: msg.id, images, labels }, [images.buffer, labels.buffer]);
    } catch (err) {
      const e = err instanceof ReadError ? err : new ReadError('IO_ERROR', String(err && err.message ? err.message : err));
      parentPort.postMessage({ id: msg.id, error: { code: e.code, message: e.message, file: e.file, record: e.record } });
    }
  });
});
