// One measured run of the data benchmark, in its own process so that its peak
// RSS is its own. Streams one epoch of rank `rank` of `worldSize` through
// createBatchStream, then reads the same shard files sequentially (1 MiB
// reads) for the raw speed, then does the loader's I/O alone (one pread per
// record in the epoch's order, one thread, no conversion) to show how much of
// the loader's time is I/O, and prints one JSON line on stdout.
//
//   node --import tsx data-bench-child.ts '{"dir":"/tmp/x/100000","batch":256,"rank":0,"worldSize":1,"threads":2,"prefetch":2}'

import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { createBatchStream } from '../batch-stream.ts';
import { DistributedSampler } from '../distributed-sampler.ts';
import { openShards } from '../shard-dataset.ts';

interface ChildArgs {
  dir: string;
  batch: number;
  rank: number;
  worldSize: number;
  threads: number;
  prefetch: number;
}

/** Sequential read of all shard files; returns bytes/s. */
function rawReadSpeed(files: string[]): { bytes: number; seconds: number } {
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  const t0 = performance.now();
  for (const file of files) {
    const fd = openSync(file, 'r');
    let pos = 0;
    for (let n = readSync(fd, buf, 0, buf.length, pos); n > 0; n = readSync(fd, buf, 0, buf.length, pos)) pos += n;
    closeSync(fd);
    bytes += pos;
  }
  return { bytes, seconds: (performance.now() - t0) / 1000 };
}

/** The loader's I/O alone: one pread per record in the sampler's order, no conversion. */
function randomPreadSpeed(files: string[], recordsPerShard: number, recordBytes: number, order: Uint32Array): number {
  const fds = files.map((f) => openSync(f, 'r'));
  const buf = Buffer.allocUnsafe(recordBytes * 256);
  const t0 = performance.now();
  for (let i = 0; i < order.length; i++) {
    const k = order[i];
    const shard = Math.floor(k / recordsPerShard);
    readSync(fds[shard], buf, (i & 255) * recordBytes, recordBytes, (k - shard * recordsPerShard) * recordBytes);
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const fd of fds) closeSync(fd);
  return (order.length * recordBytes) / seconds;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as ChildArgs;
  const ds = await openShards(args.dir, { size: 32, channels: 3 }, { threads: args.threads });
  const files = ds.manifest.shards.map((s) => path.join(args.dir, s.file));
  rawReadSpeed(files); // warm the page cache the same way for both measurements
  const sampler = new DistributedSampler({ datasetSize: ds.size, globalBatch: args.batch, seed: 1 });
  const stream = createBatchStream(ds, sampler, { rank: args.rank, worldSize: args.worldSize, startStep: 0, endStep: sampler.stepsPerEpoch, prefetch: args.prefetch });
  let samples = 0;
  let checksum = 0;
  const t0 = performance.now();
  for await (const b of stream) {
    samples += b.labels.length;
    checksum += b.labels[0] + b.images[b.images.length - 1];
  }
  const seconds = (performance.now() - t0) / 1000;
  await stream.close();
  await ds.close();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const raw = rawReadSpeed(files);
  const pread = randomPreadSpeed(files, ds.manifest.recordsPerShard, ds.manifest.recordBytes, sampler.permutation(0));
  const loaderBytes = samples * ds.manifest.recordBytes;
  process.stdout.write(
    `${JSON.stringify({
      records: ds.size,
      samples,
      seconds,
      images_per_s: samples / seconds,
      loader_mb_per_s: loaderBytes / seconds / 1e6,
      raw_read_gbps: raw.bytes / raw.seconds / 1e9,
      random_pread_mb_per_s: pread / 1e6,
      peak_rss_mb: peakRssMb,
      checksum,
    })}\n`,
  );
}

await main();
