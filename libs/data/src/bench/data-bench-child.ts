// One measured run of the data benchmark, in its own process so that its peak
// RSS is its own. Streams one epoch of rank 0 of 1 through createBatchStream
// in the given order, and reads the same shard files sequentially (1 MiB
// reads) right before and right after it for the raw read speed, with the
// page cache in the given state for all three:
// - warm: the files are read once first, so every read is served from memory;
// - cold: each file's cached pages are dropped before each of the three
//   measurements (posix_fadvise DONTNEED through `dd iflag=nocache count=0`,
//   GNU coreutils, no root needed), as for a dataset larger than memory.
// Prints one JSON line on stdout.
//
//   node --import tsx data-bench-child.ts '{"dir":"/tmp/x/100000","batch":256,"threads":2,"prefetch":2,"order":"block","cache":"cold"}'

import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { createBatchStream } from '../batch-stream.ts';
import { DistributedSampler } from '../distributed-sampler.ts';
import { DataError } from '../errors.ts';
import { openShards } from '../shard-dataset.ts';

export interface ChildArgs {
  dir: string;
  batch: number;
  threads: number;
  prefetch: number;
  order: 'full' | 'block';
  cache: 'warm' | 'cold';
}

/** Sequential read of all shard files (1 MiB reads): bytes/s. */
function rawReadSpeed(files: string[]): number {
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
  return bytes / ((performance.now() - t0) / 1000);
}

/** Drops the files' pages from the page cache (they are clean: prepare fsyncs every shard). */
function evict(files: string[]): void {
  for (const file of files) {
    try {
      execFileSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none'], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      throw new DataError('IO_ERROR', `${file}: cannot drop it from the page cache with 'dd iflag=nocache' (GNU coreutils): ${(err as Error).message}`, { file, cause: err });
    }
  }
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as ChildArgs;
  const ds = await openShards(args.dir, { size: 32, channels: 3 }, { threads: args.threads });
  const files = ds.manifest.shards.map((s) => path.join(args.dir, s.file));
  const prepareCache = args.cache === 'cold' ? () => evict(files) : () => void rawReadSpeed(files);
  prepareCache();
  const rawBefore = rawReadSpeed(files);
  prepareCache();
  const sampler = new DistributedSampler({ datasetSize: ds.size, globalBatch: args.batch, seed: 1, order: args.order, blockRecords: ds.blockRecords });
  const stream = createBatchStream(ds, sampler, { rank: 0, worldSize: 1, startStep: 0, endStep: sampler.stepsPerEpoch, prefetch: args.prefetch });
  let samples = 0;
  let checksum = 0;
  const t0 = performance.now();
  for await (const b of stream) {
    samples += b.labels.length;
    checksum += b.labels[0] + b.images[b.images.length - 1];
    stream.release(b);
  }
  const seconds = (performance.now() - t0) / 1000;
  await stream.close();
  await ds.close();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  prepareCache();
  const rawAfter = rawReadSpeed(files);
  if (args.cache === 'cold') evict(files);
  const raw = (rawBefore + rawAfter) / 2;
  const loaderBytes = samples * ds.manifest.recordBytes;
  process.stdout.write(
    `${JSON.stringify({
      records: ds.size,
      samples,
      seconds,
      images_per_s: samples / seconds,
      loader_mb_per_s: loaderBytes / seconds / 1e6,
      raw_read_gbps: raw / 1e9,
      raw_read_gbps_before_after: [rawBefore / 1e9, rawAfter / 1e9],
      ratio: loaderBytes / seconds / raw,
      peak_rss_mb: peakRssMb,
      checksum,
    })}\n`,
  );
}

await main();
