/**
 * `acgan`: the one command-line program. Parses the command and hands the rest
 * of argv to that command's module; every command module exports `run(argv)`.
 *
 *   npx acgan --help
 *   npx acgan doctor
 *   npx acgan train --steps 300 --workers 2
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runEntryPoint } from '@acgan/config';

/** This program, for the worker processes `acgan train` starts. */
const BIN = fileURLToPath(new URL('../bin/acgan.mjs', import.meta.url));

interface Command {
  summary: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
  train: {
    summary: 'train: a coordinator plus N local workers (what `npm start` runs)',
    load: async () => {
      const { runTrainCommand } = await import('@acgan/coordination');
      return { run: (argv) => runTrainCommand(argv, [process.execPath, BIN, 'worker']) };
    },
  },
  coordinator: {
    summary: 'run only the coordinator (multi-host: start workers elsewhere with `acgan worker`)',
    load: async () => ({ run: (await import('@acgan/coordination')).runCoordinatorCommand }),
  },
  worker: {
    summary: 'run one worker that connects to a coordinator',
    load: async () => {
      const { runWorkerCommand } = await import('@acgan/worker-runtime');
      return { run: (argv) => runWorkerCommand(argv, [process.execPath, BIN, 'evaluate']) };
    },
  },
  launch: {
    summary: "a cluster job's task: the coordinator on rank 0 and a worker on every task, from the engine's environment (Slurm, or ACGAN_* variables)",
    load: () => import('./commands/launch.ts'),
  },
  'model-summary': { summary: 'parameter counts and layer shapes of the Generator and Discriminator', load: () => import('./commands/model-summary.ts') },
  prepare: { summary: 'pack a dataset into shards for large runs', load: () => import('./commands/prepare.ts') },
  export: {
    summary: "a checkpoint's generator and discriminator in the TensorFlow.js layers format (an interrupted run, an earlier step)",
    load: () => import('./commands/export.ts'),
  },
  generate: { summary: "images from an exported generator (or a run's newest checkpoint)", load: () => import('./commands/generate.ts') },
  evaluate: { summary: 'score an exported generator: class accuracy, diversity, Frechet distance vs real data', load: () => import('./commands/evaluate.ts') },
  serve: { summary: 'a web page that generates images of a chosen class in the browser from an exported generator', load: () => import('./commands/serve.ts') },
  dashboard: {
    summary: 'a local page that follows a run live (losses, accuracies, throughput and ETA, per-rank time, evaluation, samples, config, events)',
    load: () => import('./commands/dashboard.ts'),
  },
  keys: { summary: 'write a CURVE key pair for encrypted, authenticated multi-host runs', load: () => import('./commands/keys.ts') },
  bench: { summary: 'benchmarks: exchange | allreduce | link | step | data | train | scale', load: () => import('./commands/bench.ts') },
  soak: {
    summary:
      'chaos soak: train while workers and the coordinator are killed, hung and resumed, hostile traffic arrives and the disk fills; compare with a straight run bit for bit',
    load: () => import('./commands/soak.ts'),
  },
  doctor: {
    summary: 'what this machine can train on: GPUs, each backend (with a smoke test), ZeroMQ, the dataset; why not and the fix',
    load: () => import('./commands/doctor.ts'),
  },
};

/** The version of this program (its package.json). */
export function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'acgan: synchronous data-parallel ACGAN training (TensorFlow.js workers, ZeroMQ coordinator)',
    '',
    'Usage: npx acgan <command> [flags]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `npx acgan <command> --help` for the flags of a command, `npx acgan --version` for the version.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    const { PROTOCOL_VERSION } = await import('@acgan/protocol');
    console.log(`acgan ${version()} (protocol ${PROTOCOL_VERSION}, Node ${process.versions.node})`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`acgan: unknown command "${name}"\n\n${mainHelp()}`);
    return 2;
  }
  return runEntryPoint(`acgan ${name}`, async () => (await command.load()).run(rest));
}
