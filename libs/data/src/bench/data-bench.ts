// `acgan bench data`: packs synthetic datasets of 100,000 and 1,000,000
// records at 32x32x3 with prepareShards into a temp folder, then, for each,
// streams one full epoch (rank 0 of a world of 1, global batch 256, the
// default prefetch of 2, 2 reader threads) through createBatchStream in a
// fresh child process (so each run's peak RSS is its own high-water mark) and
// compares the loader's byte rate with a plain sequential read (1 MiB reads)
// of the same shard files in the same process, page cache warm for both (each
// is preceded by a full sequential pass). Removes its temp folder at the end.
//
//   npx tsx -e "import('@acgan/data').then(async m => console.log(JSON.stringify(await m.runDataBench(), null, 1)))"

import { spawn } from 'node:child_process';
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DataError } from '../errors.ts';
import { prepareShards } from '../prepare-shards.ts';
import { recordBytesOf } from '../shard-format.ts';
import { createSyntheticDataset } from './synthetic-dataset.ts';

export interface DataBenchOptions {
  /** Record counts to pack and stream (default [100_000, 1_000_000]). */
  sizes?: number[];
  /** Folder under which the temp folder is made (default the OS temp folder). */
  dir?: string;
  /** Global batch (default 256). */
  batch?: number;
  /** Reader threads of the shards dataset (default 2). */
  threads?: number;
  onProgress?: (line: string) => void;
}

export interface DataBenchRun {
  samples: number;
  records: number;
  prepare_s: number;
  /** Wall time of the streamed epoch. */
  seconds: number;
  images_per_s: number;
  loader_mb_per_s: number;
  raw_read_gbps: number;
  /** The loader's reads alone (record-sized preads in the epoch's order, no conversion), one thread. */
  random_pread_mb_per_s: number;
  peak_rss_mb: number;
}

export interface DataBenchResult {
  bench: 'data';
  image: string;
  batch: number;
  slice: string;
  threads: number;
  runs: DataBenchRun[];
  /** Raw sequential read speed of the largest run's files, page cache warm. */
  read_gbps: number;
  /** Loader bytes/s over raw read bytes/s, largest run. */
  ratio: number;
  /** Peak RSS of the largest run over the smallest. */
  rss_ratio: number;
}

const SPEC = { size: 32, channels: 3 } as const;
const CHILD = fileURLToPath(new URL('./data-bench-child.ts', import.meta.url));

function runChild(args: object): Promise<Omit<DataBenchRun, 'prepare_s'>> {
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
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Omit<DataBenchRun, 'prepare_s'>);
      } catch (e) {
        reject(new Error(`data bench child printed no result: ${out}${err}`, { cause: e }));
      }
    });
  });
}

export async function runDataBench(opts: DataBenchOptions = {}): Promise<DataBenchResult> {
  const sizes = opts.sizes ?? [100_000, 1_000_000];
  const batch = opts.batch ?? 256;
  const threads = opts.threads ?? 2;
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
  try {
    for (const count of sizes) {
      const dir = path.join(root, String(count));
      const t0 = performance.now();
      await prepareShards(createSyntheticDataset(count, SPEC), dir);
      const prepare_s = (performance.now() - t0) / 1000;
      log(`packed ${count} records in ${prepare_s.toFixed(1)} s`);
      const run = await runChild({ dir, batch, rank: 0, worldSize: 1, threads, prefetch: 2 });
      runs.push({ ...run, prepare_s });
      log(`streamed ${run.samples} samples: ${Math.round(run.images_per_s)} images/s, ${run.loader_mb_per_s.toFixed(0)} MB/s, peak RSS ${run.peak_rss_mb.toFixed(0)} MB`);
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const first = runs[0];
  const last = runs[runs.length - 1];
  return {
    bench: 'data',
    image: '32x32x3',
    batch,
    slice: 'one epoch of rank 0 of 1 (all records, last batch padded by wrapping)',
    threads,
    runs,
    read_gbps: last.raw_read_gbps,
    ratio: (last.loader_mb_per_s * 1e6) / (last.raw_read_gbps * 1e9),
    rss_ratio: last.peak_rss_mb / first.peak_rss_mb,
  };
}
