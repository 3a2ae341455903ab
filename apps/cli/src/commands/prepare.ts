/**
 * `acgan prepare <dataset> <out dir>`: packs a dataset into the project's shard
 * format (fixed-size uint8 records at the model's image size, bounded shard
 * files, a manifest with a checksum per shard) for large runs. Re-running it is
 * idempotent and resumes where it stopped. Records are written in a seeded
 * random order by default (--order shuffled --seed 0), so that consecutive
 * records are unrelated even when the source is sorted by class.
 *
 *   npx acgan prepare idx:/usr/share/datasets/fashion-mnist data/fashion --image-size 32 --channels 1
 */
import { parseArgs } from '@acgan/config';
import { rejectUnknownFlags } from './known-flags.ts';
import { manifestOrder, openDataset, prepareShards } from '@acgan/data';

export const PREPARE_HELP = `Usage: npx acgan prepare <dataset> <out dir> [flags]

  <dataset>          mnist | idx:<dir> | cifar10:<dir> | cifar100:<dir> | folder:<dir>
  --image-size <n>   image side of the records (default 32)
  --channels <c>     1 or 3 (default 1)
  --split <s>        train or test (default train)
  --shard-mb <m>     shard file size bound in MiB (default 64)
  --order <o>        record order of the shards: shuffled (default) writes the source's
                     records in a random order drawn from --seed, so that consecutive
                     records are unrelated even when the source is sorted by class;
                     source keeps the source's order
  --seed <n>         seed of the shuffled order, an integer 0..2^53-1 (default 0);
                     only with --order shuffled
  --overwrite        replace the shards of another dataset (another source or image
                     size) found in <out dir>; without it that is refused
  --skip-bad-images  folder datasets: leave out images that cannot be decoded (named
                     on stderr and counted in the output) instead of stopping
  --help             this text

The order and seed are recorded in the manifest. Re-running with the same flags
is a no-op (or resumes an interrupted run); re-running with another order or seed
rewrites the shards. Train on the result with --dataset shards:<out dir>.`;

export async function run(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['help', 'overwrite', 'skipBadImages']));
  if (flags.has('help')) {
    console.log(PREPARE_HELP);
    return 0;
  }
  rejectUnknownFlags(flags, ['imageSize', 'channels', 'split', 'shardMb', 'order', 'seed', 'overwrite', 'skipBadImages'], 'prepare: ');
  const [spec, outDir] = positional;
  if (!spec || !outDir || positional.length > 2) throw new Error(`prepare needs <dataset> and <out dir>, got ${JSON.stringify(positional)}\n\n${PREPARE_HELP}`);
  const size = Number(flags.get('imageSize') ?? 32);
  const channels = Number(flags.get('channels') ?? 1);
  const shardMb = Number(flags.get('shardMb') ?? 64);
  const split = String(flags.get('split') ?? 'train');
  if (split !== 'train' && split !== 'test') throw new Error(`--split must be train or test, got ${JSON.stringify(split)}`);
  if (!(shardMb > 0)) throw new Error(`--shard-mb must be > 0, got ${JSON.stringify(flags.get('shardMb'))}`);
  const order = String(flags.get('order') ?? 'shuffled');
  if (order !== 'shuffled' && order !== 'source') throw new Error(`--order must be shuffled or source, got ${JSON.stringify(flags.get('order'))}`);
  const seedFlag = flags.get('seed');
  if (seedFlag !== undefined && order !== 'shuffled') throw new Error(`--seed only applies to --order shuffled, got --order ${order} --seed ${JSON.stringify(seedFlag)}`);
  const seed = seedFlag === undefined ? 0 : Number(seedFlag);
  if (seedFlag !== undefined && !(typeof seedFlag === 'string' && /^\d+$/.test(seedFlag) && Number.isSafeInteger(seed))) {
    throw new Error(`--seed must be a non-negative integer up to 2^53 - 1, got ${JSON.stringify(seedFlag)}`);
  }
  const source = await openDataset(spec, { size, channels: channels as 1 | 3 }, { split, skipBadImages: flags.has('skipBadImages') });
  for (const bad of source.skipped ?? []) process.stderr.write(`prepare: left out ${bad.file}: ${bad.reason}\n`);
  let lastPrint = 0;
  const t0 = Date.now();
  try {
    const manifest = await prepareShards(source, outDir, {
      shardBytes: Math.round(shardMb * 1024 * 1024),
      order,
      seed,
      overwrite: flags.has('overwrite'),
      onProgress: (done: number, total: number) => {
        const now = Date.now();
        if (now - lastPrint < 1000 && done !== total) return;
        lastPrint = now;
        const rate = done / Math.max(0.001, (now - t0) / 1000);
        process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}prepare: ${done}/${total} records (${rate.toFixed(0)}/s)${process.stderr.isTTY ? '\x1b[K' : '\n'}`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const written = manifestOrder(manifest);
    console.log(
      JSON.stringify({
        out: outDir,
        count: manifest.count,
        shards: manifest.shards.length,
        order: written.kind,
        seed: written.kind === 'shuffled' ? written.seed : undefined,
        classes: manifest.classNames ?? undefined,
        skippedImages: source.skipped?.length ?? 0,
      }),
    );
  } finally {
    await source.close();
  }
  return 0;
}
