// Reader of the shards format (see shard-format.ts). Opening checks the
// manifest, the image spec against the requested one, and every shard's file
// size; reads go by position through worker threads (shard-read-worker.mjs),
// so neither a shard nor the dataset is ever loaded whole and memory stays flat
// for any number of records. Checksums are checked by verify() (or
// `verify: true` at open), which hashes every byte and so costs one full pass.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sha256File } from './atomic-file.ts';
import { checkIndices, closedError, type Batch, type Dataset, type ReadOptions } from './dataset.ts';
import { DataError, isErrno, type DataErrorCode } from './errors.ts';
import { checkImageSpec, formatImageSpec, imageBytes, type ImageSpec } from './image-spec.ts';
import { checkManifest, MANIFEST_FILE, type ShardManifest } from './shard-format.ts';

export interface ShardOptions {
  /** Hash every shard at open and fail on a mismatch (default false). */
  verify?: boolean;
  /** Reader threads (default 1); more help only when several reads are in flight. */
  threads?: number;
  /**
   * Bytes of one block, the unit of whole-block reads (default 1 MiB, rounded
   * down to whole records, at least one). Reads with `wholeBlocks` (the
   * sampler's block order) read blocks whole into a cache.
   */
  blockBytes?: number;
  /** Blocks each reader thread caches for whole-block reads (default 48, three windows of the default block order; 0 turns them off). */
  cacheBlocks?: number;
  /**
   * Whole-block reads bypass the page cache with O_DIRECT (default true) where
   * the file system allows it, so that streaming a dataset larger than memory
   * costs no kernel copy and does not evict everything else from the cache.
   */
  direct?: boolean;
}

export const DEFAULT_BLOCK_BYTES = 1 << 20;
export const DEFAULT_CACHE_BLOCKS = 48;

/** What the reader threads did, summed over them (see shard-read-worker.mjs). */
export interface ShardReaderStats {
  batches: number;
  /** Records read one by one (a pread each). */
  recordReads: number;
  /** Blocks read whole, of them started by willNeed read-ahead. */
  blockLoads: number;
  blockLoadsAhead: number;
  /** Reads of whole blocks with O_DIRECT, and through the page cache. */
  directReads: number;
  bufferedBlockReads: number;
  /** Blocks a batch found in the cache (loaded or loading). */
  cacheHits: number;
  /** True when the file system refused O_DIRECT and block reads went through the page cache. */
  directRefused: boolean;
}

export interface ShardDataset extends Dataset {
  readonly manifest: ShardManifest;
  readonly blockRecords: number;
  /** Counters of the reader threads, once the reads asked so far are done. */
  stats(): Promise<ShardReaderStats>;
  /** Hashes every shard (streamed) and throws CHECKSUM_MISMATCH naming the first bad one. */
  verify(): Promise<void>;
}

/** A request to a reader thread (a batch or its stats), answered by id. */
interface Pending {
  resolve: (value: never) => void;
  reject: (e: Error) => void;
}

interface ReaderThread {
  worker: Worker;
  pending: Map<number, Pending>;
  /** `group:block` recently named to this thread by willNeed. */
  hinted: Set<string>;
  failed?: Error;
}

async function readManifest(dir: string): Promise<ShardManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw new DataError('IO_ERROR', `${file}: cannot read: ${(err as Error).message}`, { file, cause: err });
    const dirExists = await stat(dir).then(
      () => true,
      () => false,
    );
    throw new DataError(
      'MISSING_PATH',
      dirExists
        ? `${file}: not found: expected a shards folder completed by prepareShards (the manifest is written last, so its absence means an unfinished prepare)`
        : `${dir}: folder not found: expected a shards folder written by prepareShards`,
      { file: dirExists ? file : dir, cause: err },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataError('BAD_FORMAT', `${file}: not valid JSON (${(err as Error).message}): expected a shards manifest`, { file, cause: err });
  }
  return checkManifest(json, file);
}

