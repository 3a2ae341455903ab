/**
 * `acgan`: the one command-line program. Parses the command and hands the rest
 * of argv to that command's module; every command module exports `run(argv)`.
 *
 *   npx acgan --help
 *   npx acgan train --steps 300 --workers 2
 */
import { ConfigError } from '@acgan/config';

interface Command {
  summary: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
  train: { summary: 'train: a coordinator plus N local workers (what `npm start` runs)', load: () => import('./commands/train.ts') },
  coordinator: { summary: 'run only the coordinator (multi-host: start workers elsewhere with `acgan worker`)', load: () => import('./commands/coordinator.ts') },
  worker: { summary: 'run one worker that connects to a coordinator', load: () => import('./commands/worker.ts') },
  'model-summary': { summary: 'parameter counts and layer shapes of the Generator and Discriminator', load: () => import('./commands/model-summary.ts') },
  prepare: { summary: 'pack a dataset into shards for large runs', load: () => import('./commands/prepare.ts') },
  generate: { summary: 'images from an exported generator', load: () => import('./commands/generate.ts') },
  keys: { summary: 'write a CURVE key pair for encrypted, authenticated multi-host runs', load: () => import('./commands/keys.ts') },
  bench: { summary: 'benchmarks: exchange | allreduce | step | data | train', load: () => import('./commands/bench.ts') },
};

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
    'Run `npx acgan <command> --help` for the flags of a command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`acgan: unknown command "${name}"\n\n${mainHelp()}`);
    return 2;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`acgan ${name}: ${err.message}`);
      return 2;
    }
    const e = err as Error & { code?: string };
    console.error(`acgan ${name}: ${e.code ? `[${e.code}] ` : ''}${e.message}`);
    if (process.env.ACGAN_DEBUG) console.error(e.stack);
    return 1;
  }
}
