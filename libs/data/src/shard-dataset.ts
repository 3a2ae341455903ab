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
import { checkIndices, closedError, type Batch, type Dataset } from './dataset.ts';
import { DataError, isErrno, type DataErrorCode } from './errors.ts';
import { checkImageSpec, formatImageSpec, imageBytes, type ImageSpec } from './image-spec.ts';
import { checkManifest, MANIFEST_FILE, type ShardManifest } from './shard-format.ts';

export interface ShardOptions {
  /** Hash every shard at open and fail on a mismatch (default false). */
  verify?: boolean;
  /** Reader threads (default 1); more help only when several reads are in flight. */
  threads?: number;
}

export interface ShardDataset extends Dataset {
  readonly manifest: ShardManifest;
  /** Hashes every shard (streamed) and throws CHECKSUM_MISMATCH naming the first bad one. */
  verify(): Promise<void>;
}

interface Pending {
  resolve: (b: Batch) => void;
  reject: (e: Error) => void;
}

interface ReaderThread {
  worker: Worker;
  pending: Map<number, Pending>;
  failed?: Error;
}

async function readManifest(dir: string): Promise<ShardManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw new DataError('IO_ERROR', `${file}: cannot read: ${(err as Error).message}`, { file, cause: err });
    const dirExists = await stat(dir).then(() => true, () => false);
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
      throw new DataError('TRUNCATED', `${file}: ${st.size} bytes, expected ${s.bytes} (${s.records} records of ${manifest.recordBytes} bytes) as ${MANIFEST_FILE} says`, { file, record: Math.floor(st.size / manifest.recordBytes) });
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

  let closed = false;
  const threadCount = Math.max(1, Math.floor(opts.threads ?? 1));
  const threads: ReaderThread[] = [];
  const workerData = {
    dir,
    files: manifest.shards.map((s) => s.file),
    recordsPerShard: manifest.recordsPerShard,
    recordBytes: manifest.recordBytes,
    imageBytes: imageBytes(image),
    numClasses: manifest.numClasses,
  };
  const startThread = (): ReaderThread => {
    const t: ReaderThread = { worker: new Worker(new URL('./shard-read-worker.mjs', import.meta.url), { workerData }), pending: new Map() };
    // An idle reader must not keep the process alive; a busy one must.
    t.worker.unref();
    t.worker.on('message', (msg: { id: number; images?: Float32Array; labels?: Int32Array; error?: { code: DataErrorCode; message: string; file?: string; record?: number } }) => {
      const p = t.pending.get(msg.id);
      if (!p) return;
      t.pending.delete(msg.id);
      if (t.pending.size === 0) t.worker.unref();
      if (msg.error) p.reject(new DataError(msg.error.code, msg.error.message, { file: msg.error.file, record: msg.error.record }));
      else p.resolve({ images: msg.images!, labels: msg.labels! });
    });
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

  let nextId = 0;
  return {
    size: manifest.count,
    numClasses: manifest.numClasses,
    classNames: manifest.classNames,
    spec: image,
    description,
    manifest,
    verify,
    read(indices: ArrayLike<number>): Promise<Batch> {
      if (closed) return Promise.reject(closedError(description));
      try {
        checkIndices(indices, manifest.count, description);
      } catch (err) {
        return Promise.reject(err);
      }
      // The least busy thread gets the batch.
      const t = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      if (t.failed) return Promise.reject(t.failed);
      const id = nextId++;
      const copy = Uint32Array.from(indices as ArrayLike<number>);
      return new Promise<Batch>((resolve, reject) => {
        t.pending.set(id, { resolve, reject });
        t.worker.ref();
        t.worker.postMessage({ id, indices: copy }, [copy.buffer]);
      });
    },
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