export async function openShards(dir: string, spec: ImageSpec, opts: ShardOptions = {}): Promise<ShardDataset> {
  const image = checkImageSpec(spec);
  const manifest = await readManifest(dir);
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (manifest.image.size !== image.size || manifest.image.channels !== image.channels) {
    throw new DataError(
      'SPEC_MISMATCH',
      `${manifestFile}: shards hold ${formatImageSpec(manifest.image)} images, expected ${formatImageSpec(image)} as requested: re-run prepare for this image size`,
      { file: manifestFile },
    );
  }
  for (const s of manifest.shards) {
    const file = path.join(dir, s.file);
    const st = await stat(file).catch((err: unknown) => {
      throw new DataError('MISSING_PATH', `${file}: shard listed in ${MANIFEST_FILE} not found: expected ${s.bytes} bytes`, { file, cause: err });
    });
    if (st.size !== s.bytes) {
      throw new DataError('TRUNCATED', `${file}: ${st.size} bytes, expected ${s.bytes} (${s.records} records of ${manifest.recordBytes} bytes) as ${MANIFEST_FILE} says`, {
        file,
        record: Math.floor(st.size / manifest.recordBytes),
      });
    }
  }

  const description = `shards ${dir} (${manifest.count} records ${formatImageSpec(manifest.image)}, ${manifest.numClasses} classes, from ${manifest.source})`;
  const verify = async (): Promise<void> => {
    for (const s of manifest.shards) {
      const file = path.join(dir, s.file);
      const actual = await sha256File(file);
      if (actual !== s.sha256) {
        throw new DataError('CHECKSUM_MISMATCH', `${file}: sha256 ${actual}, expected ${s.sha256} from ${MANIFEST_FILE}: the shard is corrupt, re-run prepare`, { file });
      }
    }
  };
  if (opts.verify) await verify();

  const blockBytes = opts.blockBytes ?? DEFAULT_BLOCK_BYTES;
  const cacheBlocks = opts.cacheBlocks ?? DEFAULT_CACHE_BLOCKS;
  if (!Number.isFinite(blockBytes) || blockBytes <= 0) throw new DataError('BAD_ARGUMENT', `openShards: blockBytes ${blockBytes}, expected a positive number of bytes`);
  if (!Number.isInteger(cacheBlocks) || cacheBlocks < 0) throw new DataError('BAD_ARGUMENT', `openShards: cacheBlocks ${cacheBlocks}, expected a non-negative integer`);
  const blockRecords = Math.max(1, Math.floor(blockBytes / manifest.recordBytes));

  let closed = false;
  const threadCount = Math.max(1, Math.floor(opts.threads ?? 1));
  const threads: ReaderThread[] = [];
  const workerData = {
    dir,
    files: manifest.shards.map((s) => s.file),
    count: manifest.count,
    blockRecords,
    cacheBlocks,
    direct: opts.direct ?? true,
    recordsPerShard: manifest.recordsPerShard,
    recordBytes: manifest.recordBytes,
    imageBytes: imageBytes(image),
    numClasses: manifest.numClasses,
  };
  const startThread = (): ReaderThread => {
    const t: ReaderThread = { worker: new Worker(new URL('./shard-read-worker.mjs', import.meta.url), { workerData }), pending: new Map(), hinted: new Set() };
    // An idle reader must not keep the process alive; a busy one must.
    t.worker.unref();
    t.worker.on(
      'message',
      (msg: {
        id: number;
        images?: Float32Array;
        labels?: Int32Array;
        stats?: ShardReaderStats;
        error?: { code: DataErrorCode; message: string; file?: string; record?: number };
      }) => {
        const p = t.pending.get(msg.id);
        if (!p) return;
        t.pending.delete(msg.id);
        if (t.pending.size === 0) t.worker.unref();
        if (msg.error) p.reject(new DataError(msg.error.code, msg.error.message, { file: msg.error.file, record: msg.error.record }));
        else if (msg.stats) (p.resolve as (s: ShardReaderStats) => void)(msg.stats);
        else (p.resolve as (b: Batch) => void)({ images: msg.images!, labels: msg.labels! });
      },
    );
    const failAll = (err: Error) => {
      t.failed = err;
      for (const p of t.pending.values()) p.reject(err);
      t.pending.clear();
    };
    t.worker.on('error', (err) => failAll(new DataError('IO_ERROR', `${description}: reader thread failed: ${err.message}`, { cause: err })));
    t.worker.on('exit', (code) => {
      if (!closed) failAll(new DataError('IO_ERROR', `${description}: reader thread exited with code ${code}`));
    });
    return t;
  };
  for (let i = 0; i < threadCount; i++) threads.push(startThread());

  // A read (or hint) in parts (ReadOptions.parts: a block order's windows)
  // sends each part to the thread of its group, whose cache holds that
  // window; a read without parts goes to the least busy thread.
  const leastBusy = (): ReaderThread => threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  const partsOf = (n: number, readOpts: ReadOptions): { start: number; end: number; thread: ReaderThread }[] => {
    const parts = readOpts.parts;
    if (!parts || parts.length === 0) return [{ start: 0, end: n, thread: leastBusy() }];
    return parts.map((p, i) => ({ start: p.start, end: i + 1 < parts.length ? parts[i + 1].start : n, thread: threads[p.group % threads.length] }));
  };
  let nextId = 0;
  /** Sends one request to a thread; its answer (or the thread's failure) settles the promise. */
  const request = <T>(t: ReaderThread, msg: object, transfer: ArrayBuffer[] = []): Promise<T> => {
    if (t.failed) return Promise.reject(t.failed);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      t.pending.set(id, { resolve, reject });
      t.worker.ref();
      t.worker.postMessage({ ...msg, id }, transfer);
    });
  };
  const readPart = (t: ReaderThread, indices: Uint32Array, wholeBlocks: boolean): Promise<Batch> => request<Batch>(t, { indices, wholeBlocks }, [indices.buffer as ArrayBuffer]);
  let recycled = 0;
  const recycle = (batch: Batch): void => {
    const buffer = batch.images.buffer;
    // Only whole, transferable buffers are worth keeping (a thread keeps those of its batch size).
    if (closed || !(buffer instanceof ArrayBuffer) || buffer.byteLength === 0 || batch.images.byteOffset !== 0 || batch.images.byteLength !== buffer.byteLength) return;
    const t = threads[recycled++ % threads.length];
    if (!t.failed) t.worker.postMessage({ recycle: buffer }, [buffer]);
  };
  return {
    size: manifest.count,
    numClasses: manifest.numClasses,
    classNames: manifest.classNames,
    spec: image,
    description,
    blockRecords,
    manifest,
    verify,
    read(indices: ArrayLike<number>, readOpts: ReadOptions = {}): Promise<Batch> {
      if (closed) return Promise.reject(closedError(description));
      try {
        checkIndices(indices, manifest.count, description);
      } catch (err) {
        return Promise.reject(err);
      }
      const parts = partsOf(indices.length, readOpts);
      const wholeBlocks = readOpts.wholeBlocks === true;
      const all = Uint32Array.from(indices as ArrayLike<number>);
      if (parts.length === 1) return readPart(parts[0].thread, all, wholeBlocks);
      // A slice across two windows: each part from its window's thread, joined.
      return Promise.all(parts.map((p) => readPart(p.thread, all.slice(p.start, p.end), wholeBlocks))).then((got) => {
        const images = new Float32Array(indices.length * imageBytes(image));
        const labels = new Int32Array(indices.length);
        got.forEach((b, i) => {
          images.set(b.images, parts[i].start * imageBytes(image));
          labels.set(b.labels, parts[i].start);
          recycle(b);
        });
        return { images, labels };
      });
    },
    async stats(): Promise<ShardReaderStats> {
      if (closed) throw closedError(description);
      const all = await Promise.all(threads.map((t) => request<ShardReaderStats>(t, { stats: true })));
      const sum = { ...all[0] };
      for (const s of all.slice(1)) {
        for (const k of Object.keys(s) as (keyof ShardReaderStats)[]) {
          if (k === 'directRefused') sum.directRefused ||= s.directRefused;
          else sum[k] += s[k];
        }
      }
      return sum;
    },
    willNeed(indices: ArrayLike<number>, readOpts: ReadOptions = {}): void {
      if (closed || cacheBlocks === 0) return;
      const parts = partsOf(indices.length, readOpts);
      parts.forEach(({ start, end, thread: t }, p) => {
        if (t.failed) return;
        const group = readOpts.parts?.[p]?.group ?? -1;
        const blocks: number[] = [];
        for (let i = start; i < end; i++) {
          const k = indices[i];
          if (!Number.isInteger(k) || k < 0 || k >= manifest.count) continue;
          const block = Math.floor(k / blockRecords);
          // Each step of a window names the same blocks: tell the thread once
          // per window (the next epoch's windows are other groups, named again).
          const key = `${group}:${block}`;
          if (t.hinted.has(key)) continue;
          t.hinted.add(key);
          if (t.hinted.size > 4 * cacheBlocks) t.hinted.delete(t.hinted.values().next().value!);
          blocks.push(block);
        }
        if (blocks.length > 0) t.worker.postMessage({ willNeed: blocks });
      });
    },
    recycle,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(
        threads.map(async (t) => {
          for (const p of t.pending.values()) p.reject(closedError(description));
          t.pending.clear();
          await t.worker.terminate();
        }),
      );
    },
  };
}
