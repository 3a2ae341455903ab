/**
 * `acgan coordinator`: only the coordinator, for runs whose workers are started
 * elsewhere (another host, a cluster scheduler) with `acgan worker --connect`.
 *
 *   npx acgan coordinator --bind tcp://0.0.0.0:5555 --workers 4 --run-dir runs/big
 */
import { configHelp, createLogger } from '@acgan/config';
import { runCoordinator } from '../run-coordinator.ts';
import { resolveTrainConfig } from './train.ts';

export const COORDINATOR_HELP = `Usage: npx acgan coordinator --bind <endpoint> --workers N [flags]

Runs the coordinator alone and waits for --workers workers to register
(\`acgan worker --connect <endpoint>\`, started before or after it).
--bind defaults to tcp://127.0.0.1:0 (loopback, a free port): give an address
such as tcp://10.0.0.1:5555 to accept workers from other hosts, with CURVE
(--curve-keys, --curve-allow); plaintext on such an address is refused unless
--insecure-plaintext is given.

  --preset <name>   a measured recipe: mnist (the defaults) or fashion (Fashion-MNIST
                    from Debian's dataset-fashion-mnist); flags still override
  --config <file>   JSON object of config keys
  --help            this text

Config flags:
${configHelp('coordinator')}`;

export async function runCoordinatorCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(COORDINATOR_HELP);
    return 0;
  }
  const early: string[] = [];
  const { cfg, resumeFrom } = resolveTrainConfig(argv, (l) => early.push(l), 'coordinator');
  const log = createLogger({ component: 'coordinator', level: cfg.logLevel });
  for (const l of early) log.warn(l);
  if (resumeFrom) log.info(`resuming ${cfg.runDir} from checkpoint step ${resumeFrom.step}`);
  const result = await runCoordinator(cfg, {
    logger: log,
    resumeFrom,
    onListening: (endpoint, c) => {
      // The endpoint line is what a scheduler (or a test) reads to start workers.
      console.log(JSON.stringify({ endpoint, session: c.session, workers: cfg.workers }));
      const stop = (sig: string) => c.stop(`${sig}: checkpointing and stopping all workers`);
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    },
  });
  return result.exitCode;
}
