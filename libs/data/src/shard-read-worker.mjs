// Worker thread of the shards reader (shard-dataset.ts): reads records by
// position with synchronous preads (cheap from the page cache, and they block
// only this thread), converts pixels to float32 in [-1, 1], checks labels, and
// hands the batch back by transfer (no copy). Plain JavaScript because a worker
// thread starts without the TypeScript loader of its parent (tsx or vitest).
// Record layout: see shard-format.ts.

import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

/** Open shard files kept at once; beyond it the least recently used is closed. */
const MAX_OPEN_FILES = 64;

const { dir, files, recordsPerShard, recordBytes, imageBytes, numClasses } = workerData;
const fds = new Map();
const scale = new Float32Array(256);
for (let v = 0; v < 256; v++) scale[v] = v / 127.5 - 1;

class ReadError extends Error {
  constructor(code, message, file, record) {
    super(message);
    this.code = code;
    this.file = file;
    this.record = record;
  }
}

function fdOf(shard) {
  let fd = fds.get(shard);
  if (fd !== undefined) {
    fds.delete(shard); // re-insert: Map order is the LRU order
    fds.set(shard, fd);
    return fd;
  }
  if (fds.size >= MAX_OPEN_FILES) {
    const [oldest, oldFd] = fds.entries().next().value;
    fds.delete(oldest);
    closeSync(oldFd);
  }
  fd = openSync(path.join(dir, files[shard]), 'r');
  fds.set(shard, fd);
  return fd;
}

function readBatch(indices) {
  const n = indices.length;
  // All records land in one buffer first (one pread each), then one tight loop
  // converts them: cheaper than interleaving syscalls with conversion.
  const raw = Buffer.allocUnsafe(n * recordBytes);
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    const shard = Math.floor(k / recordsPerShard);
    const local = k - shard * recordsPerShard;
    let got;
    try {
      got = readSync(fdOf(shard), raw, i * recordBytes, recordBytes, local * recordBytes);
    } catch (err) {
      const file = path.join(dir, files[shard]);
      throw new ReadError('IO_ERROR', `${file}: record ${local} (dataset record ${k}): read failed: ${err.message}`, file, local);
    }
    if (got !== recordBytes) {
      const file = path.join(dir, files[shard]);
      throw new ReadError('TRUNCATED', `${file}: record ${local} (dataset record ${k}) ends after ${got} of ${recordBytes} bytes: expected the shard to hold whole records as its manifest says`, file, local);
    }
  }
  const images = new Float32Array(n * imageBytes);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = i * recordBytes;
    const label = raw[r + imageBytes] | (raw[r + imageBytes + 1] << 8);
    if (label >= numClasses) {
      const k = indices[i];
      const shard = Math.floor(k / recordsPerShard);
      const local = k - shard * recordsPerShard;
      const file = path.join(dir, files[shard]);
      throw new ReadError('LABEL_OUT_OF_RANGE', `${file}: record ${local} (dataset record ${k}) has label ${label}, expected [0, ${numClasses})`, file, local);
    }
    labels[i] = label;
    const o = i * imageBytes;
    for (let j = 0; j < imageBytes; j++) images[o + j] = scale[raw[r + j]];
  }
  return { images, labels };
}

parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    for (const fd of fds.values()) closeSync(fd);
    fds.clear();
    parentPort.close();
    return;
  }
  try {
    const { images, labels } = readBatch(msg.indices);
    parentPort.postMessage({ id: msg.id, images, labels }, [images.buffer, labels.buffer]);
  } catch (err) {
    const e = err instanceof ReadError ? err : new ReadError('IO_ERROR', String(err && err.message ? err.message : err));
    parentPort.postMessage({ id: msg.id, error: { code: e.code, message: e.message, file: e.file, record: e.record } });
  }
});
