/**
 * `acgan soak`: a chaos soak. Trains a small model through the real launcher while
 * a seeded nemesis kills, stops and hangs workers, kills and resumes the
 * coordinator, sends hostile traffic and fills the run folder's disk; then trains
 * the same steps without faults and compares the final parameters bit for bit.
 *
 *   npx acgan soak --minutes 10 --workers 2 --seed 7
 */
import { randomInt } from 'node:crypto';
import { keyToFlag, parseArgs } from '@acgan/config';
import { rejectUnknownFlags } from './known-flags.ts';
import { FAULT_DESCRIPTIONS, FAULT_KINDS, parseFaultKinds } from '../soak/nemesis.ts';
import { formatReport } from '../soak/report.ts';
import { defaultDiskMb, Soak } from '../soak/soak.ts';

export const SOAK_HELP = `Usage: npx acgan soak [--minutes M] [--workers N] [--seed S] [flags]

Trains a small model (16x16 MNIST, width 4, latent 8, global batch 8, wasm,
--checkpoint-interval 25) with \`acgan train\` (a coordinator and N worker
processes talking ZeroMQ on a free tcp://127.0.0.1 port, so that the hostile
client can reach it; --log-level debug, whose one line per step is the soak's
measure of progress) while a nemesis breaks things, one fault at a time:

${FAULT_KINDS.map((k) => `  ${k.padEnd(17)} ${FAULT_DESCRIPTIONS[k]}`).join('\n')}

The first round injects every kind once, early, with 1-2 s pauses; then kinds
are drawn at random (pauses of 1-3 s in soaks up to 3 minutes, else 3-15 s).
Before the next fault the run must have recovered and trained 5 more steps.

How many steps: the chaos run gets an open-ended step count and is stopped with
SIGINT (the launcher checkpoints at the next step boundary) once M minutes have
passed and every kind has been injected (for that the chaos may go on past M, by
at most max(1, M/2) minutes). Then the same job trains exactly that many steps
without faults, and the final parameters are compared bit for bit (all but
BatchNorm moving statistics, which are rank 0's own). That straight run takes
about as long as the chaos run spent training: plan on up to twice M in all.

The report (stdout; --json for one JSON object): faults injected by kind,
recoveries (worker restarts, rejoins, coordinator resumes), steps redone, the
longest stall (longest time between two completed steps), resident memory of the
launcher and each worker sampled every second from /proc (start, peak and end per
role and a coarse series), checks of the run folder (whole JSON lines, no step
missing, the log file still written after a full disk), and the verdict. Exit
code 0 only when the parameters are identical and nothing unexpected happened
(a failed recovery, a rank lost to hostile traffic, an orphan process, ...).

The disk-full fault needs root: the run folder is a tmpfs mounted for the soak
(mount -t tmpfs); elsewhere that kind is skipped and the report says why.
Ctrl-C or SIGTERM stops every process of the soak, frees and unmounts the disk
and removes its files (unless --keep).

  --minutes <M>             how long the chaos lasts (default 10; fractions allowed)
  --workers <N>             worker processes, 2 to 16 (default 2); the global batch is
                            8, or 4 per worker when N does not divide 8
  --seed <S>                seed of the nemesis and of the training (default: a random
                            one, printed; the same seed replays the same decisions, not
                            their timing against the steps)
  --faults <k1,k2,...>      fault kinds to inject (default all)
  --checkpoint-interval <n> steps between checkpoints (default 25): the most a killed
                            coordinator costs
  --disk-mb <n>             size of the run folder's tmpfs (default 64 + 1 MB per
                            ~17 s of soak: ${defaultDiskMb(10)} for 10 minutes)
  --dir <folder>            where the soak's files go (default a new temporary folder)
  --keep                    keep them (kept anyway when the soak fails)
  --json                    print the report as JSON
  --help                    this text`;

const FLAGS = ['minutes', 'workers', 'seed', 'faults', 'checkpointInterval', 'diskMb', 'dir', 'keep', 'json', 'help'];

function number(flags: Map<string, string | true>, name: string, fallback: number, check: (n: number) => boolean, what: string): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  const flag = keyToFlag(name);
  if (raw === true || raw === '' || !Number.isFinite(n) || !check(n)) throw new Error(`--${flag} must be ${what}, got ${JSON.stringify(raw)}`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['help', 'keep', 'json']));
  if (flags.has('help')) {
    console.log(SOAK_HELP);
    return 0;
  }
  rejectUnknownFlags(flags, FLAGS, 'soak: ');
  if (positional.length > 0) throw new Error(`soak takes no positional arguments, got ${JSON.stringify(positional)}`);
  const minutes = number(flags, 'minutes', 10, (n) => n > 0 && n <= 24 * 60, 'a number of minutes above 0 (at most a day)');
  const workers = number(flags, 'workers', 2, (n) => Number.isInteger(n) && n >= 2 && n <= 16, 'an integer from 2 to 16 (a rejoining rank takes the state from a live one)');
  const seed = number(flags, 'seed', randomInt(1, 1_000_000), (n) => Number.isSafeInteger(n) && n >= 0, 'a non-negative integer');
  const checkpointInterval = number(flags, 'checkpointInterval', 25, (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
  const diskMb = flags.has('diskMb') ? number(flags, 'diskMb', 0, (n) => Number.isInteger(n) && n >= 8, 'an integer of at least 8') : undefined;
  const kinds = parseFaultKinds(flags.get('faults') === true ? '' : (flags.get('faults') as string | undefined));
  const dir = flags.get('dir');
  if (dir === true) throw new Error('--dir needs a folder');

  const say = (line: string) => console.error(`${new Date().toISOString().slice(11, 23)} soak: ${line}`);
  const soak = new Soak({ minutes, workers, seed, kinds, dir, keep: flags.has('keep'), diskMb, checkpointInterval, say });
  const onSignal = (sig: NodeJS.Signals) => {
    say(`${sig}: stopping every process of the soak and cleaning up`);
    soak.interrupt();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await soak.run();
    console.log(flags.has('json') ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.exitCode;
  } catch (err) {
    soak.interrupt();
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
