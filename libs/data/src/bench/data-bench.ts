// `acgan bench data`: packs synthetic datasets of 100,000 and 1,000,000
// records at 32x32x3 with prepareShards into a temp folder, then streams one
// full epoch of each (rank 0 of a world of 1, global batch 256, prefetch 2)
// through createBatchStream, each in a fresh child process (so each run's peak
// RSS is its own high-water mark), in two settings:
// - full order, page cache warm (2 reader threads): the dataset fits in
//   memory, every read is a copy from the page cache;
// - block order, page cache cold (2 reader threads): the dataset is read from
//   the disk, as one larger than memory is (O_DIRECT block reads with
//   read-ahead, see shard-read-worker.mjs).
// Each run compares the loader's byte rate (records delivered x record bytes)
// with a plain sequential read (1 MiB reads) of the same files, measured right
// before and after it in the same state of the page cache. Removes its temp
// folder at the end.
//
//   npx acgan bench data --json

import { spawn } from 'node:child_process';
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DataError } from '../errors.ts';
import { prepareShards } from '../prepare-shards.ts';
import { recordBytesOf } from '../shard-format.ts';
import type { ChildArgs } from './data-bench-child.ts';
import { createSyntheticDataset } from './synthetic-dataset.ts';

export interface DataBenchOptions {
  /** Record counts to pack and stream (default [100_000, 1_000_000]). */
  sizes?: number[];
  /** Folder under which the temp folder is made (default the OS temp folder). */
  dir?: string;
  /** Global batch (default 256). */
  batch?: number;
  onProgress?: (line: string) => void;
}

export type DataBenchSetting = { order: 'full' | 'block'; cache: 'warm' | 'cold'; threads: number };

/** The two settings measured for every size (see the header). */
export const DATA_BENCH_SETTINGS: readonly DataBenchSetting[] = [
  { order: 'full', cache: 'warm', threads: 2 },
  { order: 'block', cache: 'cold', threads: 2 },
];

export interface DataBenchRun extends DataBenchSetting {
  samples: number;
  records: number;
  /** Wall time of the streamed epoch. */
  seconds: number;
  images_per_s: number;
  loader_mb_per_s: number;
  /** Sequential read of the same files, mean of before and after the epoch. */
  raw_read_gbps: number;
  raw_read_gbps_before_after: [number, number];
  /** Loader bytes/s over raw read bytes/s. */
  ratio: number;
  peak_rss_mb: number;
}

export interface DataBenchResult {
  bench: 'data';
  image: string;
  batch: number;
  slice: string;
  /** Seconds prepareShards took per size. */
  prepare_s: Record<string, number>;
  runs: DataBenchRun[];
  /** Raw sequential read speed of the largest dataset's files, page cache cold (from the disk). */
  read_gbps: number;
  /** Loader over raw read, largest dataset, block order, cache cold: streaming a dataset from the disk. */
  ratio: number;
  /** Loader over raw read, largest dataset, full order, cache warm: a dataset that fits in memory. */
  ratio_warm: number;
  /** Peak RSS of the largest dataset's run over the smallest's, per setting. */
  rss_ratio: { full_warm: number; block_cold: number };
}

const SPEC = { size: 32, channels: 3 } as const;
const CHILD = fileURLToPath(new URL('./data-bench-child.ts', import.meta.url));

function runChild(args: ChildArgs): Promise<Omit<DataBenchRun, keyof DataBenchSetting>> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`data bench child exited with ${code}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Omit<DataBenchRun, keyof DataBenchSetting>);
      } catch (e) {
        reject(new Error(`data bench child printed no result: ${out}${err}`, { cause: e }));
      }
    });
  });
}

export async function runDataBench(opts: DataBenchOptions = {}): Promise<DataBenchResult> {
  const sizes = opts.sizes ?? [100_000, 1_000_000];
  const batch = opts.batch ?? 256;
  const log = opts.onProgress ?? (() => undefined);
  const base = opts.dir ?? os.tmpdir();
  const needed = sizes.reduce((n, s) => n + s * recordBytesOf(SPEC), 0);
  const fsInfo = await statfs(base);
  const free = fsInfo.bavail * fsInfo.bsize;
  if (free < needed * 1.1) {
    throw new DataError('BAD_ARGUMENT', `${base}: ${(free / 1e9).toFixed(1)} GB free, the data bench needs ${(needed / 1e9).toFixed(1)} GB: pass another dir`, { file: base });
  }
  const root = await mkdtemp(path.join(base, 'acgan-data-bench-'));
  const runs: DataBenchRun[] = [];
  const prepare_s: Record<string, number> = {};
  try {
    for (const count of sizes) {
      const dir = path.join(root, String(count));
      const t0 = performance.now();
      await prepareShards(createSyntheticDataset(count, SPEC), dir);
      prepare_s[count] = (performance.now() - t0) / 1000;
      log(`packed ${count} records in ${prepare_s[count].toFixed(1)} s`);
      for (const setting of DATA_BENCH_SETTINGS) {
        const run = await runChild({ dir, batch, prefetch: 2, ...setting });
        runs.push({ ...setting, ...run });
        log(
          `${count} records, ${setting.order} order, cache ${setting.cache}: ${Math.round(run.images_per_s)} images/s, ${run.loader_mb_per_s.toFixed(0)} MB/s, ` +
            `raw read ${run.raw_read_gbps.toFixed(2)} GB/s, ratio ${run.ratio.toFixed(2)}, peak RSS ${run.peak_rss_mb.toFixed(0)} MB`,
        );
      }
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const pick = (count: number, order: string) => runs.find((r) => r.records === count && r.order === order)!;
  const [first, last] = [sizes[0], sizes[sizes.length - 1]];
  return {
    bench: 'data',
    image: '32x32x3',
    batch,
    slice: 'one epoch of rank 0 of 1 (all records, last batch padded by wrapping)',
    prepare_s,
    runs,
    read_gbps: pick(last, 'block').raw_read_gbps,
    ratio: pick(last, 'block').ratio,
    ratio_warm: pick(last, 'full').ratio,
    rss_ratio: {
      full_warm: pick(last, 'full').peak_rss_mb / pick(first, 'full').peak_rss_mb,
      block_cold: pick(last, 'block').peak_rss_mb / pick(first, 'block').peak_rss_mb,
    },
  };
}
